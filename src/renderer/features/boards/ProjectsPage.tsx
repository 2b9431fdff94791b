import { useState } from 'react';
import { Link } from 'wouter';
import {
  PROJECT_NAME_MAX,
  PROJECT_STATUSES,
  type ProjectStatus,
  type ProjectSummary,
} from '../../../shared/boards';
import { plural } from '../../../shared/text';
import { useToasts, withErrorToast } from '../../app/toasts';
import { client } from '../../lib/client';
import { PROJECT_STATUS_LABELS } from './format';
import { InlineAddForm } from '../../ui/InlineAddForm';
import { NameDialog } from '../../ui/NameDialog';
import { change, useBoardsData } from './store';

function NewProjectForm({ workspaceId }: { workspaceId: string }) {
  return (
    <InlineAddForm
      label="New project"
      showLabel
      placeholder="Project name"
      maxLength={PROJECT_NAME_MAX}
      emptyMessage="A project needs a name."
      submitLabel="Create project"
      primary
      onAdd={(name) =>
        change(
          workspaceId,
          client.invoke('boards:projectsCreate', { workspaceId, fields: { name, status: 'active' } }),
        )
      }
    />
  );
}

function ProjectRow({
  workspaceId,
  project,
  onRename,
}: {
  workspaceId: string;
  project: ProjectSummary;
  onRename(): void;
}) {
  const push = useToasts((s) => s.push);
  const setStatus = (status: ProjectStatus) =>
    withErrorToast(
      change(
        workspaceId,
        client.invoke('boards:projectsUpdate', { workspaceId, projectId: project.id, changes: { status } }),
      ),
    );
  const archived = project.status === 'archived';
  return (
    <tr className={archived ? 'archived-row' : undefined}>
      <td>
        <Link href={`/p/${project.id}`}>{project.name}</Link>
      </td>
      <td>
        <select
          aria-label={`Status of ${project.name}`}
          value={project.status}
          onChange={(e) => void setStatus(e.target.value as ProjectStatus)}
        >
          {PROJECT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {PROJECT_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </td>
      <td className="num">
        {project.doneCount} / {plural(project.taskCount, 'task')} done
      </td>
      <td className="actions nowrap">
        <button
          type="button"
          className="button small-button"
          aria-label={`Rename ${project.name}`}
          onClick={onRename}
        >
          Rename
        </button>{' '}
        <button
          type="button"
          className="button small-button"
          aria-label={`${archived ? 'Unarchive' : 'Archive'} ${project.name}`}
          onClick={() => void setStatus(archived ? 'active' : 'archived')}
        >
          {archived ? 'Unarchive' : 'Archive'}
        </button>{' '}
        <button
          type="button"
          className="button small-button"
          aria-label={`Delete ${project.name}`}
          onClick={() =>
            void withErrorToast(
              change(
                workspaceId,
                client.invoke('boards:projectsDelete', { workspaceId, projectId: project.id }),
              ),
            ).then((r) => r && push('info', `Moved “${project.name}” and its tasks to the Trash.`))
          }
        >
          Delete
        </button>
      </td>
    </tr>
  );
}

/** The workspace's projects: create, rename, set a status, archive, delete (to the Trash). */
export function ProjectsPage({ workspaceId }: { workspaceId: string }) {
  const [showArchived, setShowArchived] = useState(false);
  const [renaming, setRenaming] = useState<ProjectSummary | null>(null);
  const projects = useBoardsData(workspaceId, `projects:${showArchived}`, () =>
    client.invoke('boards:projectsList', { workspaceId, includeArchived: showArchived }),
  );
  const items = projects.data ?? [];
  return (
    <>
      <header className="page-header">
        <h1 id="page-title">Projects</h1>
      </header>
      <NewProjectForm workspaceId={workspaceId} />
      {projects.error && (
        <p className="field-error" role="alert">
          Could not list the projects: {projects.error}
        </p>
      )}
      {projects.data && items.length === 0 && (
        <div className="empty-state">
          <h2>No projects yet</h2>
          <p className="muted">A project holds a board of tasks beside your data. Name one above to start.</p>
        </div>
      )}
      {items.length > 0 && (
        <table className="table" aria-label="Projects">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Progress
              </th>
              <th scope="col" className="actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <ProjectRow key={p.id} workspaceId={workspaceId} project={p} onRename={() => setRenaming(p)} />
            ))}
          </tbody>
        </table>
      )}
      <label className="checkbox small boards-spaced">
        <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
        Show archived projects
      </label>
      {renaming && (
        <NameDialog
          title="Rename project"
          label="Name"
          submitLabel="Save"
          initial={renaming.name}
          maxLength={PROJECT_NAME_MAX}
          emptyMessage="A project needs a name."
          onSubmit={(name) =>
            change(
              workspaceId,
              client.invoke('boards:projectsUpdate', {
                workspaceId,
                projectId: renaming.id,
                changes: { name },
              }),
            )
          }
          onClose={() => setRenaming(null)}
        />
      )}
    </>
  );
}
