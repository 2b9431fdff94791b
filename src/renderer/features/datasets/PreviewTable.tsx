import { useEffect, useRef } from 'react';
import type { Column } from '../../../shared/operations';

function Value({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="cell-null">null</span>;
  if (typeof value === 'boolean') return <span className="cell-bool">{String(value)}</span>;
  return <>{String(value)}</>;
}

/** How a value reads in a sentence ("changed from null", "changed from “NY”"). */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'string') return `“${value}”`;
  return String(value);
}

/** A changed cell: the value it had, shown beside the new one and spoken with it. */
export interface CellChange {
  before: unknown;
}

export interface ChangeMarks {
  /** The change of one cell (row index and column index into `rows`), if it changed. */
  cell(row: number, column: number): CellChange | undefined;
  /** Row classes, e.g. "row-removed"; its `rowLabels` entry says the same in words. */
  rowClass?(row: number): string | undefined;
  /** A word after a column's name ("new", "renamed from city"), shown and spoken. */
  columnNote?(column: number): string | undefined;
  /** The cell to show and mark as current (it is scrolled into view whenever it changes). */
  current?: { row: number; column: number } | undefined;
}

/**
 * Brings `cell` into view inside its scroll box only (the dialog around it does not move): the
 * changed column may be far to the right of a wide table.
 */
function reveal(box: HTMLElement, cell: HTMLElement): void {
  const b = box.getBoundingClientRect();
  const c = cell.getBoundingClientRect();
  if (c.left < b.left || c.right > b.right) box.scrollLeft += c.left - b.left - (b.width - c.width) / 2;
  if (c.top < b.top || c.bottom > b.bottom) box.scrollTop += c.top - b.top - (b.height - c.height) / 2;
}

/**
 * A small plain table of rows (previews and diffs): a handful of rows, so no virtualisation.
 * With `marks`, changed cells show their old value beside the new one (class `cell-changed`, a
 * title and words for screen readers, not colour alone), and the current or first change is
 * scrolled into view.
 */
export function PreviewTable({
  columns,
  rows,
  label,
  rowLabels,
  marks,
}: {
  columns: (Column | string)[];
  rows: unknown[][];
  label: string;
  rowLabels?: string[];
  marks?: ChangeMarks;
}) {
  const names = columns.map((c) => (typeof c === 'string' ? c : c.name));
  const numeric = columns.map((c) => typeof c !== 'string' && (c.type === 'integer' || c.type === 'float'));
  const box = useRef<HTMLDivElement>(null);
  const current = marks?.current;
  const currentKey = current ? `${current.row}:${current.column}` : '';
  // A new set of rows or another current change: show it (or the first changed cell).
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const cell =
      el.querySelector<HTMLElement>('td.cell-current') ?? el.querySelector<HTMLElement>('td.cell-changed');
    if (cell) reveal(el, cell);
  }, [rows, currentKey]);
  return (
    <div className="table-scroll" ref={box}>
      <table className="table compact" aria-label={label}>
        <thead>
          <tr>
            {rowLabels && <th scope="col">Row</th>}
            {names.map((name, i) => {
              const note = marks?.columnNote?.(i);
              return (
                <th key={`${name}-${i}`} scope="col" className={note ? 'column-marked' : undefined}>
                  {name}
                  {note && <span className="column-note"> ({note})</span>}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r} className={marks?.rowClass?.(r)}>
              {rowLabels && <th scope="row">{rowLabels[r]}</th>}
              {names.map((name, i) => {
                const change = marks?.cell(r, i);
                const isCurrent = current?.row === r && current.column === i;
                const classes = [
                  numeric[i] ? 'num' : '',
                  change ? 'cell-changed' : '',
                  isCurrent ? 'cell-current' : '',
                ].filter(Boolean);
                if (!change) {
                  return (
                    <td key={`${name}-${i}`} className={classes.join(' ') || undefined}>
                      <Value value={row[i]} />
                    </td>
                  );
                }
                const was = `changed from ${describeValue(change.before)}`;
                return (
                  <td key={`${name}-${i}`} className={classes.join(' ')} title={was}>
                    <span className="cell-before" aria-hidden="true">
                      <Value value={change.before} />
                    </span>
                    <span className="cell-arrow" aria-hidden="true">
                      {' → '}
                    </span>
                    <Value value={row[i]} />
                    <span className="visually-hidden"> ({was})</span>
                  </td>
                );
              })}
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={names.length + (rowLabels ? 1 : 0)} className="muted">
                No rows.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
