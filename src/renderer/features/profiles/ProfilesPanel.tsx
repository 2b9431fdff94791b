import { useEffect, useRef, useState } from 'react';
import { profileContentSchema, type Profile } from '../../../shared/profiles';
import { plural } from '../../../shared/text';
import { client } from '../../lib/client';
import { errorMessage, useToasts, withErrorToast } from '../../app/toasts';
import { ProfileEditor } from './ProfileEditor';
import { ProfileHistory } from './ProfileHistory';
import { subscribeToProfileChanges, useProfiles } from './store';

/** The id of the unsaved draft in the list (never sent: Save creates the profile). */
const DRAFT_ID = '00000000-0000-4000-8000-000000000000';

function uniqueNewName(profiles: Profile[]): string {
  const taken = new Set(profiles.map((p) => p.name.toLowerCase()));
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? 'New profile' : `New profile ${n}`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Settings → Profiles: the list, the editor of the selected one, and its history. */
export function ProfilesPanel() {
  const { profiles, history, loaded } = useProfiles();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // "New profile" opens an unsaved draft: nothing is created until Save.
  const [draft, setDraft] = useState<Profile | null>(null);
  const [tab, setTab] = useState<'settings' | 'history'>('settings');
  const fileInput = useRef<HTMLInputElement>(null);
  const push = useToasts((s) => s.push);

  useEffect(() => {
    void withErrorToast(useProfiles.getState().load());
    return subscribeToProfileChanges();
  }, []);

  const selected =
    (draft && selectedId === draft.id ? draft : undefined) ??
    profiles.find((p) => p.id === selectedId) ??
    profiles.find((p) => p.isDefault) ??
    profiles[0];
  const deleted = history.filter((h) => h.action === 'delete' && !profiles.some((p) => p.id === h.profileId));

  const createProfile = () => {
    if (draft) {
      setSelectedId(draft.id);
      return;
    }
    const base = profiles.find((p) => p.isDefault) ?? profiles[0];
    const content = profileContentSchema.parse({
      name: uniqueNewName(profiles),
      ai: base
        ? { ...base.ai }
        : {
            provider: 'builtin',
            baseUrl: '',
            model: '',
            temperature: 0.2,
            maxTokens: 2048,
            timeoutMs: 60_000,
          },
      spaces: [{ name: 'All datasets', datasetIds: null, isDefault: true }],
      prompts: base?.prompts ?? { systemPrompt: '', editingInstructions: '', userTemplate: '{{question}}' },
      experimentName: '',
    });
    const now = new Date().toISOString();
    setDraft({
      ...content,
      id: DRAFT_ID,
      isDefault: false,
      createdAt: now,
      updatedAt: now,
      ai: { ...content.ai, apiKeySet: false },
      // No ids yet: the spaces are created with the profile.
      spaces: content.spaces.map((space) => ({
        id: '',
        name: space.name,
        instructions: space.instructions,
        datasetIds: space.datasetIds,
        isDefault: space.isDefault,
      })),
    });
    setSelectedId(DRAFT_ID);
    setTab('settings');
  };

  const importFile = async (file: File) => {
    try {
      const text = await file.text();
      let document: unknown;
      try {
        document = JSON.parse(text);
      } catch {
        push('error', `${file.name} is not a JSON file.`);
        return;
      }
      const result = await client.invoke('profiles:import', { document });
      await useProfiles.getState().load();
      push('info', `Imported ${plural(result.imported.length, 'profile')}.`);
      if (result.imported[0]) setSelectedId(result.imported[0].id);
    } catch (error) {
      push('error', errorMessage(error));
    }
  };

  const exportProfiles = async (ids?: string[]) => {
    const doc = await withErrorToast(client.invoke('profiles:export', ids ? { ids } : {}));
    if (doc)
      download(
        ids && ids.length === 1 ? 'cairn-profile.json' : 'cairn-profiles.json',
        JSON.stringify(doc, null, 2),
      );
  };

  if (!loaded) return <p className="muted">Loading profiles…</p>;

  return (
    <section className="profiles" aria-labelledby="profiles-heading">
      <div className="profiles-list">
        <h2 id="profiles-heading">Assistant profiles</h2>
        <ul className="nav-list" aria-label="Profiles">
          {draft && (
            <li>
              <button
                type="button"
                className="nav-link nav-button"
                aria-current={selected?.id === draft.id ? 'true' : undefined}
                onClick={() => setSelectedId(draft.id)}
              >
                <span className="truncate">{draft.name}</span>
                <span className="badge">not saved</span>
              </button>
            </li>
          )}
          {profiles.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="nav-link nav-button"
                aria-current={selected?.id === p.id ? 'true' : undefined}
                onClick={() => setSelectedId(p.id)}
              >
                <span className="truncate">{p.name}</span>
                {p.isDefault && <span className="badge">default</span>}
              </button>
            </li>
          ))}
        </ul>
        <div className="stack">
          <button type="button" className="button" onClick={createProfile}>
            New profile
          </button>
          <button type="button" className="button" onClick={() => fileInput.current?.click()}>
            Import…
          </button>
          <button type="button" className="button" onClick={() => void exportProfiles()}>
            Export all
          </button>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            aria-label="Profiles file to import"
            hidden
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importFile(file);
            }}
          />
        </div>
        {deleted.length > 0 && (
          <>
            <h3 className="small muted">Deleted</h3>
            <ProfileHistory entries={deleted} label="Deleted profiles" />
          </>
        )}
      </div>
      {selected && (
        <div className="profiles-detail">
          <div role="tablist" aria-label="Profile views" className="tabs">
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'settings'}
              onClick={() => setTab('settings')}
            >
              Settings
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'history'}
              onClick={() => setTab('history')}
            >
              History
            </button>
          </div>
          {/* Outside the tablist: a tablist holds tabs only. */}
          <button type="button" className="link-button" onClick={() => void exportProfiles([selected.id])}>
            Export this profile
          </button>
          {tab === 'settings' ? (
            <ProfileEditor
              key={selected.id}
              profile={selected}
              onDeleted={() => setSelectedId(null)}
              onDuplicated={(p) => setSelectedId(p.id)}
              {...(selected.id === DRAFT_ID
                ? {
                    draft: {
                      onCreated: (p: Profile) => {
                        setDraft(null);
                        setSelectedId(p.id);
                      },
                      onDiscarded: () => {
                        setDraft(null);
                        setSelectedId(null);
                      },
                    },
                  }
                : {})}
            />
          ) : (
            <div role="tabpanel" aria-label="History">
              <ProfileHistory
                entries={history.filter((h) => h.profileId === selected.id)}
                label={`History of ${selected.name}`}
              />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
