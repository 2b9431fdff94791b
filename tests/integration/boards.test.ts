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

describe('soft delete, the Trash and restore', () => {
  it('hides a task with its subtree and restores exactly that subtree, not a subtask deleted before', async () => {
    const h = await setup();
    const p = await h.project('P');
    const parent = await h.task(p, 'Parent');
    const kept = await h.task(p, 'Kept child', {}, parent.id);
    const grand = await h.task(p, 'Grandchild', {}, kept.id);
    const early = await h.task(p, 'Deleted first', {}, parent.id);
    await call(h.app, 'boards:tasksDelete', { workspaceId: h.ws, taskId: early.id });
    await call(h.app, 'boards:tasksDelete', { workspaceId: h.ws, taskId: parent.id });
    expect(await h.tree(p)).toEqual([]);
    expect((await refused(h.get(grand.id))).code).toBe('NOT_FOUND');

    const trash = await h.trash();
    expect(trash.map((t) => [t.title, t.itemCount])).toEqual(
      expect.arrayContaining([
        ['Parent', 3],
        ['Deleted first', 1],
      ]),
    );
    expect(trash).toHaveLength(2);

    // The child deleted on its own cannot come back while its parent is in the Trash.
    const blocked = await refused(
      call(h.app, 'boards:trashRestore', { workspaceId: h.ws, entity: 'task', id: early.id }),
    );
    expect(blocked.code).toBe('CONFLICT');
    expect(blocked.message).toContain('parent');

    const restored = await call<{ restored: number }>(h.app, 'boards:trashRestore', {
      workspaceId: h.ws,
      entity: 'task',
      id: parent.id,
    });
    expect(restored.restored).toBe(3);
    expect((await h.tree(p)).map((t) => [t.title, t.childCount])).toEqual([
      ['Parent', 1],
      ['Kept child', 1],
      ['Grandchild', 0],
    ]);
    expect((await h.get(parent.id)).childCount).toBe(1);
    expect((await h.trash()).map((t) => t.title)).toEqual(['Deleted first']);
  });

  it('deletes a project with its tasks, lists it once with the count, and restores them all', async () => {
    const h = await setup();
    const p = await h.project('P');
    const a = await h.task(p, 'A');
    await h.task(p, 'B', {}, a.id);
    await call(h.app, 'boards:projectsDelete', { workspaceId: h.ws, projectId: p });
    expect(await call(h.app, 'boards:projectsList', { workspaceId: h.ws })).toEqual([]);
    const trash = await h.trash();
    expect(trash).toMatchObject([{ entity: 'project', id: p, title: 'P', itemCount: 3 }]);
    await call(h.app, 'boards:trashRestore', { workspaceId: h.ws, entity: 'project', id: p });
    expect((await h.tree(p)).map((t) => t.title)).toEqual(['A', 'B']);
  });

  it('deletes permanently only from the Trash', async () => {
    const h = await setup();
    const p = await h.project('P');
    const a = await h.task(p, 'A');
    const b = await h.task(p, 'B', {}, a.id);
    const live = await refused(
      call(h.app, 'boards:trashPurge', { workspaceId: h.ws, entity: 'task', id: a.id }),
    );
    expect(live.code).toBe('CONFLICT');
    expect(live.message).toContain('not in the Trash');
    await call(h.app, 'boards:tasksDelete', { workspaceId: h.ws, taskId: a.id });
    const purged = await call<{ purged: number }>(h.app, 'boards:trashPurge', {
      workspaceId: h.ws,
      entity: 'task',
      id: a.id,
    });
    expect(purged.purged).toBe(2);
    expect(await h.trash()).toEqual([]);
    const rows = h.app.database.sqlite
      .prepare('SELECT count(*) AS n FROM tasks WHERE id IN (?, ?)')
      .get(a.id, b.id);
    expect(rows).toEqual({ n: 0 });
  });
});

