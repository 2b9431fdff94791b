import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { profileRelation } from '../../src/main/services/analysis/profile';
import { qualityOf } from '../../src/main/services/analysis/quality';
import { SUMMARY_MAX_CHARS, toTextSummary } from '../../src/main/services/analysis/summary';
import type { Column, ColumnType } from '../../src/shared/operations';
import { createStoredTable, type Cell } from '../helpers/stored-table';

function wide(count: number, nameLength: number) {
  const db = new Database(':memory:');
  const types: ColumnType[] = ['integer', 'float', 'text', 'date', 'boolean'];
  const columns: Column[] = Array.from({ length: count }, (_, i) => ({
    name: `column ${i} ${'x'.repeat(Math.max(0, nameLength - 12))}`,
    type: types[i % types.length] as ColumnType,
  }));
  const rows = Array.from({ length: 12 }, (_, row) => {
    const r = row + 1;
    return columns.map((c, i): Cell => {
      if ((r + i) % 4 === 0) return null;
      switch (c.type) {
        case 'integer':
          return r * i;
        case 'float':
          return r / 3;
        case 'text':
          return `${'long value '.repeat(20)}${r % 3}`;
        case 'date':
          return `2024-01-${String(r).padStart(2, '0')}`;
        default:
          return r % 2;
      }
    });
  });
  createStoredTable(db, 't', columns, rows);
  return { db, columns };
}

describe('toTextSummary', () => {
  it('stays under 8,000 characters for 500 columns with long names, counting the omitted columns', () => {
    const { db, columns } = wide(500, 120);
    const profile = profileRelation(db, 't', columns);
    expect(profile.columnProfiles).toHaveLength(500);
    const text = toTextSummary(profile, { quality: qualityOf(profile) });
    expect(text.length).toBeLessThan(SUMMARY_MAX_CHARS);
    expect(text.startsWith('Dataset: 12 rows × 500 columns')).toBe(true);
    const lines = text.split('\n');
    expect(lines[1]).toMatch(/^Missing: \d[\d,]* cells/);
    expect(lines[2]).toMatch(/^Quality score: /);
    expect(lines[3]).toMatch(/^Problem columns: .*; and \d+ more\.$/);
    const listed = lines.filter((l) => l.startsWith('- ')).length;
    const omitted = Number(/… and ([\d,]+) more columns not shown\.$/.exec(text)?.[1]?.replace(/,/g, ''));
    expect(listed).toBeGreaterThan(10);
    expect(listed + omitted).toBe(500);
    // Even a tight budget is respected.
    expect(toTextSummary(profile, { maxChars: 1500 }).length).toBeLessThanOrEqual(1500);
    expect(toTextSummary(profile, { maxChars: 50_000 }).length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
  });

  it('lists every column of a small dataset with its key facts', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t ("__cairn_row" INTEGER PRIMARY KEY, id INTEGER, city TEXT, price REAL)');
    db.exec(
      "INSERT INTO t VALUES (1, 1, 'NY', 10), (2, 2, ' NY', 20), (3, 3, 'LA', NULL), (4, 4, 'NY', 40), (5, 5, 'LA', 50)",
    );
    const columns: Column[] = [
      { name: 'id', type: 'integer' },
      { name: 'city', type: 'text' },
      { name: 'price', type: 'float' },
    ];
    const text = toTextSummary(profileRelation(db, 't', columns));
    expect(text).toContain('Dataset: 5 rows × 3 columns');
    expect(text).toContain('Missing: 1 cell (6.7%). Duplicate rows: 0 (0.0%).');
    expect(text).toContain('Problem columns: city (20.0% with surrounding spaces); price (20.0% missing).');
    expect(text).toContain('- id (integer): 5 distinct; unique key; min 1, max 5, mean 3, median 3');
    expect(text).toContain('- city (text): 3 distinct; top "LA" ×2, "NY" ×2, " NY" ×1; length 2–3');
    expect(text).toContain('- price (float): 4 distinct; 20.0% missing; min 10, max 50, mean 30, median 30');
    expect(text).toContain('Strong correlations: id ~ price r=1.00.');
    expect(text).not.toContain('not shown');
  });

  it('agrees in number with one row, one column, one missing cell and one column left out', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t ("__cairn_row" INTEGER PRIMARY KEY, note TEXT)');
    db.exec('INSERT INTO t VALUES (1, NULL)');
    const one = toTextSummary(profileRelation(db, 't', [{ name: 'note', type: 'text' }]));
    expect(one).toContain('Dataset: 1 row × 1 column (about ');
    expect(one).toContain('Missing: 1 cell (100.0%). Duplicate rows: 0 (0.0%).');

    const { db: wideDb, columns } = wide(3, 40);
    const profile = profileRelation(wideDb, 't', columns);
    const full = toTextSummary(profile);
    expect(full).toContain('Dataset: 12 rows × 3 columns');
    expect(full).not.toContain('not shown');
    // Just too short for the last column's line.
    const cut = toTextSummary(profile, { maxChars: full.length - 1 });
    expect(cut.endsWith('\n… and 1 more column not shown.')).toBe(true);
    const lastLine = full.slice(full.lastIndexOf('\n- '));
    const cutTwo = toTextSummary(profile, { maxChars: full.length - lastLine.length - 1 });
    expect(cutTwo.endsWith('\n… and 2 more columns not shown.')).toBe(true);
  });
});
