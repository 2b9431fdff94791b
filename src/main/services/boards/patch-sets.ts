import { and, desc, eq, max, sql } from 'drizzle-orm';
import type { BoardAuthor, Patch, PatchResult, PatchSet } from '../../../shared/boards';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import { patchSets, projects, tasks, type PatchSetRow, type ProjectRow, type TaskRow } from '../../db/schema';
import { isUniqueViolation, type IdFactory } from '../common';
import { createContext, readRow, sameRow, type ApplyContext, type RowChange } from './context';
import { createProject, deleteProject, updateProject } from './projects';
import { quote } from './rows';
import { createTask, deleteTask, updateTask } from './tasks';

/**
 * Patch sets (seed 002): applied whole in one transaction or not at all, logged with the rows
 * they changed, and reverted by writing those rows back — refused when a later change has
 * touched any of them since, so a revert never clobbers someone else's work.
 */

export interface Authorship {
  author: BoardAuthor;
  agentRunId?: string | null;
  conversationId?: string | null;
}

export interface PatchSetDeps {
  db: AppDatabase;
  newId: IdFactory;
  now(): string;
}

function keyed(ctx: ApplyContext, key: string, entity: 'project' | 'task'): string {
  const found = ctx.keys.get(key);
  if (!found || found.entity !== entity) {
    throw new CairnError('VALIDATION', `No ${entity} created earlier in this set has the key “${key}”.`);
  }
  return found.id;
}

function applyOne(ctx: ApplyContext, patch: Patch): void {
  switch (patch.op) {
    case 'create_project':
      if (patch.key !== undefined && ctx.keys.has(patch.key)) {
        throw new CairnError('VALIDATION', `The key “${patch.key}” is used twice in this set.`);
      }
      createProject(ctx, patch.fields, patch.key);
      return;
    case 'update_project':
      updateProject(ctx, patch.projectId, patch.changes);
      return;
    case 'delete_project':
      deleteProject(ctx, patch.projectId);
      return;
    case 'create_task': {
      if (patch.key !== undefined && ctx.keys.has(patch.key)) {
        throw new CairnError('VALIDATION', `The key “${patch.key}” is used twice in this set.`);
      }
      if (patch.projectId !== undefined && patch.projectKey !== undefined) {
        throw new CairnError('VALIDATION', 'Give the project by projectId or by projectKey, not both.');
      }
      if (patch.parentId !== undefined && patch.parentKey !== undefined) {
        throw new CairnError('VALIDATION', 'Give the parent by parentId or by parentKey, not both.');
      }
      const projectId =
        patch.projectKey !== undefined ? keyed(ctx, patch.projectKey, 'project') : patch.projectId;
      const parentId = patch.parentKey !== undefined ? keyed(ctx, patch.parentKey, 'task') : patch.parentId;
      createTask(ctx, {
        projectId: projectId ?? null,
        parentId: parentId ?? null,
        fields: patch.fields,
        ...(patch.position !== undefined ? { position: patch.position } : {}),
        ...(patch.key !== undefined ? { key: patch.key } : {}),
      });
      return;
    }
    case 'update_task':
      updateTask(ctx, patch.taskId, patch.changes);
      return;
    case 'delete_task':
      deleteTask(ctx, patch.taskId);
  }
}

function describeFailure(error: unknown): CairnError {
  if (error instanceof CairnError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
    // The database's own rules (the service should have caught these first).
    return new CairnError('VALIDATION', `The database refused it (${(error as Error).message}).`);
  }
  throw error;
}

function summarise(patches: readonly Patch[]): string {
  const counts = new Map<string, number>();
  for (const p of patches) counts.set(p.op, (counts.get(p.op) ?? 0) + 1);
  return [...counts].map(([op, n]) => `${op.replace('_', ' ')}${n > 1 ? ` ×${n}` : ''}`).join(', ');
}

export function toPatchSet(row: PatchSetRow): PatchSet {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    author: row.author,
    summary: row.summary,
    patches: JSON.parse(row.patches) as Patch[],
    result: JSON.parse(row.result) as PatchResult,
    agentRunId: row.agentRunId,
    conversationId: row.conversationId,
    revertOfId: row.revertOfId,
    revertedById: row.revertedById,
    createdAt: row.createdAt,
  };
}