describe('patch sets', () => {
  it('applies creates that refer to earlier creates by key, and reports the ids', async () => {
    const h = await setup();
    const result = await h.apply([
      { op: 'create_project', key: 'p', fields: { name: 'Launch' } },
      { op: 'create_task', key: 't', projectKey: 'p', fields: { title: 'Plan' } },
      { op: 'create_task', projectKey: 'p', parentKey: 't', fields: { title: 'Draft', priority: 'high' } },
    ]);
    expect(result.created.map((c) => [c.entity, c.key])).toEqual([
      ['project', 'p'],
      ['task', 't'],
      ['task', null],
    ]);
    const projectId = result.created[0]!.id;
    const tree = await h.tree(projectId);
    expect(tree.map((t) => [t.title, t.depth, t.priority])).toEqual([
      ['Plan', 0, 'medium'],
      ['Draft', 1, 'high'],
    ]);
    expect(tree[1]!.parentId).toBe(result.created[1]!.id);
  });

  it('changes nothing when one patch among good ones is invalid, and names that patch and the reason', async () => {
    const h = await setup();
    const p = await h.project('P');
    const a = await h.task(p, 'A');
    const error = await refused(
      h.apply([
        { op: 'update_task', taskId: a.id, changes: { title: 'Renamed' } },
        { op: 'create_task', projectId: p, fields: { title: 'New' } },
        { op: 'update_task', taskId: a.id, changes: { parentId: a.id } },
        { op: 'delete_task', taskId: a.id },
      ]),
    );
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/^Patch 2 \(update_task\) was refused: .*cannot move under itself/);
    expect(error.details).toMatchObject({ patchIndex: 2, op: 'update_task' });
    expect((await h.tree(p)).map((t) => t.title)).toEqual(['A']);
    const log = await call<PatchSet[]>(h.app, 'boards:patchesList', { workspaceId: h.ws });
    expect(log.map((s) => s.summary)).toEqual(['create task', 'create project']);
  });

  it('refuses an unknown key and a key used twice', async () => {
    const h = await setup();
    const unknown = await refused(
      h.apply([{ op: 'create_task', projectKey: 'nope', fields: { title: 'X' } }]),
    );
    expect(unknown.message).toContain('“nope”');
    const p = await h.project('P');
    const twice = await refused(
      h.apply([
        { op: 'create_task', key: 'k', projectId: p, fields: { title: 'X' } },
        { op: 'create_task', key: 'k', projectId: p, fields: { title: 'Y' } },
      ]),
    );
    expect(twice.details).toMatchObject({ patchIndex: 1 });
    expect(await h.tree(p)).toEqual([]);
  });

  it('logs every applied set with its author, patches and result, and reverts it', async () => {
    const h = await setup();
    const p = await h.project('P');
    const a = await h.task(p, 'A', { priority: 'low' });
    const result = await h.apply([
      { op: 'update_task', taskId: a.id, changes: { priority: 'critical', title: 'A!' } },
      { op: 'create_task', projectId: p, parentId: a.id, fields: { title: 'Sub' } },
      { op: 'update_project', projectId: p, changes: { status: 'active' } },
    ]);
    const [latest] = await call<PatchSet[]>(h.app, 'boards:patchesList', { workspaceId: h.ws, limit: 1 });
    expect(latest).toMatchObject({ id: result.patchSetId, author: 'user', revertedById: null, result });
    expect(latest!.patches).toHaveLength(3);

    const undo = await h.revert(result.patchSetId);
    expect(undo.deleted.map((d) => d.id)).toEqual([result.created[0]!.id]);
    expect(await h.get(a.id)).toMatchObject({ title: 'A', priority: 'low', childCount: 0 });
    const projects = await call<ProjectSummary[]>(h.app, 'boards:projectsList', { workspaceId: h.ws });
    expect(projects[0]!.status).toBe('planning');
    const log = await call<PatchSet[]>(h.app, 'boards:patchesList', { workspaceId: h.ws });
    expect(log[0]).toMatchObject({ revertOfId: result.patchSetId });
    expect(log[1]).toMatchObject({ id: result.patchSetId, revertedById: log[0]!.id });
    const again = await refused(h.revert(result.patchSetId));
    expect(again.code).toBe('CONFLICT');
    // Undoing the undo is a redo.
    await h.revert(log[0]!.id);
    expect(await h.get(a.id)).toMatchObject({ title: 'A!', priority: 'critical', childCount: 1 });
  });

  it('reverts a move (board position, status and subtree depth) and a delete', async () => {
    const h = await setup();
    const p = await h.project('P');
    const a = await h.task(p, 'A');
    const b = await h.task(p, 'B');
    const child = await h.task(p, 'Child', {}, b.id);
    const moved = await call<{ patchSetId: string }>(h.app, 'boards:tasksMove', {
      workspaceId: h.ws,
      taskId: b.id,
      parentId: a.id,
    });
    expect((await h.get(child.id)).depth).toBe(2);
    await h.revert(moved.patchSetId);
    expect(await h.get(b.id)).toMatchObject({ parentId: null, depth: 0, position: b.position });
    expect((await h.get(child.id)).depth).toBe(1);
    const deleted = await call<{ patchSetId: string }>(h.app, 'boards:tasksDelete', {
      workspaceId: h.ws,
      taskId: b.id,
    });
    await h.revert(deleted.patchSetId);
    expect((await h.tree(p)).map((t) => t.title)).toEqual(['A', 'B', 'Child']);
    expect(await h.trash()).toEqual([]);
  });

  it('reverts a move across projects, the subtree following back', async () => {
    const h = await setup();
    const p = await h.project('P');
    const q = await h.project('Q');
    const [a, b] = await chain(h, p, 3);
    const moved = await h.apply([{ op: 'update_task', taskId: b!.id, changes: { projectId: q } }]);
    expect((await h.tree(q)).map((t) => t.depth)).toEqual([0, 1]);
    await h.revert(moved.patchSetId);
    expect((await h.tree(p)).map((t) => [t.title, t.depth])).toEqual([
      ['L0', 0],
      ['L1', 1],
      ['L2', 2],
    ]);
    expect((await h.get(b!.id)).parentId).toBe(a!.id);
  });

  it('refuses a revert after a later change touched the same items, and changes nothing', async () => {
    const h = await setup();
    const p = await h.project('P');
    const a = await h.task(p, 'A');
    const first = await call<{ patchSetId: string }>(h.app, 'boards:tasksUpdate', {
      workspaceId: h.ws,
      taskId: a.id,
      changes: { title: 'First' },
    });
    await call(h.app, 'boards:tasksUpdate', {
      workspaceId: h.ws,
      taskId: a.id,
      changes: { priority: 'high' },
    });
    const error = await refused(h.revert(first.patchSetId));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('has changed since');
    expect(await h.get(a.id)).toMatchObject({ title: 'First', priority: 'high' });

    // A task added later under a task the set created also blocks its undo.
    const created = await h.apply([{ op: 'create_task', projectId: p, fields: { title: 'Made' } }]);
    await h.task(p, 'Later child', {}, created.created[0]!.id);
    const blocked = await refused(h.revert(created.patchSetId));
    expect(blocked.code).toBe('CONFLICT');
    expect((await h.tree(p)).map((t) => t.title)).toEqual(['First', 'Made', 'Later child']);
  });
});

