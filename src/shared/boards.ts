import { z } from 'zod';
import { defineEvent, defineInvoke } from './contract';
import { idSchema, timestampSchema } from './ids';

/**
 * Boards (seeds 002 and 004): projects of nested tasks beside the data. Every change is a patch
 * set — a list of create/update/delete operations applied in one transaction, logged with its
 * author and revertible — whether a person drags a card or the assistant edits the board.
 * The enums are defined here once; the database schema imports them for its CHECKs.
 */

export const PROJECT_STATUSES = ['planning', 'active', 'on_hold', 'completed', 'archived'] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export const TASK_STATUSES = ['todo', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export const BOARD_AUTHORS = ['user', 'assistant'] as const;
/** Levels below a top-level task: depth runs 0 (top) to 5, so six levels in all. */
export const MAX_TASK_DEPTH = 5;

export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export type Priority = (typeof PRIORITIES)[number];
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type BoardAuthor = (typeof BOARD_AUTHORS)[number];

export const PROJECT_NAME_MAX = 120;
export const TASK_TITLE_MAX = 300;
export const BOARD_TEXT_MAX = 20_000;
export const TAG_MAX = 40;

const projectName = z
  .string()
  .trim()
  .min(1, 'A project needs a name.')
  .max(PROJECT_NAME_MAX, `A project name has at most ${PROJECT_NAME_MAX} characters.`);
const taskTitle = z
  .string()
  .trim()
  .min(1, 'A task needs a title.')
  .max(TASK_TITLE_MAX, `A task title has at most ${TASK_TITLE_MAX} characters.`);
const longText = z.string().max(BOARD_TEXT_MAX);
const tags = z.array(z.string().trim().min(1).max(TAG_MAX)).max(50);
const metadata = z.record(z.string(), z.unknown());
const minutes = z.number().int().min(0, 'Minutes cannot be negative.').max(10_000_000);
/** A calendar day, YYYY-MM-DD: what a due date is. */
export const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
export const daySchema = z.string().regex(dayPattern, 'A date looks like 2026-12-31.');

export const projectSchema = z.object({
  id: idSchema,
  workspaceId: idSchema,
  name: z.string(),
  description: z.string(),
  status: z.enum(PROJECT_STATUSES),
  priority: z.enum(PRIORITIES),
  tags: z.array(z.string()),
  metadata,
  /** External system → its id for this project (seed 002's integration_ids). */
  integrationIds: z.record(z.string(), z.string()),
  createdBy: z.enum(BOARD_AUTHORS),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  deletedAt: timestampSchema.nullable(),
});
export type Project = z.infer<typeof projectSchema>;

export const projectSummarySchema = projectSchema.extend({
  /** Live tasks of the project, at any depth. */
  taskCount: z.number().int(),
  doneCount: z.number().int(),
});
export type ProjectSummary = z.infer<typeof projectSummarySchema>;

export const taskSchema = z.object({
  id: idSchema,
  projectId: idSchema,
  parentId: idSchema.nullable(),
  title: z.string(),
  description: z.string(),
  status: z.enum(TASK_STATUSES),
  priority: z.enum(PRIORITIES),
  assignee: z.string().nullable(),
  dueDate: z.string().nullable(),
  estimatedMinutes: z.number().int().nullable(),
  actualMinutes: z.number().int().nullable(),
  tags: z.array(z.string()),
  metadata,
  createdBy: z.enum(BOARD_AUTHORS),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  completedAt: timestampSchema.nullable(),
  /** 0 for a top-level task, at most 5. */
  depth: z.number().int(),
  /** Order within the project's status column (smaller first). */
  position: z.number(),
  deletedAt: timestampSchema.nullable(),
  datasetId: idSchema.nullable(),
  versionId: idSchema.nullable(),
  insightId: idSchema.nullable(),
  /** Live direct subtasks. */
  childCount: z.number().int(),
});
export type Task = z.infer<typeof taskSchema>;

/* ---------- Patches ---------- */

/** A key naming an item created earlier in the same patch set. */
const tempKey = z.string().trim().min(1).max(64);

export const projectFieldsSchema = z.object({
  name: projectName,
  description: longText.default(''),
  status: z.enum(PROJECT_STATUSES).default('planning'),
  priority: z.enum(PRIORITIES).default('medium'),
  tags: tags.default([]),
  metadata: metadata.default({}),
  integrationIds: z.record(z.string(), z.string()).default({}),
});
export const projectChangesSchema = z
  .object({
    name: projectName,
    description: longText,
    status: z.enum(PROJECT_STATUSES),
    priority: z.enum(PRIORITIES),
    tags,
    metadata,
    integrationIds: z.record(z.string(), z.string()),
  })
  .partial();

export const taskFieldsSchema = z.object({
  title: taskTitle,
  description: longText.default(''),
  status: z.enum(TASK_STATUSES).default('todo'),
  priority: z.enum(PRIORITIES).default('medium'),
  assignee: z.string().trim().max(120).nullable().default(null),
  dueDate: daySchema.nullable().default(null),
  estimatedMinutes: minutes.nullable().default(null),
  actualMinutes: minutes.nullable().default(null),
  tags: tags.default([]),
  metadata: metadata.default({}),
  datasetId: idSchema.nullable().default(null),
  versionId: idSchema.nullable().default(null),
  insightId: idSchema.nullable().default(null),
});
export const taskChangesSchema = z
  .object({
    title: taskTitle,
    description: longText,
    status: z.enum(TASK_STATUSES),
    priority: z.enum(PRIORITIES),
    assignee: z.string().trim().max(120).nullable(),
    dueDate: daySchema.nullable(),
    estimatedMinutes: minutes.nullable(),
    actualMinutes: minutes.nullable(),
    tags,
    metadata,
    datasetId: idSchema.nullable(),
    versionId: idSchema.nullable(),
    insightId: idSchema.nullable(),
    /** Moves: another project (the subtree follows), another parent (null: top level). */
    projectId: idSchema,
    parentId: idSchema.nullable(),
    position: z.number().finite(),
  })
  .partial();

export const patchSchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('create_project'),
      /** Lets a later create_task in the same set name this project by `projectKey`. */
      key: tempKey.optional(),
      fields: projectFieldsSchema,
    })
    .strict(),
  z.object({ op: z.literal('update_project'), projectId: idSchema, changes: projectChangesSchema }).strict(),
  z.object({ op: z.literal('delete_project'), projectId: idSchema }).strict(),
  z
    .object({
      op: z.literal('create_task'),
      key: tempKey.optional(),
      /** The project: an id, or the key of a project created earlier in this set. */
      projectId: idSchema.optional(),
      projectKey: tempKey.optional(),
      /** The parent task (omit both for a top-level task): an id, or an earlier create's key. */
      parentId: idSchema.optional(),
      parentKey: tempKey.optional(),
      fields: taskFieldsSchema,
      /** Column order; omitted: the end of its status column. */
      position: z.number().finite().optional(),
    })
    .strict(),
  z.object({ op: z.literal('update_task'), taskId: idSchema, changes: taskChangesSchema }).strict(),
  z.object({ op: z.literal('delete_task'), taskId: idSchema }).strict(),
]);
export type Patch = z.infer<typeof patchSchema>;
export type PatchInput = z.input<typeof patchSchema>;
export const PATCHES_MAX = 500;

