import { useEffect, useState } from 'react';
import { useWorkspaces } from './store';
import { WorkspaceNameDialog } from './WorkspaceNameDialog';
import { useToasts, withErrorToast } from '../../app/toasts';
import { DatasetList } from '../datasets/DatasetList';

export function WorkspacePage({ id }: { id: string }) {
  const workspace = useWorkspaces((s) => s.items.find((w) => w.id === id));
  const loaded = useWorkspaces((s) => s.loaded);
  const { rename, archive, restore } = useWorkspaces.getState();
  const [renaming, setRenaming] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'F2' && workspace && !workspace.archivedAt) {
        event.preventDefault();
        setRenaming(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [workspace]);

  if (!workspace) {
    return (
      <main className="page" aria-labelledby="page-title">
        <h1 id="page-title">{loaded ? 'Workspace not found' : 'Loading…'}</h1>
        {loaded && (
          <p className="muted">It may be archived: tick “Show archived” in the sidebar to see it.</p>
        )}
      </main>
    );
  }

  const archived = workspace.archivedAt !== null;
  return (
    <main className="page" aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <h1 id="page-title">{workspace.name}</h1>
          {archived && <p className="badge">Archived</p>}
        </div>
        <div className="toolbar" role="toolbar" aria-label="Workspace actions">
          <button
            type="button"
            className="button"
            disabled={archived}
            onClick={() => setRenaming(true)}
            title="Rename (F2)"
          >
            Rename
          </button>
          {archived ? (
            <button
              type="button"
              className="button"
              onClick={() =>
                void withErrorToast(restore(workspace.id)).then(
                  (w) => w && useToasts.getState().push('info', `Restored “${w.name}”.`),
                )
              }
            >
              Restore
            </button>
          ) : (
            <button
              type="button"
              className="button"
              onClick={() =>
                void withErrorToast(archive(workspace.id)).then(
                  (w) =>
                    w &&
                    useToasts
                      .getState()
                      .push('info', `Archived “${w.name}”. Tick “Show archived” to find it again.`),
                )
              }
            >
              Archive
            </button>
          )}
        </div>
      </header>
      {workspace.description && <p>{workspace.description}</p>}
      <DatasetList workspace={workspace} />
      {renaming && (
        <WorkspaceNameDialog
          title="Rename workspace"
          submitLabel="Save"
          initialName={workspace.name}
          onSubmit={(name) => rename(workspace.id, name)}
          onClose={() => setRenaming(false)}
        />
      )}
    </main>
  );
}
