import { useState } from 'react';
import type { TrashItem } from '../../../shared/boards';
import { plural } from '../../../shared/text';
import { useToasts, withErrorToast } from '../../app/toasts';
import { client } from '../../lib/client';
import { ConfirmDialog } from './ConfirmDialog';
import { formatWhen } from './format';
import { useBoards, useBoardsData } from './store';

function describe(item: TrashItem): string {
  const what = item.entity === 'project' ? 'Project' : 'Task';
  const extra = item.itemCount > 1 ? ` with ${plural(item.itemCount - 1, 'item')} deleted with it` : '';
  return `${what}${extra}`;
}

/** Deleted projects and tasks: Restore brings back exactly what was deleted together. */
export function TrashPage({ workspaceId }: { workspaceId: string }) {
  const [purging, setPurging] = useState<TrashItem | null>(null);
  const trash = useBoardsData(workspaceId, 'trash', () => client.invoke('boards:trashList', { workspaceId }));
  const push = useToasts((s) => s.push);
  const restore = async (item: TrashItem) => {
    const result = await withErrorToast(
      client.invoke('boards:trashRestore', { workspaceId, entity: item.entity, id: item.id }),
    );
    if (result) {
      push(
        'info',
        `Restored “${item.title}”${result.restored > 1 ? ` and ${plural(result.restored - 1, 'item')} with it` : ''}.`,
      );
      useBoards.getState().bump(workspaceId);
    }
  };
  const items = trash.data ?? [];
  return (
    <>
      <h1 id="page-title">Trash</h1>
      <p className="muted">Deleted projects and tasks stay here until you delete them permanently.</p>
      {trash.error && (
        <p className="field-error" role="alert">
          Could not list the Trash: {trash.error}
        </p>
      )}
      {trash.data && items.length === 0 && <p className="muted">The Trash is empty.</p>}
      {items.length > 0 && (
        <table className="table" aria-label="Deleted items">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">What</th>
              <th scope="col">Project</th>
              <th scope="col">Deleted</th>
              <th scope="col" className="actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={`${item.entity}:${item.id}`}>
                <td>{item.title}</td>
                <td>{describe(item)}</td>
                <td>{item.entity === 'task' ? (item.projectName ?? '') : ''}</td>
                <td className="nowrap">{formatWhen(item.deletedAt)}</td>
                <td className="actions nowrap">
                  <button
                    type="button"
                    className="button small-button"
                    aria-label={`Restore ${item.title}`}
                    onClick={() => void restore(item)}
                  >
                    Restore
                  </button>{' '}
                  <button
                    type="button"
                    className="button small-button"
                    aria-label={`Delete ${item.title} permanently`}
                    onClick={() => setPurging(item)}
                  >
                    Delete permanently
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {purging && (
        <ConfirmDialog
          title="Delete permanently?"
          message={`“${purging.title}”${purging.itemCount > 1 ? ` and ${plural(purging.itemCount - 1, 'item')} deleted with it` : ''} will be gone for good. This cannot be undone.`}
          confirmLabel="Delete permanently"
          onConfirm={async () => {
            await client.invoke('boards:trashPurge', { workspaceId, entity: purging.entity, id: purging.id });
            useBoards.getState().bump(workspaceId);
          }}
          onClose={() => setPurging(null)}
        />
      )}
    </>
  );
}
