import { useEffect, useRef } from 'react';
import { Link } from 'wouter';
import type { Workspace } from '../../../shared/workspaces';
import { useToasts, withErrorToast } from '../../app/toasts';
import { datasetDialect, formatBytes, formatDate, shape } from './format';
import { importFiles, importSample, type SampleName } from './imports';
import { useDatasetList, useDatasets } from './store';

export const CSV_ACCEPT = '.csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain';

/** A button that opens the file picker; several files import one after another. */
export function ImportButton({
  workspaceId,
  disabled,
  label = 'Import CSV…',
  className = 'button',
  onFiles,
}: {
  workspaceId: string;
  disabled?: boolean;
  label?: string;
  className?: string;
  onFiles?: (files: File[]) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={className} disabled={disabled} onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={CSV_ACCEPT}
        hidden
        aria-label="CSV files to import"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length === 0) return;
          if (onFiles) onFiles(files);
          else void importFiles(workspaceId, files);
        }}
      />
    </>
  );
}

const SAMPLES: { sample: SampleName; label: string }[] = [
  { sample: 'customers', label: 'Customers' },
  { sample: 'sensor_readings', label: 'Sensor readings' },
];

export function SampleButtons({ workspaceId }: { workspaceId: string }) {
  return (
    <div className="toolbar" role="group" aria-label="Try sample data">
      {SAMPLES.map(({ sample, label }) => (
        <button
          key={sample}
          type="button"
          className="button"
          onClick={() => void importSample(workspaceId, sample)}
        >
          Try sample data: {label}
        </button>
      ))}
    </div>
  );
}

/** The workspace's datasets with import entry points; the empty state offers sample data. */
export function DatasetList({ workspace }: { workspace: Workspace }) {
  const workspaceId = workspace.id;
  const { items, loaded, error } = useDatasetList(workspaceId);
  const showArchived = useDatasets((s) => s.showArchived);
  const archived = workspace.archivedAt !== null;

  useEffect(() => {
    void useDatasets.getState().load(workspaceId);
  }, [workspaceId]);

  const push = useToasts((s) => s.push);
  const { archive, restore, setShowArchived } = useDatasets.getState();

  return (
    <section className="datasets" aria-labelledby="datasets-heading">
      <div className="section-header">
        <h2 id="datasets-heading">Datasets</h2>
        <div className="toolbar">
          <label className="checkbox small">
            <input
              type="checkbox"
              checked={showArchived}
              onChange={(e) => void setShowArchived(workspaceId, e.target.checked)}
            />
            Include archived datasets
          </label>
          <ImportButton workspaceId={workspaceId} disabled={archived} className="button primary" />
        </div>
      </div>
      {!archived && (
        <p className="muted small">Drop CSV files anywhere on the window, or use “Import CSV…”.</p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {loaded && items.length === 0 && !error && (
        <div className="empty-state">
          <h3>No datasets yet</h3>
          <p className="muted">
            Import a CSV file to start, or try one of the samples: they come with missing values, duplicates,
            mixed types and outliers to clean up.
          </p>
          {!archived && <SampleButtons workspaceId={workspaceId} />}
        </div>
      )}
      {items.length > 0 && (
        <table className="table" aria-label="Datasets">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Size</th>
              <th scope="col">Source file</th>
              <th scope="col">Encoding, delimiter</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id} className={d.archivedAt ? 'archived-row' : undefined}>
                <td>
                  <Link href={`/w/${workspaceId}/d/${d.id}`}>{d.name}</Link>
                  {d.archivedAt && <span className="badge spaced">archived</span>}
                </td>
                <td className="nowrap">{shape(d.rowCount, d.columnCount)}</td>
                <td>
                  {d.sourceName} <span className="muted small">({formatBytes(d.sourceSize)})</span>
                </td>
                <td className="nowrap">{datasetDialect(d)}</td>
                <td className="nowrap">{formatDate(d.createdAt)}</td>
                <td className="actions">
                  {d.archivedAt ? (
                    <button
                      type="button"
                      className="button small-button"
                      aria-label={`Restore ${d.name}`}
                      onClick={() => void withErrorToast(restore(workspaceId, d.id))}
                    >
                      Restore
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button small-button"
                      aria-label={`Archive ${d.name}`}
                      onClick={() =>
                        void withErrorToast(archive(workspaceId, d.id)).then(
                          (r) =>
                            r &&
                            push(
                              'info',
                              `Archived “${r.name}”. Tick “Include archived datasets” to find it again.`,
                            ),
                        )
                      }
                    >
                      Archive
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
