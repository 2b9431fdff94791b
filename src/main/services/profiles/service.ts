import { asc, desc, eq, sql } from 'drizzle-orm';
import {
  profileContentSchema,
  profilesChanged,
  type AiSettingsInput,
  type HistoryEntry,
  type Profile,
  type ProfileContent,
} from '../../../shared/profiles';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import {
  aiSettings,
  configProfiles,
  profileExperiments,
  profileHistory,
  profilePrompts,
  profileSpaces,
} from '../../db/schema';
import type { Publish } from '../../events';
import { isUniqueViolation, type Clock, type IdFactory } from '../common';
import type { SecretStore } from '../secrets/store';
import { testConnection, type ConnectionResult } from './connection';
import { LOCAL_MODEL_PROFILE, OFFLINE_PROFILE } from './defaults';

export interface ProfilesDeps {
  db: AppDatabase;
  publish: Publish;
  clock: Clock;
  newId: IdFactory;
  secrets: SecretStore;
}

type Tx = Parameters<Parameters<AppDatabase['transaction']>[0]>[0];
type Db = AppDatabase | Tx;
type Action = HistoryEntry['action'];
type ParsedContent = ReturnType<typeof profileContentSchema.parse>;

/** What history keeps of a profile: everything a person edits, and never a secret. */
type Snapshot = Omit<Profile, 'id' | 'createdAt' | 'updatedAt'>;

const EXPORT_FORMAT = 'cairn-profiles';

function snapshotOf(profile: Profile): Snapshot {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = profile;
  return rest;
}

function contentOf(snapshot: Snapshot): ParsedContent {
  return profileContentSchema.parse({
    name: snapshot.name,
    description: snapshot.description,
    ai: {
      provider: snapshot.ai.provider,
      baseUrl: snapshot.ai.baseUrl,
      model: snapshot.ai.model,
      temperature: snapshot.ai.temperature,
      maxTokens: snapshot.ai.maxTokens,
      timeoutMs: snapshot.ai.timeoutMs,
    },
    spaces: snapshot.spaces.map((s) => ({
      name: s.name,
      instructions: s.instructions,
      datasetIds: s.datasetIds,
      isDefault: s.isDefault,
    })),
    experimentName: snapshot.experimentName,
    prompts: snapshot.prompts,
  });
}

function describeChange(before: Snapshot, after: Snapshot): string {
  const parts: string[] = [];
  if (before.name !== after.name) parts.push(`renamed to “${after.name}”`);
  if (before.description !== after.description) parts.push('description');
  const aiKeys = ['provider', 'baseUrl', 'model', 'temperature', 'maxTokens', 'timeoutMs'] as const;
  const labels: Record<(typeof aiKeys)[number], string> = {
    provider: 'provider',
    baseUrl: 'base URL',
    model: 'model',
    temperature: 'temperature',
    maxTokens: 'max tokens',
    timeoutMs: 'timeout',
  };
  for (const key of aiKeys) {
    if (before.ai[key] !== after.ai[key])
      parts.push(`${labels[key]} ${String(before.ai[key])} → ${String(after.ai[key])}`);
  }
  const spacesOf = (s: Snapshot) => JSON.stringify(s.spaces.map(({ id: _id, ...rest }) => rest));
  if (spacesOf(before) !== spacesOf(after)) parts.push('spaces');
  if (before.experimentName !== after.experimentName) parts.push('experiment');
  if (JSON.stringify(before.prompts) !== JSON.stringify(after.prompts)) parts.push('prompts');
  return parts.length > 0 ? `Changed ${parts.join(', ')}` : 'Saved without changes';
}

function nameTaken(name: string): CairnError {
  return new CairnError('CONFLICT', `A profile named “${name}” already exists. Choose another name.`);
}

/**
 * Refuses a dataset outside the profile's space (its default space when `spaceId` is null), for a
 * profile already loaded: a chat turn checks the one it loaded instead of loading it again.
 */
