import type Database from 'better-sqlite3';

/**
 * Drizzle prepares a statement for every query it runs, and SQLite compiling the same SQL again
 * was the largest single part of a chat turn's own time (a turn runs ~60 small queries). The
 * metadata connection keeps its statements by their SQL instead (least recently used first out).
 *
 * A statement carries modes from its last use: drizzle switches `raw()` on for `.values()`, so a
 * statement handed out again is reset to plain rows. One that is still being iterated (`busy`)
 * is never handed out twice: that caller gets a fresh statement of its own.
 */
export function cacheStatements(sqlite: Database.Database, size = 256): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  const cached = (source: string): Database.Statement => {
    const hit = cache.get(source);
    if (hit && !hit.busy) {
      cache.delete(source);
      cache.set(source, hit);
      if (hit.reader) hit.raw(false).pluck(false).expand(false);
      return hit;
    }
    const statement = prepare(source);
    if (!hit) {
      cache.set(source, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
    }
    return statement;
  };
  sqlite.prepare = cached as typeof sqlite.prepare;
}