export const boardEntitySchema = z.enum(['project', 'task']);
const itemRef = z.object({ entity: boardEntitySchema, id: idSchema });

export const patchResultSchema = z.object({
  patchSetId: idSchema,
  created: z.array(itemRef.extend({ key: z.string().nullable() })),
  updated: z.array(itemRef),
  /** Soft-deleted: in the Trash, with their subtrees. */
  deleted: z.array(itemRef),
});
export type PatchResult = z.infer<typeof patchResultSchema>;

export const patchSetSchema = z.object({
  id: idSchema,
  workspaceId: idSchema,
  author: z.enum(BOARD_AUTHORS),
  summary: z.string(),
  patches: z.array(patchSchema),
  result: patchResultSchema,
  agentRunId: idSchema.nullable(),
  conversationId: idSchema.nullable(),
  /** Set on a set that undoes another. */
  revertOfId: idSchema.nullable(),
  /** Set once this set has been reverted: the set that did it. */
  revertedById: idSchema.nullable(),
  createdAt: timestampSchema,
});
export type PatchSet = z.infer<typeof patchSetSchema>;

/* ---------- Calls ---------- */

const scope = z.object({ workspaceId: idSchema });

export const boardsProjectsList = defineInvoke('boards:projectsList', {
  input: scope.extend({ includeArchived: z.boolean().default(true) }),
  output: z.array(projectSummarySchema),
});

