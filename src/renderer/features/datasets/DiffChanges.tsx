import { useEffect, useMemo, useState } from 'react';
import type { VersionDiff } from '../../../shared/datasets';
import { formatCount } from './format';
import { PreviewTable, type ChangeMarks } from './PreviewTable';

/** One thing to jump to: a changed cell, or a whole row only one side has (its first cell). */
export interface DiffChange {
  row: number;
  column: number;
}

export interface DiffView {
  rows: unknown[][];
  labels: string[];
  kinds: ('changed' | 'removed' | 'added')[];
  /** Per shown row: changed column index → value before. */
  before: Map<number, unknown>[];
  changes: DiffChange[];
}

/** Equal as a person reads them: 21 and "21" (a retyped column) are the same value. */
function sameValue(a: unknown, b: unknown): boolean {
  const missing = (v: unknown): boolean => v === null || v === undefined;
  if (missing(a) || missing(b)) return missing(a) && missing(b);
  return String(a) === String(b);
}

/**
 * The diff's sample as rows to show: a row both sides have is one row, its changed cells marked
 * (before → after); a row only one side has is marked removed or added.
 */
export function diffRows(d: VersionDiff): DiffView {
  const view: DiffView = { rows: [], labels: [], kinds: [], before: [], changes: [] };
  for (const change of d.changedRows) {
    const where = change.row > 0 ? `Row ${formatCount(change.row)}` : 'Row';
    const index = view.rows.length;
    if (change.before && change.after) {
      const before = new Map<number, unknown>();
      change.after.forEach((value, i) => {
        const old = change.before?.[i];
        if (!sameValue(old, value)) {
          before.set(i, old);
          view.changes.push({ row: index, column: i });
        }
      });
      view.rows.push(change.after);
      view.labels.push(`${where} changed`);
      view.kinds.push('changed');
      view.before.push(before);
    } else {
      const values = change.after ?? change.before ?? [];
      const kind = change.after ? 'added' : 'removed';
      view.rows.push(values);
      view.labels.push(`${where} ${kind}`);
      view.kinds.push(kind);
      view.before.push(new Map());
      view.changes.push({ row: index, column: 0 });
    }
  }
  return view;
}

/** Keys typed into a field are the field's; n/p and Alt+↓/↑ move between changes otherwise. */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/**
 * The diff's sampled rows with their changed cells marked, and Previous/Next change (also n/p or
 * Alt+↓/↑) moving a current change that is outlined and scrolled into view.
 */
export function ChangeNavigator({ view, headers }: { view: DiffView; headers: string[] }) {
  const [at, setAt] = useState(0);
  const total = view.changes.length;
  const current = view.changes[Math.min(at, Math.max(0, total - 1))];
  const marks = useMemo<ChangeMarks>(
    () => ({
      cell(row, column) {
        const before = view.before[row];
        return before?.has(column) ? { before: before.get(column) } : undefined;
      },
      rowClass: (row) => (view.kinds[row] === 'changed' ? 'row-changed' : `row-${view.kinds[row] ?? ''}`),
    }),
    [view],
  );
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.ctrlKey || event.metaKey) return;
      const key = event.key.toLowerCase();
      const next = (!event.altKey && key === 'n') || (event.altKey && event.key === 'ArrowDown');
      const previous = (!event.altKey && key === 'p') || (event.altKey && event.key === 'ArrowUp');
      if (!next && !previous) return;
      event.preventDefault();
      setAt((i) => (next ? Math.min(total - 1, i + 1) : Math.max(0, i - 1)));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [total]);
  const position = Math.min(at, Math.max(0, total - 1));
  return (
    <>
      {total > 0 && (
        <div className="diff-nav" role="group" aria-label="Changes">
          <button
            type="button"
            className="button small-button"
            onClick={() => setAt(position - 1)}
            disabled={position === 0}
            aria-keyshortcuts="P Alt+ArrowUp"
          >
            Previous change
          </button>
          <button
            type="button"
            className="button small-button"
            onClick={() => setAt(position + 1)}
            disabled={position >= total - 1}
            aria-keyshortcuts="N Alt+ArrowDown"
          >
            Next change
          </button>
          <span role="status" aria-live="polite">
            Change {formatCount(position + 1)} of {formatCount(total)}
          </span>
          <span className="muted small">(n / p or Alt+↓ / Alt+↑)</span>
        </div>
      )}
      <PreviewTable
        columns={headers}
        rows={view.rows}
        rowLabels={view.labels}
        label="Changed rows"
        marks={{ ...marks, current }}
      />
    </>
  );
}
