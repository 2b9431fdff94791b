import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { SidebarDatasets } from '../datasets/SidebarDatasets';
import { useWorkspaces } from './store';
import { WorkspaceNameDialog } from './WorkspaceNameDialog';
import { withErrorToast } from '../../app/toasts';

export function WorkspaceList() {
  const { items, showArchived, loaded } = useWorkspaces();
  const create = useWorkspaces((s) => s.create);
  const setShowArchived = useWorkspaces((s) => s.setShowArchived);
  const [creating, setCreating] = useState(false);
  const [location, navigate] = useLocation();
  // The workspace whose page or dataset is open: its datasets are listed under it.
  const selected = /^\/w\/([^/]+)(?:\/d\/([^/]+))?/.exec(location);
  const selectedWorkspace = selected?.[1] ?? null;
  const selectedDataset = selected?.[2] ?? null;

  return (
    <section className="sidebar-section" aria-labelledby="workspaces-heading">
      <div className="sidebar-heading">
        <h2 id="workspaces-heading">Workspaces</h2>
        <button
          type="button"
          className="icon-button"
          aria-label="New workspace"
          title="New workspace"
          onClick={() => setCreating(true)}
        >
          +
        </button>
      </div>
      {loaded && items.length === 0 && <p className="muted small">No workspaces yet.</p>}
      <ul className="nav-list" aria-label="Workspaces">
        {items.map((workspace) => {
          const href = `/w/${workspace.id}`;
          return (
            <li key={workspace.id}>
              <Link href={href} className="nav-link" aria-current={location === href ? 'page' : undefined}>
                <span className="truncate">{workspace.name}</span>
                {workspace.archivedAt && <span className="badge">archived</span>}
              </Link>
              {workspace.id === selectedWorkspace && (
                <SidebarDatasets
                  workspaceId={workspace.id}
                  workspaceName={workspace.name}
                  currentDatasetId={selectedDataset}
                />
              )}
            </li>
          );
        })}
      </ul>
      <label className="checkbox small">
        <input
          type="checkbox"
          checked={showArchived}
          onChange={(e) => void withErrorToast(setShowArchived(e.target.checked))}
        />
        Show archived
      </label>
      {creating && (
        <WorkspaceNameDialog
          title="New workspace"
          submitLabel="Create"
          initialName=""
          onSubmit={async (name) => {
            const workspace = await create(name);
            navigate(`/w/${workspace.id}`);
          }}
          onClose={() => setCreating(false)}
        />
      )}
    </section>
  );
}