export function assertDatasetInSpace(profile: Profile, spaceId: string | null, datasetId: string): void {
  const space = spaceId
    ? profile.spaces.find((s) => s.id === spaceId)
    : profile.spaces.find((s) => s.isDefault);
  if (!space) return;
  if (space.datasetIds !== null && !space.datasetIds.includes(datasetId)) {
    throw new CairnError(
      'FORBIDDEN',
      `The dataset is outside the space “${space.name}” that this assistant may see.`,
    );
  }
}

export function createProfilesService({ db, publish, clock, newId, secrets }: ProfilesDeps) {
  function load(q: Db, id: string): Profile | null {
    const profile = q.select().from(configProfiles).where(eq(configProfiles.id, id)).get();
    if (!profile) return null;
    const ai = q.select().from(aiSettings).where(eq(aiSettings.profileId, id)).get();
    const experiment = q.select().from(profileExperiments).where(eq(profileExperiments.profileId, id)).get();
    const prompts = q.select().from(profilePrompts).where(eq(profilePrompts.profileId, id)).get();
    const spaces = q
      .select()
      .from(profileSpaces)
      .where(eq(profileSpaces.profileId, id))
      .orderBy(asc(profileSpaces.position))
      .all();
    if (!ai) throw new Error(`Profile ${id} has no AI settings row.`);
    return {
      id: profile.id,
      name: profile.name,
      description: profile.description,
      isDefault: profile.isDefault,
      createdAt: profile.createdAt,
      updatedAt: profile.updatedAt,
      ai: {
        provider: ai.provider,
        baseUrl: ai.baseUrl,
        model: ai.model,
        temperature: ai.temperature,
        maxTokens: ai.maxTokens,
        timeoutMs: ai.timeoutMs,
        apiKeySet: ai.apiKeyRef !== null,
      },
      spaces: spaces.map((s) => ({
        id: s.id,
        name: s.name,
        instructions: s.instructions,
        datasetIds: s.datasetIds === null ? null : (JSON.parse(s.datasetIds) as string[]),
        isDefault: s.isDefault,
      })),
      experimentName: experiment?.experimentName ?? '',
      prompts: {
        systemPrompt: prompts?.systemPrompt ?? '',
        editingInstructions: prompts?.editingInstructions ?? '',
        userTemplate: prompts?.userTemplate ?? '',
      },
    };
  }

  function mustLoad(q: Db, id: string): Profile {
    const profile = load(q, id);
    if (!profile)
      throw new CairnError('NOT_FOUND', 'That profile does not exist (it may have been deleted).');
    return profile;
  }

  /** Writes every part of a profile's content; the profile row itself must exist. */
  function writeParts(tx: Tx, id: string, content: ParsedContent): void {
    const existingAi = tx.select().from(aiSettings).where(eq(aiSettings.profileId, id)).get();
    const ai = { ...content.ai, apiKeyRef: existingAi?.apiKeyRef ?? null };
    tx.insert(aiSettings)
      .values({ profileId: id, ...ai })
      .onConflictDoUpdate({ target: aiSettings.profileId, set: ai })
      .run();
    tx.insert(profileExperiments)
      .values({ profileId: id, experimentName: content.experimentName })
      .onConflictDoUpdate({
        target: profileExperiments.profileId,
        set: { experimentName: content.experimentName },
      })
      .run();
    tx.insert(profilePrompts)
      .values({ profileId: id, ...content.prompts })
      .onConflictDoUpdate({ target: profilePrompts.profileId, set: content.prompts })
      .run();
    tx.delete(profileSpaces).where(eq(profileSpaces.profileId, id)).run();
    // A profile with spaces has exactly one default space: the marked one, or else the first.
    const defaultIndex = Math.max(
      0,
      content.spaces.findIndex((s) => s.isDefault),
    );
    content.spaces.forEach((space, position) => {
      tx.insert(profileSpaces)
        .values({
          id: space.id ?? newId(),
          profileId: id,
          name: space.name,
          instructions: space.instructions,
          datasetIds: space.datasetIds === null ? null : JSON.stringify(space.datasetIds),
          isDefault: position === defaultIndex,
          position,
        })
        .run();
    });
  }

  function record(
    tx: Tx,
    action: Action,
    profileId: string,
    profileName: string,
    summary: string,
    before: Snapshot | null,
    after: Snapshot | null,
  ): void {
    const seq =
      (tx
        .select({ max: sql<number | null>`max(${profileHistory.seq})` })
        .from(profileHistory)
        .get()?.max ?? 0) + 1;
    tx.insert(profileHistory)
      .values({
        id: newId(),
        profileId,
        profileName,
        action,
        summary,
        beforeJson: before === null ? null : JSON.stringify(before),
        afterJson: after === null ? null : JSON.stringify(after),
        createdAt: clock.now(),
        seq,
      })
      .run();
  }

  function insertProfile(
    tx: Tx,
    content: ParsedContent,
    options: { id?: string; makeDefault: boolean },
  ): Profile {
    const id = options.id ?? newId();
    const now = clock.now();
    tx.insert(configProfiles)
      .values({
        id,
        name: content.name,
        description: content.description,
        isDefault: options.makeDefault,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    writeParts(tx, id, content);
    return mustLoad(tx, id);
  }

  /** Runs a write in one transaction, turning the database's refusals into readable errors. */
  function write<T>(work: (tx: Tx) => T, conflictName?: string): T {
    try {
      return db.transaction(work);
    } catch (error) {
      if (conflictName !== undefined && isUniqueViolation(error, 'config_profiles_name_unique'))
        throw nameTaken(conflictName);
      throw error;
    }
  }

  function uniqueName(q: Db, base: string, suffix: string): string {
    const taken = new Set(
      q
        .select({ name: configProfiles.name })
        .from(configProfiles)
        .all()
        .map((r) => r.name.toLowerCase()),
    );
    if (!taken.has(base.toLowerCase())) return base;
    for (let n = 1; ; n += 1) {
      const candidate = n === 1 ? `${base} (${suffix})` : `${base} (${suffix} ${n})`;
      if (!taken.has(candidate.toLowerCase())) return candidate;
    }
  }

  function keyRef(profileId: string): string {
    return `profile:${profileId}:api-key`;
  }

  const changed = (profileId: string | null, action: Action): void =>
    publish(profilesChanged, { profileId, action });

  const service = {
    /** Creates the two starting profiles once, on a database that has none. */
    ensureDefaults(): void {
      const count =
        db
          .select({ n: sql<number>`count(*)` })
          .from(configProfiles)
          .get()?.n ?? 0;
      if (count > 0) return;
      write((tx) => {
        const offline = insertProfile(tx, profileContentSchema.parse(OFFLINE_PROFILE), { makeDefault: true });
        record(tx, 'create', offline.id, offline.name, 'Created on first start', null, snapshotOf(offline));
        const local = insertProfile(tx, profileContentSchema.parse(LOCAL_MODEL_PROFILE), {
          makeDefault: false,
        });
        record(tx, 'create', local.id, local.name, 'Created on first start', null, snapshotOf(local));
      });
    },

    list(): Profile[] {
      return db
        .select({ id: configProfiles.id })
        .from(configProfiles)
        .orderBy(desc(configProfiles.isDefault), asc(sql`lower(${configProfiles.name})`))
        .all()
        .map((row) => mustLoad(db, row.id));
    },

    get(input: { id: string }): Profile {
      return mustLoad(db, input.id);
    },

    getDefault(): Profile {
      const row = db
        .select({ id: configProfiles.id })
        .from(configProfiles)
        .where(eq(configProfiles.isDefault, true))
        .get();
      if (!row) throw new CairnError('NOT_FOUND', 'There is no default profile.');
      return mustLoad(db, row.id);
    },

    create(content: ParsedContent): Profile {
      const profile = write((tx) => {
        const hasDefault = tx
          .select({ id: configProfiles.id })
          .from(configProfiles)
          .where(eq(configProfiles.isDefault, true))
          .get();
        const created = insertProfile(tx, content, { makeDefault: !hasDefault });
        record(tx, 'create', created.id, created.name, 'Created', null, snapshotOf(created));
        return created;
      }, content.name);
      changed(profile.id, 'create');
      return profile;
    },

    update(input: { id: string; content: ParsedContent }): Profile {
      const profile = write((tx) => {
        const before = mustLoad(tx, input.id);
        tx.update(configProfiles)
          .set({ name: input.content.name, description: input.content.description, updatedAt: clock.now() })
          .where(eq(configProfiles.id, input.id))
          .run();
        writeParts(tx, input.id, input.content);
        const after = mustLoad(tx, input.id);
        record(
          tx,
          'update',
          input.id,
          after.name,
          describeChange(snapshotOf(before), snapshotOf(after)),
          snapshotOf(before),
          snapshotOf(after),
        );
        return after;
      }, input.content.name);
      changed(profile.id, 'update');
      return profile;
    },

    duplicate(input: { id: string }): Profile {
      const source = mustLoad(db, input.id);
      const key = source.ai.apiKeySet ? secrets.get(keyRef(source.id)) : null;
      const copy = write((tx) => {
        const content = { ...contentOf(snapshotOf(source)), name: uniqueName(tx, source.name, 'copy') };
        const created = insertProfile(tx, content, { makeDefault: false });
        if (key !== null)
          tx.update(aiSettings)
            .set({ apiKeyRef: keyRef(created.id) })
            .where(eq(aiSettings.profileId, created.id))
            .run();
        const after = mustLoad(tx, created.id);
        record(
          tx,
          'create',
          after.id,
          after.name,
          `Duplicated from “${source.name}”`,
          null,
          snapshotOf(after),
        );
        return after;
      });
      if (key !== null) secrets.set(keyRef(copy.id), key);
      changed(copy.id, 'create');
      return copy;
    },

    delete(input: { id: string }): { id: string } {
      write((tx) => {
        const before = mustLoad(tx, input.id);
        if (before.isDefault) {
          throw new CairnError(
            'CONFLICT',
            `“${before.name}” is the default profile. Make another profile the default before deleting it.`,
          );
        }
        tx.delete(configProfiles).where(eq(configProfiles.id, input.id)).run();
        record(tx, 'delete', input.id, before.name, 'Deleted', snapshotOf(before), null);
      });
      secrets.delete(keyRef(input.id));
      changed(input.id, 'delete');
      return { id: input.id };
    },

    setDefault(input: { id: string }): Profile {
      const profile = write((tx) => {
        const before = mustLoad(tx, input.id);
        if (before.isDefault) return before;
        const previous = tx.select().from(configProfiles).where(eq(configProfiles.isDefault, true)).get();
        // Two statements in one transaction: the partial unique index checks each row as it changes.
        tx.update(configProfiles).set({ isDefault: false }).where(eq(configProfiles.isDefault, true)).run();
        tx.update(configProfiles)
          .set({ isDefault: true, updatedAt: clock.now() })
          .where(eq(configProfiles.id, input.id))
          .run();
        const after = mustLoad(tx, input.id);
        const from = previous ? ` (was “${previous.name}”)` : '';
        record(
          tx,
          'set_default',
          input.id,
          after.name,
          `Made the default${from}`,
          snapshotOf(before),
          snapshotOf(after),
        );
        return after;
      });
      changed(profile.id, 'set_default');
      return profile;
    },

    setApiKey(input: { id: string; apiKey: string }): Profile {
      const before = mustLoad(db, input.id);
      secrets.set(keyRef(input.id), input.apiKey);
      const profile = write((tx) => {
        tx.update(aiSettings)
          .set({ apiKeyRef: keyRef(input.id) })
          .where(eq(aiSettings.profileId, input.id))
          .run();
        tx.update(configProfiles)
          .set({ updatedAt: clock.now() })
          .where(eq(configProfiles.id, input.id))
          .run();
        const after = mustLoad(tx, input.id);
        record(
          tx,
          'api_key',
          input.id,
          after.name,
          before.ai.apiKeySet ? 'Replaced the API key' : 'Set an API key',
          snapshotOf(before),
          snapshotOf(after),
        );
        return after;
      });
      changed(profile.id, 'api_key');
      return profile;
    },

    clearApiKey(input: { id: string }): Profile {
      const before = mustLoad(db, input.id);
      if (!before.ai.apiKeySet) return before;
      const profile = write((tx) => {
        tx.update(aiSettings).set({ apiKeyRef: null }).where(eq(aiSettings.profileId, input.id)).run();
        tx.update(configProfiles)
          .set({ updatedAt: clock.now() })
          .where(eq(configProfiles.id, input.id))
          .run();
        const after = mustLoad(tx, input.id);
        record(
          tx,
          'api_key',
          input.id,
          after.name,
          'Removed the API key',
          snapshotOf(before),
          snapshotOf(after),
        );
        return after;
      });
      secrets.delete(keyRef(input.id));
      changed(profile.id, 'api_key');
      return profile;
    },

    history(input: { profileId?: string | undefined; limit: number }): HistoryEntry[] {
      const query = db.select().from(profileHistory);
      const rows = (input.profileId ? query.where(eq(profileHistory.profileId, input.profileId)) : query)
        .orderBy(desc(profileHistory.seq))
        .limit(input.limit)
        .all();
      return rows.map((row) => ({
        id: row.id,
        profileId: row.profileId,
        profileName: row.profileName,
        action: row.action,
        summary: row.summary,
        before: row.beforeJson === null ? null : (JSON.parse(row.beforeJson) as unknown),
        after: row.afterJson === null ? null : (JSON.parse(row.afterJson) as unknown),
        createdAt: row.createdAt,
      }));
    },

    /**
     * Puts a profile back to the state it had before the given change (which is itself
     * recorded). A deleted profile comes back under its old id; its API key does not, since
     * keys are never kept in history.
     */
    restore(input: { historyId: string }): Profile {
      const entry = db.select().from(profileHistory).where(eq(profileHistory.id, input.historyId)).get();
      if (!entry) throw new CairnError('NOT_FOUND', 'That history entry does not exist.');
      if (entry.beforeJson === null) {
        throw new CairnError(
          'VALIDATION',
          'That entry is the profile’s creation: there is no earlier state to restore.',
        );
      }
      const snapshot = JSON.parse(entry.beforeJson) as Snapshot;
      let content: ParsedContent;
      try {
        content = contentOf(snapshot);
      } catch {
        throw new CairnError(
          'VALIDATION',
          'That history entry can no longer be restored: its settings are not valid any more.',
        );
      }
      const profile = write((tx) => {
        const current = load(tx, entry.profileId);
        if (current) {
          tx.update(configProfiles)
            .set({ name: content.name, description: content.description, updatedAt: clock.now() })
            .where(eq(configProfiles.id, current.id))
            .run();
          writeParts(tx, current.id, content);
          const after = mustLoad(tx, current.id);
          record(
            tx,
            'restore',
            current.id,
            after.name,
            `Restored the state before: ${entry.summary}`,
            snapshotOf(current),
            snapshotOf(after),
          );
          return after;
        }
        const recreated = insertProfile(tx, content, { id: entry.profileId, makeDefault: false });
        record(
          tx,
          'restore',
          recreated.id,
          recreated.name,
          'Restored after it was deleted',
          null,
          snapshotOf(recreated),
        );
        return recreated;
      }, content.name);
      changed(profile.id, 'restore');
      return profile;
    },

    export(input: { ids?: string[] | undefined }) {
      const profiles = (input.ids ?? service.list().map((p) => p.id)).map((id) =>
        contentOf(snapshotOf(mustLoad(db, id))),
      );
      return { format: EXPORT_FORMAT as typeof EXPORT_FORMAT, version: 1 as const, profiles };
    },

    /** Imports exported profiles all-or-nothing; a clashing name gets “(imported)”. */
    import(input: { document: unknown }): { imported: Profile[] } {
      const doc = input.document as { format?: unknown; version?: unknown; profiles?: unknown } | null;
      if (!doc || typeof doc !== 'object' || doc.format !== EXPORT_FORMAT || !Array.isArray(doc.profiles)) {
        throw new CairnError('VALIDATION', 'This file is not a Cairn profiles export.');
      }
      if (doc.version !== 1)
        throw new CairnError(
          'VALIDATION',
          `This export has version ${String(doc.version)}, which this Cairn cannot read.`,
        );
      const contents = doc.profiles.map((raw, index) => {
        const parsed = profileContentSchema.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
          throw new CairnError(
            'VALIDATION',
            `Profile ${index + 1} in the file is not valid${where}: ${issue?.message ?? 'unknown problem'}.`,
          );
        }
        return parsed.data;
      });
      const imported = write((tx) =>
        contents.map((content) => {
          const named = { ...content, name: uniqueName(tx, content.name, 'imported') };
          const created = insertProfile(tx, named, { makeDefault: false });
          record(tx, 'import', created.id, created.name, 'Imported', null, snapshotOf(created));
          return created;
        }),
      );
      changed(null, 'import');
      return { imported };
    },

    /**
     * Tests saved or edited settings. The stored key goes only to the base URL it was saved
     * for: an edited address is tested with a key typed for the test, or with none.
     */
    async testConnection(input: {
      id: string;
      ai?: AiSettingsInput | undefined;
      apiKey?: string | undefined;
    }): Promise<ConnectionResult> {
      const profile = mustLoad(db, input.id);
      const ai = input.ai ?? profile.ai;
      if (input.apiKey !== undefined) return testConnection(ai, input.apiKey);
      const savedFor = sameEndpoint(ai.baseUrl, profile.ai.baseUrl);
      if (savedFor || !profile.ai.apiKeySet) {
        return testConnection(ai, profile.ai.apiKeySet ? secrets.get(keyRef(profile.id)) : null);
      }
      const result = await testConnection(ai, null);
      return {
        ...result,
        message: `${result.message} (Tested without the saved API key: it is sent only to the saved base URL. Save the profile, or type the key, to test this address with it.)`,
      };
    },

    secretsInfo() {
      return secrets.info;
    },

    /** The decrypted key for the assistant's model client. Main process only; never a contract. */
    apiKeyFor(profileId: string): string | null {
      const profile = mustLoad(db, profileId);
      return profile.ai.apiKeySet ? secrets.get(keyRef(profileId)) : null;
    },

    /** The assistant's tools call this before touching a dataset. */
    assertDatasetVisible(profileId: string, spaceId: string | null, datasetId: string): void {
      assertDatasetInSpace(mustLoad(db, profileId), spaceId, datasetId);
    },
  };
  return service;
}

export type ProfilesService = ReturnType<typeof createProfilesService>;
export type { ProfileContent };

/** Two base URLs name one endpoint when they differ at most by a trailing slash or letter case of the host. */
function sameEndpoint(a: string, b: string): boolean {
  const normal = (url: string): string | null => {
    try {
      return new URL(url.trim()).href.replace(/\/+$/, '');
    } catch {
      return null;
    }
  };
  const left = normal(a);
  return left !== null && left === normal(b);
}
