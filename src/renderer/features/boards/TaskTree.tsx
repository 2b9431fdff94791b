import { useMemo, useState } from 'react';
import {
  PRIORITIES,
  TASK_STATUSES,
  MAX_TASK_DEPTH,
  type Priority,
  type Task,
  type TaskFilter,
  type TaskStatus,
} from '../../../shared/boards';
import { plural } from '../../../shared/text';
import { withErrorToast } from '../../app/toasts';
import { client } from '../../lib/client';
import { addDays, dueMark, localDay, PRIORITY_LABELS, STATUS_LABELS } from './format';
import { InlineTitle } from './InlineTitle';
import { change, useBoardsData } from './store';

interface Filters {
  status: TaskStatus | '';
  priority: Priority | '';
  assignee: string;
  tag: string;
  due: '' | 'overdue' | 'week';
  search: string;
}
const NO_FILTERS: Filters = { status: '', priority: '', assignee: '', tag: '', due: '', search: '' };

function toFilter(projectId: string, f: Filters, today: string): TaskFilter | null {
  const filter: TaskFilter = { projectId, today };
  if (f.status) filter.status = [f.status];
  if (f.priority) filter.priority = [f.priority];
  if (f.assignee.trim()) filter.assignee = f.assignee.trim();
  if (f.tag.trim()) filter.tag = f.tag.trim();
  if (f.due === 'overdue') filter.overdue = true;
  if (f.due === 'week') filter.dueBefore = addDays(today, 8);
  if (f.search.trim()) filter.search = f.search.trim();
  return Object.keys(filter).length > 2 ? filter : null;
}

