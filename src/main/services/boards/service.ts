import { and, desc, eq, gt, isNull, lt } from 'drizzle-orm';
import type { z } from 'zod';
import {
  boardsChanged,
  type Patch,
  type PatchResult,
  type PatchSet,
  type Project,
  type Task,
  type TaskFilter,
  type TaskStatus,
  type projectChangesSchema,
  type projectFieldsSchema,
  type taskChangesSchema,
  type taskFieldsSchema,
} from '../../../shared/boards';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import { tasks } from '../../db/schema';
import type { Publish } from '../../events';
import type { Clock, IdFactory } from '../common';
import { requireWorkspace } from '../scope';
import { createPatchSets, type Authorship } from './patch-sets';
import { findProject, findTask, latestProject } from './names';
import { board, listProjects, listTasks, taskTree, type TaskSort } from './queries';
import { liveProject, projectRow, readTask, toProject, workspaceTask } from './rows';
import { listTrash, purgeFromTrash, restoreFromTrash } from './trash';

/**
 * Boards: projects of nested tasks, per workspace. Every change — a form, a drag, the
 * assistant — goes through a patch set, so each is atomic, logged and can be undone.
 */

export interface BoardsDeps {
  db: AppDatabase;
  publish: Publish;
  clock: Clock;
  newId: IdFactory;
}

const byPerson: Authorship = { author: 'user' };

