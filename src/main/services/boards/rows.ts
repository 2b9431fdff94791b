import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { Project, Task } from '../../../shared/boards';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import { projects, tasks, type ProjectRow, type TaskRow } from '../../db/schema';

/** Row ↔ domain mapping and the small reads every part of the boards service shares. */

export type Entity = 'project' | 'task';

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function toProject(row: ProjectRow): Project {
  const { deleteBatchId: _batch, ...rest } = row;
  return {
    ...rest,
    tags: parseJson<string[]>(row.tags, []),
    metadata: parseJson<Record<string, unknown>>(row.metadata, {}),
    integrationIds: parseJson<Record<string, string>>(row.integrationIds, {}),
  };
}

export type TaskRowWithCount = TaskRow & { childCount: number };

export function toTask(row: TaskRowWithCount): Task {
  const { deleteBatchId: _batch, ...rest } = row;
  return {
    ...rest,
    tags: parseJson<string[]>(row.tags, []),
    metadata: parseJson<Record<string, unknown>>(row.metadata, {}),
  };
}

/**
 * Task columns plus the number of live direct subtasks (the card's subtask count). The outer
 * column is written out: drizzle leaves the table off in a one-table select, and a bare "id"
 * would bind to the subquery's own table.
 */
export const taskWithCount = {
  ...getTableColumns(tasks),
  childCount:
    sql<number>`(SELECT count(*) FROM tasks AS c WHERE c.parent_id = "tasks"."id" AND c.deleted_at IS NULL)`.mapWith(
      Number,
    ),
};

export function projectRow(db: AppDatabase, id: string): ProjectRow | undefined {
  return db.select().from(projects).where(eq(projects.id, id)).get();
}

export function taskRow(db: AppDatabase, id: string): TaskRow | undefined {
  return db.select().from(tasks).where(eq(tasks.id, id)).get();
}

/** A live project of this workspace, or NOT_FOUND (another workspace's id reads as missing). */
export function liveProject(db: AppDatabase, workspaceId: string, id: string): ProjectRow {
  const row = projectRow(db, id);
  if (!row || row.workspaceId !== workspaceId || row.deletedAt !== null) {
    throw new CairnError('NOT_FOUND', 'That project does not exist (or is in the Trash).');
  }
  return row;
}

/** A task of this workspace (live, unless `allowDeleted`), or NOT_FOUND. */
export function workspaceTask(
  db: AppDatabase,
  workspaceId: string,
  id: string,
  options: { allowDeleted?: boolean } = {},
): TaskRow {
  const row = db
    .select({ task: tasks, workspaceId: projects.workspaceId, projectDeletedAt: projects.deletedAt })
    .from(tasks)
    .innerJoin(projects, eq(projects.id, tasks.projectId))
    .where(eq(tasks.id, id))
    .get();
  const hidden =
    row && !options.allowDeleted && (row.task.deletedAt !== null || row.projectDeletedAt !== null);
  if (!row || row.workspaceId !== workspaceId || hidden) {
    throw new CairnError('NOT_FOUND', 'That task does not exist (or is in the Trash).');
  }
  return row.task;
}

export function readTask(db: AppDatabase, id: string): Task {
  const row = db.select(taskWithCount).from(tasks).where(eq(tasks.id, id)).get();
  if (!row) throw new CairnError('NOT_FOUND', 'That task does not exist.');
  return toTask(row);
}

/** Ids of the task's descendants at any depth (deleted ones too), not the task itself. */
export function descendantIds(db: AppDatabase, taskId: string): string[] {
  return db
    .all<{ id: string }>(
      sql`WITH RECURSIVE sub(id) AS (
            SELECT id FROM tasks WHERE parent_id = ${taskId}
            UNION ALL SELECT t.id FROM tasks t JOIN sub ON t.parent_id = sub.id)
          SELECT id FROM sub`,
    )
    .map((r) => r.id);
}

/** “title” in quotes for messages, shortened. */
export function quote(text: string): string {
  return `“${text.length > 60 ? `${text.slice(0, 59)}…` : text}”`;
}
