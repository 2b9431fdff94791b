import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { Task } from '../../../shared/boards';
import { client } from '../../lib/client';
import { AddTaskForm } from './AddTaskForm';
import { runUndo } from './BoardsArea';
import { PROJECT_STATUS_LABELS } from './format';
import { Kanban } from './Kanban';
import { change, useBoards, useBoardsData } from './store';
import { TaskDrawer } from './TaskDrawer';
import { TaskTree } from './TaskTree';

type View = 'board' | 'tree';
const VIEW_KEY = 'cairn.boards.view';

function savedView(): View {
  return localStorage.getItem(VIEW_KEY) === 'tree' ? 'tree' : 'board';
}

/** One project: its kanban or its tree, a box to add tasks, and the drawer of the open task. */
export function ProjectBoard({
  workspaceId,
  projectId,
  taskId,
}: {
  workspaceId: string;
  projectId: string;
  taskId: string | null;
}) {
  const [view, setViewState] = useState<View>(savedView);
  const [, navigate] = useLocation();
  const saving = useBoards((s) => (s.saving[workspaceId] ?? 0) > 0);
  // A change being saved can be undone already: Undo waits for it.
  const canUndo = useBoards((s) => (s.undo[workspaceId] ?? []).length > 0) || saving;
  const canRedo = useBoards((s) => (s.redo[workspaceId] ?? []).length > 0);
  const setView = (next: View) => {
    localStorage.setItem(VIEW_KEY, next);
    setViewState(next);
  };
  const projects = useBoardsData(workspaceId, 'projects:all', () =>
    client.invoke('boards:projectsList', { workspaceId, includeArchived: true }),
  );
  const board = useBoardsData(workspaceId, `board:${projectId}`, () =>
    client.invoke('boards:tasksBoard', { workspaceId, projectId, perColumn: 200 }),
  );
  const project = projects.data?.find((p) => p.id === projectId);
  const open = (task: Task) => navigate(`/p/${projectId}/t/${task.id}`);

  if (projects.data && !project) {
    return (
      <>
        <h1 id="page-title">Project not found</h1>
        <p className="muted">
          It may have been deleted: look in the <Link href="/trash">Trash</Link>.
        </p>
      </>
    );
  }
  return (
    <>
      <header className="page-header boards-project-header">
        <div>
          <h1 id="page-title">{project?.name ?? 'Loading…'}</h1>
          {project && <span className="badge">{PROJECT_STATUS_LABELS[project.status]}</span>}
        </div>
        <div className="toolbar" role="toolbar" aria-label="Board actions">
          <div className="boards-switch" role="group" aria-label="View">
            <button
              type="button"
              className="button small-button"
              aria-pressed={view === 'board'}
              onClick={() => setView('board')}
            >
              Board
            </button>
            <button
              type="button"
              className="button small-button"
              aria-pressed={view === 'tree'}
              onClick={() => setView('tree')}
            >
              Tree
            </button>
          </div>
          <button
            type="button"
            className="button small-button"
            disabled={!canUndo}
            title="Undo (Ctrl+Z)"
            onClick={() => void runUndo(workspaceId, 'undo')}
          >
            Undo
          </button>
          <button
            type="button"
            className="button small-button"
            disabled={!canRedo}
            title="Redo (Ctrl+Shift+Z)"
            onClick={() => void runUndo(workspaceId, 'redo')}
          >
            Redo
          </button>
          <span className="small muted" role="status">
            {saving ? 'Saving…' : 'All changes saved'}
          </span>
        </div>
      </header>
      <AddTaskForm
        label="New task"
        placeholder="Add a task to To do"
        autoFocus={taskId === null}
        onAdd={(title) =>
          change(
            workspaceId,
            client.invoke('boards:tasksCreate', { workspaceId, projectId, fields: { title } }),
          )
        }
      />
      {board.error && (
        <p className="field-error" role="alert">
          Could not load the board: {board.error}
        </p>
      )}
      {view === 'board' ? (
        board.data && <Kanban workspaceId={workspaceId} columns={board.data.columns} onOpen={open} />
      ) : (
        <TaskTree workspaceId={workspaceId} projectId={projectId} onOpen={open} />
      )}
      {taskId && (
        <TaskDrawer
          key={taskId}
          workspaceId={workspaceId}
          taskId={taskId}
          onOpenTask={(id) => navigate(`/p/${projectId}/t/${id}`)}
          onClose={() => navigate(`/p/${projectId}`)}
        />
      )}
    </>
  );
}
