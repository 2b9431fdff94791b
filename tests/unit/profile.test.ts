import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  HLL_ERROR_BOUND,
  HyperLogLog,
  profileRelation,
  profileRelationWithExtras,
  type ProfileOptions,
} from '../../src/main/services/analysis/profile';
import { selectRanks } from '../../src/main/services/analysis/profile/numeric';
import { TextCollector } from '../../src/main/services/analysis/profile/text';
import { classifyText, isKeyLikeName, P_EMAIL } from '../../src/main/services/analysis/profile/patterns';
import {
  daysFromCivil,
  civilFromDays,
  formatDatetime,
  parseDatetimeSeconds,
} from '../../src/main/services/analysis/profile/temporal';
import { findVariants, oneEditApart } from '../../src/main/services/analysis/profile/variants';
import { registerSqlFunctions } from '../../src/main/services/datasets/operations';
import type { ColumnProfile, DatasetProfile } from '../../src/shared/analysis';
import type { Column, ColumnType } from '../../src/shared/operations';
import { CairnError } from '../../src/shared/result';
import { createStoredTable, type Cell } from '../helpers/stored-table';

function single(type: ColumnType, values: Cell[], name = 'x', options?: ProfileOptions): ColumnProfile {
  const db = new Database(':memory:');
  const columns = [{ name, type }];
  createStoredTable(
    db,
    't',
    columns,
    values.map((v) => [v]),
  );
  return profileRelation(db, 't', columns, options).columnProfiles[0] as ColumnProfile;
}

