import { sql } from 'drizzle-orm';
import { check, index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * App metadata schema. Changing it means `npm run db:generate` (drizzle-kit writes the SQL into
 * `drizzle/`); migrations are applied at start-up after a backup. Never edit generated SQL.
 */

export const workspaces = sqliteTable(
  'workspaces',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    archivedAt: text('archived_at'),
  },
  (t) => [
    // Two active workspaces may not share a name, whatever its case; archived ones may.
    uniqueIndex('workspaces_active_name_unique')
      .on(sql`lower(${t.name})`)
      .where(sql`${t.archivedAt} IS NULL`),
    index('workspaces_archived_at_idx').on(t.archivedAt),
    check('workspaces_name_not_blank', sql`length(trim(${t.name})) > 0`),
  ],
);

export type WorkspaceRow = typeof workspaces.$inferSelect;
