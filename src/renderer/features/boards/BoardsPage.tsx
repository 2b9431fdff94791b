import { Link, Redirect } from 'wouter';
import { useWorkspaces } from '../workspaces/store';
import { LAST_WORKSPACE_KEY } from './BoardsArea';

/**
 * The sidebar's Boards: projects belong to a workspace, so this opens the boards of the workspace
 * used last (or the only one), and otherwise asks which.
 */
export function BoardsPage() {
  const items = useWorkspaces((s) => s.items).filter((w) => w.archivedAt === null);
  const loaded = useWorkspaces((s) => s.loaded);
  const last = localStorage.getItem(LAST_WORKSPACE_KEY);
  const target = items.find((w) => w.id === last) ?? (items.length === 1 ? items[0] : undefined);
  if (target) return <Redirect to={`/w/${target.id}/boards`} replace />;
  return (
    <main className="page" aria-labelledby="page-title">
      <h1 id="page-title">Boards</h1>
      {!loaded ? (
        <p className="muted">Loading…</p>
      ) : items.length === 0 ? (
        <p className="muted">
          Boards belong to a workspace: create a workspace first (the + beside Workspaces).
        </p>
      ) : (
        <>
          <p className="muted">Which workspace’s boards?</p>
          <ul className="boards-workspaces">
            {items.map((w) => (
              <li key={w.id}>
                <Link href={`/w/${w.id}/boards`}>{w.name}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
