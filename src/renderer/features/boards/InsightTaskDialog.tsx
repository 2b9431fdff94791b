import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import {
  PRIORITIES,
  PROJECT_NAME_MAX,
  TASK_TITLE_MAX,
  type Priority,
  type ProjectSummary,
} from '../../../shared/boards';
import type { Insight } from '../../../shared/analysis';
import { errorMessage } from '../../app/toasts';
import { client } from '../../lib/client';
import { insightTitle } from '../analysis/format';
import { Dialog } from '../datasets/Dialog';
import { PRIORITY_FROM_SEVERITY, PRIORITY_LABELS } from './format';
import { useBoards } from './store';

const NEW_PROJECT = 'new';

interface Props {
  workspaceId: string;
  datasetId: string;
  versionId: string;
  versionName: string;
  insight: Insight;
  onClose(): void;
}

/**
 * "Create task" on an insight: a task prefilled from it (title, description with the
 * recommendation, priority from the severity, links to the insight and its version) that the
 * person checks, puts in a project (or a new one, in the same patch set) and creates.
 */
export function InsightTaskDialog({
  workspaceId,
  datasetId,
  versionId,
  versionName,
  insight,
  onClose,
}: Props) {
  const [projects, setProjects] = useState<ProjectSummary[] | null>(null);
  const [projectId, setProjectId] = useState<string>('');
  const [newProject, setNewProject] = useState('Data quality');
  const [title, setTitle] = useState(() => insightTitle(insight));
  const [description, setDescription] = useState(
    () => `${insight.description}\n\nRecommendation: ${insight.recommendation}\n\nFound on ${versionName}.`,
  );
  const [priority, setPriority] = useState<Priority>(PRIORITY_FROM_SEVERITY[insight.severity]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ projectId: string; taskId: string } | null>(null);
  const errorId = useId();
  const titleBox = useRef<HTMLInputElement>(null);
  // After the dialog has opened (its effect runs first, and focuses its first control).
  useEffect(() => titleBox.current?.focus(), []);

  useEffect(() => {
    client.invoke('boards:projectsList', { workspaceId, includeArchived: false }).then(
      (items) => {
        setProjects(items);
        setProjectId(items[0]?.id ?? NEW_PROJECT);
      },
      (e: unknown) => setError(`Could not list the projects: ${errorMessage(e)}`),
    );
  }, [workspaceId]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() === '') {
      setError('A task needs a title.');
      return;
    }
    if (projectId === NEW_PROJECT && newProject.trim() === '') {
      setError('A project needs a name.');
      return;
    }
    setBusy(true);
    setError(null);
    const fields = {
      title: title.trim(),
      description,
      priority,
      datasetId,
      versionId,
      insightId: insight.id,
    };
    try {
      const result = await client.invoke('boards:patchesApply', {
        workspaceId,
        summary: `Task from an insight: ${fields.title}`,
        patches:
          projectId === NEW_PROJECT
            ? [
                {
                  op: 'create_project',
                  key: 'project',
                  fields: { name: newProject.trim(), status: 'active' },
                },
                { op: 'create_task', key: 'task', projectKey: 'project', fields },
              ]
            : [{ op: 'create_task', key: 'task', projectId, fields }],
      });
      const task = result.created.find((c) => c.key === 'task');
      const project = result.created.find((c) => c.key === 'project');
      useBoards.getState().record(workspaceId, result.patchSetId);
      useBoards.getState().bump(workspaceId);
      if (task) setCreated({ projectId: project?.id ?? projectId, taskId: task.id });
      else onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  if (created) {
    return (
      <Dialog title="Task created" onClose={onClose}>
        <p role="status">
          “{title.trim()}” is on the board, linked to this insight and {versionName}.
        </p>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <Link
            className="button primary"
            href={`/w/${workspaceId}/boards/p/${created.projectId}/t/${created.taskId}`}
            autoFocus
          >
            Open task
          </Link>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title="New task from an insight" onClose={onClose} wide>
      <form className="op-form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>Project</span>
          <select
            value={projectId}
            disabled={projects === null}
            onChange={(e) => setProjectId(e.target.value)}
          >
            {(projects ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
            <option value={NEW_PROJECT}>New project…</option>
          </select>
        </label>
        {projectId === NEW_PROJECT && (
          <label className="field">
            <span>New project name</span>
            <input
              value={newProject}
              maxLength={PROJECT_NAME_MAX}
              onChange={(e) => setNewProject(e.target.value)}
            />
          </label>
        )}
        <label className="field">
          <span>Title</span>
          <input
            ref={titleBox}
            value={title}
            maxLength={TASK_TITLE_MAX}
            aria-invalid={error !== null && title.trim() === ''}
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Description</span>
          <textarea rows={5} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <label className="field">
          <span>Priority</span>
          <select value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        <p className="muted small">Linked to this insight and to {versionName} of the dataset.</p>
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || projects === null}>
            Create task
          </button>
        </div>
      </form>
    </Dialog>
  );
}
