import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import {
  TASK_STATUSES,
  type ProjectSummary,
  type Task,
  type TaskFilter,
  type TaskStatus,
} from '../../../shared/boards';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import { projects, tasks } from '../../db/schema';
import { liveProject, taskWithCount, toProject, toTask, workspaceTask } from './rows';

/** The reads behind the board, the tree, the filtered list and the project list. */

const live = and(isNull(tasks.deletedAt), isNull(projects.deletedAt));

export function listProjects(
  db: AppDatabase,
  workspaceId: string,
  includeArchived: boolean,
): ProjectSummary[] {
  const rows = db
    .select({
      project: projects,
      taskCount:
        sql<number>`(SELECT count(*) FROM tasks t WHERE t.project_id = "projects"."id" AND t.deleted_at IS NULL)`.mapWith(
          Number,
        ),
      doneCount:
        sql<number>`(SELECT count(*) FROM tasks t WHERE t.project_id = "projects"."id" AND t.deleted_at IS NULL AND t.status = 'done')`.mapWith(
          Number,
        ),
    })
    .from(projects)
    .where(
      and(
        eq(projects.workspaceId, workspaceId),
        isNull(projects.deletedAt),
        includeArchived ? undefined : sql`${projects.status} <> 'archived'`,
      ),
    )
    .orderBy(asc(sql`lower(${projects.name})`))
    .all();
  return rows.map((r) => ({ ...toProject(r.project), taskCount: r.taskCount, doneCount: r.doneCount }));
}

/** Depth-first: each task followed by its subtasks, siblings in column order. */
export function taskTree(
  db: AppDatabase,
  workspaceId: string,
  projectId: string,
  rootTaskId?: string,
): Task[] {
  liveProject(db, workspaceId, projectId);
  if (rootTaskId !== undefined) {
    const root = workspaceTask(db, workspaceId, rootTaskId);
    if (root.projectId !== projectId) throw new CairnError('NOT_FOUND', 'That task is not in this project.');
  }
  // Every live task of the project is here, so the subtask counts come from the rows themselves.
  const rows = db
    .select()
    .from(tasks)
    .where(and(eq(tasks.projectId, projectId), isNull(tasks.deletedAt)))
    .orderBy(asc(tasks.depth), asc(tasks.position), asc(tasks.id))
    .all();
  const children = new Map<string | null, typeof rows>();
  for (const row of rows) {
    const list = children.get(row.parentId) ?? [];
    list.push(row);
    children.set(row.parentId, list);
  }
  const out: Task[] = [];
  const walk = (parentId: string | null): void => {
    for (const row of children.get(parentId) ?? []) {
      out.push(toTask({ ...row, childCount: children.get(row.id)?.length ?? 0 }));
      walk(row.id);
    }
  };
  if (rootTaskId === undefined) walk(null);
  else {
    const root = rows.find((r) => r.id === rootTaskId);
    if (root) {
      out.push(toTask({ ...root, childCount: children.get(root.id)?.length ?? 0 }));
      walk(root.id);
    }
  }
  return out;
}

export function board(db: AppDatabase, workspaceId: string, projectId: string, perColumn: number) {
  liveProject(db, workspaceId, projectId);
  const totals = new Map(
    db
      .select({ status: tasks.status, n: sql<number>`count(*)`.mapWith(Number) })
      .from(tasks)
      .where(and(eq(tasks.projectId, projectId), isNull(tasks.deletedAt)))
      .groupBy(tasks.status)
      .all()
      .map((r) => [r.status, r.n]),
  );
  return {
    columns: TASK_STATUSES.map((status: TaskStatus) => ({
      status,
      total: totals.get(status) ?? 0,
      tasks: db
        .select(taskWithCount)
        .from(tasks)
        .where(and(eq(tasks.projectId, projectId), isNull(tasks.deletedAt), eq(tasks.status, status)))
        .orderBy(asc(tasks.position), asc(tasks.id))
        .limit(perColumn)
        .all()
        .map(toTask),
    })),
  };
}

