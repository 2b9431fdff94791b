import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatState } from '../../src/shared/chat';
import { versionChanges } from '../../src/shared/chat-changes';
import type { CairnApp } from '../../src/main/app';
import { createTestApp } from '../helpers/app';
import { importCsvInto } from '../helpers/import';
import { startMockOpenAi } from '../helpers/mock-openai';
import { useCleanup, useTempDirs } from '../helpers/temp';
import { profileContentSchema } from '../../src/shared/profiles';

/**
 * What the chat offers after a turn: the version a change made (found again after a reload,
 * from what the messages keep) and Apply fix on a listed problem.
 */

const tempDir = useTempDirs();
const cleanup = useCleanup();

const CSV = [
  'id,name,age,city',
  '1,Ann,34,NY',
  '2,Bob,,LA',
  '3,Cid,51,SF',
  '4,Dee,28,NY',
  '4,Dee,28,NY',
  '',
].join('\n');

async function invoke<T>(app: CairnApp, channel: string, input: unknown): Promise<T> {
  const result = await app.handlers.invoke(channel, input, { transport: 'test' });
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value as T;
}

async function setup() {
  const dir = tempDir();
  const app = await createTestApp(dir);
  cleanup(() => app.close());
  const { ws, dataset } = await importCsvInto(app, dir, { fileName: 'people.csv', csv: CSV });
  await app.services.analysis.idle();
  const scope = { workspaceId: ws.id, datasetId: dataset.id };
  const state = await invoke<ChatState>(app, 'chat:open', { ...scope });
  const conversationId = state.conversation.id;
  const say = (text: string) =>
    app.services.chat.send(
      { workspaceId: ws.id, conversationId, text },
      { signal: new AbortController().signal, send: () => undefined },
    );
  /** The conversation as a reloaded window gets it, through the contract. */
  const reopened = async () =>
    (await invoke<ChatState>(app, 'chat:open', { ...scope, conversationId })).messages;
  return { app, ws, dataset, scope, conversationId, say, reopened };
}

describe('a change made in the chat', () => {
  it('is found again after a reload as “v2 — Drop column city”, child of the version it was made on', async () => {
    const { app, scope, say, reopened } = await setup();
    const turn = await say('drop column city');
    expect(turn.outcome).toBe('completed');
    const versions = app.services.datasets.listVersions(scope);
    expect(versions).toHaveLength(2);
    const changes = [...versionChanges(await reopened(), versions).values()];
    expect(changes).toHaveLength(1);
    expect(changes[0]!.name).toBe('v2');
    expect(changes[0]!.version.summary).toBe('Drop column "city"');
    expect(changes[0]!.version.id).toBe(app.services.datasets.get(scope).currentVersionId);

    // A question, a refusal and an undo make no change of their own.
    await say('how many rows are there');
    await say('drop column citty');
    await say('undo');
    const after = versionChanges(await reopened(), app.services.datasets.listVersions(scope));
    expect([...after.values()].map((c) => c.name)).toEqual(['v2']);
  });

  it('a change that made nothing (Nothing to change) offers no Undo', async () => {
    const { app, scope, say, reopened } = await setup();
    await say('keep rows where age > 0 or age is empty');
    expect(versionChanges(await reopened(), app.services.datasets.listVersions(scope)).size).toBe(0);
  });

  it('a model’s apply_operation call is found too', async () => {
    const { app, scope, conversationId, reopened } = await setup();
    const server = await startMockOpenAi();
    cleanup(() => server.close());
    server.script(
      {
        kind: 'tool_calls',
        calls: [
          {
            name: 'apply_operation',
            arguments: JSON.stringify({ operation: { op: 'drop_columns', columns: ['age'] } }),
          },
        ],
      },
      { kind: 'text', content: 'I dropped age.' },
    );
    const profile = app.services.profiles.create(
      profileContentSchema.parse({
        name: 'Mock model',
        description: '',
        ai: {
          provider: 'openai_compatible',
          baseUrl: server.baseUrl,
          model: 'mock-small',
          temperature: 0,
          maxTokens: 500,
          timeoutMs: 5000,
        },
        spaces: [{ name: 'All', datasetIds: null, isDefault: true }],
        experimentName: 'chat-actions',
        prompts: { systemPrompt: '', editingInstructions: '', userTemplate: '{{question}}' },
      }),
    );
    await invoke(app, 'chat:setProfile', {
      workspaceId: scope.workspaceId,
      conversationId,
      profileId: profile.id,
    });
    const turn = await app.services.chat.send(
      { workspaceId: scope.workspaceId, conversationId, text: 'drop age please' },
      { signal: new AbortController().signal, send: () => undefined },
    );
    expect(turn.outcome).toBe('completed');
    const changes = [...versionChanges(await reopened(), app.services.datasets.listVersions(scope)).values()];
    expect(changes.map((c) => `${c.name} — ${c.version.summary}`)).toEqual(['v2 — Drop column "age"']);
  });
});

