import { describe, expect, it } from 'vitest';
import type {
  PatchInput,
  PatchResult,
  PatchSet,
  ProjectSummary,
  Task,
  TrashItem,
} from '../../src/shared/boards';
import type { CairnApp } from '../../src/main/app';
import { createTestApp } from '../helpers/app';
import { useCleanup, useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const cleanup = useCleanup();

/** Calls go through the handler door, so inputs and outputs are checked against the contracts. */
async function call<T>(app: CairnApp, channel: string, input: unknown): Promise<T> {
  const result = await app.handlers.invoke(channel, input, { transport: 'test' });
  if (!result.ok) {
    throw Object.assign(new Error(result.error.message), {
      code: result.error.code,
      details: result.error.details,
    });
  }
  return result.value as T;
}

async function refused(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; details?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; details?: unknown };
  }
  throw new Error('Expected a refusal, but the call succeeded.');
}

async function setup() {
  const app = await createTestApp(tempDir());
  cleanup(() => app.close());
  const ws = app.services.workspaces.create({ name: 'Main', description: '' });
  const other = app.services.workspaces.create({ name: 'Other', description: '' });
  const h = {
    app,
    ws: ws.id,
    other: other.id,
    project: async (name: string, workspaceId = ws.id) =>
      (
        await call<{ project: { id: string } }>(app, 'boards:projectsCreate', {
          workspaceId,
          fields: { name },
        })
      ).project.id,
    task: async (
      projectId: string,
      title: string,
      extra: Record<string, unknown> = {},
      parentId: string | null = null,
    ) =>
      (
        await call<{ task: Task }>(app, 'boards:tasksCreate', {
          workspaceId: ws.id,
          projectId,
          parentId,
          fields: { title, ...extra },
        })
      ).task,
    get: (taskId: string, workspaceId = ws.id) => call<Task>(app, 'boards:tasksGet', { workspaceId, taskId }),
    tree: async (projectId: string) =>
      (await call<{ tasks: Task[] }>(app, 'boards:tasksTree', { workspaceId: ws.id, projectId })).tasks,
    apply: (patches: PatchInput[]) =>
      call<PatchResult>(app, 'boards:patchesApply', { workspaceId: ws.id, patches }),
    revert: (patchSetId: string) =>
      call<PatchResult>(app, 'boards:patchesRevert', { workspaceId: ws.id, patchSetId }),
    trash: () => call<TrashItem[]>(app, 'boards:trashList', { workspaceId: ws.id }),
  };
  return h;
}

/** A chain of `levels` nested tasks; returns them top first. */
async function chain(h: Awaited<ReturnType<typeof setup>>, projectId: string, levels: number, prefix = 'L') {
  const out: Task[] = [];
  for (let i = 0; i < levels; i += 1) {
    out.push(await h.task(projectId, `${prefix}${i}`, {}, out[i - 1]?.id ?? null));
  }
  return out;
}

describe('projects', () => {
  it('creates, lists with counts, renames, and refuses a second live project of the same name', async () => {
    const h = await setup();
    const p = await h.project('Cleanup');
    await h.task(p, 'One');
    await h.task(p, 'Two', { status: 'done' });
    const list = await call<ProjectSummary[]>(h.app, 'boards:projectsList', { workspaceId: h.ws });
    expect(list).toMatchObject([{ id: p, name: 'Cleanup', taskCount: 2, doneCount: 1, createdBy: 'user' }]);
    const dup = await refused(h.project('cleanup'));
    expect(dup.code).toBe('CONFLICT');
    expect(dup.message).toContain('already exists');
    // A deleted project's name is free again.
    await call(h.app, 'boards:projectsDelete', { workspaceId: h.ws, projectId: p });
    await h.project('Cleanup');
  });
});

