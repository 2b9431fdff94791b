import { describe, expect, it } from 'vitest';
import type { PatchResult, PatchSet, ProjectSummary, Task } from '../../src/shared/boards';
import type { ChatMessage } from '../../src/shared/chat';
import { profileContentSchema } from '../../src/shared/profiles';
import type { StreamFrame } from '../../src/shared/stream';
import type { CairnApp } from '../../src/main/app';
import { createTestApp } from '../helpers/app';
import { importCsvInto } from '../helpers/import';
import { startMockOpenAi, type MockOpenAi } from '../helpers/mock-openai';
import { useCleanup, useTempDirs } from '../helpers/temp';

/** The assistant's task tools, through a real chat turn: the built-in assistant and a model server. */

const tempDir = useTempDirs();
const cleanup = useCleanup();

const CSV = ['id,name,price', '1,Ann,10', '2,Bob,9999', '3,Cid,12', ''].join('\n');

async function invoke<T>(app: CairnApp, channel: string, input: unknown): Promise<T> {
  const result = await app.handlers.invoke(channel, input, { transport: 'test' });
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value as T;
}

let streams = 0;
async function turn(app: CairnApp, input: { workspaceId: string; conversationId: string; text: string }) {
  const frame = await new Promise<StreamFrame>((resolve) => {
    app.handlers.startStream('chat:send', `tasks-${++streams}`, input, { transport: 'test' }, (f) => {
      if (f.type !== 'chunk') resolve(f);
    });
  });
  if (frame.type !== 'end') throw new Error(`The turn ended with ${JSON.stringify(frame)}`);
  return frame.data as { runId: string; outcome: string; messages: ChatMessage[] };
}

async function setup() {
  const dir = tempDir();
  const app = await createTestApp(dir);
  cleanup(() => app.close());
  const { ws, dataset } = await importCsvInto(app, dir, { fileName: 'prices.csv', csv: CSV });
  await app.services.analysis.idle();
  const state = await invoke<{ conversation: { id: string } }>(app, 'chat:open', {
    workspaceId: ws.id,
    datasetId: dataset.id,
  });
  const conversationId = state.conversation.id;
  return {
    app,
    ws,
    dataset,
    conversationId,
    say: (text: string) => turn(app, { workspaceId: ws.id, conversationId, text }),
    tasks: async () =>
      (await invoke<{ tasks: Task[] }>(app, 'boards:tasksList', { workspaceId: ws.id, sort: 'created' }))
        .tasks,
    history: () => invoke<PatchSet[]>(app, 'boards:patchesList', { workspaceId: ws.id }),
  };
}

async function withModel() {
  const ctx = await setup();
  const server: MockOpenAi = await startMockOpenAi();
  cleanup(() => server.close());
  const profile = ctx.app.services.profiles.create(
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
      experimentName: 'task-tests',
      prompts: { systemPrompt: '', editingInstructions: '', userTemplate: '' },
    }),
  );
  await invoke(ctx.app, 'chat:setProfile', {
    workspaceId: ctx.ws.id,
    conversationId: ctx.conversationId,
    profileId: profile.id,
  });
  return { ...ctx, server };
}