function sqliteStats(values: number[]) {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE v (x REAL)');
  const insert = db.prepare('INSERT INTO v VALUES (?)');
  for (const v of values) insert.run(v);
  return db
    .prepare('SELECT median(x) AS m, percentile(x, 25) AS p25, percentile(x, 75) AS p75 FROM v')
    .get() as {
    m: number;
    p25: number;
    p75: number;
  };
}

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('profileRelation: numbers', () => {
  const values: Cell[] = [3, 1, 2, 4, 5, null, 6, 7, 8, 9, 100];
  const p = single('integer', values);

  it('counts values, nulls and distinct values exactly', () => {
    expect(p).toMatchObject({
      type: 'integer',
      count: 10,
      nulls: 1,
      distinct: 10,
      distinctApproximate: false,
      distinctShare: 1,
      min: 1,
      max: 100,
      zeros: 0,
      negatives: 0,
    });
    expect(p.nullShare).toBeCloseTo(1 / 11, 12);
  });

  it('computes mean, sample std, median and quartiles (SQLite percentile method)', () => {
    expect(p.mean).toBe(14.5);
    expect(p.median).toBe(5.5);
    expect(p.p25).toBe(3.25);
    expect(p.p75).toBe(7.75);
    expect(p.std).toBeCloseTo(Math.sqrt(8182.5 / 9), 10);
    const sqlite = sqliteStats(values.filter((v): v is number => v !== null));
    expect([p.median, p.p25, p.p75]).toEqual([sqlite.m, sqlite.p25, sqlite.p75]);
  });

  it('bins integers with whole-number widths between min and max, the last bin inclusive', () => {
    const bins = p.histogram as { from: number; to: number; count: number }[];
    expect(bins).toHaveLength(20);
    expect(bins[0]).toEqual({ from: 1, to: 6, count: 5 });
    expect(bins[1]).toEqual({ from: 6, to: 11, count: 4 });
    expect(bins[19]).toEqual({ from: 96, to: 100, count: 1 });
    expect(bins.slice(2, 19).every((b) => b.count === 0)).toBe(true);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(10);
  });

  it('bins floats in 20 equal-width bins and counts zeros and negatives', () => {
    const f = single('float', [-2.5, 0, 0, 1.5, 4, null]);
    expect(f).toMatchObject({ count: 5, zeros: 2, negatives: 1, min: -2.5, max: 4, mean: 0.6 });
    const bins = f.histogram as { from: number; to: number; count: number }[];
    expect(bins).toHaveLength(20);
    expect(bins[0]?.from).toBe(-2.5);
    expect(bins[0]?.to).toBeCloseTo(-2.175, 12);
    expect(bins[19]?.to).toBe(4);
    expect(bins.map((b) => b.count)).toEqual([1, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('gives one bin when every value is the same, and a null std for a single value', () => {
    const one = single('float', [2.5]);
    expect(one.histogram).toEqual([{ from: 2.5, to: 2.5, count: 1 }]);
    expect(one.std).toBeNull();
    expect(one.median).toBe(2.5);
  });

  it('matches SQLite median()/percentile() on random data, sorted or selected', () => {
    const next = random(7);
    const data = Array.from({ length: 2001 }, () => Math.round((next() * 1000 - 300) * 100) / 100);
    const expected = sqliteStats(data);
    for (const limit of [100_000, 10]) {
      const r = single('float', data, 'x', { exactDistinctLimit: limit });
      expect([r.median, r.p25, r.p75]).toEqual([expected.m, expected.p25, expected.p75]);
    }
  });

  it('keeps the first five distinct values in row order as samples', () => {
    expect(p.samples).toEqual(['3', '1', '2', '4', '5']);
  });
});

describe('profileRelation: text, booleans, dates', () => {
  it('ranks top values by count, then by value, and measures lengths in characters', () => {
    const p = single('text', ['b', 'a', 'c', 'a', 'b', 'a', null, '  a ', 'é😀']);
    expect(p.topValues).toEqual([
      { value: 'a', count: 3 },
      { value: 'b', count: 2 },
      { value: '  a ', count: 1 },
      { value: 'c', count: 1 },
      { value: 'é😀', count: 1 },
    ]);
    expect(p).toMatchObject({ type: 'text', count: 8, nulls: 1, distinct: 5, min: '  a ', max: 'é😀' });
    expect(p.textLength).toEqual({ min: 1, mean: 12 / 8, max: 4 });
    expect(p.samples).toEqual(['b', 'a', 'c', '  a ', 'é😀']);
    expect(p.patterns.surroundingWhitespace).toBe(1 / 8);
    expect([p.mean, p.median, p.zeros, p.negatives, p.histogram]).toEqual([null, null, null, null, null]);
  });

  it('flags emails, URLs, phones, leading zeros and whitespace as shares of values', () => {
    expect(single('text', ['a@b.com', 'x.y@z.org', 'not-an-email', null]).patterns.email).toBe(2 / 3);
    expect(
      single('text', ['https://x.com/a?b=1', 'www.example.org', 'ftp://a.b', 'example']).patterns.url,
    ).toBe(3 / 4);
    expect(
      single('text', ['+1 555 123 4567', '(555) 123-4567', '555-1234', '12345', '2024-01-02', '1.5']).patterns
        .phone,
    ).toBe(3 / 6);
    expect(single('text', ['00123', '0456', '789', 'abc']).patterns.leadingZeros).toBe(2 / 3);
    expect(single('text', [' a', 'b ', 'c', '\td']).patterns.surroundingWhitespace).toBe(3 / 4);
  });

  it('profiles booleans as true/false counts with the share of true as mean', () => {
    const p = single('boolean', [true, false, true, true, null]);
    expect(p).toMatchObject({
      count: 4,
      distinct: 2,
      mean: 0.75,
      min: null,
      max: null,
      samples: ['true', 'false'],
    });
    expect(p.topValues).toEqual([
      { value: 'true', count: 3 },
      { value: 'false', count: 1 },
    ]);
  });

  it('bins dates by day number with whole-day widths and ISO bounds', () => {
    const p = single('date', ['2024-01-03', '2024-01-01', '2024-01-03', null, '2024-02-01']);
    expect(p).toMatchObject({ min: '2024-01-01', max: '2024-02-01', distinct: 3, count: 4 });
    const bins = p.histogram as { from: string; to: string; count: number }[];
    expect(bins).toHaveLength(16);
    expect(bins[0]).toEqual({ from: '2024-01-01', to: '2024-01-03', count: 1 });
    expect(bins[1]).toEqual({ from: '2024-01-03', to: '2024-01-05', count: 2 });
    expect(bins[15]).toEqual({ from: '2024-01-31', to: '2024-02-01', count: 1 });
    expect(p.samples).toEqual(['2024-01-03', '2024-01-01', '2024-02-01']);
  });

  it('orders date-times by instant (offsets applied) and bins them with UTC bounds', () => {
    const p = single('datetime', [
      '2024-01-01T12:00:00+02:00',
      '2024-01-01T00:00:00Z',
      '2024-01-02T00:00:00',
    ]);
    expect(p).toMatchObject({ min: '2024-01-01T00:00:00Z', max: '2024-01-02T00:00:00', distinct: 3 });
    const bins = p.histogram as { from: string; to: string; count: number }[];
    expect(bins).toHaveLength(20);
    expect(bins[0]).toEqual({ from: '2024-01-01T00:00:00Z', to: '2024-01-01T01:12:00Z', count: 1 });
    expect(bins[8]?.count).toBe(1);
    expect(bins[19]).toEqual({ from: '2024-01-01T22:48:00Z', to: '2024-01-02T00:00:00Z', count: 1 });
  });

  it('reports an all-missing column as empty', () => {
    const p = single('float', [null, null]);
    expect(p).toMatchObject({
      type: 'empty',
      count: 0,
      nulls: 2,
      nullShare: 1,
      distinct: 0,
      histogram: null,
    });
    expect(p.samples).toEqual([]);
  });
});

describe('profileRelation: distinct counts', () => {
  const words = Array.from({ length: 3000 }, (_, i) => `value-${i % 2000}`);

  it('counts exactly up to the limit, as COUNT(DISTINCT) does', () => {
    const db = new Database(':memory:');
    createStoredTable(
      db,
      't',
      [{ name: 'w', type: 'text' }],
      words.map((w) => [w]),
    );
    const p = profileRelation(db, 't', [{ name: 'w', type: 'text' }]).columnProfiles[0] as ColumnProfile;
    const truth = (db.prepare('SELECT count(DISTINCT w) AS n FROM t').get() as { n: number }).n;
    expect(p.distinct).toBe(truth);
    expect(p.distinct).toBe(2000);
    expect(p.distinctApproximate).toBe(false);
  });

  it('estimates above the limit within the documented HyperLogLog bound', () => {
    const text = single('text', words, 'w', { exactDistinctLimit: 100 });
    expect(text.distinctApproximate).toBe(true);
    expect(Math.abs(text.distinct - 2000) / 2000).toBeLessThanOrEqual(HLL_ERROR_BOUND);
    const numbers = single(
      'integer',
      Array.from({ length: 3000 }, (_, i) => (i * 7) % 1500),
      'n',
      { exactDistinctLimit: 100 },
    );
    expect(numbers.distinctApproximate).toBe(true);
    expect(Math.abs(numbers.distinct - 1500) / 1500).toBeLessThanOrEqual(HLL_ERROR_BOUND);
  });

  it('keeps exact counts for text columns whose values fit the tracking map', () => {
    const p = single(
      'text',
      Array.from({ length: 500 }, (_, i) => `c${i % 7}`),
      'c',
      { exactDistinctLimit: 100 },
    );
    expect(p).toMatchObject({ distinct: 7, distinctApproximate: false });
  });

  it('keeps exact top values above the limit when the frequent values come first', () => {
    const values = [...Array.from({ length: 300 }, () => 'heavy'), ...words];
    const p = single('text', values, 'w', { exactDistinctLimit: 100 });
    expect(p.distinctApproximate).toBe(true);
    expect(p.topValues?.[0]).toEqual({ value: 'heavy', count: 300 });
  });

  it('proves streaming top values only when no later value can reach them', () => {
    const heavy = new TextCollector(16);
    const late = new TextCollector(16);
    let row = 0;
    for (let i = 0; i < 2000; i++) heavy.add(i < 1000 ? `h${i % 10}` : `rare-${i}`, ++row);
    for (let i = 0; i < 2000; i++) late.add(i < 1000 ? `rare-${i}` : 'late-heavy', ++row);
    heavy.finish();
    late.finish();
    expect(heavy.streaming && late.streaming).toBe(true);
    expect(heavy.top()[0]).toEqual({ value: 'h0', count: 100 });
    expect(heavy.topProven()).toBe(true);
    expect(late.topProven()).toBe(false);
  });

  it('settles a possible key exactly above the limit', () => {
    const p = single(
      'integer',
      Array.from({ length: 500 }, (_, i) => 500 - i),
      'id',
      { exactDistinctLimit: 10 },
    );
    expect(p).toMatchObject({ distinct: 500, distinctApproximate: false });
    expect(p.patterns.idLike).toBe(true);
  });

  it('HyperLogLog stays within its bound across magnitudes', () => {
    for (const n of [10, 1000, 20_000, 200_000]) {
      const hll = new HyperLogLog();
      for (let i = 0; i < n; i++) hll.addString(`item-${i}`);
      expect(Math.abs(hll.estimate() - n) / n).toBeLessThanOrEqual(HLL_ERROR_BOUND);
    }
  });
});

describe('profileRelation: dataset level', () => {
  function dataset(): { db: Database.Database; columns: Column[] } {
    const db = new Database(':memory:');
    const columns: Column[] = [
      { name: 'a', type: 'integer' },
      { name: 'b', type: 'text' },
    ];
    createStoredTable(db, 't', columns, [
      [1, 'x'],
      [1, 'x'],
      [2, 'y'],
      [null, null],
      [null, null],
      [3, 'x'],
    ]);
    return { db, columns };
  }

  it('counts rows, missing cells and full-row duplicates (missing values equal)', () => {
    const { db, columns } = dataset();
    const p = profileRelation(db, 't', columns);
    expect(p).toMatchObject({ rows: 6, columns: 2, missingCells: 4, duplicateRows: 2 });
    expect(p.missingShare).toBe(4 / 12);
    const truth = db
      .prepare('SELECT (SELECT count(*) FROM t) - (SELECT count(*) FROM (SELECT DISTINCT a, b FROM t)) AS n')
      .get() as {
      n: number;
    };
    expect(p.duplicateRows).toBe(truth.n);
    expect(p.approximateBytes).toBe(6 * 8 + 4 * 8 + 4 * 1);
    expect(p.computedMs).toBeGreaterThanOrEqual(0);
  });

  it('has no duplicates when a column is a key', () => {
    const db = new Database(':memory:');
    const columns: Column[] = [
      { name: 'id', type: 'integer' },
      { name: 'v', type: 'text' },
    ];
    createStoredTable(db, 't', columns, [
      [1, 'x'],
      [2, 'x'],
    ]);
    const p = profileRelation(db, 't', columns);
    expect(p.duplicateRows).toBe(0);
    expect(p.columnProfiles[0]?.patterns.idLike).toBe(true);
    expect(p.columnProfiles[1]?.patterns.idLike).toBe(false);
  });

  it('computes Pearson correlations between number columns, pairwise complete', () => {
    const db = new Database(':memory:');
    const columns: Column[] = [
      { name: 'x', type: 'integer' },
      { name: 'y', type: 'float' },
      { name: 'z', type: 'integer' },
      { name: 'c', type: 'integer' },
      { name: 't', type: 'text' },
    ];
    const rows: Cell[][] = Array.from({ length: 10 }, (_, i) => [i + 1, 2 * (i + 1) + 0.5, -(i + 1), 7, 'a']);
    rows.push([11, null, -11, 7, 'b']);
    createStoredTable(db, 't', columns, rows);
    const p = profileRelation(db, 't', columns);
    expect(p.correlation?.columns).toEqual(['x', 'y', 'z', 'c']);
    const m = p.correlation?.matrix as (number | null)[][];
    expect(m[0]?.[1]).toBeCloseTo(1, 12);
    expect(m[0]?.[2]).toBeCloseTo(-1, 12);
    expect(m[1]?.[2]).toBeCloseTo(-1, 12);
    expect(m[0]?.[3]).toBeNull();
    expect(m[3]?.[3]).toBeNull();
    expect(m[0]?.[0]).toBe(1);
  });

  it('flags key-like columns by name or shape', () => {
    const db = new Database(':memory:');
    const columns: Column[] = [
      { name: 'user_id', type: 'integer' },
      { name: 'code', type: 'text' },
      { name: 'name', type: 'text' },
      { name: 'seq', type: 'integer' },
      { name: 'score', type: 'float' },
      { name: 'customerKey', type: 'integer' },
    ];
    createStoredTable(db, 't', columns, [
      [10, 'A-1', 'alice', 1, 0.5, 100],
      [20, 'B-2', 'bob', 2, 0.7, 100],
      [30, 'C-3', 'carol', 3, 0.9, 300],
    ]);
    const flags = profileRelation(db, 't', columns).columnProfiles.map((c) => c.patterns.idLike);
    expect(flags).toEqual([true, true, false, true, false, false]);
    expect(['id', 'user_id', 'UserID', 'order uuid', 'sku', 'customerKey'].every(isKeyLikeName)).toBe(true);
    expect(['paid', 'valid', 'monkey', 'identity'].some(isKeyLikeName)).toBe(false);
  });

  it('profiles zero rows as empty columns', () => {
    const db = new Database(':memory:');
    const columns: Column[] = [{ name: 'a', type: 'integer' }];
    createStoredTable(db, 't', columns, []);
    const p = profileRelation(db, 't', columns);
    expect(p).toMatchObject({
      rows: 0,
      missingCells: 0,
      missingShare: 0,
      duplicateRows: 0,
      correlation: null,
    });
    expect(p.columnProfiles[0]?.type).toBe('empty');
  });

  it('takes samples by row number whatever order a view yields rows in, and reads views using SQL functions', () => {
    const db = new Database(':memory:');
    registerSqlFunctions(db);
    const columns: Column[] = [{ name: 'name', type: 'text' }];
    createStoredTable(db, 't', columns, [['Ann'], ['Bob'], ['Cy'], ['Dee'], ['Eve'], ['Fay'], ['Gus']]);
    db.exec(
      `CREATE VIEW v AS SELECT "__cairn_row", cairn_lower("name") AS "name" FROM t ORDER BY "__cairn_row" DESC`,
    );
    const p = profileRelation(db, 'v', columns).columnProfiles[0] as ColumnProfile;
    expect(p.samples).toEqual(['ann', 'bob', 'cy', 'dee', 'eve']);
    expect(p.count).toBe(7);
  });

  it('quotes hostile names', () => {
    const db = new Database(':memory:');
    const columns: Column[] = [{ name: 'we"ird ; name', type: 'integer' }];
    createStoredTable(db, 'ta"ble', columns, [[1], [2]]);
    expect(profileRelation(db, 'ta"ble', columns).columnProfiles[0]?.mean).toBe(1.5);
  });

  it('reports progress and stops when aborted', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE big ("__cairn_row" INTEGER PRIMARY KEY, n INTEGER)');
    db.exec(
      'WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 140000) INSERT INTO big SELECT i, i % 97 FROM s',
    );
    const columns: Column[] = [{ name: 'n', type: 'integer' }];
    const seen: [number, number][] = [];
    const done = profileRelation(db, 'big', columns, { onProgress: (d, t) => seen.push([d, t]) });
    expect(done.rows).toBe(140000);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every(([d, t]) => d <= t)).toBe(true);
    expect(seen.at(-1)).toEqual([280000, 280000]);

    const controller = new AbortController();
    const run = () =>
      profileRelation(db, 'big', columns, {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
    expect(run).toThrow(CairnError);
    try {
      run();
    } catch (error) {
      expect((error as CairnError).code).toBe('CANCELLED');
    }
  });

  it('returns extras: outlier counts, text shapes and value variants', () => {
    const db = new Database(':memory:');
    const columns: Column[] = [
      { name: 'n', type: 'integer' },
      { name: 'city', type: 'text' },
    ];
    const rows: Cell[][] = [
      [1, 'NY'],
      [2, 'ny'],
      [3, 'NY'],
      [4, 'Chicago'],
      [5, 'Chicago'],
      [6, 'Chicago'],
      [7, 'Chicago'],
      [8, 'Chicgo'],
      [9, '12'],
      [100, 'New-York'],
      [-50, 'new york'],
    ];
    createStoredTable(db, 't', columns, rows);
    const { extras } = profileRelationWithExtras(db, 't', columns);
    expect(extras.columns.n?.outliers).toMatchObject({ below: 1, above: 1, beyondZscore: 0 });
    expect(extras.columns.city?.shapes).toEqual({
      integer: 1 / 11,
      float: 1 / 11,
      date: 0,
      datetime: 0,
      boolean: 0,
    });
    const variants = extras.columns.city?.variants;
    expect(variants).toMatchObject({ caseGroups: 1, caseRows: 1, caseExamples: [['NY', 'ny']] });
    expect(variants?.nearDuplicates).toEqual([
      { value: 'Chicgo', count: 1, like: 'Chicago', likeCount: 4, reason: 'one_edit' },
      { value: 'New-York', count: 1, like: 'new york', likeCount: 1, reason: 'normalised' },
    ]);
  });
});

describe('profile building blocks', () => {
  it('selectRanks places the wanted ranks as a full sort would', () => {
    const next = random(3);
    for (const n of [1, 2, 25, 1000, 4099]) {
      const data = Float64Array.from({ length: n }, () => Math.floor(next() * 50));
      const sorted = data.slice().sort();
      const ranks = [...new Set([0, Math.floor((n - 1) / 4), Math.floor((n - 1) / 2), n - 1])].sort(
        (a, b) => a - b,
      );
      selectRanks(data, 0, n, ranks);
      for (const r of ranks) expect(data[r]).toBe(sorted[r]);
    }
  });

  it('converts between civil dates, day numbers and date-times', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(11017);
    expect(civilFromDays(daysFromCivil(1, 1, 1))).toEqual([1, 1, 1]);
    expect(civilFromDays(daysFromCivil(2024, 2, 29))).toEqual([2024, 2, 29]);
    expect(parseDatetimeSeconds('2024-01-01T02:00:00+02:00')).toBe(Date.UTC(2024, 0, 1) / 1000);
    expect(parseDatetimeSeconds('2024-01-01T00:00:00.250Z')).toBe(Date.UTC(2024, 0, 1) / 1000 + 0.25);
    expect(formatDatetime(Date.UTC(2024, 0, 1, 5, 6, 7, 8) / 1000)).toBe('2024-01-01T05:06:07.008Z');
  });

  it('classifies text the way cast_type converts it', () => {
    expect(classifyText('a@b.co') & P_EMAIL).toBe(P_EMAIL);
    expect(classifyText('a@b') & P_EMAIL).toBe(0);
  });

  it('finds variants of the same category', () => {
    expect(oneEditApart('chicago', 'chicgo')).toBe(true);
    expect(oneEditApart('chicago', 'chciago')).toBe(true);
    expect(oneEditApart('type 1', 'type 2')).toBe(false);
    expect(oneEditApart('boston', 'austin')).toBe(false);
    const v = findVariants(
      new Map([
        ['Yes', 5],
        ['yes', 2],
        [' YES', 1],
        ['No', 4],
      ]),
    );
    expect(v).toMatchObject({ caseGroups: 1, caseRows: 3, caseExamples: [['Yes', 'yes', 'YES']] });
  });
});

// A sanity check on the shape: every profile validates against the shared contract.
it('produces profiles that satisfy the shared schema', async () => {
  const { datasetProfileSchema } = await import('../../src/shared/analysis');
  const db = new Database(':memory:');
  const columns: Column[] = [
    { name: 'i', type: 'integer' },
    { name: 'f', type: 'float' },
    { name: 'b', type: 'boolean' },
    { name: 'd', type: 'date' },
    { name: 'dt', type: 'datetime' },
    { name: 't', type: 'text' },
    { name: 'e', type: 'text' },
  ];
  createStoredTable(db, 't', columns, [
    [1, 1.5, true, '2024-01-01', '2024-01-01T00:00:00Z', 'a', null],
    [2, null, false, null, '2024-01-02T00:00:00Z', 'b', null],
  ]);
  const profile: DatasetProfile = profileRelation(db, 't', columns);
  expect(datasetProfileSchema.parse(profile)).toEqual(profile);
});
