import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useWorkspaces } from '../workspaces/store';
import { useToasts, withErrorToast } from '../../app/toasts';
import { formatCount, formatDuration, shape } from './format';
import { cancelImport, importFiles, isActive, useImports, type ImportEntry } from './imports';

/** The workspace whose page (or one of whose datasets) is on screen. */
export function useOpenWorkspaceId(): string | null {
  const [location] = useLocation();
  return /^\/w\/([^/]+)/.exec(location)?.[1] ?? null;
}

function hasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

/**
 * Files dropped anywhere on the window import into the open workspace. While files are dragged
 * over the window, a full-window overlay says where they will go.
 */
export function DropOverlay() {
  const workspaceId = useOpenWorkspaceId();
  const workspace = useWorkspaces((s) => s.items.find((w) => w.id === workspaceId));
  const target = workspace && !workspace.archivedAt ? workspace : null;
  const [dragging, setDragging] = useState(false);
  const refusal = workspace
    ? 'This workspace is archived: restore it to import files into it.'
    : 'Open a workspace first: dropped files are imported into it.';

  useEffect(() => {
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth += 1;
      if (target) setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      // Accepting the drag everywhere also stops the browser from opening a stray file itself.
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = target ? 'copy' : 'none';
    };
    const onLeave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      const files = Array.from(event.dataTransfer?.files ?? []);
      depth = 0;
      setDragging(false);
      if (files.length === 0) return;
      event.preventDefault();
      if (target) void importFiles(target.id, files);
      else useToasts.getState().push('info', refusal);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [target, refusal]);

  if (!target || !dragging) return null;
  return (
    <div className="drop-overlay" role="status" aria-live="polite">
      <div className="drop-overlay-box">Drop CSV files to import into {target.name}</div>
    </div>
  );
}

const PHASES: Record<string, string> = {
  queued: 'Waiting to start',
  reading: 'Reading',
  typing: 'Writing typed columns',
  finishing: 'Finishing',
};

/**
 * Where each phase starts and ends on the bar, from the benchmark's 1M-row import: reading is
 * about three quarters of the job and typing the rest (the root is profiled after the data shows).
 */
const PHASE_SPAN: Record<string, [number, number]> = {
  queued: [0, 0],
  reading: [0, 0.78],
  typing: [0.78, 0.99],
  finishing: [0.99, 1],
};

function percent(entry: ImportEntry): number {
  if (entry.state === 'uploading') return Math.round(entry.uploaded * 100);
  const p = entry.progress;
  if (!p || p.totalBytes <= 0) return 0;
  const [from, to] = PHASE_SPAN[p.phase] ?? [0, 1];
  const within = p.phase === 'reading' ? p.bytesRead / p.totalBytes : p.totalRows ? p.rows / p.totalRows : 0;
  return Math.min(100, Math.round((from + (to - from) * Math.min(1, within)) * 100));
}

