import type { BoardAuthor, PatchResult } from '../../../shared/boards';
import type { AppDatabase } from '../../db/connection';
import type { ProjectRow, TaskRow } from '../../db/schema';
import type { IdFactory } from '../common';
import { projectRow, taskRow, type Entity } from './rows';

/**
 * What one patch set's application carries from patch to patch: the keys of items it created,
 * and every row it touched as it was before the set (its first touch) — so the log can hold the
 * rows before and after, which is what a revert restores and checks against.
 */

export type BoardRow = ProjectRow | TaskRow;

export interface RowChange {
  entity: Entity;
  id: string;
  before: BoardRow | null;
  after: BoardRow | null;
}

export interface ApplyContext {
  db: AppDatabase;
  workspaceId: string;
  author: BoardAuthor;
  now: string;
  newId: IdFactory;
  /** Items created earlier in this set, by the key their create gave. */
  keys: Map<string, { entity: Entity; id: string }>;
  /** Records rows about to change (only their state before the set's first touch counts). */
  touch(entity: Entity, ids: readonly string[]): void;
  /** Records a row about to be inserted. */
  creating(entity: Entity, id: string): void;
  result: Omit<PatchResult, 'patchSetId'>;
  projectIds: Set<string>;
}

export function readRow(db: AppDatabase, entity: Entity, id: string): BoardRow | null {
  return (entity === 'project' ? projectRow(db, id) : taskRow(db, id)) ?? null;
}

export function createContext(
  db: AppDatabase,
  options: { workspaceId: string; author: BoardAuthor; now: string; newId: IdFactory },
): ApplyContext & { changes(): RowChange[] } {
  const before = new Map<string, RowChange>();
  const record = (entity: Entity, id: string, row: BoardRow | null): void => {
    const key = `${entity}:${id}`;
    if (!before.has(key)) before.set(key, { entity, id, before: row, after: null });
  };
  return {
    db,
    ...options,
    keys: new Map(),
    touch(entity, ids) {
      for (const id of ids) record(entity, id, readRow(db, entity, id));
    },
    creating(entity, id) {
      record(entity, id, null);
    },
    result: { created: [], updated: [], deleted: [] },
    projectIds: new Set(),
    /** Every touched row, before and after, in the order first touched. */
    changes() {
      return [...before.values()].map((c) => ({ ...c, after: readRow(db, c.entity, c.id) }));
    },
  };
}

/** True when two snapshots of a row are the same state. */
export function sameRow(a: BoardRow | null, b: BoardRow | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
