import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { PRIORITIES, TASK_STATUSES, TASK_TITLE_MAX, type Task } from '../../../shared/boards';
import { errorMessage, useToasts, withErrorToast } from '../../app/toasts';
import { client } from '../../lib/client';
import { AddTaskForm } from './AddTaskForm';
import { changesOf, draftOf, type DraftField, type TaskDraft } from './draft';
import { PRIORITY_LABELS, STATUS_LABELS, formatWhen } from './format';
import { change, useBoardsData } from './store';
import { TaskLinks, type LinkChanges } from './TaskLinks';

type FieldProps = { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined };

/** A labelled control whose error is read with it; its id lets a failed save focus it. */
function Field({
  field,
  label,
  error,
  children,
  wide = false,
}: {
  field: DraftField;
  label: string;
  error: string | undefined;
  children: (props: FieldProps) => ReactNode;
  wide?: boolean;
}) {
  const id = `drawer-${field}`;
  const errorId = useId();
  return (
    <div className={`field${wide ? ' drawer-wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error !== undefined, 'aria-describedby': error ? errorId : undefined })}
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function Subtasks({
  workspaceId,
  task,
  onOpenTask,
}: {
  workspaceId: string;
  task: Task;
  onOpenTask(id: string): void;
}) {
  const tree = useBoardsData(workspaceId, `subtree:${task.id}`, () =>
    client.invoke('boards:tasksTree', { workspaceId, projectId: task.projectId, rootTaskId: task.id }),
  );
  const children = (tree.data?.tasks ?? []).filter((t) => t.parentId === task.id);
  return (
    <section className="drawer-section" aria-labelledby="drawer-subtasks">
      <h3 id="drawer-subtasks" className="subheading">
        Subtasks
      </h3>
      {children.length > 0 && (
        <ul className="drawer-subtasks" aria-label="Subtasks">
          {children.map((child) => (
            <li key={child.id}>
              <input
                type="checkbox"
                aria-label={`Done: ${child.title}`}
                checked={child.status === 'done'}
                onChange={(e) =>
                  void withErrorToast(
                    change(
                      workspaceId,
                      client.invoke('boards:tasksUpdate', {
                        workspaceId,
                        taskId: child.id,
                        changes: { status: e.target.checked ? 'done' : 'todo' },
                      }),
                    ),
                  )
                }
              />
              <button type="button" className="link-button plain" onClick={() => onOpenTask(child.id)}>
                {child.title}
              </button>
              <span className="muted small">{STATUS_LABELS[child.status]}</span>
            </li>
          ))}
        </ul>
      )}
      {task.depth < 5 ? (
        <AddTaskForm
          label="New subtask"
          placeholder="Add a subtask"
          onAdd={(title) =>
            change(
              workspaceId,
              client.invoke('boards:tasksCreate', {
                workspaceId,
                projectId: task.projectId,
                parentId: task.id,
                fields: { title },
              }),
            )
          }
        />
      ) : (
        <p className="muted small">Tasks nest six levels deep at most: this one cannot hold subtasks.</p>
      )}
    </section>
  );
}

function TaskForm({ workspaceId, task, onClose }: { workspaceId: string; task: Task; onClose(): void }) {
  const [draft, setDraft] = useState<TaskDraft>(() => draftOf(task));
  const [errors, setErrors] = useState<Partial<Record<DraftField, string>>>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [base, setBase] = useState(task);
  // Another window or the assistant changed the task: show it, unless the person is editing.
  const dirty = Object.keys(changesOf(base, draft).changes).length > 0;
  if (task !== base) {
    setBase(task);
    if (!dirty) setDraft(draftOf(task));
  }
  const set = (field: DraftField) => (value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    setSaveError(null);
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const { changes, errors: found } = changesOf(task, draft);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`drawer-${first}`)?.focus();
      return;
    }
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    setBusy(true);
    try {
      await change(
        workspaceId,
        client.invoke('boards:tasksUpdate', { workspaceId, taskId: task.id, changes }),
      );
      useToasts.getState().push('info', 'Saved.');
      onClose();
    } catch (e) {
      setSaveError(errorMessage(e));
      setBusy(false);
    }
  };
  const input =
    (field: DraftField, type = 'text', extra: Record<string, unknown> = {}) =>
    (props: FieldProps) => (
      <input
        {...props}
        type={type}
        value={draft[field]}
        onChange={(e) => set(field)(e.target.value)}
        {...extra}
      />
    );
  return (
    <form
      className="drawer-form"
      onSubmit={(e) => void save(e)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save(e);
      }}
    >
      <Field field="title" label="Title" error={errors.title} wide>
        {input('title', 'text', { autoFocus: true, maxLength: TASK_TITLE_MAX })}
      </Field>
      <Field field="description" label="Description" error={errors.description} wide>
        {(props) => (
          <textarea
            {...props}
            rows={4}
            value={draft.description}
            onChange={(e) => set('description')(e.target.value)}
          />
        )}
      </Field>
      <Field field="status" label="Status" error={errors.status}>
        {(props) => (
          <select {...props} value={draft.status} onChange={(e) => set('status')(e.target.value)}>
            {TASK_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field field="priority" label="Priority" error={errors.priority}>
        {(props) => (
          <select {...props} value={draft.priority} onChange={(e) => set('priority')(e.target.value)}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABELS[p]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field field="assignee" label="Assignee" error={errors.assignee}>
        {input('assignee', 'text', { maxLength: 120 })}
      </Field>
      <Field field="dueDate" label="Due date" error={errors.dueDate}>
        {input('dueDate', 'date')}
      </Field>
      <Field field="estimatedMinutes" label="Estimate (minutes)" error={errors.estimatedMinutes}>
        {input('estimatedMinutes', 'number', { min: 0, step: 1 })}
      </Field>
      <Field field="actualMinutes" label="Time spent (minutes)" error={errors.actualMinutes}>
        {input('actualMinutes', 'number', { min: 0, step: 1 })}
      </Field>
      <Field field="tags" label="Tags (comma-separated)" error={errors.tags} wide>
        {input('tags')}
      </Field>
      <Field field="metadata" label="Metadata (JSON object)" error={errors.metadata} wide>
        {(props) => (
          <textarea
            {...props}
            className="code-input"
            rows={3}
            value={draft.metadata}
            placeholder='{"source": "audit"}'
            onChange={(e) => set('metadata')(e.target.value)}
          />
        )}
      </Field>
      {saveError && (
        <p className="field-error drawer-wide" role="alert">
          Not saved: {saveError}
        </p>
      )}
      <div className="dialog-actions drawer-wide">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={busy} title="Save (Ctrl+Enter)">
          Save
        </button>
      </div>
    </form>
  );
}

/** The open task, every field editable, its subtasks and its links; a modal panel at the side. */
export function TaskDrawer({
  workspaceId,
  taskId,
  onOpenTask,
  onClose,
}: {
  workspaceId: string;
  taskId: string;
  onOpenTask(id: string): void;
  onClose(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const loaded = useBoardsData(workspaceId, `task:${taskId}`, () =>
    client.invoke('boards:tasksGet', { workspaceId, taskId }),
  );
  const task = loaded.data;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const unlink = (changes: LinkChanges) =>
    void withErrorToast(
      change(workspaceId, client.invoke('boards:tasksUpdate', { workspaceId, taskId, changes })),
    );
  const remove = async () => {
    if (!task) return;
    const done = await withErrorToast(
      change(workspaceId, client.invoke('boards:tasksDelete', { workspaceId, taskId })),
    );
    if (done) {
      useToasts.getState().push('info', `Moved “${task.title}” to the Trash.`);
      onClose();
    }
  };
  return (
    <dialog ref={ref} className="task-drawer" aria-labelledby={titleId} onClose={onClose} onCancel={onClose}>
      <div className="dialog-title">
        <h2 id={titleId}>{task ? `Task: ${task.title}` : 'Task'}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {loaded.error && (
        <p className="field-error" role="alert">
          {loaded.error}
        </p>
      )}
      {task && (
        <>
          <p className="muted small">
            Made by {task.createdBy === 'assistant' ? 'the assistant' : 'you'} on {formatWhen(task.createdAt)}
            {task.completedAt ? ` · done ${formatWhen(task.completedAt)}` : ''}
          </p>
          <TaskForm workspaceId={workspaceId} task={task} onClose={onClose} />
          <section className="drawer-section" aria-labelledby="drawer-links">
            <h3 id="drawer-links" className="subheading">
              Linked data
            </h3>
            <TaskLinks workspaceId={workspaceId} task={task} onUnlink={unlink} />
          </section>
          <Subtasks workspaceId={workspaceId} task={task} onOpenTask={onOpenTask} />
          <div className="drawer-section">
            <button type="button" className="button" onClick={() => void remove()}>
              Delete task
            </button>
            <span className="muted small">
              {' '}
              It goes to the Trash with its subtasks; you can restore it there.
            </span>
          </div>
        </>
      )}
    </dialog>
  );
}
