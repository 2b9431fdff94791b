import { useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { errorMessage } from '../../app/toasts';
import { importFiles, importSample, useImports, type SampleName } from '../datasets/imports';
import { useWorkspaces } from '../workspaces/store';

const FIRST_WORKSPACE = 'My data';

/** The workspace to import into from the welcome screen: the first one, or a new one. */
async function workspaceForImport(): Promise<string> {
  const { items, create } = useWorkspaces.getState();
  const first = items.find((w) => w.archivedAt === null) ?? items[0];
  return first ? first.id : (await create(FIRST_WORKSPACE)).id;
}

/** The dataset an import of `fileName` into the workspace became, once it has finished. */
function importedDataset(workspaceId: string, fileName: string): string | null {
  const entries = useImports
    .getState()
    .entries.filter((e) => e.workspaceId === workspaceId && e.fileName === fileName);
  return entries[entries.length - 1]?.datasetId ?? null;
}

/**
 * The first screen: open a CSV, drop one anywhere, or try a sample. A workspace is made when
 * there is none, and the imported data opens at once.
 */
export function HomePage() {
  const count = useWorkspaces((s) => s.items.length);
  const [, navigate] = useLocation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const start = async (fileName: string, run: (workspaceId: string) => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      const workspaceId = await workspaceForImport();
      await run(workspaceId);
      const datasetId = importedDataset(workspaceId, fileName);
      navigate(datasetId ? `/w/${workspaceId}/d/${datasetId}` : `/w/${workspaceId}`);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  const sample = (name: SampleName) => void start(`${name}.csv`, (id) => importSample(id, name));

  return (
    <main className="page welcome" aria-labelledby="page-title">
      <h1 id="page-title">Welcome to Cairn</h1>
      <p>A local-first workbench for tabular data. Everything stays on this machine.</p>
      <div className="welcome-actions" role="group" aria-label="Get started">
        <button
          type="button"
          className="button primary"
          disabled={busy}
          onClick={() => fileInput.current?.click()}
        >
          Open a CSV…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          hidden
          aria-label="CSV file to open"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void start(file.name, (id) => importFiles(id, [file]));
          }}
        />
        <button type="button" className="button" disabled={busy} onClick={() => sample('customers')}>
          Try sample data: customers
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => sample('sensor_readings')}>
          Try sample data: sensor readings
        </button>
      </div>
      {busy && (
        <p className="muted" role="status">
          Importing…
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <p className="muted">
        {count === 0
          ? `Your first file goes into a new workspace, “${FIRST_WORKSPACE}”. Or make one with the + button in the sidebar.`
          : 'Or pick a workspace in the sidebar, and drop CSV files anywhere on its page.'}
      </p>
    </main>
  );
}
