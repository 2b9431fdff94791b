import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { projectChangesSchema, projectFieldsSchema } from '../../../shared/boards';
import { CairnError } from '../../../shared/result';
import { projects, tasks, type ProjectRow } from '../../db/schema';
import { isUniqueViolation } from '../common';
import type { ApplyContext } from './context';
import { liveProject, quote } from './rows';

/** Project operations inside a patch set (the caller holds the transaction). */

type ProjectFields = z.output<typeof projectFieldsSchema>;
type ProjectChanges = z.output<typeof projectChangesSchema>;

function nameTaken(name: string): CairnError {
  return new CairnError('CONFLICT', `A project named ${quote(name)} already exists in this workspace.`);
}

function write<T>(name: string | undefined, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (isUniqueViolation(error, 'projects_live_name_unique')) throw nameTaken(name ?? '');
    throw error;
  }
}

export function createProject(ctx: ApplyContext, fields: ProjectFields, key: string | undefined): ProjectRow {
  const row: ProjectRow = {
    id: ctx.newId(),
    workspaceId: ctx.workspaceId,
    name: fields.name,
    description: fields.description,
    status: fields.status,
    priority: fields.priority,
    tags: JSON.stringify(fields.tags),
    metadata: JSON.stringify(fields.metadata),
    integrationIds: JSON.stringify(fields.integrationIds),
    createdBy: ctx.author,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    deletedAt: null,
    deleteBatchId: null,
  };
  ctx.creating('project', row.id);
  write(fields.name, () => ctx.db.insert(projects).values(row).run());
  if (key !== undefined) ctx.keys.set(key, { entity: 'project', id: row.id });
  ctx.result.created.push({ entity: 'project', id: row.id, key: key ?? null });
  ctx.projectIds.add(row.id);
  return row;
}

export function updateProject(ctx: ApplyContext, projectId: string, changes: ProjectChanges): void {
  liveProject(ctx.db, ctx.workspaceId, projectId);
  const { tags, metadata, integrationIds, ...plain } = changes;
  ctx.touch('project', [projectId]);
  write(changes.name, () =>
    ctx.db
      .update(projects)
      .set({
        ...plain,
        ...(tags ? { tags: JSON.stringify(tags) } : {}),
        ...(metadata ? { metadata: JSON.stringify(metadata) } : {}),
        ...(integrationIds ? { integrationIds: JSON.stringify(integrationIds) } : {}),
        updatedAt: ctx.now,
      })
      .where(eq(projects.id, projectId))
      .run(),
  );
  ctx.result.updated.push({ entity: 'project', id: projectId });
  ctx.projectIds.add(projectId);
}

/** Soft delete: the project and its live tasks, as one batch a restore brings back whole. */
export function deleteProject(ctx: ApplyContext, projectId: string): void {
  liveProject(ctx.db, ctx.workspaceId, projectId);
  const batch = ctx.newId();
  const live = and(eq(tasks.projectId, projectId), isNull(tasks.deletedAt));
  const ids = ctx.db.select({ id: tasks.id }).from(tasks).where(live).all();
  ctx.touch('project', [projectId]);
  ctx.touch(
    'task',
    ids.map((r) => r.id),
  );
  const hidden = { deletedAt: ctx.now, deleteBatchId: batch, updatedAt: ctx.now };
  ctx.db.update(tasks).set(hidden).where(live).run();
  ctx.db.update(projects).set(hidden).where(eq(projects.id, projectId)).run();
  ctx.result.deleted.push({ entity: 'project', id: projectId });
  ctx.projectIds.add(projectId);
}
