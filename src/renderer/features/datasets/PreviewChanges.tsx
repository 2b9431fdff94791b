import { useMemo } from 'react';
import type { OperationPreview } from '../../../shared/datasets';
import { plural } from '../../../shared/text';
import { formatCount } from './format';
import { PreviewTable, type ChangeMarks } from './PreviewTable';

/** Rows a preview shows at once; the backend sends at most 50 of each kind. */
const SHOWN_ROWS = 20;

/** The counts of a preview in words, one line each ("3 rows changed (3 cells, in city)"). */
export function changeLines(result: OperationPreview): string[] {
  const c = result.changes;
  if (!c) return [];
  const lines: string[] = [];
  if (c.rowsRemoved > 0) lines.push(`${plural(c.rowsRemoved, 'row')} removed`);
  if (c.rowsChanged === null) {
    lines.push('The rows are reordered; no value changes.');
  } else if (c.rowsChanged > 0) {
    const where = c.columnsChanged.length > 0 ? `, in ${c.columnsChanged.join(', ')}` : '';
    lines.push(`${plural(c.rowsChanged, 'row')} changed (${plural(c.cellsChanged ?? 0, 'cell')}${where})`);
  }
  if (c.columnsAdded.length > 0)
    lines.push(`${c.columnsAdded.length === 1 ? 'Column' : 'Columns'} added: ${c.columnsAdded.join(', ')}`);
  if (c.columnsRemoved.length > 0)
    lines.push(
      `${c.columnsRemoved.length === 1 ? 'Column' : 'Columns'} removed: ${c.columnsRemoved.join(', ')}`,
    );
  for (const r of c.columnsRenamed) lines.push(`Column renamed: ${r.from} → ${r.to}`);
  if (lines.length === 0) lines.push('No row or value changes.');
  return lines;
}

/**
 * What an operation's preview changes: the counts, then its rows with the changed ones first and
 * their changed cells marked (old value → new value), and a sample of the rows it removes.
 */
export function PreviewChanges({ result }: { result: OperationPreview }) {
  const c = result.changes;
  // Kept while the result is the same, so a re-render does not scroll the table back.
  const rows = useMemo(() => result.rows.slice(0, SHOWN_ROWS), [result]);
  const removedRows = useMemo(() => result.removedRows.slice(0, SHOWN_ROWS).map((r) => r.values), [result]);
  const perRow = result.rowChanges.length === result.rows.length ? result.rowChanges : [];
  const added = new Set(c?.columnsAdded);
  const changedColumns = new Set(c?.columnsChanged);
  const renamedFrom = new Map(c?.columnsRenamed.map((r) => [r.to, r.from]));
  const marks: ChangeMarks = {
    cell(row, column) {
      const change = perRow[row];
      const at = change ? change.changed.indexOf(column) : -1;
      return change && at >= 0 ? { before: change.before[at] } : undefined;
    },
    rowClass: (row) => ((perRow[row]?.changed.length ?? 0) > 0 ? 'row-changed' : undefined),
    columnNote(column) {
      const name = result.columns[column]?.name ?? '';
      if (added.has(name)) return 'new';
      const from = renamedFrom.get(name);
      if (from !== undefined) return `renamed from ${from}`;
      return changedColumns.has(name) ? 'changed' : undefined;
    },
  };
  const rowLabels =
    perRow.length > 0
      ? rows.map((_, i) => {
          const change = perRow[i];
          if (!change) return '';
          return `${formatCount(change.row)}${change.changed.length > 0 ? ' changed' : ''}`;
        })
      : undefined;
  const lines = changeLines(result);
  const removed = result.removedRows.slice(0, SHOWN_ROWS);
  const removedCount = c?.rowsRemoved ?? 0;
  return (
    <>
      {lines.length > 0 && (
        <ul className="preview-changes" aria-label="What changes">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      <PreviewTable
        columns={result.columns}
        rows={rows}
        label="Preview rows"
        marks={marks}
        {...(rowLabels ? { rowLabels } : {})}
      />
      {removed.length > 0 && (
        <section className="preview-removed" aria-label="Removed rows">
          <h4>
            {plural(removedCount, 'row')} removed
            {removed.length < removedCount ? ` (the first ${formatCount(removed.length)} shown)` : ''}
          </h4>
          <PreviewTable
            columns={result.columns}
            rows={removedRows}
            rowLabels={removed.map((r) => `${formatCount(r.row)} removed`)}
            label="Removed rows"
            marks={{ cell: () => undefined, rowClass: () => 'row-removed' }}
          />
        </section>
      )}
    </>
  );
}
