import { z } from 'zod';
import {
  daySchema,
  patchSchema,
  PRIORITIES,
  TASK_STATUSES,
  taskChangesSchema,
  type PatchInput,
  type PatchResult,
  type Task,
  type TaskFilter,
} from '../../../shared/boards';
import { CairnError } from '../../../shared/result';
import { plural } from '../../../shared/text';
import type { BoardsService } from '../boards/service';
import type { Authorship } from '../boards/patch-sets';
import type { DatasetsService } from '../datasets/service';
import { parseToolArguments } from './tool-arguments';

/**
 * The assistant's task tools: the boards of the conversation's workspace, read and changed by
 * either provider. Arguments are validated here; every change is a patch set authored by the
 * assistant and linked to the turn (agent run) and conversation, so the chat can offer Undo
 * and the History shows who did what. Tasks are named loosely (“the outliers task”) or by id.
 */

export const TASK_TOOL_NAMES = [
  'list_projects',
  'list_tasks',
  'add_task',
  'update_task',
  'move_task',
  'complete_task',
  'delete_task',
  'apply_patch_set',
] as const;
export type TaskToolName = (typeof TASK_TOOL_NAMES)[number];

const taskName = z.string().trim().min(1).max(300);
const status = z.enum(TASK_STATUSES);
const priority = z.enum(PRIORITIES);
const LIST_MAX = 50;

const argumentSchemas = {
  list_projects: z.object({}).strict(),
  list_tasks: z
    .object({
      project: taskName.optional(),
      status: z.union([status, z.array(status)]).optional(),
      priority: z.union([priority, z.array(priority)]).optional(),
      assignee: z.string().trim().min(1).optional(),
      tag: z.string().trim().min(1).optional(),
      overdue: z.boolean().optional(),
      dueBefore: daySchema.optional(),
      search: z.string().trim().min(1).max(200).optional(),
      limit: z.number().int().min(1).max(LIST_MAX).optional(),
    })
    .strict(),
  add_task: z
    .object({
      title: z.string().trim().min(1).max(300),
      project: taskName.optional(),
      parent: taskName.optional(),
      description: z.string().max(20_000).optional(),
      status: status.optional(),
      priority: priority.optional(),
      dueDate: daySchema.optional(),
      assignee: z.string().trim().max(120).optional(),
      tags: z.array(z.string().trim().min(1).max(40)).max(50).optional(),
      estimatedMinutes: z.number().int().min(0).optional(),
    })
    .strict(),
  update_task: taskChangesSchema
    .omit({
      projectId: true,
      parentId: true,
      position: true,
      datasetId: true,
      versionId: true,
      insightId: true,
    })
    .extend({ task: taskName })
    .strict(),
  move_task: z
    .object({
      task: taskName,
      status: status.optional(),
      /** The new parent task's name or id; null: make it a top-level task. */
      parent: taskName.nullable().optional(),
      project: taskName.optional(),
    })
    .strict(),
  complete_task: z.object({ task: taskName }).strict(),
  delete_task: z.object({ task: taskName }).strict(),
  apply_patch_set: z
    .object({ patches: z.array(patchSchema).min(1).max(100), summary: z.string().trim().max(300).optional() })
    .strict(),
} satisfies Record<TaskToolName, z.ZodType>;

const descriptions: Record<TaskToolName, string> = {
  list_projects: "List the workspace's projects with their status and task counts.",
  list_tasks: `List tasks, optionally filtered by project (name or id), status, priority, assignee, tag, overdue, due before a day (YYYY-MM-DD) or words in the title/description. At most ${LIST_MAX}.`,
  add_task:
    'Add a task. Without a project it goes to the most recently changed project (one named "Tasks" is created if there is none). A parent (task name or id) makes it a subtask. From a dataset conversation the task is linked to the dataset and its current version.',
  update_task:
    'Change fields of a task named by its title (loosely) or id: title, description, status, priority, assignee, dueDate (YYYY-MM-DD or null), tags, minutes.',
  move_task:
    'Move a task to another status column, under another parent task (null: top level), or to another project. Its subtasks move with it.',
  complete_task: 'Mark a task done.',
  delete_task: 'Delete a task and its subtasks (they go to the Trash and can be restored).',
  apply_patch_set:
    'Apply several changes at once, all or nothing: a list of patches (create_project, update_project, delete_project, create_task, update_task, delete_task; a create may set "key" and later creates refer to it by projectKey/parentKey). Use ids from list_projects/list_tasks.',
};

