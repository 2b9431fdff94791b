/** The readable table printed at the end of a run. */
export interface Row {
  measure: string;
  cairn: string;
  anchor: string;
  ratio: string;
  target: string;
  met: string;
}

const COLUMNS: { key: keyof Row; title: string }[] = [
  { key: 'measure', title: 'measure' },
  { key: 'cairn', title: 'Cairn' },
  { key: 'anchor', title: 'anchor / detail' },
  { key: 'ratio', title: 'ratio' },
  { key: 'target', title: 'target' },
  { key: 'met', title: 'met' },
];

export function printTable(rows: Row[], header: string[]): void {
  const widths = COLUMNS.map((c) => Math.max(c.title.length, ...rows.map((r) => r[c.key].length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] as number))
      .join(' | ')
      .trimEnd();
  console.log('');
  for (const h of header) console.log(h);
  console.log('');
  console.log(line(COLUMNS.map((c) => c.title)));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line(COLUMNS.map((c) => row[c.key])));
}
