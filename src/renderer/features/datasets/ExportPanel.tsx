import { formatBytes, formatCount } from './format';
import { cancelExport, exportPercent, useExports, type ExportEntry } from './exports';

function ExportItem({ entry }: { entry: ExportEntry }) {
  const value = exportPercent(entry.progress);
  const p = entry.progress;
  return (
    <li className="import-item" aria-label={`Export of ${entry.label}`}>
      <div className="import-line">
        <strong className="truncate" title={entry.label}>
          {entry.label}
        </strong>
        <button
          type="button"
          className="button small-button"
          aria-label={`Cancel export of ${entry.label}`}
          disabled={entry.cancelling}
          onClick={() => cancelExport(entry.key)}
        >
          {entry.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={`Exporting ${entry.label}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={
          p ? `${value}%, ${formatCount(p.rowsWritten)} of ${formatCount(p.totalRows)} rows` : 'Starting'
        }
      >
        <div className="progress-bar" style={{ width: `${value}%` }} />
      </div>
      <p className="muted small import-stats">
        {p ? (
          <>
            <span>{value}%</span>
            <span>
              {formatCount(p.rowsWritten)} of {formatCount(p.totalRows)} rows
            </span>
            <span>{formatBytes(p.bytesWritten)}</span>
          </>
        ) : (
          <span>Starting…</span>
        )}
      </p>
    </li>
  );
}

/** CSV exports under way, each with its progress and a Cancel button (like the imports). */
export function ExportPanel() {
  const entries = useExports((s) => s.entries);
  if (entries.length === 0) return null;
  return (
    <section className="import-panel" aria-label="Exports">
      <h2>Exports</h2>
      <ul className="import-list">
        {entries.map((entry) => (
          <ExportItem key={entry.key} entry={entry} />
        ))}
      </ul>
    </section>
  );
}