export interface TaskToolScope {
  workspaceId: string;
  /** The conversation's dataset, if it is about one: new tasks link to it. */
  datasetId?: string | null;
  runId?: string;
  conversationId?: string;
}

export interface TaskToolResult {
  ok: boolean;
  text: string;
  patchSetId?: string;
}

export interface TaskToolsDeps {
  boards: BoardsService;
  datasets: Pick<DatasetsService, 'get'>;
}

export function isTaskToolName(name: string): name is TaskToolName {
  return (TASK_TOOL_NAMES as readonly string[]).includes(name);
}

function describeTask(t: Task): string {
  const bits = [t.priority, t.dueDate ? `due ${t.dueDate}` : '', t.assignee ? `for ${t.assignee}` : '']
    .filter(Boolean)
    .join(', ');
  const indent = '  '.repeat(Math.min(t.depth, 5));
  return `${indent}- [${t.status}] ${t.title} (${bits}) id ${t.id}`;
}

const asList = <T>(v: T | T[] | undefined): T[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v : [v];

export function createTaskTools(deps: TaskToolsDeps) {
  const { boards } = deps;

  function authorship(scope: TaskToolScope): Authorship {
    return {
      author: 'assistant',
      agentRunId: scope.runId ?? null,
      conversationId: scope.conversationId ?? null,
    };
  }

  function title(scope: TaskToolScope, taskId: string): string {
    return `“${boards.getTask({ workspaceId: scope.workspaceId, taskId }).title}”`;
  }

  function applied(result: PatchResult, text: string): TaskToolResult {
    return {
      ok: true,
      patchSetId: result.patchSetId,
      text: `${text} (Undo in the chat or the board's History reverts it.)`,
    };
  }

  function update(
    scope: TaskToolScope,
    task: string,
    changes: z.output<typeof taskChangesSchema>,
    verb: string,
  ) {
    const taskId = boards.findTask(scope.workspaceId, task);
    const result = boards.applyPatches(
      { workspaceId: scope.workspaceId, patches: [{ op: 'update_task', taskId, changes }] },
      authorship(scope),
    );
    return applied(result, `${verb} ${title(scope, taskId)}.`);
  }

  const runners: {
    [N in TaskToolName]: (
      args: z.output<(typeof argumentSchemas)[N]>,
      scope: TaskToolScope,
    ) => TaskToolResult;
  } = {
    list_projects: (_args, scope) => {
      const list = boards.listProjects({ workspaceId: scope.workspaceId, includeArchived: true });
      if (list.length === 0) return { ok: true, text: 'There are no projects yet.' };
      return {
        ok: true,
        text: [
          `${plural(list.length, 'project')}:`,
          ...list.map(
            (p) => `- ${p.name} [${p.status}, ${p.priority}] ${p.doneCount}/${p.taskCount} done, id ${p.id}`,
          ),
        ].join('\n'),
      };
    },

    list_tasks: (args, scope) => {
      const filter: TaskFilter = {};
      if (args.project) filter.projectId = boards.findProject(scope.workspaceId, args.project);
      const statuses = asList(args.status);
      const priorities = asList(args.priority);
      if (statuses) filter.status = statuses;
      if (priorities) filter.priority = priorities;
      if (args.assignee) filter.assignee = args.assignee;
      if (args.tag) filter.tag = args.tag;
      if (args.overdue) filter.overdue = true;
      if (args.dueBefore) filter.dueBefore = args.dueBefore;
      if (args.search) filter.search = args.search;
      const page = boards.listTasks({
        workspaceId: scope.workspaceId,
        filter,
        sort: args.overdue || args.dueBefore ? 'due' : 'updated',
        direction: args.overdue || args.dueBefore ? 'asc' : 'desc',
        limit: args.limit ?? 20,
      });
      if (page.total === 0)
        return { ok: true, text: args.overdue ? 'Nothing is overdue.' : 'No tasks match.' };
      const shown = page.tasks.length < page.total ? ` (the first ${page.tasks.length})` : '';
      return {
        ok: true,
        text: [
          `${plural(page.total, args.overdue ? 'overdue task' : 'task')}${shown}:`,
          ...page.tasks.map(describeTask),
        ].join('\n'),
      };
    },

    add_task: (args, scope) => {
      const ws = scope.workspaceId;
      const parentId = args.parent ? boards.findTask(ws, args.parent) : undefined;
      const projectId = args.project
        ? boards.findProject(ws, args.project)
        : parentId
          ? undefined
          : boards.latestProject(ws);
      let datasetId: string | null = null;
      let versionId: string | null = null;
      if (scope.datasetId) {
        const dataset = deps.datasets.get({ workspaceId: ws, datasetId: scope.datasetId });
        datasetId = dataset.id;
        versionId = dataset.currentVersionId;
      }
      const { title: taskTitle, project: _p, parent: _q, ...fields } = args;
      const patches: PatchInput[] = [];
      if (!projectId && !parentId)
        patches.push({ op: 'create_project', key: 'p', fields: { name: 'Tasks' } });
      patches.push({
        op: 'create_task',
        ...(parentId ? { parentId } : projectId ? { projectId } : { projectKey: 'p' }),
        fields: { title: taskTitle, ...fields, datasetId, versionId },
      });
      const result = boards.applyPatches(
        { workspaceId: ws, patches: patches.map((p) => patchSchema.parse(p)) },
        authorship(scope),
      );
      const created = result.created.find((c) => c.entity === 'task')!;
      const task = boards.getTask({ workspaceId: ws, taskId: created.id });
      const project = boards.getProject({ workspaceId: ws, projectId: task.projectId });
      const linked = datasetId ? ', linked to this dataset’s current version' : '';
      return applied(result, `Added the task “${task.title}” to the project “${project.name}”${linked}.`);
    },

    update_task: (args, scope) => {
      const { task, ...changes } = args;
      if (Object.keys(changes).length === 0)
        return { ok: false, text: 'Say what to change. Nothing was changed.' };
      return update(scope, task, changes, 'Updated');
    },

    move_task: (args, scope) => {
      const changes: z.output<typeof taskChangesSchema> = {};
      if (args.status) changes.status = args.status;
      if (args.parent !== undefined)
        changes.parentId = args.parent === null ? null : boards.findTask(scope.workspaceId, args.parent);
      if (args.project) changes.projectId = boards.findProject(scope.workspaceId, args.project);
      if (Object.keys(changes).length === 0)
        return { ok: false, text: 'Say where to move it. Nothing was changed.' };
      const where = args.status ? ` to ${args.status.replace('_', ' ')}` : '';
      return update(scope, args.task, changes, `Moved${where}:`);
    },

    complete_task: (args, scope) => update(scope, args.task, { status: 'done' }, 'Completed'),

    delete_task: (args, scope) => {
      const taskId = boards.findTask(scope.workspaceId, args.task);
      const name = title(scope, taskId);
      const result = boards.applyPatches(
        { workspaceId: scope.workspaceId, patches: [{ op: 'delete_task', taskId }] },
        authorship(scope),
      );
      return applied(result, `Deleted ${name} (with its subtasks, into the Trash).`);
    },

    apply_patch_set: (args, scope) => {
      const result = boards.applyPatches(
        {
          workspaceId: scope.workspaceId,
          patches: args.patches,
          ...(args.summary ? { summary: args.summary } : {}),
        },
        authorship(scope),
      );
      return applied(
        result,
        `Applied ${plural(args.patches.length, 'change')}: ${result.created.length} created, ${result.updated.length} updated, ${result.deleted.length} deleted.`,
      );
    },
  };

  return {
    definitions() {
      return TASK_TOOL_NAMES.map((name) => ({
        type: 'function' as const,
        function: {
          name,
          description: descriptions[name],
          parameters: z.toJSONSchema(argumentSchemas[name], {
            io: 'input',
            unrepresentable: 'any',
          }) as Record<string, unknown>,
        },
      }));
    },

    /** Runs one call; a refusal is a result the provider reads, never a crash. */
    run(name: TaskToolName, rawArguments: unknown, scope: TaskToolScope): TaskToolResult {
      const parsed = parseToolArguments(name, rawArguments, argumentSchemas[name]);
      if (!parsed.ok) return { ok: false, text: parsed.text };
      try {
        const runner = runners[name] as (args: unknown, scope: TaskToolScope) => TaskToolResult;
        return runner(parsed.value, scope);
      } catch (error) {
        if (error instanceof CairnError && error.code !== 'INTERNAL') {
          return { ok: false, text: `${name} failed: ${error.message}` };
        }
        throw error;
      }
    },
  };
}

export type TaskTools = ReturnType<typeof createTaskTools>;