const changeOutput = { patchSetId: idSchema };

export const boardsProjectsCreate = defineInvoke('boards:projectsCreate', {
  input: scope.extend({ fields: projectFieldsSchema }),
  output: z.object({ project: projectSchema, ...changeOutput }),
});

export const boardsProjectsUpdate = defineInvoke('boards:projectsUpdate', {
  input: scope.extend({ projectId: idSchema, changes: projectChangesSchema }),
  output: z.object({ project: projectSchema, ...changeOutput }),
});

/** Soft delete: the project and all its tasks go to the Trash. */
export const boardsProjectsDelete = defineInvoke('boards:projectsDelete', {
  input: scope.extend({ projectId: idSchema }),
  output: z.object(changeOutput),
});

/** The project's tasks (or one task's subtree) in depth-first order, each with its depth. */
export const boardsTasksTree = defineInvoke('boards:tasksTree', {
  input: scope.extend({ projectId: idSchema, rootTaskId: idSchema.optional() }),
  output: z.object({ tasks: z.array(taskSchema) }),
});

/** The kanban's first screen: per status column, the first cards in position order and the count. */
export const boardsTasksBoard = defineInvoke('boards:tasksBoard', {
  input: scope.extend({
    projectId: idSchema,
    perColumn: z.number().int().min(1).max(500).default(100),
  }),
  output: z.object({
    columns: z.array(
      z.object({ status: z.enum(TASK_STATUSES), total: z.number().int(), tasks: z.array(taskSchema) }),
    ),
  }),
});

export const TASK_SORTS = ['position', 'due', 'priority', 'updated', 'created', 'title'] as const;

export const taskFilterSchema = z.object({
  projectId: idSchema.optional(),
  /** Only direct children of this task. */
  parentId: idSchema.optional(),
  status: z.array(z.enum(TASK_STATUSES)).optional(),
  priority: z.array(z.enum(PRIORITIES)).optional(),
  assignee: z.string().trim().min(1).optional(),
  tag: z.string().trim().min(1).optional(),
  /** Due strictly before this day. */
  dueBefore: daySchema.optional(),
  /** Due before `today` and not done or cancelled. */
  overdue: z.boolean().optional(),
  /** The person's local day (overdue is relative to it); default: today in UTC. */
  today: daySchema.optional(),
  /** Words found in the title or description (case-insensitive). */
  search: z.string().trim().min(1).max(200).optional(),
  datasetId: idSchema.optional(),
});
export type TaskFilter = z.infer<typeof taskFilterSchema>;

export const boardsTasksList = defineInvoke('boards:tasksList', {
  input: scope.extend({
    filter: taskFilterSchema.default({}),
    sort: z.enum(TASK_SORTS).default('position'),
    direction: z.enum(['asc', 'desc']).default('asc'),
    limit: z.number().int().min(1).max(500).default(100),
    /** From the previous page's `nextCursor` (keyset paging, no OFFSET). */
    cursor: z.string().max(2000).optional(),
  }),
  output: z.object({
    tasks: z.array(taskSchema),
    total: z.number().int(),
    nextCursor: z.string().nullable(),
  }),
});

export const boardsTasksGet = defineInvoke('boards:tasksGet', {
  input: scope.extend({ taskId: idSchema }),
  output: taskSchema,
});