describe('Apply fix in the chat', () => {
  async function listed() {
    const s = await setup();
    const reply = await s.say('what’s wrong');
    expect(reply.outcome).toBe('completed');
    const root = s.app.services.datasets.get(s.scope).currentVersionId!;
    const { analysis } = s.app.services.analysis.get({
      ...s.scope,
      versionId: root,
      goalType: 'data_quality',
    });
    const fixable = analysis!.insights.filter((i) => i.fix !== null && i.status === 'open');
    expect(fixable.length).toBeGreaterThan(0);
    return { ...s, root, fixable };
  }

  it('applies the fix on the current version, marks the insight applied and keeps it in the conversation', async () => {
    const { app, scope, conversationId, root, fixable, reopened } = await listed();
    const insight = fixable[0]!;
    const result = await invoke<{ versionId: string; messages: ChatMessage[] }>(app, 'chat:applyFix', {
      workspaceId: scope.workspaceId,
      conversationId,
      insightId: insight.id,
    });
    const made = app.services.datasets.listVersions(scope).find((v) => v.id === result.versionId)!;
    expect(made.parentId).toBe(root);
    expect(app.services.datasets.get(scope).currentVersionId).toBe(made.id);
    expect(result.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(result.messages[0]!.content).toMatch(/^Apply the fix: /);
    expect(result.messages.at(-1)!.content).toMatch(/^Done: .*Undo brings the previous version back\.$/);
    for (const m of result.messages) {
      expect(m.content).not.toContain(made.id);
      expect(m.content).not.toMatch(/[{}]/);
    }
    const { analysis } = app.services.analysis.get({ ...scope, versionId: root, goalType: 'data_quality' });
    expect(analysis!.insights.find((i) => i.id === insight.id)!.status).toBe('applied');
    const changes = [...versionChanges(await reopened(), app.services.datasets.listVersions(scope)).values()];
    expect(changes.map((c) => c.version.id)).toEqual([made.id]);
    expect(changes[0]!.name).toBe('v2');

    // Applied once: a second press is refused, and nothing more is made.
    await expect(
      invoke(app, 'chat:applyFix', { workspaceId: scope.workspaceId, conversationId, insightId: insight.id }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(app.services.datasets.listVersions(scope)).toHaveLength(2);
  });

  it('refuses a problem of a version that is no longer current, and changes nothing', async () => {
    const { app, scope, conversationId, fixable, say, reopened } = await listed();
    await say('drop column name');
    const before = (await reopened()).length;
    const versions = app.services.datasets.listVersions(scope).length;
    await expect(
      invoke(app, 'chat:applyFix', {
        workspaceId: scope.workspaceId,
        conversationId,
        insightId: fixable[0]!.id,
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/another version/) });
    expect(app.services.datasets.listVersions(scope)).toHaveLength(versions);
    expect(await reopened()).toHaveLength(before);
  });

  it('is scoped to its workspace and conversation', async () => {
    const { app, conversationId, fixable } = await listed();
    const other = app.services.workspaces.create({ name: 'Other', description: '' });
    await expect(
      invoke(app, 'chat:applyFix', { workspaceId: other.id, conversationId, insightId: fixable[0]!.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
