import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { TEMPLATE_PLACEHOLDERS, type Profile } from '../../../shared/profiles';
import { client } from '../../lib/client';
import { errorMessage, useToasts, withErrorToast } from '../../app/toasts';
import {
  contentOf,
  draftOf,
  newSpaceKey,
  sameDraft,
  type Draft,
  type FieldErrors,
  type SpaceDraft,
} from './draft';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Field } from '../../ui/Field';
import { useProfiles } from './store';

interface Props {
  profile: Profile;
  onDeleted(): void;
  onDuplicated(profile: Profile): void;
  /**
   * A new profile not saved yet (a draft): Save creates it, Discard drops it, and the actions
   * that need a stored profile (default, duplicate, delete, keys, test) wait until then.
   */
  draft?: { onCreated(profile: Profile): void; onDiscarded(): void };
}

type ConnectionState =
  | { state: 'idle' }
  | { state: 'testing' }
  | { state: 'done'; ok: boolean; message: string; models: string[] };

export function ProfileEditor({ profile, onDeleted, onDuplicated, draft: unsaved }: Props) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(profile));
  const [saved, setSaved] = useState<Draft>(() => draftOf(profile));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [apiKey, setApiKey] = useState('');
  const [connection, setConnection] = useState<ConnectionState>({ state: 'idle' });
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const secrets = useProfiles((s) => s.secrets);
  const push = useToasts((s) => s.push);

  // A change from elsewhere (another window, a restore) replaces the form unless it has edits.
  // Adjusting state while rendering (not in an effect) is React's pattern for derived resets.
  const [seen, setSeen] = useState(profile);
  if (profile !== seen) {
    const fresh = draftOf(profile);
    setSeen(profile);
    setSaved(fresh);
    if (sameDraft(draft, saved)) setDraft(fresh);
  }

  const dirty = useMemo(() => unsaved !== undefined || !sameDraft(draft, saved), [draft, saved, unsaved]);

  const update = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setFormError(null);
  };
  const updateSpace = (key: string, patch: Partial<SpaceDraft>) =>
    setDraft((d) => ({
      ...d,
      spaces: d.spaces.map((s) =>
        s.key === key ? { ...s, ...patch } : patch.isDefault ? { ...s, isDefault: false } : s,
      ),
    }));

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    const checked = contentOf(draft);
    setErrors(checked.errors);
    if (!checked.ok) {
      setFormError('Some settings need attention before they can be saved.');
      return;
    }
    setSaving(true);
    try {
      if (unsaved) {
        const created = await client.invoke('profiles:create', checked.content);
        // A key typed into the draft is stored with it (in the main process, never shown again).
        if (apiKey.trim() !== '' && checked.content.ai.provider === 'openai_compatible') {
          await client.invoke('profiles:setApiKey', { id: created.id, apiKey: apiKey.trim() });
        }
        await useProfiles.getState().load();
        push('info', `Created “${checked.content.name}”.`);
        unsaved.onCreated(created);
        return;
      }
      await client.invoke('profiles:update', { id: profile.id, content: checked.content });
      await useProfiles.getState().load();
      setFormError(null);
      push('info', `Saved “${checked.content.name}”.`);
    } catch (error) {
      setFormError(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const testConnection = async () => {
    const checked = contentOf(draft);
    setConnection({ state: 'testing' });
    try {
      const result = await client.invoke('profiles:testConnection', {
        id: profile.id,
        ...(checked.ok ? { ai: checked.content.ai } : {}),
        // A key typed but not saved is used for this test (the stored one follows only the saved URL).
        ...(apiKey.trim() !== '' ? { apiKey: apiKey.trim() } : {}),
      });
      setConnection({ state: 'done', ...result });
    } catch (error) {
      setConnection({ state: 'done', ok: false, message: errorMessage(error), models: [] });
    }
  };

  const e = (key: string) => errors[key];
  const isEndpoint = draft.provider === 'openai_compatible';

  return (
    <form
      className="editor"
      aria-label={`Profile ${profile.name}`}
      onSubmit={(ev) => void save(ev)}
      noValidate
    >
      <header className="page-header">
        <div>
          <h2 className="editor-title">{unsaved ? 'New profile' : profile.name}</h2>
          {unsaved && <p className="badge">Not saved yet</p>}
          {profile.isDefault && !unsaved && <p className="badge">Default profile</p>}
        </div>
        {!unsaved && (
          <div className="toolbar" role="toolbar" aria-label="Profile actions">
            {!profile.isDefault && (
              <button
                type="button"
                className="button"
                onClick={() =>
                  void withErrorToast(client.invoke('profiles:setDefault', { id: profile.id })).then(
                    (p) => p && void useProfiles.getState().load(),
                  )
                }
              >
                Make default
              </button>
            )}
            <button
              type="button"
              className="button"
              onClick={() =>
                void withErrorToast(client.invoke('profiles:duplicate', { id: profile.id })).then(
                  async (p) => {
                    if (!p) return;
                    await useProfiles.getState().load();
                    onDuplicated(p);
                  },
                )
              }
            >
              Duplicate
            </button>
            <button
              type="button"
              className="button danger"
              disabled={profile.isDefault}
              title={profile.isDefault ? 'Make another profile the default first' : undefined}
              onClick={() => setConfirmingDelete(true)}
            >
              Delete
            </button>
            {confirmingDelete && (
              <ConfirmDialog
                title={`Delete “${profile.name}”?`}
                message="You can restore it from the list of deleted profiles."
                confirmLabel="Delete profile"
                danger
                onClose={() => setConfirmingDelete(false)}
                onConfirm={() =>
                  void withErrorToast(client.invoke('profiles:delete', { id: profile.id })).then(
                    async (r) => {
                      if (!r) return;
                      await useProfiles.getState().load();
                      onDeleted();
                    },
                  )
                }
              />
            )}
          </div>
        )}
      </header>

      <fieldset>
        <legend>General</legend>
        <Field label="Name" error={e('name')}>
          {(p) => <input {...p} value={draft.name} onChange={(ev) => update('name', ev.target.value)} />}
        </Field>
        <Field label="Description" error={e('description')}>
          {(p) => (
            <textarea
              {...p}
              rows={2}
              value={draft.description}
              onChange={(ev) => update('description', ev.target.value)}
            />
          )}
        </Field>
      </fieldset>

      <fieldset>
        <legend>Model</legend>
        <Field label="Provider" error={e('ai.provider')}>
          {(p) => (
            <select
              {...p}
              value={draft.provider}
              onChange={(ev) => update('provider', ev.target.value as Draft['provider'])}
            >
              <option value="builtin">Built-in (offline)</option>
              <option value="openai_compatible">OpenAI-compatible endpoint</option>
            </select>
          )}
        </Field>
        {isEndpoint && (
          <>
            <Field label="Base URL" error={e('ai.baseUrl')} hint="For Ollama: http://127.0.0.1:11434/v1">
              {(p) => (
                <input {...p} value={draft.baseUrl} onChange={(ev) => update('baseUrl', ev.target.value)} />
              )}
            </Field>
            <Field label="Model" error={e('ai.model')}>
              {(p) => (
                <input {...p} value={draft.model} onChange={(ev) => update('model', ev.target.value)} />
              )}
            </Field>
          </>
        )}
        {/* Temperature, tokens, timeout and the connection test only mean something for an endpoint. */}
        {isEndpoint && (
          <div className="field-row">
            <Field label="Temperature" error={e('ai.temperature')} hint="0 to 2">
              {(p) => (
                <input
                  {...p}
                  inputMode="decimal"
                  value={draft.temperature}
                  onChange={(ev) => update('temperature', ev.target.value)}
                />
              )}
            </Field>
            <Field label="Max tokens" error={e('ai.maxTokens')}>
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  value={draft.maxTokens}
                  onChange={(ev) => update('maxTokens', ev.target.value)}
                />
              )}
            </Field>
            <Field label="Timeout (seconds)" error={e('ai.timeoutSeconds')}>
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  value={draft.timeoutSeconds}
                  onChange={(ev) => update('timeoutSeconds', ev.target.value)}
                />
              )}
            </Field>
          </div>
        )}
        {isEndpoint && (
          <div className="key-box">
            <Field
              label="API key"
              hint={
                <>
                  {unsaved
                    ? 'Stored when you save the profile. '
                    : profile.ai.apiKeySet
                      ? 'A key is set. '
                      : 'No key is set. '}
                  {secrets?.note}
                </>
              }
            >
              {(p) => (
                <input
                  {...p}
                  type="password"
                  autoComplete="off"
                  placeholder={
                    profile.ai.apiKeySet
                      ? '•••••••• (enter a new key to replace it)'
                      : 'Paste a key if the endpoint needs one'
                  }
                  value={apiKey}
                  onChange={(ev) => setApiKey(ev.target.value)}
                />
              )}
            </Field>
            {!unsaved && (
              <div className="toolbar">
                <button
                  type="button"
                  className="button"
                  disabled={apiKey.trim() === ''}
                  onClick={() =>
                    void withErrorToast(client.invoke('profiles:setApiKey', { id: profile.id, apiKey })).then(
                      async (p) => {
                        if (!p) return;
                        setApiKey('');
                        await useProfiles.getState().load();
                        push('info', 'API key saved.');
                      },
                    )
                  }
                >
                  Save key
                </button>
                {profile.ai.apiKeySet && (
                  <button
                    type="button"
                    className="button"
                    onClick={() =>
                      void withErrorToast(client.invoke('profiles:clearApiKey', { id: profile.id })).then(
                        (p) => p && void useProfiles.getState().load(),
                      )
                    }
                  >
                    Remove key
                  </button>
                )}
              </div>
            )}
          </div>
        )}
        {isEndpoint && unsaved && <p className="muted small">Save the profile to test its connection.</p>}
        {isEndpoint && !unsaved && (
          <div className="toolbar">
            <button
              type="button"
              className="button"
              disabled={connection.state === 'testing'}
              onClick={() => void testConnection()}
            >
              {connection.state === 'testing' ? 'Testing…' : 'Test connection'}
            </button>
          </div>
        )}
        {connection.state === 'done' && (
          <div
            className={`connection ${connection.ok ? 'ok' : 'bad'}`}
            role="status"
            aria-label="Connection result"
          >
            <p>{connection.message}</p>
            {connection.models.length > 0 && (
              <ul aria-label="Available models" className="models">
                {connection.models.slice(0, 50).map((m) => (
                  <li key={m}>
                    <button
                      type="button"
                      className="link-button"
                      title="Use this model"
                      onClick={() => update('model', m)}
                    >
                      {m}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>Spaces</legend>
        <p className="muted small">
          The datasets the assistant may see with this profile. The default space is used unless the chat
          picks another.
        </p>
        {e('spaces') && (
          <p className="field-error" role="alert">
            {e('spaces')}
          </p>
        )}
        {draft.spaces.map((space, index) => (
          <div key={space.key} className="space-card" role="group" aria-label={`Space ${index + 1}`}>
            <Field label="Space name" error={e(`spaces.${index}.name`)}>
              {(p) => (
                <input
                  {...p}
                  value={space.name}
                  onChange={(ev) => updateSpace(space.key, { name: ev.target.value })}
                />
              )}
            </Field>
            <Field label="Instructions for the assistant" error={e(`spaces.${index}.instructions`)}>
              {(p) => (
                <textarea
                  {...p}
                  rows={2}
                  value={space.instructions}
                  onChange={(ev) => updateSpace(space.key, { instructions: ev.target.value })}
                />
              )}
            </Field>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={space.allDatasets}
                onChange={(ev) => updateSpace(space.key, { allDatasets: ev.target.checked })}
              />
              Every dataset of the workspace
            </label>
            {!space.allDatasets && (
              <Field label="Dataset ids (one per line)" error={e(`spaces.${index}.datasetIds`)}>
                {(p) => (
                  <textarea
                    {...p}
                    rows={2}
                    value={space.datasetIds}
                    onChange={(ev) => updateSpace(space.key, { datasetIds: ev.target.value })}
                  />
                )}
              </Field>
            )}
            <div className="toolbar">
              <label className="checkbox">
                <input
                  type="radio"
                  name={`default-space-${profile.id}`}
                  checked={space.isDefault}
                  onChange={() => updateSpace(space.key, { isDefault: true })}
                />
                Default space
              </label>
              <button
                type="button"
                className="button"
                onClick={() =>
                  setDraft((d) => ({ ...d, spaces: d.spaces.filter((s) => s.key !== space.key) }))
                }
              >
                Remove space
              </button>
            </div>
          </div>
        ))}
        <button
          type="button"
          className="button"
          onClick={() =>
            setDraft((d) => ({
              ...d,
              spaces: [
                ...d.spaces,
                {
                  key: newSpaceKey(),
                  name: `Space ${d.spaces.length + 1}`,
                  instructions: '',
                  allDatasets: true,
                  datasetIds: '',
                  isDefault: d.spaces.length === 0,
                },
              ],
            }))
          }
        >
          Add space
        </button>
      </fieldset>

      <fieldset>
        <legend>Experiment</legend>
        <Field
          label="Experiment name"
          error={e('experimentName')}
          hint="Assistant runs are grouped under this name."
        >
          {(p) => (
            <input
              {...p}
              value={draft.experimentName}
              onChange={(ev) => update('experimentName', ev.target.value)}
            />
          )}
        </Field>
      </fieldset>

      <fieldset>
        <legend>Prompts</legend>
        <Field label="System prompt" error={e('prompts.systemPrompt')}>
          {(p) => (
            <textarea
              {...p}
              rows={4}
              value={draft.systemPrompt}
              onChange={(ev) => update('systemPrompt', ev.target.value)}
            />
          )}
        </Field>
        <Field label="Editing instructions" error={e('prompts.editingInstructions')}>
          {(p) => (
            <textarea
              {...p}
              rows={3}
              value={draft.editingInstructions}
              onChange={(ev) => update('editingInstructions', ev.target.value)}
            />
          )}
        </Field>
        <Field
          label="User template"
          error={e('prompts.userTemplate')}
          hint={`Placeholders: ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(' ')}`}
        >
          {(p) => (
            <textarea
              {...p}
              rows={3}
              value={draft.userTemplate}
              onChange={(ev) => update('userTemplate', ev.target.value)}
            />
          )}
        </Field>
      </fieldset>

      <footer className="editor-footer">
        {formError && (
          <p className="field-error" role="alert">
            {formError}
          </p>
        )}
        <span className="muted small">
          {unsaved ? 'Not saved yet' : dirty ? 'Unsaved changes' : 'All changes saved'}
        </span>
        <button
          type="button"
          className="button"
          disabled={!dirty}
          onClick={() => {
            if (unsaved) {
              unsaved.onDiscarded();
              return;
            }
            setDraft(saved);
            setErrors({});
            setFormError(null);
          }}
        >
          Discard
        </button>
        <button type="submit" className="button primary" disabled={saving || !dirty} title="Save (Ctrl+S)">
          Save
        </button>
      </footer>
    </form>
  );
}