export function createPatchSets(deps: PatchSetDeps) {
  const { db } = deps;

  function log(
    ctx: ApplyContext & { changes(): RowChange[] },
    input: { patches: readonly Patch[]; summary: string; by: Authorship; revertOfId?: string },
  ): PatchResult {
    const id = deps.newId();
    const result: PatchResult = { patchSetId: id, ...ctx.result };
    const last = db
      .select({ seq: max(patchSets.seq) })
      .from(patchSets)
      .get();
    db.insert(patchSets)
      .values({
        id,
        workspaceId: ctx.workspaceId,
        author: input.by.author,
        summary: input.summary,
        patches: JSON.stringify(input.patches),
        result: JSON.stringify(result),
        changes: JSON.stringify(ctx.changes()),
        agentRunId: input.by.agentRunId ?? null,
        conversationId: input.by.conversationId ?? null,
        revertOfId: input.revertOfId ?? null,
        revertedById: null,
        createdAt: ctx.now,
        seq: (last?.seq ?? 0) + 1,
      })
      .run();
    return result;
  }

  return {
    /**
     * Applies every patch or none. A refusal names the patch by its index in the list and says
     * why; the transaction is rolled back, so nothing of the earlier patches stays either.
     */
    apply(
      workspaceId: string,
      patches: readonly Patch[],
      by: Authorship,
      summary?: string,
    ): { result: PatchResult; projectIds: string[] } {
      return db.transaction(() => {
        const ctx = createContext(db, { workspaceId, author: by.author, now: deps.now(), newId: deps.newId });
        patches.forEach((patch, index) => {
          try {
            applyOne(ctx, patch);
          } catch (error) {
            const why = describeFailure(error);
            throw new CairnError(
              why.code,
              `Patch ${index} (${patch.op}) was refused: ${why.message} Nothing in this set was applied.`,
              { patchIndex: index, op: patch.op, reason: why.message },
            );
          }
        });
        const result = log(ctx, { patches, summary: summary?.trim() || summarise(patches), by });
        return { result, projectIds: [...ctx.projectIds] };
      });
    },

    list(workspaceId: string, options: { conversationId?: string; limit: number }): PatchSet[] {
      const where = options.conversationId
        ? and(eq(patchSets.workspaceId, workspaceId), eq(patchSets.conversationId, options.conversationId))
        : eq(patchSets.workspaceId, workspaceId);
      return db
        .select()
        .from(patchSets)
        .where(where)
        .orderBy(desc(patchSets.seq))
        .limit(options.limit)
        .all()
        .map(toPatchSet);
    },

    /** Writes back every row the set changed, if each is still as the set left it. */
    revert(
      workspaceId: string,
      patchSetId: string,
      by: Authorship,
    ): { result: PatchResult; projectIds: string[] } {
      return db.transaction(() => {
        const row = db.select().from(patchSets).where(eq(patchSets.id, patchSetId)).get();
        if (!row || row.workspaceId !== workspaceId)
          throw new CairnError('NOT_FOUND', 'That change is not in the history.');
        if (row.revertedById !== null)
          throw new CairnError('CONFLICT', 'That change has already been undone.');
        const changes = JSON.parse(row.changes) as RowChange[];
        for (const change of changes) {
          const now = readRow(db, change.entity, change.id);
          if (!sameRow(now, change.after)) {
            const name = (now ?? change.after ?? change.before) as { name?: string; title?: string } | null;
            throw new CairnError(
              'CONFLICT',
              `Cannot undo “${row.summary}”: the ${change.entity} ${quote(name?.title ?? name?.name ?? change.id)} has changed since. Undo the later change first.`,
            );
          }
        }
        // Rows go back one by one, so a parent and its subtask can disagree in between (a move
        // across projects); the keys are checked once, at commit.
        db.run(sql`PRAGMA defer_foreign_keys = ON`);
        const ctx = createContext(db, { workspaceId, author: by.author, now: deps.now(), newId: deps.newId });
        const removed = new Set(changes.filter((c) => c.before === null).map((c) => c.id));
        for (const change of [...changes].reverse()) {
          ctx.touch(change.entity, [change.id]);
          writeBack(change, removed);
          const ref = { entity: change.entity, id: change.id };
          if (change.before === null) ctx.result.deleted.push(ref);
          else if (change.after === null) ctx.result.created.push({ ...ref, key: null });
          else ctx.result.updated.push(ref);
          const projectId =
            change.entity === 'project' ? change.id : ((change.before ?? change.after) as TaskRow).projectId;
          ctx.projectIds.add(projectId);
        }
        const result = log(ctx, { patches: [], summary: `Undo: ${row.summary}`, by, revertOfId: row.id });
        db.update(patchSets).set({ revertedById: result.patchSetId }).where(eq(patchSets.id, row.id)).run();
        return { result, projectIds: [...ctx.projectIds] };
      });
    },
  };

  /** Puts one row back as it was before the set. */
  function writeBack(change: RowChange, removed: Set<string>): void {
    const table = change.entity === 'project' ? projects : tasks;
    if (change.before === null) {
      // A row the set created goes; refused if something added later hangs under it.
      const dependants =
        change.entity === 'project'
          ? db.select({ id: tasks.id }).from(tasks).where(eq(tasks.projectId, change.id)).all()
          : db.select({ id: tasks.id }).from(tasks).where(eq(tasks.parentId, change.id)).all();
      const later = dependants.find((d) => !removed.has(d.id));
      if (later) {
        throw new CairnError(
          'CONFLICT',
          `Cannot undo: a task was added since under an item this change created. Undo or move that task first.`,
        );
      }
      db.delete(table).where(eq(table.id, change.id)).run();
      return;
    }
    try {
      if (change.after === null) {
        if (change.entity === 'project')
          db.insert(projects)
            .values(change.before as ProjectRow)
            .run();
        else
          db.insert(tasks)
            .values(change.before as TaskRow)
            .run();
      } else if (change.entity === 'project') {
        db.update(projects)
          .set(change.before as ProjectRow)
          .where(eq(projects.id, change.id))
          .run();
      } else {
        db.update(tasks)
          .set(change.before as TaskRow)
          .where(eq(tasks.id, change.id))
          .run();
      }
    } catch (error) {
      if (isUniqueViolation(error, 'projects_live_name_unique')) {
        throw new CairnError(
          'CONFLICT',
          `Cannot undo: another project now has the name ${quote((change.before as ProjectRow).name)}. Rename it first.`,
        );
      }
      throw error;
    }
  }
}

export type PatchSets = ReturnType<typeof createPatchSets>;
