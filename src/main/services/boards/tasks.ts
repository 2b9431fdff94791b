import { and, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  MAX_TASK_DEPTH,
  type taskChangesSchema,
  type taskFieldsSchema,
  type TaskStatus,
} from '../../../shared/boards';
import { CairnError } from '../../../shared/result';
import { analyses, datasets, insights, tasks, versions, type TaskRow } from '../../db/schema';
import type { ApplyContext } from './context';
import { descendantIds, liveProject, quote, workspaceTask } from './rows';

/** Task operations inside a patch set (the caller holds the transaction). */

type TaskFields = z.output<typeof taskFieldsSchema>;
type TaskChanges = z.output<typeof taskChangesSchema>;
type Links = Pick<TaskFields, 'datasetId' | 'versionId' | 'insightId'>;

function tooDeep(title: string): CairnError {
  return new CairnError(
    'VALIDATION',
    `Tasks nest at most ${MAX_TASK_DEPTH + 1} levels deep; ${quote(title)} is already at the deepest level, so it cannot have subtasks.`,
  );
}

/** The end of a status column: one past its largest position. */
export function endOfColumn(ctx: ApplyContext, projectId: string, status: TaskStatus): number {
  const row = ctx.db
    .select({ top: max(tasks.position) })
    .from(tasks)
    .where(and(eq(tasks.projectId, projectId), isNull(tasks.deletedAt), eq(tasks.status, status)))
    .get();
  return (row?.top ?? 0) + 1;
}

/** Links must point at this workspace's data, and a version at its dataset. */
function checkLinks(ctx: ApplyContext, links: Partial<Links>, current?: Links): void {
  const merged: Links = {
    datasetId: links.datasetId !== undefined ? links.datasetId : (current?.datasetId ?? null),
    versionId: links.versionId !== undefined ? links.versionId : (current?.versionId ?? null),
    insightId: links.insightId !== undefined ? links.insightId : (current?.insightId ?? null),
  };
  if (links.datasetId) {
    const d = ctx.db.select().from(datasets).where(eq(datasets.id, links.datasetId)).get();
    if (!d || d.workspaceId !== ctx.workspaceId)
      throw new CairnError('NOT_FOUND', 'The linked dataset does not exist.');
  }
  if (links.versionId) {
    const v = ctx.db
      .select({ datasetId: versions.datasetId, workspaceId: datasets.workspaceId })
      .from(versions)
      .innerJoin(datasets, eq(datasets.id, versions.datasetId))
      .where(eq(versions.id, links.versionId))
      .get();
    if (!v || v.workspaceId !== ctx.workspaceId)
      throw new CairnError('NOT_FOUND', 'The linked version does not exist.');
    if (merged.datasetId !== null && merged.datasetId !== v.datasetId) {
      throw new CairnError(
        'VALIDATION',
        'The linked version belongs to another dataset than the linked one.',
      );
    }
  }
  if (links.insightId) {
    const i = ctx.db
      .select({ workspaceId: datasets.workspaceId })
      .from(insights)
      .innerJoin(analyses, eq(analyses.id, insights.analysisId))
      .innerJoin(datasets, eq(datasets.id, analyses.datasetId))
      .where(eq(insights.id, links.insightId))
      .get();
    if (!i || i.workspaceId !== ctx.workspaceId)
      throw new CairnError('NOT_FOUND', 'The linked insight does not exist.');
  }
}

export function createTask(
  ctx: ApplyContext,
  input: {
    projectId: string | null;
    parentId: string | null;
    fields: TaskFields;
    position?: number;
    key?: string;
  },
): TaskRow {
  const parent = input.parentId === null ? null : workspaceTask(ctx.db, ctx.workspaceId, input.parentId);
  if (parent && input.projectId !== null && parent.projectId !== input.projectId) {
    throw new CairnError('VALIDATION', `The parent task ${quote(parent.title)} belongs to another project.`);
  }
  const projectId = parent?.projectId ?? input.projectId;
  if (projectId === null) throw new CairnError('VALIDATION', 'A task needs a project (or a parent task).');
  liveProject(ctx.db, ctx.workspaceId, projectId);
  if (parent && parent.depth >= MAX_TASK_DEPTH) throw tooDeep(parent.title);
  const { fields } = input;
  checkLinks(ctx, fields);
  const row: TaskRow = {
    id: ctx.newId(),
    projectId,
    parentId: parent?.id ?? null,
    title: fields.title,
    description: fields.description,
    status: fields.status,
    priority: fields.priority,
    assignee: fields.assignee === '' ? null : fields.assignee,
    dueDate: fields.dueDate,
    estimatedMinutes: fields.estimatedMinutes,
    actualMinutes: fields.actualMinutes,
    tags: JSON.stringify(fields.tags),
    metadata: JSON.stringify(fields.metadata),
    createdBy: ctx.author,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    completedAt: fields.status === 'done' ? ctx.now : null,
    depth: parent ? parent.depth + 1 : 0,
    position: input.position ?? endOfColumn(ctx, projectId, fields.status),
    deletedAt: null,
    deleteBatchId: null,
    datasetId: fields.datasetId,
    versionId: fields.versionId,
    insightId: fields.insightId,
  };
  ctx.creating('task', row.id);
  ctx.db.insert(tasks).values(row).run();
  if (input.key !== undefined) ctx.keys.set(input.key, { entity: 'task', id: row.id });
  ctx.result.created.push({ entity: 'task', id: row.id, key: input.key ?? null });
  ctx.projectIds.add(projectId);
  return row;
}