export function createBoardsService({ db, publish, clock, newId }: BoardsDeps) {
  const sets = createPatchSets({ db, newId, now: () => clock.now() });

  function scoped(workspaceId: string, write = false): void {
    // Reading an archived workspace's boards is fine; changing them is not.
    requireWorkspace(db, workspaceId, { allowArchived: !write });
  }

  function changed(workspaceId: string, projectIds: string[]): void {
    publish(boardsChanged, { workspaceId, projectIds });
  }

  function apply(workspaceId: string, patches: Patch[], by: Authorship, summary?: string): PatchResult {
    scoped(workspaceId, true);
    const { result, projectIds } = sets.apply(workspaceId, patches, by, summary);
    changed(workspaceId, projectIds);
    return result;
  }

  /** The position just before `beforeTaskId` in the target column, or the column's end. */
  function positionBefore(
    task: { projectId: string },
    status: TaskStatus,
    beforeTaskId: string,
    workspaceId: string,
  ): number {
    const before = workspaceTask(db, workspaceId, beforeTaskId);
    if (before.projectId !== task.projectId || before.status !== status) {
      throw new CairnError('VALIDATION', 'A card can only be placed next to a card of the same column.');
    }
    const previous = db
      .select({ position: tasks.position })
      .from(tasks)
      .where(
        and(
          eq(tasks.projectId, before.projectId),
          eq(tasks.status, status),
          isNull(tasks.deletedAt),
          lt(tasks.position, before.position),
        ),
      )
      .orderBy(desc(tasks.position))
      .get();
    return previous ? (previous.position + before.position) / 2 : before.position - 1;
  }

  return {
    listProjects(input: { workspaceId: string; includeArchived: boolean }) {
      scoped(input.workspaceId);
      return listProjects(db, input.workspaceId, input.includeArchived);
    },

    createProject(
      input: { workspaceId: string; fields: z.output<typeof projectFieldsSchema> },
      by = byPerson,
    ) {
      const result = apply(input.workspaceId, [{ op: 'create_project', fields: input.fields }], by);
      const project = toProject(projectRow(db, result.created[0]!.id)!);
      return { project, patchSetId: result.patchSetId };
    },

    updateProject(
      input: { workspaceId: string; projectId: string; changes: z.output<typeof projectChangesSchema> },
      by = byPerson,
    ) {
      const result = apply(
        input.workspaceId,
        [{ op: 'update_project', projectId: input.projectId, changes: input.changes }],
        by,
      );
      return { project: toProject(projectRow(db, input.projectId)!), patchSetId: result.patchSetId };
    },

    deleteProject(input: { workspaceId: string; projectId: string }, by = byPerson) {
      const result = apply(input.workspaceId, [{ op: 'delete_project', projectId: input.projectId }], by);
      return { patchSetId: result.patchSetId };
    },

    getProject(input: { workspaceId: string; projectId: string }): Project {
      scoped(input.workspaceId);
      return toProject(liveProject(db, input.workspaceId, input.projectId));
    },

    tree(input: { workspaceId: string; projectId: string; rootTaskId?: string | undefined }) {
      scoped(input.workspaceId);
      return { tasks: taskTree(db, input.workspaceId, input.projectId, input.rootTaskId) };
    },

    board(input: { workspaceId: string; projectId: string; perColumn: number }) {
      scoped(input.workspaceId);
      return board(db, input.workspaceId, input.projectId, input.perColumn);
    },

    listTasks(input: {
      workspaceId: string;
      filter: TaskFilter;
      sort: TaskSort;
      direction: 'asc' | 'desc';
      limit: number;
      cursor?: string | undefined;
    }) {
      scoped(input.workspaceId);
      const today = input.filter.today ?? clock.now().slice(0, 10);
      const { cursor, ...rest } = input;
      return listTasks(db, input.workspaceId, { ...rest, ...(cursor ? { cursor } : {}) }, today);
    },

    getTask(input: { workspaceId: string; taskId: string }): Task {
      scoped(input.workspaceId);
      workspaceTask(db, input.workspaceId, input.taskId);
      return readTask(db, input.taskId);
    },

    createTask(
      input: {
        workspaceId: string;
        projectId: string;
        parentId: string | null;
        fields: z.output<typeof taskFieldsSchema>;
      },
      by = byPerson,
    ) {
      const result = apply(
        input.workspaceId,
        [
          {
            op: 'create_task',
            projectId: input.projectId,
            ...(input.parentId ? { parentId: input.parentId } : {}),
            fields: input.fields,
          },
        ],
        by,
      );
      return { task: readTask(db, result.created[0]!.id), patchSetId: result.patchSetId };
    },

    updateTask(
      input: { workspaceId: string; taskId: string; changes: z.output<typeof taskChangesSchema> },
      by = byPerson,
    ) {
      const result = apply(
        input.workspaceId,
        [{ op: 'update_task', taskId: input.taskId, changes: input.changes }],
        by,
      );
      return { task: readTask(db, input.taskId), patchSetId: result.patchSetId };
    },

    /** A drag or an indent: one update patch, so undo puts the card back. */
    moveTask(
      input: {
        workspaceId: string;
        taskId: string;
        status?: TaskStatus | undefined;
        parentId?: string | null | undefined;
        beforeTaskId: string | null;
      },
      by = byPerson,
    ) {
      scoped(input.workspaceId, true);
      const task = workspaceTask(db, input.workspaceId, input.taskId);
      const status = input.status ?? task.status;
      const changes: z.output<typeof taskChangesSchema> = {};
      if (status !== task.status) changes.status = status;
      if (input.parentId !== undefined && input.parentId !== task.parentId) changes.parentId = input.parentId;
      if (input.beforeTaskId !== null && input.beforeTaskId !== task.id) {
        changes.position = positionBefore(task, status, input.beforeTaskId, input.workspaceId);
      } else if (input.beforeTaskId === null && status === task.status) {
        // Dropped at the end of its own column.
        const last = db
          .select({ position: tasks.position })
          .from(tasks)
          .where(
            and(
              eq(tasks.projectId, task.projectId),
              eq(tasks.status, status),
              gt(tasks.position, task.position),
            ),
          )
          .orderBy(desc(tasks.position))
          .get();
        if (last) changes.position = last.position + 1;
      }
      return this.updateTask({ workspaceId: input.workspaceId, taskId: input.taskId, changes }, by);
    },

    deleteTask(input: { workspaceId: string; taskId: string }, by = byPerson) {
      const result = apply(input.workspaceId, [{ op: 'delete_task', taskId: input.taskId }], by);
      return { patchSetId: result.patchSetId };
    },

    trash(input: { workspaceId: string }) {
      scoped(input.workspaceId);
      return listTrash(db, input.workspaceId);
    },

    restore(input: { workspaceId: string; entity: 'project' | 'task'; id: string }) {
      scoped(input.workspaceId, true);
      const { restored, projectId } = restoreFromTrash(
        db,
        input.workspaceId,
        input.entity,
        input.id,
        clock.now(),
      );
      changed(input.workspaceId, [projectId]);
      return { restored };
    },

    purge(input: { workspaceId: string; entity: 'project' | 'task'; id: string }) {
      scoped(input.workspaceId, true);
      const { purged, projectId } = purgeFromTrash(db, input.workspaceId, input.entity, input.id);
      changed(input.workspaceId, [projectId]);
      return { purged };
    },

    applyPatches(
      input: { workspaceId: string; patches: Patch[]; summary?: string | undefined },
      by = byPerson,
    ): PatchResult {
      return apply(input.workspaceId, input.patches, by, input.summary);
    },

    patchSets(input: {
      workspaceId: string;
      conversationId?: string | undefined;
      limit: number;
    }): PatchSet[] {
      scoped(input.workspaceId);
      return sets.list(input.workspaceId, {
        limit: input.limit,
        ...(input.conversationId ? { conversationId: input.conversationId } : {}),
      });
    },

    /** A task or project named loosely (or by id), for the assistant. */
    findTask(workspaceId: string, text: string, projectId?: string): string {
      scoped(workspaceId);
      return findTask(db, workspaceId, text, projectId);
    },

    findProject(workspaceId: string, text: string): string {
      scoped(workspaceId);
      return findProject(db, workspaceId, text);
    },

    latestProject(workspaceId: string): string | null {
      return latestProject(db, workspaceId);
    },

    revert(input: { workspaceId: string; patchSetId: string }, by = byPerson): PatchResult {
      scoped(input.workspaceId, true);
      const { result, projectIds } = sets.revert(input.workspaceId, input.patchSetId, by);
      changed(input.workspaceId, projectIds);
      return result;
    },
  };
}

export type BoardsService = ReturnType<typeof createBoardsService>;