function ImportItem({ entry }: { entry: ImportEntry }) {
  const dismiss = useImports((s) => s.dismiss);
  const active = isActive(entry);
  const value = percent(entry);
  const p = entry.progress;
  return (
    <li className={`import-item import-${entry.state}`} aria-label={`Import of ${entry.fileName}`}>
      <div className="import-line">
        <strong className="truncate" title={entry.fileName}>
          {entry.fileName}
        </strong>
        {active ? (
          <button
            type="button"
            className="button small-button"
            aria-label={`Cancel import of ${entry.fileName}`}
            onClick={() => void withErrorToast(cancelImport(entry))}
          >
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="icon-button"
            aria-label={`Dismiss ${entry.fileName}`}
            onClick={() => dismiss(entry.key)}
          >
            ×
          </button>
        )}
      </div>
      {active && (
        <>
          <div
            className="progress"
            role="progressbar"
            aria-label={`Importing ${entry.fileName}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={value}
            aria-valuetext={`${value}%`}
          >
            <div className="progress-bar" style={{ width: `${value}%` }} />
          </div>
          <p className="muted small import-stats">
            {entry.state === 'waiting' ? (
              <span>Waiting for the imports before it</span>
            ) : entry.state === 'uploading' ? (
              <span>Sending the file… {value}%</span>
            ) : (
              <>
                <span>{PHASES[p?.phase ?? 'queued']}</span>
                {p && p.rows > 0 && <span>{formatCount(p.rows)} rows</span>}
                {p && p.rowsPerSecond > 0 && <span>{formatCount(p.rowsPerSecond)} rows/s</span>}
                {p && p.etaSeconds !== null && p.phase === 'reading' && (
                  <span>about {formatDuration(p.etaSeconds)} left</span>
                )}
              </>
            )}
          </p>
        </>
      )}
      {entry.state === 'failed' && (
        <p className="field-error" role="alert">
          Could not import {entry.fileName}: {entry.error}
        </p>
      )}
      {entry.state === 'cancelled' && <p className="muted small">Cancelled. Nothing was imported.</p>}
      {entry.state === 'imported' && (
        <div className="small">
          <p className="import-done">
            Imported
            {entry.dataset
              ? ` as “${entry.dataset.name}”, ${shape(entry.dataset.rowCount, entry.dataset.columnCount)}.`
              : '.'}{' '}
            {entry.datasetId && <Link href={`/w/${entry.workspaceId}/d/${entry.datasetId}`}>Open</Link>}
          </p>
          {entry.dataset && entry.dataset.importNotes.length > 0 && (
            <details className="import-notes">
              <summary>
                {entry.dataset.importNotes.length === 1
                  ? '1 import note'
                  : `${entry.dataset.importNotes.length} import notes`}
              </summary>
              <ul aria-label={`Import notes for ${entry.fileName}`}>
                {entry.dataset.importNotes.map((note, i) => (
                  <li key={i}>{note}</li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </li>
  );
}

/**
 * Imports of the open workspace: progress with cancel, then the outcome. Open while something
 * runs or failed, and off a dataset's page; otherwise (or when the person hides it) a small
 * indicator that opens it again. Finished entries clear themselves (see imports.ts).
 */
export function ImportPanel() {
  const workspaceId = useOpenWorkspaceId();
  const all = useImports((s) => s.entries);
  const dismissFinished = useImports((s) => s.dismissFinished);
  /** The person's choice; null follows what needs attention. */
  const [open, setOpen] = useState<boolean | null>(null);
  const [location] = useLocation();
  const entries = workspaceId ? all.filter((e) => e.workspaceId === workspaceId) : all;
  if (entries.length === 0) return null;
  const running = entries.filter(isActive).length;
  const failed = entries.filter((e) => e.state === 'failed').length;
  const finished = entries.length > running;
  // Over a dataset's grid, finished imports give way to the data; elsewhere they stay to be read.
  const onDataset = /^\/w\/[^/]+\/d\//.test(location);
  const shown = open ?? (running > 0 || failed > 0 || !onDataset);
  const summary = [
    running > 0 ? `${running} running` : null,
    failed > 0 ? `${failed} failed` : null,
    entries.length - running - failed > 0 ? `${entries.length - running - failed} done` : null,
  ]
    .filter(Boolean)
    .join(', ');
  if (!shown) {
    return (
      <button
        type="button"
        className="import-pill"
        aria-expanded={false}
        aria-controls="import-panel"
        onClick={() => setOpen(true)}
      >
        Imports: {summary}
      </button>
    );
  }
  return (
    <section className="import-panel" id="import-panel" aria-label="Imports">
      <div className="import-line">
        <h2>Imports</h2>
        {finished && workspaceId && (
          <button type="button" className="link-button" onClick={() => dismissFinished(workspaceId)}>
            Clear finished
          </button>
        )}
        <button
          type="button"
          className="icon-button"
          aria-label="Hide imports"
          aria-expanded={true}
          aria-controls="import-panel"
          onClick={() => setOpen(false)}
        >
          –
        </button>
      </div>
      <ul className="import-list">
        {entries.map((entry) => (
          <ImportItem key={entry.key} entry={entry} />
        ))}
      </ul>
    </section>
  );
}
