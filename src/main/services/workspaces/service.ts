import { asc, eq, isNull } from 'drizzle-orm';
import { CairnError } from '../../../shared/result';
import type { Workspace } from '../../../shared/workspaces';
import { workspacesChanged } from '../../../shared/workspaces';
import type { AppDatabase } from '../../db/connection';
import { workspaces, type WorkspaceRow } from '../../db/schema';
import type { Publish } from '../../events';
import { isUniqueViolation, type Clock, type IdFactory } from '../common';
import { requireWorkspace } from '../scope';

export interface WorkspacesDeps {
  db: AppDatabase;
  publish: Publish;
  clock: Clock;
  newId: IdFactory;
}

function toWorkspace(row: WorkspaceRow): Workspace {
  return { ...row };
}

function nameTaken(name: string): CairnError {
  return new CairnError('CONFLICT', `A workspace named "${name}" already exists. Choose another name.`);
}

export function createWorkspacesService({ db, publish, clock, newId }: WorkspacesDeps) {
  function update(id: string, patch: Partial<WorkspaceRow>, onUnique?: () => CairnError): WorkspaceRow {
    try {
      const row = db
        .update(workspaces)
        .set({ ...patch, updatedAt: clock.now() })
        .where(eq(workspaces.id, id))
        .returning()
        .get();
      if (!row) throw new CairnError('NOT_FOUND', 'That workspace does not exist.');
      return row;
    } catch (error) {
      if (onUnique && isUniqueViolation(error, 'workspaces_active_name_unique')) throw onUnique();
      throw error;
    }
  }

  return {
    list(input: { includeArchived: boolean }): Workspace[] {
      const query = db.select().from(workspaces);
      const rows = input.includeArchived
        ? query.orderBy(asc(workspaces.createdAt)).all()
        : query.where(isNull(workspaces.archivedAt)).orderBy(asc(workspaces.createdAt)).all();
      return rows.map(toWorkspace);
    },

    get(input: { id: string }): Workspace {
      return toWorkspace(requireWorkspace(db, input.id, { allowArchived: true }));
    },

    create(input: { name: string; description: string }): Workspace {
      const now = clock.now();
      let row: WorkspaceRow;
      try {
        row = db
          .insert(workspaces)
          .values({
            id: newId(),
            name: input.name,
            description: input.description,
            createdAt: now,
            updatedAt: now,
          })
          .returning()
          .get();
      } catch (error) {
        if (isUniqueViolation(error, 'workspaces_active_name_unique')) throw nameTaken(input.name);
        throw error;
      }
      const workspace = toWorkspace(row);
      publish(workspacesChanged, { reason: 'created', workspace });
      return workspace;
    },

    rename(input: { id: string; name: string }): Workspace {
      requireWorkspace(db, input.id);
      const workspace = toWorkspace(update(input.id, { name: input.name }, () => nameTaken(input.name)));
      publish(workspacesChanged, { reason: 'renamed', workspace });
      return workspace;
    },

    describe(input: { id: string; description: string }): Workspace {
      requireWorkspace(db, input.id);
      const workspace = toWorkspace(update(input.id, { description: input.description }));
      publish(workspacesChanged, { reason: 'described', workspace });
      return workspace;
    },

    archive(input: { id: string }): Workspace {
      const existing = requireWorkspace(db, input.id, { allowArchived: true });
      if (existing.archivedAt !== null) return toWorkspace(existing);
      const workspace = toWorkspace(update(input.id, { archivedAt: clock.now() }));
      publish(workspacesChanged, { reason: 'archived', workspace });
      return workspace;
    },

    restore(input: { id: string }): Workspace {
      const existing = requireWorkspace(db, input.id, { allowArchived: true });
      if (existing.archivedAt === null) return toWorkspace(existing);
      const workspace = toWorkspace(
        update(
          input.id,
          { archivedAt: null },
          () =>
            new CairnError(
              'CONFLICT',
              `Another workspace is already named "${existing.name}". Rename that one before restoring this.`,
            ),
        ),
      );
      publish(workspacesChanged, { reason: 'restored', workspace });
      return workspace;
    },
  };
}

export type WorkspacesService = ReturnType<typeof createWorkspacesService>;
