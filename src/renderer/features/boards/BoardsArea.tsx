import { useEffect } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { useToasts, errorMessage } from '../../app/toasts';
import { isTypingTarget } from '../datasets/format';
import { useWorkspaces } from '../workspaces/store';
import { HistoryPage } from './HistoryPage';
import { ProjectBoard } from './ProjectBoard';
import { ProjectsPage } from './ProjectsPage';
import { subscribeToBoardChanges, useBoards } from './store';
import { TrashPage } from './TrashPage';
import './boards.css';

export const LAST_WORKSPACE_KEY = 'cairn.boards.workspace';

/** Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) anywhere on the boards except while typing or in a dialog. */
function useUndoKeys(workspaceId: string) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      const isUndo = key === 'z' && !event.shiftKey;
      const isRedo = (key === 'z' && event.shiftKey) || key === 'y';
      if (!isUndo && !isRedo) return;
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      void runUndo(workspaceId, isUndo ? 'undo' : 'redo');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [workspaceId]);
}

export async function runUndo(workspaceId: string, which: 'undo' | 'redo'): Promise<void> {
  const { push } = useToasts.getState();
  const boards = useBoards.getState();
  try {
    const outcome =
      which === 'undo' ? await boards.undoLast(workspaceId) : await boards.redoLast(workspaceId);
    if (outcome === 'nothing') push('info', which === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.');
    else push('info', which === 'undo' ? 'Undone.' : 'Redone.');
  } catch (e) {
    push('error', `Could not ${which}: ${errorMessage(e)}`);
  }
}

function AreaNav() {
  const [location] = useLocation();
  const tab = (href: string, label: string, current: boolean) => (
    <Link href={href} className="boards-tab" aria-current={current ? 'page' : undefined}>
      {label}
    </Link>
  );
  return (
    <nav className="boards-nav" aria-label="Boards">
      {tab('/', 'Projects', location === '/' || location.startsWith('/p/'))}
      {tab('/trash', 'Trash', location === '/trash')}
      {tab('/history', 'History', location === '/history')}
    </nav>
  );
}

/** Everything under /w/:workspaceId/boards: projects, a project's board, Trash and History. */
export function BoardsArea({ workspaceId }: { workspaceId: string }) {
  const workspace = useWorkspaces((s) => s.items.find((w) => w.id === workspaceId));
  const loaded = useWorkspaces((s) => s.loaded);
  useEffect(() => subscribeToBoardChanges(), []);
  useEffect(() => {
    localStorage.setItem(LAST_WORKSPACE_KEY, workspaceId);
  }, [workspaceId]);
  useUndoKeys(workspaceId);

  if (!workspace) {
    return (
      <main className="page" aria-labelledby="page-title">
        <h1 id="page-title">{loaded ? 'Workspace not found' : 'Loading…'}</h1>
      </main>
    );
  }
  return (
    <main className="page boards-page" aria-labelledby="page-title">
      <p className="boards-crumbs small">
        <Link href={`~/w/${workspaceId}`}>{workspace.name}</Link> / Boards
      </p>
      <AreaNav />
      <Switch>
        <Route path="/">
          <ProjectsPage workspaceId={workspaceId} />
        </Route>
        <Route path="/trash">
          <TrashPage workspaceId={workspaceId} />
        </Route>
        <Route path="/history">
          <HistoryPage workspaceId={workspaceId} />
        </Route>
        <Route path="/p/:projectId">
          {(params) => <ProjectBoard workspaceId={workspaceId} projectId={params.projectId} taskId={null} />}
        </Route>
        <Route path="/p/:projectId/t/:taskId">
          {(params) => (
            <ProjectBoard workspaceId={workspaceId} projectId={params.projectId} taskId={params.taskId} />
          )}
        </Route>
        <Route>
          <h1 id="page-title">Page not found</h1>
        </Route>
      </Switch>
    </main>
  );
}
