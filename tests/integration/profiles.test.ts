import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileContentSchema, type ProfileContent } from '../../src/shared/profiles';
import { CairnError } from '../../src/shared/result';
import { createTestApp, openTestDatabase } from '../helpers/app';
import { startMockOpenAi } from '../helpers/mock-openai';
import { useCleanup, useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const cleanup = useCleanup();

async function app() {
  const dir = tempDir();
  const instance = await createTestApp(dir);
  cleanup(() => instance.close());
  return { dir, app: instance, profiles: instance.services.profiles };
}

function content(overrides: Partial<ProfileContent> = {}) {
  return profileContentSchema.parse({
    name: 'Cloud',
    description: '',
    ai: {
      provider: 'openai_compatible',
      baseUrl: 'https://api.example.test/v1',
      model: 'gpt-x',
      temperature: 0.7,
      maxTokens: 1000,
      timeoutMs: 30_000,
    },
    spaces: [{ name: 'Sales only', datasetIds: ['ds-1'], isDefault: true }],
    experimentName: 'cloud-runs',
    prompts: { systemPrompt: 'Be brief.', editingInstructions: '', userTemplate: 'Q: {{question}}' },
    ...overrides,
  });
}

async function expectError(fn: () => unknown, code: string, message?: RegExp) {
  let caught: unknown;
  try {
    await fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CairnError);
  expect((caught as CairnError).code).toBe(code);
  if (message) expect((caught as CairnError).message).toMatch(message);
}

describe('database rules for profiles, straight against SQLite', () => {
  async function db() {
    const dir = tempDir();
    const opened = await openTestDatabase(dir);
    cleanup(() => opened.close());
    const sqlite = opened.sqlite;
    const addProfile = (id: string, name: string, isDefault = 0) =>
      sqlite
        .prepare(
          `INSERT INTO config_profiles (id, name, description, is_default, created_at, updated_at) VALUES (?, ?, '', ?, 't', 't')`,
        )
        .run(id, name, isDefault);
    const addAi = (id: string, temperature: number, maxTokens: number) =>
      sqlite
        .prepare(
          `INSERT INTO ai_settings (profile_id, provider, temperature, max_tokens, timeout_ms) VALUES (?, 'builtin', ?, ?, 1000)`,
        )
        .run(id, temperature, maxTokens);
    return { sqlite, addProfile, addAi };
  }

  it('refuses a second profile with the same name, whatever its case', async () => {
    const { addProfile } = await db();
    addProfile('a', 'Cloud');
    expect(() => addProfile('b', 'CLOUD')).toThrow(
      /UNIQUE constraint failed: index 'config_profiles_name_unique'/,
    );
  });

  it('refuses two default profiles', async () => {
    const { addProfile } = await db();
    addProfile('a', 'One', 1);
    expect(() => addProfile('b', 'Two', 1)).toThrow(/UNIQUE constraint failed: config_profiles.is_default/);
    addProfile('c', 'Three', 0);
  });

  it('refuses a temperature of 2.5 and accepts 0 and 2', async () => {
    const { addProfile, addAi } = await db();
    addProfile('a', 'A');
    addProfile('b', 'B');
    addProfile('c', 'C');
    expect(() => addAi('a', 2.5, 100)).toThrow(/ai_settings_temperature_range/);
    expect(() => addAi('a', -0.1, 100)).toThrow(/ai_settings_temperature_range/);
    addAi('b', 0, 100);
    addAi('c', 2, 100);
  });

  it('refuses max tokens of 0', async () => {
    const { addProfile, addAi } = await db();
    addProfile('a', 'A');
    expect(() => addAi('a', 1, 0)).toThrow(/ai_settings_max_tokens_positive/);
  });

  it('refuses an unknown provider', async () => {
    const { sqlite, addProfile } = await db();
    addProfile('a', 'A');
    expect(() =>
      sqlite
        .prepare(
          `INSERT INTO ai_settings (profile_id, provider, temperature, max_tokens, timeout_ms) VALUES ('a', 'magic', 1, 1, 1)`,
        )
        .run(),
    ).toThrow(/ai_settings_provider/);
  });

  it('refuses two default spaces in one profile but allows one per profile', async () => {
    const { sqlite, addProfile } = await db();
    addProfile('a', 'A');
    addProfile('b', 'B');
    const addSpace = (id: string, profile: string, name: string, isDefault: number) =>
      sqlite
        .prepare(`INSERT INTO profile_spaces (id, profile_id, name, is_default) VALUES (?, ?, ?, ?)`)
        .run(id, profile, name, isDefault);
    addSpace('s1', 'a', 'One', 1);
    addSpace('s2', 'b', 'One', 1);
    expect(() => addSpace('s3', 'a', 'Two', 1)).toThrow(
      /UNIQUE constraint failed: profile_spaces.profile_id/,
    );
    expect(() => addSpace('s4', 'a', 'one', 0)).toThrow(/profile_spaces_name_unique/);
  });

  it('deleting a profile deletes its settings, spaces, experiment and prompts', async () => {
    const { sqlite, addProfile, addAi } = await db();
    addProfile('a', 'A');
    addAi('a', 1, 10);
    sqlite.prepare(`INSERT INTO profile_spaces (id, profile_id, name) VALUES ('s', 'a', 'S')`).run();
    sqlite.prepare(`INSERT INTO profile_experiments (profile_id, experiment_name) VALUES ('a', 'e')`).run();
    sqlite.prepare(`INSERT INTO profile_prompts (profile_id, system_prompt) VALUES ('a', 'p')`).run();
    sqlite.prepare(`DELETE FROM config_profiles WHERE id = 'a'`).run();
    for (const table of ['ai_settings', 'profile_spaces', 'profile_experiments', 'profile_prompts']) {
      expect(sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    }
  });

  it('refuses to delete the default profile', async () => {
    const { sqlite, addProfile } = await db();
    addProfile('a', 'A', 1);
    expect(() => sqlite.prepare(`DELETE FROM config_profiles WHERE id = 'a'`).run()).toThrow(
      /default profile cannot be deleted/,
    );
  });
});

describe('profiles service', () => {
  it('creates the offline default and the local-model example exactly once', async () => {
    const { dir, app: first, profiles } = await app();
    const names = profiles.list().map((p) => [p.name, p.isDefault, p.ai.provider, p.ai.baseUrl]);
    expect(names).toEqual([
      ['Offline (built-in)', true, 'builtin', ''],
      ['Local model', false, 'openai_compatible', 'http://127.0.0.1:11434/v1'],
    ]);
    first.close();
    const again = await createTestApp(dir);
    cleanup(() => again.close());
    expect(again.services.profiles.list()).toHaveLength(2);
  });

  it('creates a profile with all its parts and records it in the history', async () => {
    const { profiles } = await app();
    const created = profiles.create(content());
    expect(created).toMatchObject({
      name: 'Cloud',
      isDefault: false,
      ai: {
        provider: 'openai_compatible',
        model: 'gpt-x',
        temperature: 0.7,
        maxTokens: 1000,
        timeoutMs: 30_000,
        apiKeySet: false,
      },
      experimentName: 'cloud-runs',
      prompts: { systemPrompt: 'Be brief.', userTemplate: 'Q: {{question}}' },
    });
    expect(created.spaces).toEqual([
      { id: expect.any(String), name: 'Sales only', instructions: '', datasetIds: ['ds-1'], isDefault: true },
    ]);
    const [entry] = profiles.history({ profileId: created.id, limit: 10 });
    expect(entry).toMatchObject({ action: 'create', before: null, profileName: 'Cloud' });
  });

  it('explains a taken name as a conflict', async () => {
    const { profiles } = await app();
    await expectError(() => profiles.create(content({ name: 'local MODEL' })), 'CONFLICT', /already exists/);
  });

  it('keeps exactly one default when another is made default', async () => {
    const { profiles } = await app();
    const cloud = profiles.create(content());
    profiles.setDefault({ id: cloud.id });
    const defaults = profiles.list().filter((p) => p.isDefault);
    expect(defaults.map((p) => p.name)).toEqual(['Cloud']);
    expect(profiles.history({ profileId: cloud.id, limit: 1 })[0]).toMatchObject({
      action: 'set_default',
      summary: 'Made the default (was “Offline (built-in)”)',
    });
  });

  it('will not delete the default profile, and deletes another with its key', async () => {
    const { dir, profiles } = await app();
    const offline = profiles.getDefault();
    await expectError(
      () => profiles.delete({ id: offline.id }),
      'CONFLICT',
      /Make another profile the default/,
    );
    const cloud = profiles.create(content());
    profiles.setApiKey({ id: cloud.id, apiKey: 'sk-secret-123' });
    profiles.delete({ id: cloud.id });
    await expectError(() => profiles.get({ id: cloud.id }), 'NOT_FOUND');
    expect(fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8')).not.toContain(`profile:${cloud.id}`);
  });

  it('records an update with before and after, and restores the earlier value', async () => {
    const { profiles } = await app();
    const cloud = profiles.create(content());
    profiles.update({
      id: cloud.id,
      content: content({ ai: { ...content().ai, model: 'gpt-y', temperature: 1.1 } }),
    });
    const [update] = profiles.history({ profileId: cloud.id, limit: 1 });
    expect(update?.summary).toBe('Changed model gpt-x → gpt-y, temperature 0.7 → 1.1');
    expect(update?.before).toMatchObject({ ai: { model: 'gpt-x' } });
    expect(update?.after).toMatchObject({ ai: { model: 'gpt-y' } });

    const restored = profiles.restore({ historyId: update!.id });
    expect(restored.ai.model).toBe('gpt-x');
    expect(restored.ai.temperature).toBe(0.7);
    const [restoreEntry] = profiles.history({ profileId: cloud.id, limit: 1 });
    expect(restoreEntry).toMatchObject({
      action: 'restore',
      before: { ai: { model: 'gpt-y' } },
      after: { ai: { model: 'gpt-x' } },
    });
  });

  it('brings a deleted profile back from its history', async () => {
    const { profiles } = await app();
    const cloud = profiles.create(content());
    profiles.delete({ id: cloud.id });
    const deletion = profiles.history({ profileId: cloud.id, limit: 1 })[0]!;
    expect(deletion.action).toBe('delete');
    const back = profiles.restore({ historyId: deletion.id });
    expect(back).toMatchObject({
      id: cloud.id,
      name: 'Cloud',
      isDefault: false,
      ai: { model: 'gpt-x', apiKeySet: false },
    });
  });

  it('refuses to restore a creation entry', async () => {
    const { profiles } = await app();
    const cloud = profiles.create(content());
    const creation = profiles.history({ profileId: cloud.id, limit: 1 })[0]!;
    await expectError(() => profiles.restore({ historyId: creation.id }), 'VALIDATION', /no earlier state/);
  });

  it('never puts a key in a response, the history, the export or the database', async () => {
    const { dir, app: instance, profiles } = await app();
    const cloud = profiles.create(content());
    const secret = 'sk-very-secret-key-0001';
    const viaHandler = await instance.handlers.invoke(
      'profiles:setApiKey',
      { id: cloud.id, apiKey: secret },
      { transport: 'test' },
    );
    expect(viaHandler).toMatchObject({ ok: true, value: { ai: { apiKeySet: true } } });
    const everything = JSON.stringify([
      viaHandler,
      await instance.handlers.invoke('profiles:list', {}, { transport: 'test' }),
      await instance.handlers.invoke('profiles:history', { limit: 500 }, { transport: 'test' }),
      await instance.handlers.invoke('profiles:export', {}, { transport: 'test' }),
      await instance.handlers.invoke('profiles:get', { id: cloud.id }, { transport: 'test' }),
    ]);
    expect(everything).not.toContain(secret);
    instance.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(fs.readFileSync(path.join(dir, 'cairn.db')).includes(Buffer.from(secret))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8')).not.toContain(secret);
    expect(fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(profiles.apiKeyFor(cloud.id)).toBe(secret);
  });

  it('refuses unknown placeholders in the user template, naming them', async () => {
    const { app: instance } = await app();
    const bad = {
      ...content(),
      prompts: {
        systemPrompt: '',
        editingInstructions: '',
        userTemplate: '{{question}} {{colour}} {{ mood }}',
      },
    };
    const result = await instance.handlers.invoke('profiles:create', bad, { transport: 'test' });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(!result.ok && result.error.message).toContain('{{colour}}, {{mood}}');
  });

  it('refuses a temperature of 2.5 and max tokens of 0 through the contract with readable messages', async () => {
    const { app: instance } = await app();
    const hot = await instance.handlers.invoke(
      'profiles:create',
      { ...content(), ai: { ...content().ai, temperature: 2.5 } },
      { transport: 'test' },
    );
    expect(hot).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'ai.temperature: Temperature must be between 0 and 2.' },
    });
    const none = await instance.handlers.invoke(
      'profiles:create',
      { ...content(), ai: { ...content().ai, maxTokens: 0 } },
      { transport: 'test' },
    );
    expect(none).toMatchObject({
      ok: false,
      error: { message: 'ai.maxTokens: Max tokens must be greater than 0.' },
    });
  });

  it('duplicates a profile with a fresh name and its key', async () => {
    const { profiles } = await app();
    const cloud = profiles.create(content());
    profiles.setApiKey({ id: cloud.id, apiKey: 'sk-dup' });
    const copy = profiles.duplicate({ id: cloud.id });
    const copy2 = profiles.duplicate({ id: cloud.id });
    expect([copy.name, copy2.name]).toEqual(['Cloud (copy)', 'Cloud (copy 2)']);
    expect(copy.ai.apiKeySet).toBe(true);
    expect(profiles.apiKeyFor(copy.id)).toBe('sk-dup');
    expect(copy.spaces[0]?.id).not.toBe(cloud.spaces[0]?.id);
  });

  it('exports without secrets and imports all-or-nothing, renaming clashes', async () => {
    const { profiles } = await app();
    const cloud = profiles.create(content());
    profiles.setApiKey({ id: cloud.id, apiKey: 'sk-export' });
    const doc = profiles.export({ ids: [cloud.id] });
    expect(JSON.stringify(doc)).not.toContain('sk-export');
    const { imported } = profiles.import({ document: doc });
    expect(imported.map((p) => [p.name, p.ai.apiKeySet])).toEqual([['Cloud (imported)', false]]);

    const before = profiles.list().length;
    const broken = {
      ...doc,
      profiles: [
        doc.profiles[0],
        { ...(doc.profiles[0] as object), ai: { provider: 'builtin', temperature: 9 } },
      ],
    };
    await expectError(
      () => profiles.import({ document: broken }),
      'VALIDATION',
      /Profile 2 in the file is not valid/,
    );
    expect(profiles.list()).toHaveLength(before);
    await expectError(
      () => profiles.import({ document: { hello: 1 } }),
      'VALIDATION',
      /not a Cairn profiles export/,
    );
  });

  it('tells the assistant which datasets a space lets it see', async () => {
    const { profiles } = await app();
    const cloud = profiles.create(content());
    expect(() => profiles.assertDatasetVisible(cloud.id, null, 'ds-1')).not.toThrow();
    expect(() => profiles.assertDatasetVisible(cloud.id, null, 'ds-2')).toThrow(
      /outside the space “Sales only”/,
    );
    const offline = profiles.getDefault();
    expect(() => profiles.assertDatasetVisible(offline.id, null, 'anything')).not.toThrow();
  });

  it('publishes profiles:changed on every change', async () => {
    const { app: instance, profiles } = await app();
    const seen: unknown[] = [];
    instance.events.subscribe((channel, payload) => seen.push([channel, payload]));
    const cloud = profiles.create(content());
    profiles.setDefault({ id: cloud.id });
    expect(seen).toEqual([
      ['profiles:changed', { profileId: cloud.id, action: 'create' }],
      ['profiles:changed', { profileId: cloud.id, action: 'set_default' }],
    ]);
  });
});

describe('test connection against a real local Chat Completions server', () => {
  it('lists the models and says whether the chosen one is there', async () => {
    const { profiles } = await app();
    const server = await startMockOpenAi({ models: ['llama3.2', 'qwen2.5'] });
    cleanup(() => server.close());
    const local = profiles.list().find((p) => p.name === 'Local model')!;
    const result = await profiles.testConnection({
      id: local.id,
      ai: { ...local.ai, baseUrl: server.baseUrl },
    });
    expect(result).toEqual({
      ok: true,
      message: 'Connected. 2 models available, including “llama3.2”.',
      models: ['llama3.2', 'qwen2.5'],
    });
  });

  it('sends the stored key and explains a 401', async () => {
    const { profiles } = await app();
    const server = await startMockOpenAi({ apiKey: 'sk-right' });
    cleanup(() => server.close());
    const cloud = profiles.create(content({ ai: { ...content().ai, baseUrl: server.baseUrl } }));
    profiles.setApiKey({ id: cloud.id, apiKey: 'sk-wrong' });
    const refused = await profiles.testConnection({ id: cloud.id });
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/refused the API key \(401/);
    profiles.setApiKey({ id: cloud.id, apiKey: 'sk-right' });
    expect((await profiles.testConnection({ id: cloud.id })).ok).toBe(true);
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer sk-right');
  });

  it('explains a refused port', async () => {
    const { profiles } = await app();
    const server = await startMockOpenAi();
    const deadUrl = server.baseUrl;
    await server.close();
    const local = profiles.list().find((p) => p.name === 'Local model')!;
    const result = await profiles.testConnection({ id: local.id, ai: { ...local.ai, baseUrl: deadUrl } });
    expect(result.ok).toBe(false);
    expect(result.message).toBe(
      `Nothing is listening at ${deadUrl} (connection refused). Is the server running?`,
    );
  });

  it('explains a wrong base URL (no models route)', async () => {
    const { profiles } = await app();
    const server = await startMockOpenAi();
    cleanup(() => server.close());
    const local = profiles.list().find((p) => p.name === 'Local model')!;
    const wrong = server.baseUrl.replace(/\/v1$/, '/api');
    const result = await profiles.testConnection({ id: local.id, ai: { ...local.ai, baseUrl: wrong } });
    expect(result.message).toMatch(/no models list at .*\/api\/models/);
  });
});

describe('the stored API key goes only to the base URL it was saved for', () => {
  /** A plain HTTP server on 127.0.0.1 that records every Authorization header it is sent. */
  async function trap() {
    const { createServer } = await import('node:http');
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'trap-model', object: 'model' }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    cleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return { baseUrl: `http://127.0.0.1:${port}/v1`, seen };
  }

  async function cloudWithKey(baseUrl: string) {
    const env = await app();
    const cloud = env.profiles.create(content({ ai: { ...content().ai, baseUrl } }));
    env.profiles.setApiKey({ id: cloud.id, apiKey: 'sk-stored-secret' });
    return { ...env, cloud };
  }

  const call = (instance: Awaited<ReturnType<typeof app>>['app'], input: unknown) =>
    instance.handlers.invoke('profiles:testConnection', input, { transport: 'test' });

  it('an edited, unsaved base URL is tested without the stored key', async () => {
    const saved = await trap();
    const elsewhere = await trap();
    const { app: instance, cloud } = await cloudWithKey(saved.baseUrl);
    const result = await call(instance, {
      id: cloud.id,
      ai: { ...cloud.ai, baseUrl: elsewhere.baseUrl },
    });
    expect(result.ok).toBe(true);
    expect(elsewhere.seen.length).toBeGreaterThan(0);
    expect(elsewhere.seen.some((h) => h?.includes('sk-stored-secret'))).toBe(false);
    expect(result.ok && (result.value as { message: string }).message).toMatch(
      /Tested without the saved API key: it is sent only to the saved base URL/,
    );
    expect(saved.seen).toEqual([]);
  });

  it('the saved base URL (trailing slash or not) gets the stored key', async () => {
    const saved = await trap();
    const { app: instance, cloud } = await cloudWithKey(saved.baseUrl);
    expect((await call(instance, { id: cloud.id })).ok).toBe(true);
    expect(
      (await call(instance, { id: cloud.id, ai: { ...cloud.ai, baseUrl: `${saved.baseUrl}/` } })).ok,
    ).toBe(true);
    expect(saved.seen).toEqual(['Bearer sk-stored-secret', 'Bearer sk-stored-secret']);
  });

  it('a key typed for the test goes to the edited address instead, and the stored one never does', async () => {
    const saved = await trap();
    const elsewhere = await trap();
    const { app: instance, cloud } = await cloudWithKey(saved.baseUrl);
    const result = await call(instance, {
      id: cloud.id,
      ai: { ...cloud.ai, baseUrl: elsewhere.baseUrl },
      apiKey: 'sk-typed-now',
    });
    expect(result.ok).toBe(true);
    expect(elsewhere.seen).toEqual(['Bearer sk-typed-now']);
  });

  it('saving the new base URL lets the stored key follow it', async () => {
    const first = await trap();
    const second = await trap();
    const { app: instance, profiles, cloud } = await cloudWithKey(first.baseUrl);
    profiles.update({
      id: cloud.id,
      content: content({ ai: { ...content().ai, baseUrl: second.baseUrl } }),
    });
    expect((await call(instance, { id: cloud.id })).ok).toBe(true);
    expect(second.seen).toEqual(['Bearer sk-stored-secret']);
  });
});