describe('task tools with a model (Chat Completions)', () => {
  it('offers the task tools beside the data tools', async () => {
    const { server, say } = await withModel();
    server.script({ kind: 'text', content: 'Hi.' });
    await say('hello');
    const body = server.requests.find((r) => r.path === '/v1/chat/completions')!.body as {
      tools: { function: { name: string; parameters: { properties?: Record<string, unknown> } } }[];
    };
    const names = body.tools.map((t) => t.function.name);
    expect(names).toEqual(
      expect.arrayContaining(['apply_operation', 'list_tasks', 'add_task', 'apply_patch_set']),
    );
    const patchTool = body.tools.find((t) => t.function.name === 'apply_patch_set')!;
    expect(Object.keys(patchTool.function.parameters.properties ?? {})).toEqual(['patches', 'summary']);
  });

  it('applies a patch set the model asks for, as the assistant and logged with the run, and the person undoes it', async () => {
    const { app, ws, server, say, tasks, history, conversationId } = await withModel();
    server.script(
      {
        kind: 'tool_calls',
        calls: [
          {
            name: 'apply_patch_set',
            arguments: JSON.stringify({
              summary: 'Plan the price cleanup',
              patches: [
                { op: 'create_project', key: 'p', fields: { name: 'Price cleanup', status: 'active' } },
                {
                  op: 'create_task',
                  key: 'a',
                  projectKey: 'p',
                  fields: { title: 'Find outliers', priority: 'high' },
                },
                { op: 'create_task', projectKey: 'p', parentKey: 'a', fields: { title: 'Check row 2' } },
              ],
            }),
          },
        ],
      },
      { kind: 'text', content: 'I planned it.' },
    );
    const result = await say('Plan the cleanup of price');
    expect(result.outcome).toBe('completed');
    const tool = result.messages.find((m) => m.role === 'tool')!;
    expect(tool.content).toMatch(/^Applied 3 changes: 3 created, 0 updated, 0 deleted\./);
    const made = (await tasks()).sort((a, b) => a.depth - b.depth);
    expect(made.map((t) => [t.title, t.depth, t.createdBy])).toEqual([
      ['Find outliers', 0, 'assistant'],
      ['Check row 2', 1, 'assistant'],
    ]);
    const [set] = await history();
    expect(set).toMatchObject({
      author: 'assistant',
      summary: 'Plan the price cleanup',
      agentRunId: result.runId,
      conversationId,
      revertedById: null,
    });
    // The chat's Undo: the sets of this conversation, newest first, and revert.
    const mine = await invoke<PatchSet[]>(app, 'boards:patchesList', { workspaceId: ws.id, conversationId });
    expect(mine.map((s) => s.id)).toEqual([set!.id]);
    await invoke<PatchResult>(app, 'boards:patchesRevert', { workspaceId: ws.id, patchSetId: set!.id });
    expect(await tasks()).toEqual([]);
    expect(await invoke<ProjectSummary[]>(app, 'boards:projectsList', { workspaceId: ws.id })).toEqual([]);
    expect((await history())[1]).toMatchObject({ id: set!.id, revertedById: expect.any(String) });
  });

  it('answers an invalid patch set with the patch and the reason, and changes nothing', async () => {
    const { server, say, tasks, history } = await withModel();
    server.script(
      {
        kind: 'tool_calls',
        calls: [
          {
            name: 'apply_patch_set',
            arguments: JSON.stringify({
              patches: [
                { op: 'create_project', key: 'p', fields: { name: 'P' } },
                { op: 'create_task', projectKey: 'p', fields: { title: 'Fine' } },
                { op: 'create_task', projectKey: 'q', fields: { title: 'Broken' } },
              ],
            }),
          },
          { name: 'add_task', arguments: JSON.stringify({ title: 'x', priority: 'soon' }) },
        ],
      },
      { kind: 'text', content: 'Sorry.' },
    );
    const result = await say('Plan it');
    const tools = result.messages.filter((m) => m.role === 'tool').map((m) => m.content);
    expect(tools[0]).toMatch(/^apply_patch_set failed: Patch 2 \(create_task\) was refused: .*“q”/);
    expect(tools[1]).toMatch(/^The arguments for add_task are invalid \(priority: /);
    expect(await tasks()).toEqual([]);
    expect(await history()).toEqual([]);
  });
});

describe('task requests to the built-in assistant', () => {
  it('adds a task linked to the dataset’s version, lists it, moves, re-prioritises, completes and deletes it', async () => {
    const { app, ws, dataset, say, tasks, history } = await setup();
    const added = await say('add a task to look at the outliers in price');
    expect(added.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(added.messages[1]!.toolCalls![0]!.name).toBe('add_task');
    expect(added.messages[3]!.content).toMatch(
      /^Added the task “Look at the outliers in price” to the project “Tasks”, linked/,
    );
    const current = app.services.datasets.get({ workspaceId: ws.id, datasetId: dataset.id });
    const [task] = await tasks();
    expect(task).toMatchObject({
      title: 'Look at the outliers in price',
      createdBy: 'assistant',
      datasetId: dataset.id,
      versionId: current.currentVersionId,
    });
    const linked = await invoke<{ total: number }>(app, 'boards:tasksList', {
      workspaceId: ws.id,
      filter: { datasetId: dataset.id },
    });
    expect(linked.total).toBe(1);

    expect((await say('list tasks')).messages.at(-1)!.content).toContain('Look at the outliers in price');
    await say('move the outlier task to in progress');
    expect((await tasks())[0]!.status).toBe('in_progress');
    await say('set priority of outliers to critical');
    await say('set due date of outliers to 2020-01-01');
    expect((await tasks())[0]).toMatchObject({ priority: 'critical', dueDate: '2020-01-01' });
    expect((await say('what is overdue?')).messages.at(-1)!.content).toMatch(/^1 overdue task:/);
    await say('complete outliers in price');
    expect((await tasks())[0]!.status).toBe('done');
    expect((await say('what is overdue')).messages.at(-1)!.content).toBe('Nothing is overdue.');
    // A refusal is said once, as the turn's error, and nothing changes.
    const unknown = await say('complete the quarterly report');
    const refusal = unknown.messages.at(-1)!;
    expect(refusal.error).toContain('No task is called “quarterly report”');
    expect(refusal.error).toContain('Nothing was changed.');
    expect((await tasks())[0]!.status).toBe('done');
    await say('delete task look at outliers');
    expect(await tasks()).toEqual([]);
    const sets = await history();
    expect(sets.every((s) => s.author === 'assistant')).toBe(true);
    expect(sets).toHaveLength(6);
  });
});