function FilterBar({ filters, onChange }: { filters: Filters; onChange(f: Filters): void }) {
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => onChange({ ...filters, [key]: value });
  return (
    <form
      className="tree-filters"
      role="search"
      aria-label="Filter tasks"
      onSubmit={(e) => e.preventDefault()}
    >
      <label className="field">
        <span>Search</span>
        <input
          type="search"
          value={filters.search}
          placeholder="Words in title or description"
          onChange={(e) => set('search', e.target.value)}
        />
      </label>
      <label className="field">
        <span>Status</span>
        <select value={filters.status} onChange={(e) => set('status', e.target.value as Filters['status'])}>
          <option value="">Any</option>
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Priority</span>
        <select
          value={filters.priority}
          onChange={(e) => set('priority', e.target.value as Filters['priority'])}
        >
          <option value="">Any</option>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {PRIORITY_LABELS[p]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Assignee</span>
        <input value={filters.assignee} onChange={(e) => set('assignee', e.target.value)} />
      </label>
      <label className="field">
        <span>Tag</span>
        <input value={filters.tag} onChange={(e) => set('tag', e.target.value)} />
      </label>
      <label className="field">
        <span>Due</span>
        <select value={filters.due} onChange={(e) => set('due', e.target.value as Filters['due'])}>
          <option value="">Any time</option>
          <option value="overdue">Overdue</option>
          <option value="week">Within a week</option>
        </select>
      </label>
      <button type="button" className="button small-button" onClick={() => onChange(NO_FILTERS)}>
        Clear filters
      </button>
    </form>
  );
}

interface RowProps {
  workspaceId: string;
  task: Task;
  /** Shown as a tree (indent, expand) or as a flat filtered list. */
  tree: { collapsed: boolean; toggle(): void; previousSibling: Task | null; parent: Task | null } | null;
  today: string;
  onOpen(): void;
}

function TaskRow({ workspaceId, task, tree, today, onOpen }: RowProps) {
  const [editing, setEditing] = useState(false);
  const reparent = (parentId: string | null) =>
    void withErrorToast(
      change(
        workspaceId,
        client.invoke('boards:tasksUpdate', { workspaceId, taskId: task.id, changes: { parentId } }),
      ),
    );
  const mark = dueMark(task, today);
  return (
    <tr data-task-id={task.id}>
      <td>
        <div className="tree-cell" style={tree ? { paddingLeft: `${task.depth * 20}px` } : undefined}>
          {tree && task.childCount > 0 ? (
            <button
              type="button"
              className="icon-button tree-toggle"
              aria-expanded={!tree.collapsed}
              aria-label={`${tree.collapsed ? 'Expand' : 'Collapse'} ${task.title}`}
              onClick={tree.toggle}
            >
              {tree.collapsed ? '▸' : '▾'}
            </button>
          ) : (
            <span className="tree-toggle-space" aria-hidden="true" />
          )}
          <InlineTitle workspaceId={workspaceId} task={task} editing={editing} setEditing={setEditing} />
          {task.childCount > 0 && <span className="muted small">({plural(task.childCount, 'subtask')})</span>}
        </div>
      </td>
      <td>{STATUS_LABELS[task.status]}</td>
      <td>
        <span className={`task-priority priority-${task.priority}`}>{PRIORITY_LABELS[task.priority]}</span>
      </td>
      <td>{task.assignee ?? ''}</td>
      <td className={mark ? `due-${mark}` : undefined}>
        {task.dueDate ?? ''}
        {mark === 'overdue' ? ' (overdue)' : ''}
      </td>
      <td className="actions nowrap">
        <button
          type="button"
          className="button small-button"
          aria-label={`Open ${task.title}`}
          onClick={onOpen}
        >
          Open
        </button>{' '}
        <button
          type="button"
          className="button small-button"
          aria-label={`Rename ${task.title}`}
          onClick={() => setEditing(true)}
        >
          Rename
        </button>
        {tree && (
          <>
            {' '}
            <button
              type="button"
              className="button small-button"
              aria-label={`Indent ${task.title}`}
              title={
                tree.previousSibling
                  ? `Make it a subtask of “${tree.previousSibling.title}”`
                  : 'Nothing above to nest under'
              }
              disabled={!tree.previousSibling || task.depth >= MAX_TASK_DEPTH}
              onClick={() => tree.previousSibling && reparent(tree.previousSibling.id)}
            >
              Indent
            </button>{' '}
            <button
              type="button"
              className="button small-button"
              aria-label={`Outdent ${task.title}`}
              title="Move it up one level"
              disabled={!tree.parent}
              onClick={() => tree.parent && reparent(tree.parent.parentId)}
            >
              Outdent
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

function TaskTable({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <table className="table task-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Task</th>
          <th scope="col">Status</th>
          <th scope="col">Priority</th>
          <th scope="col">Assignee</th>
          <th scope="col">Due</th>
          <th scope="col" className="actions">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

function Tree({
  workspaceId,
  projectId,
  today,
  onOpen,
}: {
  workspaceId: string;
  projectId: string;
  today: string;
  onOpen(task: Task): void;
}) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const loaded = useBoardsData(workspaceId, `tree:${projectId}`, () =>
    client.invoke('boards:tasksTree', { workspaceId, projectId }),
  );
  const tasks = useMemo(() => loaded.data?.tasks ?? [], [loaded.data]);
  const rows = useMemo(() => {
    const byId = new Map(tasks.map((t) => [t.id, t]));
    const lastChild = new Map<string | null, Task>();
    const out: { task: Task; previousSibling: Task | null; parent: Task | null }[] = [];
    let hiddenBelow: number | null = null;
    for (const task of tasks) {
      const previousSibling = lastChild.get(task.parentId) ?? null;
      lastChild.set(task.parentId, task);
      if (hiddenBelow !== null && task.depth > hiddenBelow) continue;
      hiddenBelow = collapsed.has(task.id) ? task.depth : null;
      out.push({ task, previousSibling, parent: task.parentId ? (byId.get(task.parentId) ?? null) : null });
    }
    return out;
  }, [tasks, collapsed]);
  const toggle = (id: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  if (loaded.error) {
    return (
      <p className="field-error" role="alert">
        Could not load the tasks: {loaded.error}
      </p>
    );
  }
  if (loaded.data && tasks.length === 0) return <p className="muted">No tasks yet: add one above.</p>;
  return (
    <TaskTable label="Tasks">
      {rows.map(({ task, previousSibling, parent }) => (
        <TaskRow
          key={task.id}
          workspaceId={workspaceId}
          task={task}
          today={today}
          onOpen={() => onOpen(task)}
          tree={{ collapsed: collapsed.has(task.id), toggle: () => toggle(task.id), previousSibling, parent }}
        />
      ))}
    </TaskTable>
  );
}

const PAGE = 100;

function FilteredList({
  workspaceId,
  filter,
  today,
  onOpen,
}: {
  workspaceId: string;
  filter: TaskFilter;
  today: string;
  onOpen(task: Task): void;
}) {
  const [pages, setPages] = useState(1);
  const key = JSON.stringify(filter);
  const loaded = useBoardsData(workspaceId, `list:${key}:${pages}`, async () => {
    // Keyset paging: each further page continues from the cursor of the one before.
    const tasks: Task[] = [];
    let cursor: string | undefined;
    let total = 0;
    let more = false;
    for (let i = 0; i < pages; i++) {
      const page = await client.invoke('boards:tasksList', {
        workspaceId,
        filter,
        sort: 'position',
        limit: PAGE,
        cursor,
      });
      tasks.push(...page.tasks);
      total = page.total;
      more = page.nextCursor !== null;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return { tasks, total, more };
  });
  if (loaded.error) {
    return (
      <p className="field-error" role="alert">
        Could not filter the tasks: {loaded.error}
      </p>
    );
  }
  if (!loaded.data) return <p className="muted">Loading…</p>;
  return (
    <>
      <p className="muted small" role="status">
        {loaded.data.total === 0
          ? 'No task matches these filters.'
          : `${plural(loaded.data.total, 'task')} match.`}
      </p>
      {loaded.data.tasks.length > 0 && (
        <TaskTable label="Matching tasks">
          {loaded.data.tasks.map((task) => (
            <TaskRow
              key={task.id}
              workspaceId={workspaceId}
              task={task}
              today={today}
              onOpen={() => onOpen(task)}
              tree={null}
            />
          ))}
        </TaskTable>
      )}
      {loaded.data.more && (
        <button type="button" className="button small-button" onClick={() => setPages((p) => p + 1)}>
          Show more
        </button>
      )}
    </>
  );
}

/** The project as a tree of tasks (expand, indent, outdent, rename in place) or, filtered, a list. */
export function TaskTree({
  workspaceId,
  projectId,
  onOpen,
}: {
  workspaceId: string;
  projectId: string;
  onOpen(task: Task): void;
}) {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const today = localDay();
  const filter = toFilter(projectId, filters, today);
  return (
    <>
      <FilterBar filters={filters} onChange={setFilters} />
      {filter ? (
        <FilteredList workspaceId={workspaceId} filter={filter} today={today} onOpen={onOpen} />
      ) : (
        <Tree workspaceId={workspaceId} projectId={projectId} today={today} onOpen={onOpen} />
      )}
    </>
  );
}