/** Where a move puts the task: its parent and project, checked for cycles and depth. */
function placeMove(
  ctx: ApplyContext,
  task: TaskRow,
  changes: TaskChanges,
): { projectId: string; parentId: string | null; depth: number; subtree: string[] } | null {
  const parentChanges = changes.parentId !== undefined && changes.parentId !== task.parentId;
  const projectChanges = changes.projectId !== undefined && changes.projectId !== task.projectId;
  if (!parentChanges && !projectChanges) return null;
  const subtree = descendantIds(ctx.db, task.id);
  // Another project without a parent named there: the task becomes top-level in it.
  const parentId = parentChanges ? (changes.parentId ?? null) : projectChanges ? null : task.parentId;
  let projectId = changes.projectId ?? task.projectId;
  let depth = 0;
  if (parentId !== null) {
    if (parentId === task.id || subtree.includes(parentId)) {
      throw new CairnError(
        'VALIDATION',
        `${quote(task.title)} cannot move under itself or one of its own subtasks.`,
      );
    }
    const parent = workspaceTask(ctx.db, ctx.workspaceId, parentId);
    if (changes.projectId !== undefined && changes.projectId !== parent.projectId) {
      throw new CairnError(
        'VALIDATION',
        `The parent task ${quote(parent.title)} belongs to another project.`,
      );
    }
    projectId = parent.projectId;
    if (parent.depth >= MAX_TASK_DEPTH) throw tooDeep(parent.title);
    depth = parent.depth + 1;
  }
  liveProject(ctx.db, ctx.workspaceId, projectId);
  const delta = depth - task.depth;
  if (subtree.length > 0 && delta > 0) {
    const deepest = ctx.db
      .select({ d: max(tasks.depth) })
      .from(tasks)
      .where(inArray(tasks.id, subtree))
      .get();
    const would = (deepest?.d ?? 0) + delta;
    if (would > MAX_TASK_DEPTH) {
      throw new CairnError(
        'VALIDATION',
        `Moving ${quote(task.title)} there would put its deepest subtask at depth ${would}; tasks nest at most to depth ${MAX_TASK_DEPTH}.`,
      );
    }
  }
  return { projectId, parentId, depth, subtree };
}

export function updateTask(ctx: ApplyContext, taskId: string, changes: TaskChanges): void {
  const task = workspaceTask(ctx.db, ctx.workspaceId, taskId);
  const move = placeMove(ctx, task, changes);
  checkLinks(ctx, changes, task);
  const { tags, metadata, projectId: _p, parentId: _q, ...plain } = changes;
  const status = changes.status ?? task.status;
  const projectId = move?.projectId ?? task.projectId;
  const columnChanges = status !== task.status || projectId !== task.projectId;
  const completedAt =
    changes.status === undefined || changes.status === task.status
      ? task.completedAt
      : changes.status === 'done'
        ? ctx.now
        : null;
  ctx.touch('task', [task.id, ...(move?.subtree ?? [])]);
  ctx.db
    .update(tasks)
    .set({
      ...plain,
      ...(tags ? { tags: JSON.stringify(tags) } : {}),
      ...(metadata ? { metadata: JSON.stringify(metadata) } : {}),
      ...(plain.assignee === '' ? { assignee: null } : {}),
      ...(move ? { projectId: move.projectId, parentId: move.parentId, depth: move.depth } : {}),
      position: changes.position ?? (columnChanges ? endOfColumn(ctx, projectId, status) : task.position),
      completedAt,
      updatedAt: ctx.now,
    })
    .where(eq(tasks.id, task.id))
    .run();
  if (move && move.subtree.length > 0) {
    // The project already followed through ON UPDATE CASCADE; the depths follow here.
    ctx.db
      .update(tasks)
      .set({ depth: sql`${tasks.depth} + ${move.depth - task.depth}`, updatedAt: ctx.now })
      .where(inArray(tasks.id, move.subtree))
      .run();
  }
  ctx.result.updated.push({ entity: 'task', id: task.id });
  ctx.projectIds.add(task.projectId).add(projectId);
}

/** Soft delete: the task and its live subtree, as one batch (subtasks deleted before keep theirs). */
export function deleteTask(ctx: ApplyContext, taskId: string): void {
  const task = workspaceTask(ctx.db, ctx.workspaceId, taskId);
  const batch = ctx.newId();
  const subtree = descendantIds(ctx.db, task.id);
  const ids = [task.id, ...subtree];
  const live = and(inArray(tasks.id, ids), isNull(tasks.deletedAt));
  ctx.touch(
    'task',
    ctx.db
      .select({ id: tasks.id })
      .from(tasks)
      .where(live)
      .all()
      .map((r) => r.id),
  );
  ctx.db
    .update(tasks)
    .set({ deletedAt: ctx.now, deleteBatchId: batch, updatedAt: ctx.now })
    .where(live)
    .run();
  ctx.result.deleted.push({ entity: 'task', id: task.id });
  ctx.projectIds.add(task.projectId);
}
