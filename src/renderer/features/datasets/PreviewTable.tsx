import type { Column } from '../../../shared/operations';

function Value({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="cell-null">null</span>;
  if (typeof value === 'boolean') return <span className="cell-bool">{String(value)}</span>;
  return <>{String(value)}</>;
}

/** A small plain table of rows (previews and diffs): a handful of rows, so no virtualisation. */
export function PreviewTable({
  columns,
  rows,
  label,
  rowLabels,
}: {
  columns: (Column | string)[];
  rows: unknown[][];
  label: string;
  rowLabels?: string[];
}) {
  const names = columns.map((c) => (typeof c === 'string' ? c : c.name));
  const numeric = columns.map((c) => typeof c !== 'string' && (c.type === 'integer' || c.type === 'float'));
  return (
    <div className="table-scroll">
      <table className="table compact" aria-label={label}>
        <thead>
          <tr>
            {rowLabels && <th scope="col">Row</th>}
            {names.map((name, i) => (
              <th key={`${name}-${i}`} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {rowLabels && <th scope="row">{rowLabels[r]}</th>}
              {names.map((name, i) => (
                <td key={`${name}-${i}`} className={numeric[i] ? 'num' : undefined}>
                  <Value value={row[i]} />
                </td>
              ))}
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