const PRIORITY_RANK = sql`(CASE ${tasks.priority} WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 ELSE 3 END)`;
const SORTS = {
  position: sql`${tasks.position}`,
  due: sql`coalesce(${tasks.dueDate}, '9999-12-31')`,
  priority: PRIORITY_RANK,
  updated: sql`${tasks.updatedAt}`,
  created: sql`${tasks.createdAt}`,
  title: sql`lower(${tasks.title})`,
} as const;
export type TaskSort = keyof typeof SORTS;

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filterConditions(filter: TaskFilter, today: string): SQL[] {
  const where: SQL[] = [];
  if (filter.projectId) where.push(sql`${tasks.projectId} = ${filter.projectId}`);
  if (filter.parentId) where.push(sql`${tasks.parentId} = ${filter.parentId}`);
  if (filter.status?.length) where.push(sql`${tasks.status} IN ${filter.status}`);
  if (filter.priority?.length) where.push(sql`${tasks.priority} IN ${filter.priority}`);
  if (filter.assignee) where.push(sql`lower(${tasks.assignee}) = lower(${filter.assignee})`);
  if (filter.tag) {
    where.push(
      sql`EXISTS (SELECT 1 FROM json_each(${tasks.tags}) WHERE lower(value) = lower(${filter.tag}))`,
    );
  }
  if (filter.dueBefore) where.push(sql`${tasks.dueDate} < ${filter.dueBefore}`);
  if (filter.overdue) {
    where.push(sql`${tasks.dueDate} < ${today} AND ${tasks.status} NOT IN ('done', 'cancelled')`);
  }
  if (filter.search) {
    const pattern = likePattern(filter.search);
    where.push(
      sql`(${tasks.title} LIKE ${pattern} ESCAPE '\\' OR ${tasks.description} LIKE ${pattern} ESCAPE '\\')`,
    );
  }
  if (filter.datasetId) where.push(sql`${tasks.datasetId} = ${filter.datasetId}`);
  return where;
}

function encodeCursor(value: unknown, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string | number, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      const [value, id] = parsed as [unknown, string];
      if (typeof value === 'string' || typeof value === 'number') return [value, id];
    }
  } catch {
    // fall through to the refusal
  }
  throw new CairnError('VALIDATION', 'That page cursor is not valid; start from the first page.');
}

/** Filtered, sorted, keyset-paged tasks of the workspace's live projects. */
export function listTasks(
  db: AppDatabase,
  workspaceId: string,
  input: { filter: TaskFilter; sort: TaskSort; direction: 'asc' | 'desc'; limit: number; cursor?: string },
  today: string,
): { tasks: Task[]; total: number; nextCursor: string | null } {
  const where = [
    sql`${projects.workspaceId} = ${workspaceId}`,
    live!,
    ...filterConditions(input.filter, today),
  ];
  const total =
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(tasks)
      .innerJoin(projects, eq(projects.id, tasks.projectId))
      .where(and(...where))
      .get()?.n ?? 0;
  const key = SORTS[input.sort];
  const dir = input.direction === 'asc' ? sql`ASC` : sql`DESC`;
  const page = [...where];
  if (input.cursor) {
    const [value, id] = decodeCursor(input.cursor);
    page.push(
      input.direction === 'asc'
        ? sql`(${key}, ${tasks.id}) > (${value}, ${id})`
        : sql`(${key}, ${tasks.id}) < (${value}, ${id})`,
    );
  }
  const rows = db
    .select({ ...taskWithCount, sortKey: sql<string | number>`${key}` })
    .from(tasks)
    .innerJoin(projects, eq(projects.id, tasks.projectId))
    .where(and(...page))
    .orderBy(sql`${key} ${dir}`, sql`${tasks.id} ${dir}`)
    .limit(input.limit + 1)
    .all();
  const more = rows.length > input.limit;
  const shown = rows.slice(0, input.limit);
  const last = shown[shown.length - 1];
  return {
    tasks: shown.map(({ sortKey: _k, ...row }) => toTask(row)),
    total,
    nextCursor: more && last ? encodeCursor(last.sortKey, last.id) : null,
  };
}
