import { useState } from 'react';
import type { HistoryEntry } from '../../../shared/profiles';
import { client } from '../../lib/client';
import { useToasts, withErrorToast } from '../../app/toasts';
import { useProfiles } from './store';

const LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  isDefault: 'Default',
  'ai.provider': 'Provider',
  'ai.baseUrl': 'Base URL',
  'ai.model': 'Model',
  'ai.temperature': 'Temperature',
  'ai.maxTokens': 'Max tokens',
  'ai.timeoutMs': 'Timeout (ms)',
  'ai.apiKeySet': 'API key set',
  spaces: 'Spaces',
  experimentName: 'Experiment',
  'prompts.systemPrompt': 'System prompt',
  'prompts.editingInstructions': 'Editing instructions',
  'prompts.userTemplate': 'User template',
};

function flatten(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out[prefix] = Array.isArray(value) ? JSON.stringify(value) : String(value);
  }
  return out;
}

/** Field-by-field differences between two snapshots. */
export function changedFields(
  before: unknown,
  after: unknown,
): { field: string; before: string; after: string }[] {
  const a = flatten(before ?? {});
  const b = flatten(after ?? {});
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys
    .filter((key) => a[key] !== b[key])
    .map((key) => ({ field: LABELS[key] ?? key, before: a[key] ?? '—', after: b[key] ?? '—' }));
}

function Entry({ entry }: { entry: HistoryEntry }) {
  const [open, setOpen] = useState(false);
  const rows = changedFields(entry.before, entry.after);
  const when = new Date(entry.createdAt).toLocaleString();
  return (
    <li className="history-entry">
      <div className="history-line">
        <div>
          <strong>{entry.summary}</strong>
          <div className="muted small">
            {entry.profileName} · <time dateTime={entry.createdAt}>{when}</time>
          </div>
        </div>
        <div className="toolbar">
          {rows.length > 0 && (
            <button type="button" className="button" aria-expanded={open} onClick={() => setOpen(!open)}>
              {open ? 'Hide changes' : 'Show changes'}
            </button>
          )}
          <button
            type="button"
            className="button"
            disabled={entry.before === null}
            title={
              entry.before === null
                ? 'This is the creation: there is no earlier state'
                : 'Put back the state from before this change'
            }
            onClick={() =>
              void withErrorToast(client.invoke('profiles:restore', { historyId: entry.id })).then(
                async (p) => {
                  if (!p) return;
                  await useProfiles.getState().load();
                  useToasts.getState().push('info', `Restored “${p.name}”.`);
                },
              )
            }
          >
            Restore
          </button>
        </div>
      </div>
      {open && (
        <table className="diff">
          <caption className="visually-hidden">Changes in this entry</caption>
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.field}>
                <th scope="row">{row.field}</th>
                <td className="before">{row.before}</td>
                <td className="after">{row.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}

export function ProfileHistory({ entries, label }: { entries: HistoryEntry[]; label: string }) {
  if (entries.length === 0) return <p className="muted">No changes recorded yet.</p>;
  return (
    <ol className="history" aria-label={label}>
      {entries.map((entry) => (
        <Entry key={entry.id} entry={entry} />
      ))}
    </ol>
  );
}
