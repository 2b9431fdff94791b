import { eq } from 'drizzle-orm';
import { CairnError } from '../../shared/result';
import type { AppDatabase } from '../db/connection';
import { workspaces, type WorkspaceRow } from '../db/schema';

/**
 * Every service call that touches data names its workspace; this is the check it starts with.
 * It is the desktop analogue of per-user isolation: rows are read and written only through a
 * workspace the caller named and that exists.
 */
export function requireWorkspace(
  db: AppDatabase,
  workspaceId: string,
  options: { allowArchived?: boolean } = {},
): WorkspaceRow {
  const row = db.select().from(workspaces).where(eq(workspaces.id, workspaceId)).get();
  if (!row) throw new CairnError('NOT_FOUND', 'That workspace does not exist.');
  if (row.archivedAt !== null && !options.allowArchived) {
    throw new CairnError('CONFLICT', `The workspace "${row.name}" is archived. Restore it first.`);
  }
  return row;
}
