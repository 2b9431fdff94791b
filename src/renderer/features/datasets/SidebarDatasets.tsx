import { useEffect } from 'react';
import { Link } from 'wouter';
import { plural } from '../../../shared/text';
import { useDatasetList, useDatasets } from './store';

/**
 * The selected workspace's datasets, under it in the sidebar. It shares the workspace page's
 * list (so `datasets:changed` keeps both live) but always leaves archived datasets out, whatever
 * that page's "include archived" choice.
 */
export function SidebarDatasets({
  workspaceId,
  workspaceName,
  currentDatasetId,
}: {
  workspaceId: string;
  workspaceName: string;
  currentDatasetId: string | null;
}) {
  const { items, error } = useDatasetList(workspaceId);

  useEffect(() => {
    void useDatasets.getState().load(workspaceId);
  }, [workspaceId]);

  const active = items.filter((d) => d.archivedAt === null);
  if (error) {
    return (
      <p className="muted small sidebar-datasets-note" role="alert">
        Could not list the datasets.
      </p>
    );
  }
  // The workspace's page says how to add the first one.
  if (active.length === 0) return null;
  return (
    <ul className="nav-list sidebar-datasets" aria-label={`Datasets in ${workspaceName}`}>
      {active.map((d) => (
        <li key={d.id}>
          <Link
            href={`/w/${workspaceId}/d/${d.id}`}
            className="nav-link"
            aria-current={d.id === currentDatasetId ? 'page' : undefined}
            title={d.name}
          >
            <span className="truncate">{d.name}</span>
            <span className="nav-meta">{plural(d.rowCount, 'row')}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