export const boardsTasksCreate = defineInvoke('boards:tasksCreate', {
  input: scope.extend({
    projectId: idSchema,
    parentId: idSchema.nullable().default(null),
    fields: taskFieldsSchema,
  }),
  output: z.object({ task: taskSchema, ...changeOutput }),
});

export const boardsTasksUpdate = defineInvoke('boards:tasksUpdate', {
  input: scope.extend({ taskId: idSchema, changes: taskChangesSchema }),
  output: z.object({ task: taskSchema, ...changeOutput }),
});

/**
 * A drag on the board or an indent/outdent in the tree: a new status column, a new parent, and
 * a place — just before `beforeTaskId` in the target column, or at its end when null.
 */
export const boardsTasksMove = defineInvoke('boards:tasksMove', {
  input: scope.extend({
    taskId: idSchema,
    status: z.enum(TASK_STATUSES).optional(),
    /** Omitted: same parent; null: top level. */
    parentId: idSchema.nullable().optional(),
    beforeTaskId: idSchema.nullable().default(null),
  }),
  output: z.object({ task: taskSchema, ...changeOutput }),
});

/** Soft delete: the task and its subtree go to the Trash. */
export const boardsTasksDelete = defineInvoke('boards:tasksDelete', {
  input: scope.extend({ taskId: idSchema }),
  output: z.object(changeOutput),
});

export const trashItemSchema = z.object({
  entity: boardEntitySchema,
  id: idSchema,
  title: z.string(),
  /** For a task: its project (live or not). */
  projectId: idSchema.nullable(),
  projectName: z.string().nullable(),
  deletedAt: timestampSchema,
  /** Items a restore brings back: this one and the subtree deleted with it. */
  itemCount: z.number().int(),
});
export type TrashItem = z.infer<typeof trashItemSchema>;

export const boardsTrashList = defineInvoke('boards:trashList', {
  input: scope,
  output: z.array(trashItemSchema),
});

export const boardsTrashRestore = defineInvoke('boards:trashRestore', {
  input: scope.extend({ entity: boardEntitySchema, id: idSchema }),
  output: z.object({ restored: z.number().int() }),
});

/** Permanent: only an item in the Trash, and whatever was deleted beneath it. */
export const boardsTrashPurge = defineInvoke('boards:trashPurge', {
  input: scope.extend({ entity: boardEntitySchema, id: idSchema }),
  output: z.object({ purged: z.number().int() }),
});

export const boardsPatchesApply = defineInvoke('boards:patchesApply', {
  input: scope.extend({
    patches: z.array(patchSchema).min(1, 'A patch set needs at least one patch.').max(PATCHES_MAX),
    summary: z.string().trim().max(300).optional(),
  }),
  output: patchResultSchema,
});

export const boardsPatchesList = defineInvoke('boards:patchesList', {
  input: scope.extend({
    conversationId: idSchema.optional(),
    limit: z.number().int().min(1).max(200).default(50),
  }),
  output: z.array(patchSetSchema),
});

/** Applies the inverse of a set; refused when a later change touched the same items. */
export const boardsPatchesRevert = defineInvoke('boards:patchesRevert', {
  input: scope.extend({ patchSetId: idSchema }),
  output: patchResultSchema,
});

/** Something on the workspace's boards changed (any window, or the assistant). */
export const boardsChanged = defineEvent('boards:changed', {
  payload: z.object({ workspaceId: idSchema, projectIds: z.array(idSchema) }),
});

export const boardContracts = [
  boardsProjectsList,
  boardsProjectsCreate,
  boardsProjectsUpdate,
  boardsProjectsDelete,
  boardsTasksTree,
  boardsTasksBoard,
  boardsTasksList,
  boardsTasksGet,
  boardsTasksCreate,
  boardsTasksUpdate,
  boardsTasksMove,
  boardsTasksDelete,
  boardsTrashList,
  boardsTrashRestore,
  boardsTrashPurge,
  boardsPatchesApply,
  boardsPatchesList,
  boardsPatchesRevert,
  boardsChanged,
] as const;
