import { randomUUID } from 'node:crypto';

/** Sources of time and identity, injected so tests can pin them. */
export interface Clock {
  now(): string;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };

export type IdFactory = () => string;
export const uuid: IdFactory = () => randomUUID();

interface SqliteErrorLike {
  code?: unknown;
  message?: unknown;
}

/** True when `error` is SQLite refusing a row because of a UNIQUE index or constraint. */
export function isUniqueViolation(error: unknown, indexName?: string): boolean {
  const e = error as SqliteErrorLike | null;
  if (!e || typeof e.code !== 'string') return false;
  if (e.code !== 'SQLITE_CONSTRAINT_UNIQUE' && e.code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') return false;
  return indexName === undefined || (typeof e.message === 'string' && e.message.includes(indexName));
}
