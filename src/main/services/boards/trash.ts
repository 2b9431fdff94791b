import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { TrashItem } from '../../../shared/boards';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import { projects, tasks, type ProjectRow, type TaskRow } from '../../db/schema';
import { isUniqueViolation } from '../common';
import { projectRow, quote, workspaceTask, type Entity } from './rows';

/**
 * The Trash. Each soft delete hides its rows under one batch id; what the Trash lists is the
 * item each batch was started from, with the number of rows the batch holds. A restore brings
 * back exactly that batch — subtasks deleted on their own before stay in the Trash.
 */

function batchSize(db: AppDatabase, batch: string): number {
  const count = (table: typeof projects | typeof tasks) =>
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(table)
      .where(eq(table.deleteBatchId, batch))
      .get()?.n ?? 0;
  return count(projects) + count(tasks);
}

export function listTrash(db: AppDatabase, workspaceId: string): TrashItem[] {
  const items: TrashItem[] = [];
  const deletedProjects = db
    .select()
    .from(projects)
    .where(and(eq(projects.workspaceId, workspaceId), isNotNull(projects.deletedAt)))
    .all();
  for (const p of deletedProjects) {
    items.push({
      entity: 'project',
      id: p.id,
      title: p.name,
      projectId: null,
      projectName: null,
      deletedAt: p.deletedAt!,
      itemCount: batchSize(db, p.deleteBatchId!),
    });
  }
  // A task heads its batch when neither its parent nor its project went in the same batch.
  const heads = db
    .select({ task: tasks, projectName: projects.name })
    .from(tasks)
    .innerJoin(projects, eq(projects.id, tasks.projectId))
    .where(
      and(
        eq(projects.workspaceId, workspaceId),
        isNotNull(tasks.deletedAt),
        sql`${projects.deleteBatchId} IS NOT ${tasks.deleteBatchId}`,
        sql`NOT EXISTS (SELECT 1 FROM tasks p WHERE p.id = "tasks"."parent_id" AND p.delete_batch_id = "tasks"."delete_batch_id")`,
      ),
    )
    .all();
  for (const { task, projectName } of heads) {
    items.push({
      entity: 'task',
      id: task.id,
      title: task.title,
      projectId: task.projectId,
      projectName,
      deletedAt: task.deletedAt!,
      itemCount: batchSize(db, task.deleteBatchId!),
    });
  }
  return items.sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
}

/** The head of a batch in this workspace's Trash, or NOT_FOUND / CONFLICT. */
function trashed(db: AppDatabase, workspaceId: string, entity: Entity, id: string): ProjectRow | TaskRow {
  const row =
    entity === 'project'
      ? projectRow(db, id)
      : (() => {
          try {
            return workspaceTask(db, workspaceId, id, { allowDeleted: true });
          } catch {
            return undefined;
          }
        })();
  if (!row || (entity === 'project' && (row as ProjectRow).workspaceId !== workspaceId)) {
    throw new CairnError('NOT_FOUND', `That ${entity} does not exist.`);
  }
  if (row.deletedAt === null) throw new CairnError('CONFLICT', `That ${entity} is not in the Trash.`);
  return row;
}

export function restoreFromTrash(
  db: AppDatabase,
  workspaceId: string,
  entity: Entity,
  id: string,
  now: string,
): { restored: number; projectId: string } {
  return db.transaction(() => {
    const row = trashed(db, workspaceId, entity, id);
    if (entity === 'task') {
      const task = row as TaskRow;
      const project = projectRow(db, task.projectId)!;
      if (project.deletedAt !== null && project.deleteBatchId !== task.deleteBatchId) {
        throw new CairnError(
          'CONFLICT',
          `Its project ${quote(project.name)} is in the Trash too. Restore the project first.`,
        );
      }
      const parent = task.parentId
        ? db.select().from(tasks).where(eq(tasks.id, task.parentId)).get()
        : undefined;
      if (parent && parent.deletedAt !== null && parent.deleteBatchId !== task.deleteBatchId) {
        throw new CairnError(
          'CONFLICT',
          `Its parent task ${quote(parent.title)} is in the Trash too. Restore that first.`,
        );
      }
    }
    const batch = row.deleteBatchId!;
    const shown = { deletedAt: null, deleteBatchId: null, updatedAt: now };
    const restoredTasks = db.update(tasks).set(shown).where(eq(tasks.deleteBatchId, batch)).run().changes;
    let restoredProjects = 0;
    try {
      restoredProjects = db
        .update(projects)
        .set(shown)
        .where(eq(projects.deleteBatchId, batch))
        .run().changes;
    } catch (error) {
      if (isUniqueViolation(error, 'projects_live_name_unique')) {
        throw new CairnError(
          'CONFLICT',
          `Another project is now named ${quote((row as ProjectRow).name)}. Rename it, then restore this one.`,
        );
      }
      throw error;
    }
    const projectId = entity === 'project' ? row.id : (row as TaskRow).projectId;
    return { restored: restoredTasks + restoredProjects, projectId };
  });
}

/** Permanent: the item and every row beneath it (the foreign keys cascade). */
export function purgeFromTrash(
  db: AppDatabase,
  workspaceId: string,
  entity: Entity,
  id: string,
): { purged: number; projectId: string } {
  return db.transaction(() => {
    const row = trashed(db, workspaceId, entity, id);
    if (entity === 'project') {
      const n =
        db
          .select({ n: sql<number>`count(*)`.mapWith(Number) })
          .from(tasks)
          .where(eq(tasks.projectId, id))
          .get()?.n ?? 0;
      db.delete(projects).where(eq(projects.id, id)).run();
      return { purged: n + 1, projectId: id };
    }
    const n =
      db.get<{ n: number }>(
        sql`WITH RECURSIVE sub(id) AS (SELECT ${id} UNION ALL SELECT t.id FROM tasks t JOIN sub ON t.parent_id = sub.id) SELECT count(*) AS n FROM sub`,
      )?.n ?? 0;
    db.delete(tasks)
      .where(inArray(tasks.id, [id]))
      .run();
    return { purged: n, projectId: (row as TaskRow).projectId };
  });
}