describe('nesting', () => {
  it('refuses a sixth level of nesting (depth 0–5) and says why', async () => {
    const h = await setup();
    const p = await h.project('P');
    const levels = await chain(h, p, 6);
    expect(levels.map((t) => t.depth)).toEqual([0, 1, 2, 3, 4, 5]);
    const error = await refused(h.task(p, 'too deep', {}, levels[5]!.id));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('deepest level');
    expect(await h.tree(p)).toHaveLength(6);
  });

  it('refuses moving a task under itself or one of its descendants (a cycle)', async () => {
    const h = await setup();
    const p = await h.project('P');
    const [a, b, c] = await chain(h, p, 3);
    for (const target of [a!, c!]) {
      const error = await refused(
        call(h.app, 'boards:tasksMove', { workspaceId: h.ws, taskId: a!.id, parentId: target.id }),
      );
      expect(error.code).toBe('VALIDATION');
      expect(error.message).toContain('cannot move under itself');
    }
    expect((await h.get(b!.id)).parentId).toBe(a!.id);
  });

  it('recomputes the depth of the whole moved subtree, and refuses a move that would pass depth 5', async () => {
    const h = await setup();
    const p = await h.project('P');
    const deep = await chain(h, p, 4, 'D'); // depths 0..3
    const sub = await chain(h, p, 3, 'S'); // depths 0..2
    // S0 under D1: S0 → 2, S1 → 3, S2 → 4.
    await call(h.app, 'boards:tasksMove', { workspaceId: h.ws, taskId: sub[0]!.id, parentId: deep[1]!.id });
    expect(await Promise.all(sub.map(async (t) => (await h.get(t.id)).depth))).toEqual([2, 3, 4]);
    // S0 under D3 would put S2 at depth 6.
    const error = await refused(
      call(h.app, 'boards:tasksMove', { workspaceId: h.ws, taskId: sub[0]!.id, parentId: deep[3]!.id }),
    );
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('depth 6');
    expect((await h.get(sub[2]!.id)).depth).toBe(4);
    // Back to the top level: depths 0, 1, 2 again.
    await call(h.app, 'boards:tasksMove', { workspaceId: h.ws, taskId: sub[0]!.id, parentId: null });
    expect(await Promise.all(sub.map(async (t) => (await h.get(t.id)).depth))).toEqual([0, 1, 2]);
  });

  it('moves a subtree to another project with its subtasks', async () => {
    const h = await setup();
    const p = await h.project('P');
    const q = await h.project('Q');
    const [a, b] = await chain(h, p, 2);
    await call(h.app, 'boards:tasksUpdate', { workspaceId: h.ws, taskId: a!.id, changes: { projectId: q } });
    expect((await h.get(b!.id)).projectId).toBe(q);
    expect((await h.tree(q)).map((t) => t.title)).toEqual(['L0', 'L1']);
    expect(await h.tree(p)).toEqual([]);
  });
});

describe('the board', () => {
  it('orders cards within a status column and moves them between columns and within one', async () => {
    const h = await setup();
    const p = await h.project('P');
    const a = await h.task(p, 'A');
    const b = await h.task(p, 'B');
    const c = await h.task(p, 'C');
    const column = async (status: string) => {
      const got = await call<{ columns: { status: string; total: number; tasks: Task[] }[] }>(
        h.app,
        'boards:tasksBoard',
        { workspaceId: h.ws, projectId: p },
      );
      return got.columns.find((col) => col.status === status)!.tasks.map((t) => t.title);
    };
    expect(await column('todo')).toEqual(['A', 'B', 'C']);
    await call(h.app, 'boards:tasksMove', { workspaceId: h.ws, taskId: c.id, beforeTaskId: a.id });
    expect(await column('todo')).toEqual(['C', 'A', 'B']);
    await call(h.app, 'boards:tasksMove', { workspaceId: h.ws, taskId: c.id, beforeTaskId: b.id });
    expect(await column('todo')).toEqual(['A', 'C', 'B']);
    await call(h.app, 'boards:tasksMove', { workspaceId: h.ws, taskId: a.id, status: 'done' });
    expect(await column('todo')).toEqual(['C', 'B']);
    expect(await column('done')).toEqual(['A']);
    expect((await h.get(a.id)).completedAt).not.toBeNull();
    await call(h.app, 'boards:tasksMove', {
      workspaceId: h.ws,
      taskId: b.id,
      status: 'done',
      beforeTaskId: a.id,
    });
    expect(await column('done')).toEqual(['B', 'A']);
  });
});