describe('queries', () => {
  it('filters by status, priority, assignee, tag, due date, overdue and text, sorted and keyset-paged', async () => {
    const h = await setup();
    const p = await h.project('P');
    await h.task(p, 'Check outliers in price', {
      priority: 'high',
      assignee: 'Ann',
      tags: ['data'],
      dueDate: '2030-01-05',
    });
    await h.task(p, 'Write report', { description: 'mention the PRICE drift', dueDate: '2030-02-01' });
    await h.task(p, 'Old done', { status: 'done', dueDate: '2020-01-01', tags: ['Data'] });
    await h.task(p, 'Late', {
      status: 'blocked',
      priority: 'critical',
      dueDate: '2029-12-31',
      assignee: 'ann',
    });
    const list = async (filter: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      (
        await call<{ tasks: Task[]; total: number; nextCursor: string | null }>(h.app, 'boards:tasksList', {
          workspaceId: h.ws,
          filter,
          ...extra,
        })
      ).tasks.map((t) => t.title);
    expect(await list({ status: ['todo'] })).toEqual(['Check outliers in price', 'Write report']);
    expect(await list({ priority: ['critical', 'high'] }, { sort: 'priority', direction: 'desc' })).toEqual([
      'Late',
      'Check outliers in price',
    ]);
    expect(await list({ assignee: 'ANN' }, { sort: 'title' })).toEqual(['Check outliers in price', 'Late']);
    expect(await list({ tag: 'data' }, { sort: 'title' })).toEqual(['Check outliers in price', 'Old done']);
    expect(await list({ dueBefore: '2030-01-06' }, { sort: 'due' })).toEqual([
      'Old done',
      'Late',
      'Check outliers in price',
    ]);
    expect(await list({ overdue: true, today: '2030-01-10' }, { sort: 'due' })).toEqual([
      'Late',
      'Check outliers in price',
    ]);
    expect(await list({ search: 'price' }, { sort: 'title' })).toEqual([
      'Check outliers in price',
      'Write report',
    ]);
    expect(await list({ search: '100%' })).toEqual([]);

    // Keyset pages: two at a time, in due order, nothing missed or repeated.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { tasks: Task[]; total: number; nextCursor: string | null } = await call(
        h.app,
        'boards:tasksList',
        {
          workspaceId: h.ws,
          sort: 'due',
          limit: 2,
          ...(cursor ? { cursor } : {}),
        },
      );
      expect(page.total).toBe(4);
      seen.push(...page.tasks.map((t) => t.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Old done', 'Late', 'Check outliers in price', 'Write report']);
  });
});

describe('workspace isolation', () => {
  it('answers NOT_FOUND to every call given another workspace’s ids', async () => {
    const h = await setup();
    const p = await h.project('Mine');
    const t = await h.task(p, 'Mine');
    await h.task(p, 'Trashed');
    const trashed = (await h.tree(p))[1]!;
    await call(h.app, 'boards:tasksDelete', { workspaceId: h.ws, taskId: trashed.id });
    const set = (await call<PatchSet[]>(h.app, 'boards:patchesList', { workspaceId: h.ws }))[0]!;
    const w = h.other;
    const calls: [string, Record<string, unknown>][] = [
      ['boards:projectsUpdate', { projectId: p, changes: { name: 'X' } }],
      ['boards:projectsDelete', { projectId: p }],
      ['boards:tasksTree', { projectId: p }],
      ['boards:tasksBoard', { projectId: p }],
      ['boards:tasksGet', { taskId: t.id }],
      ['boards:tasksCreate', { projectId: p, parentId: null, fields: { title: 'X' } }],
      [
        'boards:tasksCreate',
        { projectId: await h.project('Theirs', w), parentId: t.id, fields: { title: 'X' } },
      ],
      ['boards:tasksUpdate', { taskId: t.id, changes: { title: 'X' } }],
      ['boards:tasksMove', { taskId: t.id, status: 'done' }],
      ['boards:tasksDelete', { taskId: t.id }],
      ['boards:trashRestore', { entity: 'task', id: trashed.id }],
      ['boards:trashPurge', { entity: 'task', id: trashed.id }],
      ['boards:patchesApply', { patches: [{ op: 'delete_project', projectId: p }] }],
      ['boards:patchesRevert', { patchSetId: set.id }],
    ];
    for (const [channel, input] of calls) {
      const error = await refused(call(h.app, channel, { workspaceId: w, ...input }));
      expect([channel, error.code]).toEqual([channel, 'NOT_FOUND']);
    }
    // The other workspace's lists show nothing of this one.
    expect(await call<ProjectSummary[]>(h.app, 'boards:projectsList', { workspaceId: w })).toHaveLength(1);
    expect((await call<{ total: number }>(h.app, 'boards:tasksList', { workspaceId: w })).total).toBe(0);
    expect(await call(h.app, 'boards:trashList', { workspaceId: w })).toEqual([]);
    expect(await call(h.app, 'boards:patchesList', { workspaceId: w })).toHaveLength(1);
    // And this one is untouched.
    expect(await h.get(t.id)).toMatchObject({ title: 'Mine', status: 'todo' });
  });
});

describe('the database holds the rules too', () => {
  it('refuses bad rows written directly with SQL', async () => {
    const h = await setup();
    const p = await h.project('P');
    const q = await h.project('Q');
    const top = await h.task(p, 'Top');
    const deepest = (await chain(h, p, 6)).at(-1)!;
    const db = h.app.database.sqlite;
    const now = '2030-01-01T00:00:00.000Z';
    const insert = (values: Record<string, unknown>) => () =>
      db
        .prepare(
          `INSERT INTO tasks (id, project_id, parent_id, title, status, priority, created_by, created_at, updated_at,
             depth, position, estimated_minutes, actual_minutes)
           VALUES (@id, @project_id, @parent_id, @title, @status, @priority, @created_by, @now, @now, @depth, 1,
             @estimated_minutes, @actual_minutes)`,
        )
        .run({
          id: crypto.randomUUID(),
          project_id: p,
          parent_id: null,
          title: 'Row',
          status: 'todo',
          priority: 'low',
          created_by: 'user',
          now,
          depth: 0,
          estimated_minutes: null,
          actual_minutes: null,
          ...values,
        });
    expect(insert({})).not.toThrow();
    expect(insert({ parent_id: deepest.id, depth: 6 })).toThrow(/tasks_depth_range/);
    expect(insert({ depth: -1, parent_id: top.id })).toThrow(/tasks_depth_range/);
    expect(insert({ estimated_minutes: -5 })).toThrow(/tasks_minutes_not_negative/);
    expect(insert({ actual_minutes: -1 })).toThrow(/tasks_minutes_not_negative/);
    expect(insert({ status: 'doing' })).toThrow(/tasks_status/);
    expect(insert({ priority: 'urgent' })).toThrow(/tasks_priority/);
    expect(insert({ created_by: 'robot' })).toThrow(/tasks_created_by/);
    // A subtask in another project than its parent's.
    expect(insert({ project_id: q, parent_id: top.id, depth: 1 })).toThrow(/FOREIGN KEY/);
    expect(insert({ project_id: crypto.randomUUID() })).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`UPDATE projects SET status = 'paused' WHERE id = ?`).run(p)).toThrow(
      /projects_status/,
    );
    expect(() => db.prepare(`UPDATE projects SET priority = 'none' WHERE id = ?`).run(p)).toThrow(
      /projects_priority/,
    );
    expect(() => db.prepare(`UPDATE projects SET name = 'p' WHERE id = ?`).run(q)).toThrow(/UNIQUE/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO patch_sets (id, workspace_id, author, summary, patches, result, changes, created_at, seq)
      VALUES (?, ?, 'robot', '', '[]', '{}', '[]', ?, 999)`,
        )
        .run(crypto.randomUUID(), h.ws, now),
    ).toThrow(/patch_sets_author/);
    // Deleting a project removes its tasks; deleting a task, its subtasks.
    db.prepare('DELETE FROM tasks WHERE id = ?').run((await h.tree(p)).find((t) => t.title === 'L0')!.id);
    expect(db.prepare(`SELECT count(*) AS n FROM tasks WHERE title LIKE 'L%'`).get()).toEqual({ n: 0 });
    db.prepare('DELETE FROM projects WHERE id = ?').run(p);
    expect(db.prepare('SELECT count(*) AS n FROM tasks WHERE project_id = ?').get(p)).toEqual({ n: 0 });
  });
});

describe('windows and workspaces', () => {
  it('tells every window when a workspace’s boards change, naming the projects', async () => {
    const h = await setup();
    const seen: unknown[] = [];
    h.app.events.subscribe((channel, payload) => {
      if (channel === 'boards:changed') seen.push(payload);
    });
    const p = await h.project('P');
    const t = await h.task(p, 'A');
    await call(h.app, 'boards:tasksDelete', { workspaceId: h.ws, taskId: t.id });
    await call(h.app, 'boards:trashRestore', { workspaceId: h.ws, entity: 'task', id: t.id });
    expect(seen).toEqual([
      { workspaceId: h.ws, projectIds: [p] },
      { workspaceId: h.ws, projectIds: [p] },
      { workspaceId: h.ws, projectIds: [p] },
      { workspaceId: h.ws, projectIds: [p] },
    ]);
    // A refused set says nothing.
    await refused(h.apply([{ op: 'delete_task', taskId: crypto.randomUUID() }]));
    expect(seen).toHaveLength(4);
  });

  it('shows an archived workspace’s boards but refuses changes until it is restored', async () => {
    const h = await setup();
    const p = await h.project('P');
    await h.task(p, 'A');
    h.app.services.workspaces.archive({ id: h.ws });
    expect((await h.tree(p)).map((t) => t.title)).toEqual(['A']);
    const error = await refused(h.task(p, 'B'));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('archived');
  });
});
