import { useState } from 'react';
import type { Patch, PatchSet } from '../../../shared/boards';
import { plural } from '../../../shared/text';
import { errorMessage, useToasts } from '../../app/toasts';
import { client } from '../../lib/client';
import { STATUS_LABELS, formatWhen } from './format';
import { change, useBoardsData } from './store';

const FIELD_WORDS: Record<string, string> = {
  dueDate: 'due date',
  estimatedMinutes: 'estimate',
  actualMinutes: 'time spent',
  parentId: 'parent',
  projectId: 'project',
  datasetId: 'dataset link',
  versionId: 'version link',
  insightId: 'insight link',
  integrationIds: 'integration ids',
};

/** One patch in words, so a person can tell the changes apart. */
function describePatch(patch: Patch): string {
  const fields = (changes: Record<string, unknown>) =>
    Object.keys(changes)
      .map((k) => FIELD_WORDS[k] ?? k)
      .join(', ');
  switch (patch.op) {
    case 'create_project':
      return `New project “${patch.fields.name}”`;
    case 'update_project':
      return `Project changed: ${fields(patch.changes)}`;
    case 'delete_project':
      return 'Project deleted';
    case 'create_task':
      return `New task “${patch.fields.title}”`;
    case 'update_task':
      return patch.changes.status &&
        Object.keys(patch.changes).every((k) => k === 'status' || k === 'position')
        ? `Task moved to ${STATUS_LABELS[patch.changes.status]}`
        : `Task changed: ${fields(patch.changes)}`;
    case 'delete_task':
      return 'Task deleted';
  }
}

function describe(set: PatchSet): string {
  const words = set.patches.slice(0, 3).map(describePatch);
  if (set.patches.length > 3) words.push(`and ${plural(set.patches.length - 3, 'more change')}`);
  return words.join('; ');
}

function counts(set: PatchSet): string {
  const parts = [];
  if (set.result.created.length) parts.push(`${set.result.created.length} created`);
  if (set.result.updated.length) parts.push(`${set.result.updated.length} changed`);
  if (set.result.deleted.length) parts.push(`${set.result.deleted.length} deleted`);
  return parts.join(', ') || plural(set.patches.length, 'patch', 'patches');
}

/** Every applied patch set, newest first, by whom; Revert applies its inverse (or says why not). */
export function HistoryPage({ workspaceId }: { workspaceId: string }) {
  const history = useBoardsData(workspaceId, 'history', () =>
    client.invoke('boards:patchesList', { workspaceId, limit: 200 }),
  );
  const [refusal, setRefusal] = useState<{ id: string; message: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const revert = async (set: PatchSet) => {
    setBusy(set.id);
    setRefusal(null);
    try {
      // Recorded like any change the person makes: Ctrl+Z undoes the revert.
      await change(workspaceId, client.invoke('boards:patchesRevert', { workspaceId, patchSetId: set.id }));
      useToasts.getState().push('info', `Reverted “${set.summary}”.`);
    } catch (e) {
      setRefusal({ id: set.id, message: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  };
  const sets = history.data ?? [];
  const summaries = new Map(sets.map((s) => [s.id, s.summary]));
  return (
    <>
      <h1 id="page-title">History</h1>
      <p className="muted">
        Every change to the boards, by you or the assistant. Revert undoes one change if nothing later touched
        the same items.
      </p>
      {history.error && (
        <p className="field-error" role="alert">
          Could not load the history: {history.error}
        </p>
      )}
      {history.data && sets.length === 0 && <p className="muted">No changes yet.</p>}
      <ol className="patch-history" aria-label="Changes">
        {sets.map((set) => (
          <li key={set.id} className="patch-entry">
            <div className="patch-line">
              <span className="patch-summary">{set.summary}</span>
              <span className={`badge author-${set.author}`}>
                {set.author === 'assistant' ? 'Assistant' : 'You'}
              </span>
            </div>
            {set.patches.length > 0 && <p className="patch-details">{describe(set)}</p>}
            <p className="muted small">
              {formatWhen(set.createdAt)} · {counts(set)}
              {set.revertOfId && ` · undoes “${summaries.get(set.revertOfId) ?? 'an earlier change'}”`}
              {set.revertedById && ' · reverted'}
            </p>
            {!set.revertedById && (
              <button
                type="button"
                className="button small-button"
                aria-label={`Revert ${set.summary}`}
                disabled={busy === set.id}
                onClick={() => void revert(set)}
              >
                Revert
              </button>
            )}
            {refusal?.id === set.id && (
              <p className="field-error" role="alert">
                Not reverted: {refusal.message}
              </p>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}
