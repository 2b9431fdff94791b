import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ChatChunk, ChatMessage } from '../../src/shared/chat';
import { profileContentSchema, type ProfileContent } from '../../src/shared/profiles';
import type { StreamFrame } from '../../src/shared/stream';
import type { CairnApp } from '../../src/main/app';
import { createTestApp } from '../helpers/app';
import { importCsvInto } from '../helpers/import';
import { startMockOpenAi, type MockOpenAi } from '../helpers/mock-openai';
import { useCleanup, useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const cleanup = useCleanup();

const CSV = ['id,name,age,city', '1,Ann,34,NY', '2,Bob,,LA', '3,Cid,51,SF', '4,Dee,28,NY', ''].join('\n');

async function setup() {
  const dir = tempDir();
  const app = await createTestApp(dir);
  cleanup(() => app.close());
  const { ws, dataset } = await importCsvInto(app, dir, { fileName: 'people.csv', csv: CSV });
  await app.services.analysis.idle();
  const state = await invoke<{ conversation: { id: string } }>(app, 'chat:open', {
    workspaceId: ws.id,
    datasetId: dataset.id,
  });
  return { app, ws, dataset, conversationId: state.conversation.id };
}

async function invoke<T>(app: CairnApp, channel: string, input: unknown): Promise<T> {
  const result = await app.handlers.invoke(channel, input, { transport: 'test' });
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value as T;
}

interface Sent {
  chunks: ChatChunk[];
  end: Promise<StreamFrame>;
  cancel(): void;
}

let streamCount = 0;
/** Sends a message through the same door the transports use, so the contract is checked too. */
function send(app: CairnApp, input: { workspaceId: string; conversationId: string; text: string }): Sent {
  const chunks: ChatChunk[] = [];
  let resolve!: (frame: StreamFrame) => void;
  const end = new Promise<StreamFrame>((r) => (resolve = r));
  const running = app.handlers.startStream(
    'chat:send',
    `chat-${++streamCount}`,
    input,
    { transport: 'test' },
    (frame) => {
      if (frame.type === 'chunk') chunks.push(frame.data as ChatChunk);
      else resolve(frame);
    },
  );
  return { chunks, end, cancel: () => running.cancel() };
}

async function turn(app: CairnApp, input: { workspaceId: string; conversationId: string; text: string }) {
  const sent = send(app, input);
  const frame = await sent.end;
  if (frame.type !== 'end') throw new Error(`The turn ended with ${JSON.stringify(frame)}`);
  return {
    ...(frame.data as { runId: string; outcome: string; messages: ChatMessage[] }),
    chunks: sent.chunks,
  };
}

function modelProfile(app: CairnApp, server: MockOpenAi, overrides: Partial<ProfileContent> = {}) {
  return app.services.profiles.create(
    profileContentSchema.parse({
      name: 'Mock model',
      description: '',
      ai: {
        provider: 'openai_compatible',
        baseUrl: server.baseUrl,
        model: 'mock-small',
        temperature: 0.3,
        maxTokens: 321,
        timeoutMs: 5000,
      },
      spaces: [{ name: 'All', datasetIds: null, isDefault: true }],
      experimentName: 'chat-tests',
      prompts: {
        systemPrompt: 'You are terse.',
        editingInstructions: 'Change little.',
        userTemplate: 'Q: {{question}}',
      },
      ...overrides,
    }),
  );
}

async function withModel(overrides: Partial<ProfileContent> = {}) {
  const ctx = await setup();
  const server = await startMockOpenAi();
  cleanup(() => server.close());
  const profile = modelProfile(ctx.app, server, overrides);
  await invoke(ctx.app, 'chat:setProfile', {
    workspaceId: ctx.ws.id,
    conversationId: ctx.conversationId,
    profileId: profile.id,
  });
  return {
    ...ctx,
    server,
    profile,
    input: (text: string) => ({ workspaceId: ctx.ws.id, conversationId: ctx.conversationId, text }),
  };
}

function chatRequests(server: MockOpenAi) {
  return server.requests
    .filter((r) => r.path === '/v1/chat/completions')
    .map(
      (r) =>
        r.body as {
          messages: { role: string; content: string; tool_call_id?: string }[];
          tools: { function: { name: string } }[];
          temperature: number;
          max_tokens: number;
          stream: boolean;
          model: string;
        },
    );
}

describe('the chat and its profile', () => {
  it('opens one conversation per dataset, following the default profile until another is picked', async () => {
    const { app, ws, dataset, conversationId } = await setup();
    const again = await invoke<{
      conversation: { id: string };
      profile: { name: string; followsDefault: boolean; provider: string };
    }>(app, 'chat:open', { workspaceId: ws.id, datasetId: dataset.id });
    expect(again.conversation.id).toBe(conversationId);
    expect(again.profile).toMatchObject({
      name: 'Offline (built-in)',
      provider: 'builtin',
      followsDefault: true,
    });

    const local = app.services.profiles.list().find((p) => p.name === 'Local model')!;
    const switched = await invoke<{ profile: { name: string; followsDefault: boolean; model: string } }>(
      app,
      'chat:setProfile',
      {
        workspaceId: ws.id,
        conversationId,
        profileId: local.id,
      },
    );
    expect(switched.profile).toMatchObject({ name: 'Local model', followsDefault: false, model: 'llama3.2' });
    const reopened = await invoke<{ profile: { name: string } }>(app, 'chat:open', {
      workspaceId: ws.id,
      datasetId: dataset.id,
    });
    expect(reopened.profile.name).toBe('Local model');

    // Deleting the picked profile sends the conversation back to the default (ON DELETE SET NULL).
    app.services.profiles.delete({ id: local.id });
    const after = await invoke<{ profile: { name: string; followsDefault: boolean } }>(app, 'chat:open', {
      workspaceId: ws.id,
      datasetId: dataset.id,
    });
    expect(after.profile).toMatchObject({ name: 'Offline (built-in)', followsDefault: true });

    await expect(
      invoke(app, 'chat:setProfile', { workspaceId: ws.id, conversationId, profileId: local.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      invoke(app, 'chat:setProfile', { workspaceId: ws.id, conversationId, profileId: 'not-an-id' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('refuses an empty message and a message to another workspace’s conversation', async () => {
    const { app, ws, conversationId } = await setup();
    const empty = await send(app, { workspaceId: ws.id, conversationId, text: '   ' }).end;
    expect(empty).toMatchObject({
      type: 'error',
      error: { code: 'VALIDATION', message: expect.stringMatching(/Write a message first\./) },
    });
    const other = app.services.workspaces.create({ name: 'B', description: '' });
    const foreign = await send(app, { workspaceId: other.id, conversationId, text: 'hello' }).end;
    expect(foreign).toMatchObject({ type: 'error', error: { code: 'NOT_FOUND' } });
  });
});

describe('the built-in assistant', () => {
  it('turns a plain command into a version made by the assistant, and explains what it cannot do', async () => {
    const { app, ws, dataset, conversationId } = await setup();
    const input = (text: string) => ({ workspaceId: ws.id, conversationId, text });

    const dropped = await turn(app, input('drop column city'));
    expect(dropped.outcome).toBe('completed');
    expect(dropped.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(dropped.messages[1]!.toolCalls).toEqual([
      expect.objectContaining({
        name: 'apply_operation',
        arguments: expect.stringContaining('drop_columns'),
      }),
    ]);
    expect(dropped.messages[3]!.content).toMatch(/^Done: .*4 rows × 3 columns/);
    const current = app.services.datasets.get({ workspaceId: ws.id, datasetId: dataset.id });
    const created = app.services.datasets
      .listVersions({ workspaceId: ws.id, datasetId: dataset.id })
      .find((v) => v.id === current.currentVersionId)!;
    expect(created).toMatchObject({ createdBy: 'assistant', parentId: dataset.rootVersionId });
    expect(created.columns.map((c) => c.name)).toEqual(['id', 'name', 'age']);

    // Columns are read from the version that is current now: city is gone.
    const unknown = await turn(app, input('drop column citty'));
    expect(unknown.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(unknown.messages[1]!.content).toMatch(/There is no column “citty”/);

    const filled = await turn(app, input('fill missing age with median'));
    expect(filled.messages.at(-1)!.content).toMatch(/^Done: /);
    const profile = await turn(app, input('show profile'));
    expect(profile.messages.at(-1)!.content).toMatch(/4 rows/);

    const sql = await turn(app, input('sql SELECT name, age FROM data WHERE age > 40'));
    expect(sql.messages.at(-1)!.content).toBe('1 row:\nname | age\nCid | 51');

    const help = await turn(app, input('help'));
    expect(help.messages.at(-1)!.content).toMatch(/remove duplicates/);
    const undo = await turn(app, input('undo'));
    expect(undo.messages.at(-1)!.content).toMatch(/Undone/);
    expect(app.services.datasets.get({ workspaceId: ws.id, datasetId: dataset.id }).currentVersionId).toBe(
      created.id,
    );

    const runs = app.services.chat.runs(conversationId);
    expect(runs).toHaveLength(7);
    expect(
      runs.every((r) => r.provider === 'builtin' && r.status === 'completed' && r.model === 'builtin'),
    ).toBe(true);
    expect(runs.every((r) => r.experimentName === 'offline')).toBe(true);
  });
});

describe('versions by name', () => {
  it('the built-in assistant goes to v2 and says what changed, by the names the versions panel uses', async () => {
    const { app, ws, dataset, conversationId } = await setup();
    const input = (text: string) => ({ workspaceId: ws.id, conversationId, text });
    await turn(app, input('drop column city'));
    await turn(app, input('rename name to person'));

    const changed = await turn(app, input('what changed'));
    expect(changed.messages.at(-1)!.content).toMatch(
      /^From v2 — Drop column "city" to v3 — Rename .*\nRows: 4 → 4\.\nRenamed: name → person\./,
    );
    const compared = await turn(app, input('compare v1 and v3'));
    expect(compared.messages.at(-1)!.content).toMatch(/Removed columns: city\.\nRenamed: name → person\./);

    const back = await turn(app, input('go back to v2'));
    expect(back.messages.at(-1)!.content).toBe('v2 — Drop column "city" is now current.');
    const current = app.services.datasets.get({ workspaceId: ws.id, datasetId: dataset.id }).currentVersionId;
    const v2 = app.services.datasets.listVersions({ workspaceId: ws.id, datasetId: dataset.id })[1]!;
    expect(current).toBe(v2.id);

    // A version that does not exist is named, with the ones that do; nothing moves.
    const missing = await turn(app, input('go to v9'));
    expect(missing.messages.at(-1)!.error).toBe(
      'There is no v9: this dataset has 3 versions (v1 to v3). Nothing was changed.',
    );
    expect(app.services.datasets.get({ workspaceId: ws.id, datasetId: dataset.id }).currentVersionId).toBe(
      v2.id,
    );
  });
});

describe('an operation that changes nothing', () => {
  it('the assistant is told "Nothing to change", and no version is made', async () => {
    const { app, ws, dataset, conversationId } = await setup();
    const reply = await turn(app, { workspaceId: ws.id, conversationId, text: 'remove duplicates' });
    expect(reply.outcome).toBe('completed');
    const tool = reply.messages.find((m) => m.role === 'tool');
    expect(tool?.content).toMatch(
      /^Nothing to change: .*would leave all 4 rows and every value exactly as they are\. No version was made\. The current version stays as it is\.$/,
    );
    expect(reply.messages.at(-1)!.content).toMatch(/^Nothing to change: /);
    const scope = { workspaceId: ws.id, datasetId: dataset.id };
    expect(app.services.datasets.listVersions(scope)).toHaveLength(1);
    expect(app.services.datasets.get(scope).currentVersionId).toBe(dataset.rootVersionId);
  });
});

describe('an OpenAI-compatible model', () => {
  it('streams a reply, stores both messages and logs the run with its tokens', async () => {
    const { app, server, input, profile, conversationId, dataset } = await withModel();
    server.script({
      kind: 'text',
      content: 'The table has four people in three cities.',
      promptTokens: 40,
      completionTokens: 12,
    });
    const result = await turn(app, input('What is in this table?'));

    expect(result.outcome).toBe('completed');
    const deltas = result.chunks.filter((c) => c.type === 'delta').map((c) => (c as { text: string }).text);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('The table has four people in three cities.');
    expect(result.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'What is in this table?'],
      ['assistant', 'The table has four people in three cities.'],
    ]);
    expect(result.messages[1]!.tokensUsed).toBe(52);
    expect(result.messages.every((m) => m.versionId === dataset.rootVersionId)).toBe(true);

    const [request] = chatRequests(server);
    expect(request).toMatchObject({ model: 'mock-small', temperature: 0.3, max_tokens: 321, stream: true });
    expect(request!.messages[0]!.role).toBe('system');
    expect(request!.messages[0]!.content).toContain('You are terse.');
    expect(request!.messages[0]!.content).toContain('age (integer)');
    expect(request!.messages.at(-1)).toEqual({ role: 'user', content: 'Q: What is in this table?' });
    expect(request!.tools.map((t) => t.function.name)).toContain('apply_operation');

    const [run] = app.services.chat.runs(conversationId);
    expect(run).toMatchObject({
      status: 'completed',
      profileId: profile.id,
      experimentName: 'chat-tests',
      model: 'mock-small',
    });
    expect(JSON.parse(run!.metrics!)).toMatchObject({
      promptTokens: 40,
      completionTokens: 12,
      toolCalls: 0,
      rounds: 1,
    });

    // The next question carries the conversation so far.
    server.script({ kind: 'text', content: 'Yes.' });
    await turn(app, input('Anything else?'));
    const second = chatRequests(server)[1]!;
    expect(second.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(second.messages[1]!.content).toBe('What is in this table?');
  });

  it('runs the tools the model asks for: an operation becomes a new version made by the assistant', async () => {
    const { app, server, input, ws, dataset } = await withModel();
    server.script(
      {
        kind: 'tool_calls',
        calls: [
          {
            name: 'apply_operation',
            arguments: JSON.stringify({ operation: { op: 'drop_columns', columns: ['city'] } }),
          },
        ],
      },
      { kind: 'text', content: 'I dropped the city column.' },
    );
    const result = await turn(app, input('Drop the city column'));

    expect(result.outcome).toBe('completed');
    expect(result.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    const [, call, tool, final] = result.messages;
    expect(call!.toolCalls).toEqual([expect.objectContaining({ name: 'apply_operation' })]);
    expect(tool!.toolCallId).toBe(call!.toolCalls![0]!.id);
    expect(tool!.content).toMatch(/^Done: /);
    expect(final!.content).toBe('I dropped the city column.');

    const current = app.services.datasets.get({ workspaceId: ws.id, datasetId: dataset.id });
    expect(current.currentVersionId).not.toBe(dataset.rootVersionId);
    const versions = app.services.datasets.listVersions({ workspaceId: ws.id, datasetId: dataset.id });
    const created = versions.find((v) => v.id === current.currentVersionId)!;
    expect(created).toMatchObject({ createdBy: 'assistant', parentId: dataset.rootVersionId });
    expect(created.columns.map((c) => c.name)).toEqual(['id', 'name', 'age']);
    expect(tool!.versionId).toBe(created.id);

    // The model saw the tool's answer under the call's id.
    const second = chatRequests(server)[1]!;
    expect(second.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: call!.toolCalls![0]!.id });
    expect(result.chunks).toContainEqual({ type: 'status', text: 'Running apply_operation…' });
  });

  it('answers bad tool arguments with an error the model reads, and applies nothing', async () => {
    const { app, server, input, ws, dataset } = await withModel();
    server.script(
      {
        kind: 'tool_calls',
        calls: [
          { name: 'apply_operation', arguments: '{"operation": {"op": "drop_columns", "columns": [' },
          { name: 'apply_operation', arguments: JSON.stringify({ operation: { op: 'explode_table' } }) },
          {
            name: 'apply_operation',
            arguments: JSON.stringify({ operation: { op: 'drop_columns', columns: ['salary'] } }),
          },
          { name: 'format_disk', arguments: '{}' },
          { name: 'preview_rows', arguments: JSON.stringify({ filter: 'age >>> 3' }) },
        ],
      },
      { kind: 'text', content: 'Sorry, those did not work.' },
    );
    const result = await turn(app, input('Break things'));
    expect(result.outcome).toBe('completed');
    const tools = result.messages.filter((m) => m.role === 'tool').map((m) => m.content);
    expect(tools).toHaveLength(5);
    expect(tools[0]).toMatch(/not valid JSON\. Nothing was changed\./);
    expect(tools[1]).toMatch(/arguments for apply_operation are invalid .*Nothing was changed\./);
    expect(tools[2]).toMatch(/apply_operation failed: .*salary/);
    expect(tools[3]).toMatch(/There is no tool named “format_disk”/);
    expect(tools[4]).toMatch(/preview_rows failed: /);
    const versions = app.services.datasets.listVersions({ workspaceId: ws.id, datasetId: dataset.id });
    expect(versions).toHaveLength(1);
    expect(chatRequests(server)[1]!.messages.filter((m) => m.role === 'tool')).toHaveLength(5);
  });

  it('stops a model that keeps calling tools', async () => {
    const { app, server, input, conversationId } = await withModel();
    server.script({ kind: 'tool_calls', calls: [{ name: 'list_versions', arguments: '{}' }] });
    const result = await turn(app, input('Loop forever'));
    expect(result.outcome).toBe('failed');
    expect(chatRequests(server)).toHaveLength(8);
    expect(result.messages.at(-1)!.error).toMatch(/kept calling tools for 8 rounds/);
    expect(app.services.chat.runs(conversationId)[0]).toMatchObject({ status: 'failed' });
  });

  it('explains a broken reply, a server error and a refused port, and keeps the question', async () => {
    const { app, server, input, ws, conversationId } = await withModel();
    server.script({ kind: 'malformed' });
    const broken = await turn(app, input('Hello?'));
    expect(broken.outcome).toBe('failed');
    expect(broken.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(broken.messages[1]!.error).toMatch(/could not be read|reply/i);

    server.script({ kind: 'status', status: 400, message: 'model "mock-small" does not support tools' });
    const refused = await turn(app, input('Again?'));
    expect(refused.messages.at(-1)!.error).toMatch(/400.*does not support tools/);

    const port = await freePort();
    const gone = app.services.profiles.create(
      profileContentSchema.parse({
        name: 'Nowhere',
        ai: {
          provider: 'openai_compatible',
          baseUrl: `http://127.0.0.1:${port}/v1`,
          model: 'x',
          temperature: 0,
          maxTokens: 10,
          timeoutMs: 5000,
        },
        spaces: [],
        experimentName: 'x',
        prompts: { systemPrompt: '', editingInstructions: '', userTemplate: '' },
      }),
    );
    await invoke(app, 'chat:setProfile', { workspaceId: ws.id, conversationId, profileId: gone.id });
    const nowhere = await turn(app, input('Anyone?'));
    expect(nowhere.messages.at(-1)!.error).toMatch(/Nothing is listening at http:\/\/127\.0\.0\.1:\d+\/v1/);
    const state = await invoke<{ messages: ChatMessage[] }>(app, 'chat:open', {
      workspaceId: ws.id,
      datasetId: await setupDatasetId(app, ws.id),
    });
    expect(state.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual([
      'Hello?',
      'Again?',
      'Anyone?',
    ]);
  });

  it('retries a request the server failed with a 503, and answers', async () => {
    const { app, server, input } = await withModel();
    server.script(
      { kind: 'status', status: 503, message: 'Loading model' },
      { kind: 'text', content: 'Ready now.' },
    );
    const result = await turn(app, input('Hello?'));
    expect(result.outcome).toBe('completed');
    expect(result.messages.at(-1)!.content).toBe('Ready now.');
    expect(chatRequests(server)).toHaveLength(2);
  });

  it('a server that never answers: the client’s timeout, retried twice, then a clear message', async () => {
    const { app, server, input, conversationId } = await withModel();
    await shortTimeout(app);
    server.script({ kind: 'hang' });
    const started = Date.now();
    const result = await turn(app, input('Are you there?'));
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.outcome).toBe('failed');
    expect(result.messages.at(-1)!.error).toMatch(
      /^No answer from http:\/\/127\.0\.0\.1:\d+\/v1 within 1 s\.$/,
    );
    expect(chatRequests(server)).toHaveLength(3);
    expect(app.services.chat.runs(conversationId)[0]).toMatchObject({ status: 'failed' });
  });

  it('a reply that goes quiet half-way: given up after the timeout, the partial text kept as failed', async () => {
    const { app, server, input, conversationId } = await withModel();
    await shortTimeout(app);
    server.script({ kind: 'stall', content: 'The answer is' });
    const result = await turn(app, input('What is it?'));
    expect(result.outcome).toBe('failed');
    const last = result.messages.at(-1)!;
    expect(last.content).toBe('The answer is');
    expect(last.error).toMatch(/The model stopped answering: nothing arrived from .* for 1 s\./);
    expect(chatRequests(server)).toHaveLength(1);
    expect(app.services.chat.runs(conversationId)[0]).toMatchObject({ status: 'failed' });
  });

  it('a reply that breaks off without finishing is a failure, not an answer', async () => {
    const { app, server, input } = await withModel();
    server.script({ kind: 'truncated', content: 'Half a sen' });
    const result = await turn(app, input('Tell me'));
    expect(result.outcome).toBe('failed');
    expect(result.messages.at(-1)).toMatchObject({
      content: 'Half a sen',
      error: 'The model’s reply broke off before it was finished.',
    });
  });

  it('Stop in the middle of a reply keeps the partial text as stopped, and runs no tool that arrived', async () => {
    const { app, server, input, conversationId, ws, dataset } = await withModel();
    server.script({
      kind: 'stall',
      content: 'Undoing now',
      calls: [{ name: 'undo', arguments: '{}' }],
    });
    const sent = send(app, input('Undo it'));
    await waitFor(() => sent.chunks.some((c) => c.type === 'delta'));
    sent.cancel();
    expect(await sent.end).toMatchObject({ type: 'error', error: { code: 'CANCELLED' } });
    await waitFor(() => app.services.chat.runs(conversationId)[0]?.status === 'cancelled');
    const state = await invoke<{ messages: ChatMessage[] }>(app, 'chat:open', {
      workspaceId: ws.id,
      datasetId: dataset.id,
    });
    expect(state.messages.map((m) => [m.role, m.content, m.error])).toEqual([
      ['user', 'Undo it', null],
      ['assistant', 'Undoing now', 'Stopped before the answer was finished.'],
    ]);
    expect(JSON.parse(app.services.chat.runs(conversationId)[0]!.metrics!)).toMatchObject({ toolCalls: 0 });
  });

  it('Stop while the client waits to retry (Retry-After) ends the turn at once', async () => {
    const { app, server, input, conversationId } = await withModel();
    server.script(
      { kind: 'status', status: 429, message: 'Slow down', retryAfterSeconds: 20 },
      { kind: 'text', content: 'Too late.' },
    );
    const sent = send(app, input('Quick question'));
    await waitFor(() => chatRequests(server).length === 1);
    const stoppedAt = Date.now();
    sent.cancel();
    await sent.end;
    await waitFor(() => app.services.chat.runs(conversationId)[0]?.status === 'cancelled');
    expect(Date.now() - stoppedAt).toBeLessThan(3000);
  });

  it('tool calls streamed without ids, with repeated names and in pieces are put together right, turn after turn', async () => {
    const { app, server, input } = await withModel();
    const streamed = { omitIds: true, repeatNames: true, argumentChunk: 3 } as const;
    server.script(
      { kind: 'tool_calls', calls: [{ name: 'preview_rows', arguments: '{"limit": 2}' }], ...streamed },
      { kind: 'text', content: 'Two rows.' },
      { kind: 'tool_calls', calls: [{ name: 'preview_rows', arguments: '{"limit": 1}' }], ...streamed },
      { kind: 'text', content: 'One row.' },
    );
    const first = await turn(app, input('Two rows please'));
    const second = await turn(app, input('Now one'));
    const calls = [first, second].map((t) => t.messages.find((m) => m.toolCalls)!.toolCalls![0]!);
    expect(calls.map((c) => [c.name, c.arguments])).toEqual([
      ['preview_rows', '{"limit": 2}'],
      ['preview_rows', '{"limit": 1}'],
    ]);
    expect(calls[0]!.id).not.toBe(calls[1]!.id);
    expect(first.messages.find((m) => m.role === 'tool')!.content).toMatch(/^The first 2 of 4 rows:/);
    // The last request carries both turns, every call followed by its own result.
    const last = chatRequests(server).at(-1)!.messages as {
      role: string;
      tool_call_id?: string;
      tool_calls?: { id: string }[];
    }[];
    last.forEach((m, i) => {
      if (m.tool_calls)
        expect(last[i + 1]).toMatchObject({ role: 'tool', tool_call_id: m.tool_calls[0]!.id });
    });
    expect(last.filter((m) => m.role === 'tool')).toHaveLength(2);
  });

  it('a 404 for a model the server does not have says which model and what to do', async () => {
    const { app, server, input } = await withModel();
    server.script({
      kind: 'status',
      status: 404,
      message: 'model "mock-small" not found, try pulling it first',
    });
    const result = await turn(app, input('Hi'));
    expect(result.messages.at(-1)!.error).toBe(
      'The endpoint answered 404: 404 model "mock-small" not found, try pulling it first. Check the model name “mock-small” (with Ollama: ollama pull mock-small) and the base URL.',
    );
  });

  it('stops when cancelled, keeps what was said, and can answer again', async () => {
    const { app, server, input, conversationId } = await withModel();
    server.script({ kind: 'hang' });
    const sent = send(app, input('Take your time'));
    await waitFor(() => chatRequests(server).length === 1);
    // A second message while the first is answered is refused, not interleaved.
    const second = await send(app, input('And this?')).end;
    expect(second).toMatchObject({ type: 'error', error: { code: 'CONFLICT' } });
    sent.cancel();
    expect(await sent.end).toMatchObject({ type: 'error', error: { code: 'CANCELLED' } });
    await waitFor(() => app.services.chat.runs(conversationId)[0]?.status === 'cancelled');
    const state = await invoke<{ messages: ChatMessage[]; running: boolean }>(app, 'chat:open', {
      workspaceId: input('').workspaceId,
      datasetId: await setupDatasetId(app, input('').workspaceId),
    });
    expect(state.running).toBe(false);
    expect(state.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(state.messages[1]!.error).toMatch(/Stopped/);

    server.script({ kind: 'text', content: 'Back again.' });
    const next = await turn(app, input('Hello?'));
    expect(next.outcome).toBe('completed');
  });

  it('chat:stop stops a turn started elsewhere (another window, or before a reload)', async () => {
    const { app, server, input, ws, conversationId } = await withModel();
    server.script({ kind: 'hang' });
    const sent = send(app, input('Slow one'));
    await waitFor(() => chatRequests(server).length === 1);
    const open = await invoke<{ running: boolean }>(app, 'chat:open', {
      workspaceId: ws.id,
      datasetId: await setupDatasetId(app, ws.id),
    });
    expect(open.running).toBe(true);
    expect(await invoke(app, 'chat:stop', { workspaceId: ws.id, conversationId })).toEqual({ stopped: true });
    expect(await sent.end).toMatchObject({ type: 'error', error: { code: 'CANCELLED' } });
    await waitFor(() => app.services.chat.runs(conversationId)[0]?.status === 'cancelled');
    expect(await invoke(app, 'chat:stop', { workspaceId: ws.id, conversationId })).toEqual({
      stopped: false,
    });
  });

  it('a turn cut off by Cairn closing is marked cancelled, and said so, at the next start', async () => {
    const dir = tempDir();
    const first = await createTestApp(dir);
    const { ws, dataset } = await importCsvInto(first, dir, { fileName: 'people.csv', csv: CSV });
    const { conversation } = first.services.chat.open({ workspaceId: ws.id, datasetId: dataset.id });
    // As a crash leaves it: a run still marked running.
    first.database.sqlite
      .prepare(
        `INSERT INTO agent_runs (id, conversation_id, profile_name, experiment_name, provider, model, parameters, status, started_at)
         VALUES ('00000000-0000-4000-8000-0000000000aa', ?, 'Offline (built-in)', 'offline', 'builtin', 'builtin', '{}', 'running', '2030-01-01T00:00:00Z')`,
      )
      .run(conversation.id);
    first.close();

    const second = await createTestApp(dir);
    cleanup(() => second.close());
    expect(second.services.chat.runs(conversation.id)[0]).toMatchObject({
      status: 'cancelled',
      error: 'Cairn closed before the turn finished.',
    });
    const state = second.services.chat.open({ workspaceId: ws.id, datasetId: dataset.id });
    expect(state.messages.at(-1)!.error).toBe('Cairn closed before this answer was finished.');
    expect(state.running).toBe(false);
  });

  it('sends the profile’s key to the endpoint and never stores or returns it', async () => {
    const ctx = await setup();
    const server = await startMockOpenAi({ apiKey: 'sk-secret-123' });
    cleanup(() => server.close());
    const profile = modelProfile(ctx.app, server);
    ctx.app.services.profiles.setApiKey({ id: profile.id, apiKey: 'sk-secret-123' });
    const open = await invoke<unknown>(ctx.app, 'chat:setProfile', {
      workspaceId: ctx.ws.id,
      conversationId: ctx.conversationId,
      profileId: profile.id,
    });
    server.script({ kind: 'text', content: 'Authorised.' });
    const result = await turn(ctx.app, {
      workspaceId: ctx.ws.id,
      conversationId: ctx.conversationId,
      text: 'hi',
    });
    expect(result.outcome).toBe('completed');
    expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer sk-secret-123');
    const everything = JSON.stringify([open, result, ctx.app.services.chat.runs(ctx.conversationId)]);
    expect(everything).not.toContain('sk-secret-123');
    for (const table of ['messages', 'agent_runs', 'conversations', 'profile_history']) {
      const rows = ctx.app.database.sqlite.prepare(`SELECT * FROM ${table}`).all();
      expect(JSON.stringify(rows)).not.toContain('sk-secret-123');
    }
  });
});

describe('spaces', () => {
  it('a dataset outside the profile’s space is refused before any model call, and by every tool', async () => {
    const ctx = await setup();
    const server = await startMockOpenAi();
    cleanup(() => server.close());
    const elsewhere = '00000000-0000-4000-8000-00000000abcd';
    const profile = modelProfile(ctx.app, server, {
      spaces: [{ name: 'Sales only', instructions: '', datasetIds: [elsewhere], isDefault: true }],
    });
    await invoke(ctx.app, 'chat:setProfile', {
      workspaceId: ctx.ws.id,
      conversationId: ctx.conversationId,
      profileId: profile.id,
    });
    const result = await turn(ctx.app, {
      workspaceId: ctx.ws.id,
      conversationId: ctx.conversationId,
      text: 'Drop city',
    });
    expect(result.outcome).toBe('failed');
    expect(result.messages.at(-1)!.error).toMatch(/outside the space “Sales only”/);
    expect(chatRequests(server)).toHaveLength(0);

    const scope = { workspaceId: ctx.ws.id, datasetId: ctx.dataset.id, profileId: profile.id };
    const signal = new AbortController().signal;
    for (const [name, args] of [
      ['show_profile', {}],
      ['preview_rows', {}],
      ['apply_operation', { operation: { op: 'drop_columns', columns: ['city'] } }],
    ] as const) {
      const refused = await ctx.app.services.chat.toolbox.run(name, args, scope, signal);
      expect(refused).toMatchObject({ ok: false });
      expect(refused.text).toMatch(/outside the space “Sales only”/);
    }
    expect(
      ctx.app.services.datasets.listVersions({ workspaceId: ctx.ws.id, datasetId: ctx.dataset.id }),
    ).toHaveLength(1);
  });
});

/** Makes the mock profile give up after 1 s (the least a profile allows). */
async function shortTimeout(app: CairnApp): Promise<void> {
  const profile = app.services.profiles.list().find((p) => p.name === 'Mock model')!;
  app.services.profiles.update({
    id: profile.id,
    content: profileContentSchema.parse({ ...profile, ai: { ...profile.ai, timeoutMs: 1000 } }),
  });
}

async function setupDatasetId(app: CairnApp, workspaceId: string): Promise<string> {
  return app.services.datasets.list({ workspaceId, includeArchived: false })[0]!.id;
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('Timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
