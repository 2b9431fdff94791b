import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { profileRelationWithExtras } from '../../src/main/services/analysis/profile';
import { qualityOf } from '../../src/main/services/analysis/quality';
import { QUALITY_FORMULA, QUALITY_WEIGHTS } from '../../src/shared/analysis';
import type { Column } from '../../src/shared/operations';
import { createStoredTable, type Cell } from '../helpers/stored-table';

function profileOf(columns: Column[], rows: Cell[][]) {
  const db = new Database(':memory:');
  createStoredTable(db, 't', columns, rows);
  return profileRelationWithExtras(db, 't', columns);
}

describe('qualityOf', () => {
  it('scores completeness, validity, uniqueness and consistency on crafted data', () => {
    const { profile, extras } = profileOf(
      [
        { name: 'id', type: 'integer' },
        { name: 'email', type: 'text' },
        { name: 'city', type: 'text' },
        { name: 'amount', type: 'float' },
      ],
      [
        [1, 'a@x.com', 'NY', 1],
        [2, 'b@x.com', 'ny', 2],
        [3, 'c@x.com', 'NY', null],
        [4, 'not an email', ' LA', 4],
        [5, 'e@x.com', 'LA', 5],
        [6, 'f@x.com', 'LA', null],
        [7, 'g@x.com', 'NY', 7],
        [8, 'h@x.com', 'NY', 8],
        [9, 'i@x.com', 'NY', 9],
        [10, 'j@x.com', 'NY', 10],
      ],
    );
    const q = qualityOf(profile, extras);
    expect(q.completeness).toBe(0.95);
    // id 1, email 0.9 (one value breaks the dominant pattern), city 1, amount 1; weighted by values.
    expect(q.validity).toBe(Math.round((37 / 38) * 1e4) / 1e4);
    expect(q.uniqueness).toBe(1);
    // city: 10% surrounding whitespace + 10% written "ny" beside "NY"; email fully consistent.
    expect(q.consistency).toBe(0.9);
    expect(q.score).toBe(95.6);
    // Without extras the same facts come from the complete top values of the small columns.
    expect(qualityOf(profile)).toEqual(q);
  });

  it('penalises duplicates, numbers stored as text and mixed types', () => {
    const { profile, extras } = profileOf(
      [
        { name: 'a', type: 'text' },
        { name: 'b', type: 'text' },
      ],
      [
        ['1', 'x'],
        ['2', 'x'],
        ['2', 'x'],
        ['3', 'y'],
        ['abc', 'y'],
      ],
    );
    const q = qualityOf(profile, extras);
    expect(q).toEqual({ score: 91, completeness: 1, validity: 0.8, uniqueness: 0.8, consistency: 1 });
    const mixed = profileOf([{ name: 'm', type: 'text' }], [['1'], ['2'], ['x'], ['y']]);
    expect(qualityOf(mixed.profile, mixed.extras).validity).toBe(0.5);
  });

  it('scores an empty table 100 and documents its formula', () => {
    const { profile } = profileOf([{ name: 'a', type: 'integer' }], []);
    expect(qualityOf(profile)).toEqual({
      score: 100,
      completeness: 1,
      validity: 1,
      uniqueness: 1,
      consistency: 1,
    });
    expect(Object.values(QUALITY_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(QUALITY_FORMULA).toContain('35% completeness + 25% validity + 20% uniqueness + 20% consistency');
  });
});
