import { describe, expect, it } from 'vitest';
import type { AgentRun, ChatState, ConversationSummary } from '../../src/shared/chat';
import { CHAT_PAGE } from '../../src/shared/chat';
import { createTestApp } from '../helpers/app';
import { chatTurn, failure, invoke, modelProfileContent, sendMessage } from '../helpers/chat';
import { importCsvInto } from '../helpers/import';
import { startMockOpenAi } from '../helpers/mock-openai';
import { useCleanup, useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const cleanup = useCleanup();

const CSV = ['id,name,age,city', '1,Ann,34,NY', '2,Bob,,LA', '3,Cid,51,SF', ''].join('\n');

async function setup() {
  const dir = tempDir();
  const app = await createTestApp(dir);
  cleanup(() => app.close());
  const { ws, dataset } = await importCsvInto(app, dir, { fileName: 'people.csv', csv: CSV });
  await app.services.analysis.idle();
  return { app, ws, dataset };
}

type Runs = {
  runs: AgentRun[];
  totals: { runs: number; byStatus: Record<string, number>; toolCalls: number };
};

describe('conversations', () => {
  it('a dataset has several conversations: new, list, open by id, rename, delete with its messages', async () => {
    const { app, ws, dataset } = await setup();
    const scope = { workspaceId: ws.id, datasetId: dataset.id };
    const first = await invoke<ChatState>(app, 'chat:open', scope);
    await chatTurn(app, { workspaceId: ws.id, conversationId: first.conversation.id, text: 'show profile' });

    const second = await invoke<ChatState>(app, 'chat:create', scope);
    expect(second.conversation.title).toBe('New conversation');
    expect(second.messages).toEqual([]);
    await chatTurn(app, {
      workspaceId: ws.id,
      conversationId: second.conversation.id,
      text: 'drop column city please and thank you, this is a long first message to name it',
    });

    const { conversations } = await invoke<{ conversations: ConversationSummary[] }>(app, 'chat:list', scope);
    expect(conversations.map((c) => c.id)).toEqual([second.conversation.id, first.conversation.id]);
    // The first message names a new conversation (cut to a readable length).
    expect(conversations[0]!.title).toMatch(/^drop column city please.*…$/);
    expect(conversations[0]!.title.length).toBeLessThanOrEqual(60);
    expect(conversations[1]).toMatchObject({ title: 'people', messageCount: 4, running: false });

    // Without an id, open gives the most recent; with one, that conversation.
    expect((await invoke<ChatState>(app, 'chat:open', scope)).conversation.id).toBe(second.conversation.id);
    const reopened = await invoke<ChatState>(app, 'chat:open', {
      ...scope,
      conversationId: first.conversation.id,
    });
    expect(reopened.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(reopened.messages[0]!.content).toBe('show profile');

    const renamed = await invoke<{ title: string }>(app, 'chat:rename', {
      workspaceId: ws.id,
      conversationId: first.conversation.id,
      title: '  Profile questions ',
    });
    expect(renamed.title).toBe('Profile questions');
    expect(
      await failure(app, 'chat:rename', {
        workspaceId: ws.id,
        conversationId: first.conversation.id,
        title: ' ',
      }),
    ).toBe('VALIDATION');
    expect(
      await failure(app, 'chat:rename', {
        workspaceId: ws.id,
        conversationId: first.conversation.id,
        title: 'a\u0000b',
      }),
    ).toBe('VALIDATION');

    await invoke(app, 'chat:delete', { workspaceId: ws.id, conversationId: first.conversation.id });
    const after = await invoke<{ conversations: ConversationSummary[] }>(app, 'chat:list', scope);
    expect(after.conversations.map((c) => c.id)).toEqual([second.conversation.id]);
    const db = app.database.sqlite;
    expect(
      db.prepare('SELECT count(*) AS n FROM messages WHERE conversation_id = ?').get(first.conversation.id),
    ).toEqual({ n: 0 });
    expect(await failure(app, 'chat:open', { ...scope, conversationId: first.conversation.id })).toBe(
      'NOT_FOUND',
    );
  });

  it('another workspace cannot list, open, rename or delete a conversation', async () => {
    const { app, ws, dataset } = await setup();
    const state = await invoke<ChatState>(app, 'chat:open', { workspaceId: ws.id, datasetId: dataset.id });
    const other = app.services.workspaces.create({ name: 'Other', description: '' });
    const conversationId = state.conversation.id;
    expect(await failure(app, 'chat:list', { workspaceId: other.id, datasetId: dataset.id })).toBe(
      'NOT_FOUND',
    );
    expect(await failure(app, 'chat:open', { workspaceId: other.id, datasetId: null, conversationId })).toBe(
      'NOT_FOUND',
    );
    expect(await failure(app, 'chat:rename', { workspaceId: other.id, conversationId, title: 'x' })).toBe(
      'NOT_FOUND',
    );
    expect(await failure(app, 'chat:delete', { workspaceId: other.id, conversationId })).toBe('NOT_FOUND');
    expect(
      await failure(app, 'chat:history', {
        workspaceId: other.id,
        conversationId,
        beforeMessageId: conversationId,
      }),
    ).toBe('NOT_FOUND');
    expect((await invoke<Runs>(app, 'chat:runs', { workspaceId: other.id })).runs).toEqual([]);
  });

  it('a workspace conversation is separate from the dataset ones', async () => {
    const { app, ws, dataset } = await setup();
    await invoke<ChatState>(app, 'chat:open', { workspaceId: ws.id, datasetId: dataset.id });
    const general = await invoke<ChatState>(app, 'chat:open', { workspaceId: ws.id, datasetId: null });
    expect(general.conversation.datasetId).toBeNull();
    const list = await invoke<{ conversations: ConversationSummary[] }>(app, 'chat:list', {
      workspaceId: ws.id,
      datasetId: null,
    });
    expect(list.conversations.map((c) => c.id)).toEqual([general.conversation.id]);
  });

  it('a workspace conversation talks about the boards: the task tools work, the data tools say where they do', async () => {
    const server = await startMockOpenAi();
    cleanup(() => server.close());
    const { app, ws } = await setup();
    const general = await invoke<ChatState>(app, 'chat:open', { workspaceId: ws.id, datasetId: null });
    const conversationId = general.conversation.id;
    const added = await chatTurn(app, {
      workspaceId: ws.id,
      conversationId,
      text: 'add task call the supplier',
    });
    expect(added.outcome).toBe('completed');
    const tasks = app.database.sqlite.prepare('SELECT title, dataset_id AS d FROM tasks').all();
    expect(tasks).toEqual([{ title: 'Call the supplier', d: null }]);

    // A model in the workspace conversation is offered only the task tools.
    const profile = app.services.profiles.create(modelProfileContent(server.baseUrl));
    await invoke(app, 'chat:setProfile', { workspaceId: ws.id, conversationId, profileId: profile.id });
    server.script(
      { kind: 'tool_calls', calls: [{ name: 'run_sql', arguments: '{"sql":"SELECT 1"}' }] },
      { kind: 'text', content: 'Understood.' },
    );
    const turn = await chatTurn(app, { workspaceId: ws.id, conversationId, text: 'count the rows' });
    const request = server.requests.find((r) => r.path === '/v1/chat/completions')!.body as {
      tools: { function: { name: string } }[];
    };
    const names = request.tools.map((t) => t.function.name);
    expect(names).toContain('add_task');
    expect(names).not.toContain('run_sql');
    const tool = turn.messages.find((m) => m.role === 'tool')!;
    expect(tool.content).toMatch(/works on a dataset; this conversation is about the workspace's boards/);
  });

  it('a long history opens at its newest page and pages back as the person scrolls up', async () => {
    const { app, ws, dataset } = await setup();
    const state = await invoke<ChatState>(app, 'chat:open', { workspaceId: ws.id, datasetId: dataset.id });
    const conversationId = state.conversation.id;
    // 60 turns of "help": 2 messages each (the question, the reply).
    for (let i = 0; i < 60; i += 1)
      await chatTurn(app, { workspaceId: ws.id, conversationId, text: `help ${i}` });
    const opened = await invoke<ChatState>(app, 'chat:open', { workspaceId: ws.id, datasetId: dataset.id });
    expect(opened.messages).toHaveLength(CHAT_PAGE);
    expect(opened.hasOlder).toBe(true);
    expect(opened.messages[opened.messages.length - 2]!.content).toBe('help 59');

    const older = await invoke<{ messages: { content: string }[]; hasOlder: boolean }>(app, 'chat:history', {
      workspaceId: ws.id,
      conversationId,
      beforeMessageId: opened.messages[0]!.id,
      limit: 100,
    });
    expect(older.hasOlder).toBe(false);
    expect(older.messages).toHaveLength(120 - CHAT_PAGE);
    expect(older.messages[0]!.content).toBe('help 0');
    // Pages meet without a gap or an overlap.
    const all = [...older.messages, ...opened.messages]
      .map((m) => m.content)
      .filter((c) => c.startsWith('help '));
    expect(all).toEqual(Array.from({ length: 60 }, (_, i) => `help ${i}`));
  });

  it('a running conversation cannot be deleted', async () => {
    const server = await startMockOpenAi();
    cleanup(() => server.close());
    const { app, ws, dataset } = await setup();
    const profile = app.services.profiles.create(modelProfileContent(server.baseUrl));
    const state = await invoke<ChatState>(app, 'chat:open', { workspaceId: ws.id, datasetId: dataset.id });
    const conversationId = state.conversation.id;
    await invoke(app, 'chat:setProfile', { workspaceId: ws.id, conversationId, profileId: profile.id });
    server.script({ kind: 'hang' });
    const sent = sendMessage(app, { workspaceId: ws.id, conversationId, text: 'hello' });
    await expect.poll(() => server.requests.filter((r) => r.path === '/v1/chat/completions').length).toBe(1);
    expect(await failure(app, 'chat:delete', { workspaceId: ws.id, conversationId })).toBe('CONFLICT');
    sent.cancel();
    await sent.end;
    // The stream ends at once on cancel; the turn lets go of the conversation as it unwinds.
    await expect
      .poll(async () => {
        const list = await invoke<{ conversations: ConversationSummary[] }>(app, 'chat:list', {
          workspaceId: ws.id,
          datasetId: dataset.id,
        });
        return list.conversations[0]!.running;
      })
      .toBe(false);
    await invoke(app, 'chat:delete', { workspaceId: ws.id, conversationId });
  });

  it('the runs log: every turn of the workspace with its profile, experiment, metrics and outcome; filters and totals', async () => {
    const server = await startMockOpenAi();
    cleanup(() => server.close());
    const { app, ws, dataset } = await setup();
    const state = await invoke<ChatState>(app, 'chat:open', { workspaceId: ws.id, datasetId: dataset.id });
    const conversationId = state.conversation.id;
    await chatTurn(app, { workspaceId: ws.id, conversationId, text: 'drop column city' });
    await chatTurn(app, { workspaceId: ws.id, conversationId, text: 'drop column nothere' });

    const content = modelProfileContent(server.baseUrl, { experimentName: 'pricing-trials' });
    const profile = app.services.profiles.create({ ...content, ai: { ...content.ai, temperature: 0.5 } });
    await invoke(app, 'chat:setProfile', { workspaceId: ws.id, conversationId, profileId: profile.id });
    server.script({ kind: 'text', content: 'Hi.', promptTokens: 11, completionTokens: 4 });
    await chatTurn(app, { workspaceId: ws.id, conversationId, text: 'hello' });

    const all = await invoke<Runs & { experiments: string[]; profiles: { name: string }[] }>(
      app,
      'chat:runs',
      {
        workspaceId: ws.id,
      },
    );
    expect(all.totals.runs).toBe(3);
    expect(all.runs[0]).toMatchObject({
      profileName: 'Mock model',
      experimentName: 'pricing-trials',
      model: 'mock-small',
      provider: 'openai_compatible',
      status: 'completed',
      conversationTitle: 'people',
      parameters: { temperature: 0.5 },
      metrics: { promptTokens: 11, completionTokens: 4, toolCalls: 0 },
    });
    expect(all.runs[2]).toMatchObject({ provider: 'builtin', metrics: { toolCalls: 1, versionsCreated: 1 } });
    expect(all.experiments).toContain('pricing-trials');
    expect(all.profiles.map((p) => p.name)).toContain('Mock model');

    const trials = await invoke<Runs>(app, 'chat:runs', {
      workspaceId: ws.id,
      experimentName: 'pricing-trials',
    });
    expect(trials.runs.map((r) => r.model)).toEqual(['mock-small']);
    const byProfile = await invoke<Runs>(app, 'chat:runs', { workspaceId: ws.id, profileId: profile.id });
    expect(byProfile.totals.runs).toBe(1);
    const page = await invoke<Runs>(app, 'chat:runs', { workspaceId: ws.id, limit: 1, offset: 1 });
    expect(page.runs).toHaveLength(1);
    expect(page.totals.runs).toBe(3);
    // The unknown column was answered in words: only the drop ran a tool.
    expect(page.totals.toolCalls).toBe(1);
  });
});
