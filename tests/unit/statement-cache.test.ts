import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cacheStatements } from '../../src/main/db/statement-cache';

function db(size?: number) {
  const sqlite = new Database(':memory:');
  sqlite.exec(
    "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES ('a'), ('b'), ('c')",
  );
  cacheStatements(sqlite, size);
  return sqlite;
}

describe('the metadata connection’s statement cache', () => {
  it('hands out one compiled statement per SQL text', () => {
    const sqlite = db();
    const sql = 'SELECT name FROM t WHERE id = ?';
    expect(sqlite.prepare(sql)).toBe(sqlite.prepare(sql));
    expect(sqlite.prepare(sql).get(2)).toEqual({ name: 'b' });
  });

  it('a statement used raw (as drizzle’s .values() does) returns plain rows to the next caller', () => {
    const sqlite = db();
    const sql = 'SELECT id, name FROM t ORDER BY id';
    expect(sqlite.prepare(sql).raw().all()[0]).toEqual([1, 'a']);
    expect(sqlite.prepare(sql).all()[0]).toEqual({ id: 1, name: 'a' });
    expect(sqlite.prepare(sql).pluck().all()).toEqual([1, 2, 3]);
    expect(sqlite.prepare(sql).get()).toEqual({ id: 1, name: 'a' });
  });

  it('a statement still being iterated is not handed out again: the second caller gets its own', () => {
    const sqlite = db();
    const sql = 'SELECT name FROM t ORDER BY id';
    const names: string[] = [];
    for (const row of sqlite.prepare(sql).iterate() as Iterable<{ name: string }>) {
      // A query of the same text while the first is open (a nested lookup) must not fail as busy.
      names.push(`${row.name}:${(sqlite.prepare(sql).all() as unknown[]).length}`);
    }
    expect(names).toEqual(['a:3', 'b:3', 'c:3']);
  });

  it('keeps only the most recently used statements', () => {
    const sqlite = db(2);
    const first = sqlite.prepare('SELECT 1');
    sqlite.prepare('SELECT 2');
    sqlite.prepare('SELECT 3');
    expect(sqlite.prepare('SELECT 1')).not.toBe(first);
    // Writes go through the cache too, and still write.
    sqlite.prepare('INSERT INTO t (name) VALUES (?)').run('d');
    sqlite.prepare('INSERT INTO t (name) VALUES (?)').run('e');
    expect(sqlite.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 5 });
  });
});
