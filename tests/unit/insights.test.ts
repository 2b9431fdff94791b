import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  deriveInsights,
  GOAL_RULES,
  INSIGHT_THRESHOLDS,
  type InsightDraft,
} from '../../src/main/services/analysis/insights';
import { profileRelationWithExtras } from '../../src/main/services/analysis/profile';
import { qualityOf } from '../../src/main/services/analysis/quality';
import {
  compileOperation,
  operationToPandas,
  registerSqlFunctions,
} from '../../src/main/services/datasets/operations';
import { quoteIdent } from '../../src/main/services/datasets/storage';
import { GOAL_TYPES, type GoalType } from '../../src/shared/analysis';
import { operationSchema, type Column, type ColumnType, type Operation } from '../../src/shared/operations';
import { createStoredTable, createStoredTableSql, type Cell } from '../helpers/stored-table';

interface Version {
  db: Database.Database;
  relation: string;
  columns: Column[];
}

let counter = 0;

/** A version in Cairn's storage format. */
function version(columns: Column[], rows: Cell[][]): Version {
  const db = new Database(':memory:');
  registerSqlFunctions(db);
  const relation = `v${++counter}`;
  createStoredTable(db, relation, columns, rows);
  return { db, relation, columns };
}

/** Applies an operation as the version engine does: a new table renumbered 1..N. */
function applied(v: Version, op: Operation): Version {
  const compiled = compileOperation(op, { source: quoteIdent(v.relation), columns: v.columns });
  const relation = `v${++counter}`;
  const list = compiled.columns.map((c) => quoteIdent(c.name)).join(', ');
  v.db.exec(createStoredTableSql(relation, compiled.columns));
  v.db
    .prepare(
      `INSERT INTO ${quoteIdent(relation)} SELECT row_number() OVER (ORDER BY "__cairn_row"), ${list} FROM (${compiled.select})`,
    )
    .run(...compiled.params);
  return { db: v.db, relation, columns: compiled.columns };
}

function insights(v: Version, goal: GoalType = 'data_quality', withExtras = true): InsightDraft[] {
  const { profile, extras } = profileRelationWithExtras(v.db, v.relation, v.columns);
  return deriveInsights(profile, v.columns, goal, withExtras ? extras : undefined);
}

const find = (list: InsightDraft[], rule: string) => list.find((i) => i.rule === rule);

const range = (n: number, f: (i: number) => Cell): Cell[] => Array.from({ length: n }, (_, i) => f(i));
const col = (name: string, type: ColumnType): Column => ({ name, type });

interface Case {
  title: string;
  rule: string;
  goal: GoalType;
  columns: Column[];
  rows: Cell[][];
  clean: Cell[][];
  severity?: InsightDraft['severity'];
  type: InsightDraft['type'];
  fix: Operation['op'] | null;
}

/** Columns of [values…] into rows. */
const rowsOf = (...cols: Cell[][]): Cell[][] =>
  (cols[0] as Cell[]).map((_, i) => cols.map((c) => c[i] as Cell));

const ids = (n: number) => range(n, (i) => i + 1);

const CASES: Case[] = [
  {
    title: 'missing numbers → fill with the median',
    rule: 'missing_data:age',
    goal: 'data_quality',
    columns: [col('id', 'integer'), col('age', 'integer')],
    rows: rowsOf(ids(10), [30, null, 40, null, 50, 20, null, 33, 41, 38]),
    clean: rowsOf(
      ids(10),
      range(10, (i) => 20 + i),
    ),
    severity: 'medium',
    type: 'missing_data',
    fix: 'fill_missing',
  },
  {
    title: 'missing text → fill with the mode',
    rule: 'missing_data:city',
    goal: 'data_quality',
    columns: [col('id', 'integer'), col('city', 'text')],
    rows: rowsOf(ids(10), ['NY', null, 'LA', 'NY', null, 'NY', 'SF', null, 'LA', 'NY']),
    clean: rowsOf(
      ids(10),
      range(10, () => 'NY'),
    ),
    severity: 'medium',
    type: 'missing_data',
    fix: 'fill_missing',
  },
  {
    title: 'a few missing values → drop those rows',
    rule: 'missing_data:score',
    goal: 'data_quality',
    columns: [col('id', 'integer'), col('score', 'float')],
    rows: rowsOf(
      ids(40),
      range(40, (i) => (i === 7 ? null : i / 2)),
    ),
    clean: rowsOf(
      ids(40),
      range(40, (i) => i / 2),
    ),
    severity: 'info',
    type: 'missing_data',
    fix: 'drop_missing',
  },
  {
    title: 'mostly missing → drop the column',
    rule: 'missing_data:notes',
    goal: 'data_quality',
    columns: [col('id', 'integer'), col('notes', 'text')],
    rows: rowsOf(ids(10), ['a', null, null, null, 'b', null, null, null, null, null]),
    clean: rowsOf(
      ids(10),
      range(10, () => 'n'),
    ),
    severity: 'high',
    type: 'missing_data',
    fix: 'drop_columns',
  },
  {
    title: 'missing values in mostly distinct text (no automatic fix)',
    rule: 'missing_data:comment',
    goal: 'data_quality',
    columns: [col('id', 'integer'), col('comment', 'text')],
    rows: rowsOf(ids(10), ['good', null, 'bad', 'fine', null, 'great', 'slow', null, 'ok', 'meh']),
    clean: rowsOf(
      ids(10),
      range(10, (i) => `c${i}`),
    ),
    severity: 'medium',
    type: 'missing_data',
    fix: null,
  },
  {
    title: 'values beyond the IQR fences → clip',
    rule: 'outliers:amount',
    goal: 'data_quality',
    columns: [col('id', 'integer'), col('amount', 'float')],
    rows: rowsOf(ids(12), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 500]),
    clean: rowsOf(
      ids(12),
      range(12, (i) => 10 + i),
    ),
    severity: 'medium',
    type: 'outliers',
    fix: 'clip_outliers',
  },
  {
    title: 'integer outliers → clip to whole-number fences',
    rule: 'outliers:qty',
    goal: 'data_quality',
    columns: [col('id', 'integer'), col('qty', 'integer')],
    rows: rowsOf(ids(21), [...range(20, (i) => 1 + (i % 7)), -90]),
    clean: rowsOf(
      ids(21),
      range(21, (i) => 1 + (i % 7)),
    ),
    severity: 'low',
    type: 'outliers',
    fix: 'clip_outliers',
  },
  {
    title: 'repeated rows → deduplicate',
    rule: 'duplicate_rows',
    goal: 'data_quality',
    columns: [col('a', 'integer'), col('b', 'text')],
    rows: [
      [1, 'x'],
      [2, 'y'],
      [1, 'x'],
      [3, 'z'],
    ],
    clean: [
      [1, 'x'],
      [2, 'y'],
    ],
    severity: 'critical',
    type: 'duplicates',
    fix: 'deduplicate',
  },
  {
    title: 'a repeated key → keep the first row per key',
    rule: 'duplicate_keys:order_id',
    goal: 'data_quality',
    columns: [col('order_id', 'integer'), col('v', 'float')],
    rows: rowsOf(
      [...range(20, (i) => i + 1), 5],
      range(21, (i) => i * 1.5),
    ),
    clean: rowsOf(
      ids(21),
      range(21, (i) => i * 1.5),
    ),
    severity: 'high',
    type: 'duplicates',
    fix: 'deduplicate',
  },
  {
    title: 'numbers stored as text → cast',
    rule: 'numbers_as_text:price',
    goal: 'data_quality',
    columns: [col('id', 'integer'), col('price', 'text')],
    rows: rowsOf(ids(5), ['1', '2', '3', '+4', '5.0']),
    clean: rowsOf(ids(5), ['one', 'two', 'three', 'four', 'five']),
    severity: 'medium',
    type: 'data_type_mismatch',
    fix: 'cast_type',
  },
  {
    title: 'dates stored as text → cast',
    rule: 'dates_as_text:when',
    goal: 'data_quality',
    columns: [col('id', 'integer'), col('when', 'text')],
    rows: rowsOf(ids(4), ['2024-01-01', '2024-02-03', ' 2024-03-04', '2024-02-29']),
    clean: rowsOf(ids(4), ['Monday', 'Tuesday', 'May', 'June']),
    severity: 'medium',
    type: 'data_type_mismatch',
    fix: 'cast_type',
  },
  {
    title: 'numbers mixed with words (no automatic fix)',
    rule: 'mixed_types:size',
    goal: 'data_quality',
    columns: [col('id', 'integer'), col('size', 'text')],
    rows: rowsOf(ids(5), ['1', '2', 'small', 'large', '3']),
    clean: rowsOf(ids(5), ['tiny', 'small', 'medium', 'large', 'huge']),
    severity: 'medium',
    type: 'data_type_mismatch',
    fix: null,
  },
  {
    title: 'a few invalid emails (no automatic fix)',
    rule: 'pattern_violation:email',
    goal: 'data_quality',
    columns: [col('id', 'integer'), col('email', 'text')],
    rows: rowsOf(ids(10), [...range(9, (i) => `user${i}@example.com`), 'not-an-email']),
    clean: rowsOf(
      ids(10),
      range(10, (i) => `user${i}@example.com`),
    ),
    severity: 'medium',
    type: 'pattern_violation',
    fix: null,
  },
  {
    title: 'a few values that are not numbers → cast, invalid ones become missing',
    rule: 'pattern_violation:reading',
    goal: 'data_quality',
    columns: [col('id', 'integer'), col('reading', 'text')],
    rows: rowsOf(ids(20), [...range(19, (i) => `${i}.5`), 'n/a']),
    clean: rowsOf(
      ids(20),
      range(20, (i) => `r${i}`),
    ),
    severity: 'low',
    type: 'pattern_violation',
    fix: 'cast_type',
  },
  {
    title: 'a constant column → drop it',
    rule: 'constant_column:source',
    goal: 'data_quality',
    columns: [col('id', 'integer'), col('source', 'text')],
    rows: rowsOf(ids(5), ['web', 'web', null, 'web', 'web']),
    clean: rowsOf(ids(5), ['web', 'app', 'web', 'web', 'app']),
    severity: 'low',
    type: 'quality_issue',
    fix: 'drop_columns',
  },
  {
    title: 'surrounding whitespace → trim',
    rule: 'whitespace:name',
    goal: 'data_quality',
    columns: [col('id', 'integer'), col('name', 'text')],
    rows: rowsOf(ids(4), [' Ann', 'Bob ', 'Cy', 'Dee']),
    clean: rowsOf(ids(4), ['Ann', 'Bob', 'Cy', 'Dee']),
    severity: 'high',
    type: 'quality_issue',
    fix: 'text_clean',
  },
  {
    title: 'case variants of a category → lower-case',
    rule: 'case_variants:state',
    goal: 'data_quality',
    columns: [col('id', 'integer'), col('state', 'text')],
    rows: rowsOf(ids(6), ['NY', 'ny', 'NY', 'CA', 'Ca', 'TX']),
    clean: rowsOf(ids(6), ['NY', 'NY', 'CA', 'CA', 'TX', 'TX']),
    severity: 'medium',
    type: 'quality_issue',
    fix: 'text_clean',
  },
  {
    title: 'a category written with other punctuation → replace it',
    rule: 'near_duplicates:city:New-York',
    goal: 'data_quality',
    columns: [col('id', 'integer'), col('city', 'text')],
    rows: rowsOf(ids(7), ['New York', 'New York', 'New York', 'New York', 'New-York', 'Boston', 'Boston']),
    clean: rowsOf(ids(7), ['New York', 'New York', 'New York', 'New York', 'Austin', 'Boston', 'Boston']),
    severity: 'medium',
    type: 'quality_issue',
    fix: 'find_replace',
  },
  {
    title: 'a rare misspelling of a category (a check, never merged on spelling alone)',
    rule: 'near_duplicates:city:Chicgo',
    goal: 'data_quality',
    columns: [col('id', 'integer'), col('city', 'text')],
    rows: rowsOf(ids(7), ['Chicago', 'Chicago', 'Chicago', 'Chicago', 'Chicgo', 'Boston', 'Boston']),
    clean: rowsOf(ids(7), ['Chicago', 'Chicago', 'Chicago', 'Chicago', 'Austin', 'Boston', 'Boston']),
    severity: 'low',
    type: 'quality_issue',
    fix: null,
  },
  {
    title: 'two columns that carry the same information → drop one',
    rule: 'high_correlation:x:y',
    goal: 'ml_preparation',
    columns: [col('x', 'integer'), col('y', 'float')],
    rows: rowsOf(
      ids(20),
      range(20, (i) => 3 * (i + 1) + 1 + (i % 2) * 0.01),
    ),
    clean: rowsOf(
      ids(20),
      range(20, (i) => ((i * 7) % 11) + 0.5),
    ),
    severity: 'medium',
    type: 'quality_issue',
    fix: 'drop_columns',
  },
  {
    title: 'an imbalanced boolean target (no automatic fix)',
    rule: 'class_imbalance:churned',
    goal: 'ml_preparation',
    columns: [col('id', 'integer'), col('churned', 'boolean')],
    rows: rowsOf(
      ids(40),
      range(40, (i) => i === 3),
    ),
    clean: rowsOf(
      ids(40),
      range(40, (i) => i % 3 === 0),
    ),
    severity: 'medium',
    type: 'quality_issue',
    fix: null,
  },
  {
    title: 'personal data in a general audit (information only)',
    rule: 'personal_data:contact',
    goal: 'general_audit',
    columns: [col('id', 'integer'), col('contact', 'text')],
    rows: rowsOf(ids(4), ['a@b.com', 'c@d.org', '+1 555 123 4567', 'e@f.net']),
    clean: rowsOf(ids(4), ['Ann', 'Bob', 'Cy', 'Dee']),
    severity: 'info',
    type: 'quality_issue',
    fix: null,
  },
];

describe('insight rules', () => {
  it.each(CASES)('$title: triggered, not on clean data, and gone after its fix', (c) => {
    const v = version(c.columns, c.rows);
    const list = insights(v, c.goal);
    const insight = find(list, c.rule);
    expect(insight, `${c.rule} in ${list.map((i) => i.rule).join(', ')}`).toBeDefined();
    const found = insight as InsightDraft;
    expect(found.type).toBe(c.type);
    if (c.severity) expect(found.severity).toBe(c.severity);
    expect(found.description.length).toBeGreaterThan(10);
    expect(found.recommendation.length).toBeGreaterThan(10);

    const clean = insights(version(c.columns, c.clean), c.goal);
    expect(find(clean, c.rule)).toBeUndefined();

    if (c.fix === null) {
      expect(found.fix).toBeNull();
      expect(found.codeSuggestion).toBeNull();
      return;
    }
    const fix = operationSchema.parse(found.fix);
    expect(fix.op).toBe(c.fix);
    expect(found.codeSuggestion).toBe(operationToPandas(fix, c.columns));
    const before = profileRelationWithExtras(v.db, v.relation, v.columns);
    const next = applied(v, fix);
    expect(find(insights(next, c.goal), c.rule)).toBeUndefined();
    // A fix never lowers the quality score.
    const after = profileRelationWithExtras(next.db, next.relation, next.columns);
    expect(qualityOf(after.profile, after.extras).score).toBeGreaterThanOrEqual(
      qualityOf(before.profile, before.extras).score,
    );
  });

  it('does not flag codes with leading zeros as numbers, nor keys that are mostly repeated', () => {
    const v = version(
      [col('zip', 'text'), col('country_id', 'integer')],
      rowsOf(['01234', '02134', '90210', '00501'], [1, 1, 2, 1]),
    );
    const rules = insights(v).map((i) => i.rule);
    expect(rules).not.toContain('numbers_as_text:zip');
    expect(rules).not.toContain('duplicate_keys:country_id');
  });

  it('works from the profile alone, with weaker evidence', () => {
    const v = version(
      [col('id', 'integer'), col('amount', 'float'), col('state', 'text'), col('price', 'text')],
      rowsOf(
        ids(12),
        [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 500],
        range(12, (i) => (i === 0 ? 'ny' : 'NY')),
        range(12, (i) => String(i)),
      ),
    );
    const list = insights(v, 'data_quality', false);
    expect(find(list, 'outliers:amount')?.description).toContain('outside the IQR fences [4.5, 26.5]');
    expect(find(list, 'case_variants:state')).toBeDefined();
    // 12 distinct values: more than the top values hold, so shapes are unknown without extras.
    expect(find(list, 'numbers_as_text:price')).toBeUndefined();
    expect(find(insights(v, 'data_quality', true), 'numbers_as_text:price')).toBeDefined();
  });
});

describe('goal types', () => {
  const v = version(
    [
      col('id', 'integer'),
      col('age', 'integer'),
      col('email', 'text'),
      col('x', 'integer'),
      col('y', 'integer'),
    ],
    rowsOf(
      ids(20),
      range(20, (i) => (i % 4 === 0 ? null : 20 + i)),
      range(20, (i) => (i === 0 ? ' a@b.com' : `u${i}@b.com`)),
      range(20, (i) => i),
      range(20, (i) => 2 * i),
    ),
  );

  it('chooses the rules and grades their severity as the goal table says', () => {
    const byGoal = Object.fromEntries(GOAL_TYPES.map((g) => [g, insights(v, g)])) as Record<
      GoalType,
      InsightDraft[]
    >;
    // 25% missing: medium by default, one level up for ML preparation, one down when exploring.
    expect(find(byGoal.data_quality, 'missing_data:age')?.severity).toBe('medium');
    expect(find(byGoal.ml_preparation, 'missing_data:age')?.severity).toBe('high');
    expect(find(byGoal.exploratory, 'missing_data:age')?.severity).toBe('low');
    expect(find(byGoal.general_audit, 'missing_data:age')?.severity).toBe('medium');
    // Personal data only in an audit; correlations only for ML and exploration; whitespace not when exploring.
    expect(find(byGoal.general_audit, 'personal_data:email')?.severity).toBe('info');
    expect(find(byGoal.data_quality, 'personal_data:email')).toBeUndefined();
    expect(find(byGoal.ml_preparation, 'high_correlation:x:y')).toBeDefined();
    expect(find(byGoal.exploratory, 'high_correlation:x:y')?.severity).toBe('low');
    expect(find(byGoal.data_quality, 'high_correlation:x:y')).toBeUndefined();
    expect(find(byGoal.data_quality, 'whitespace:email')?.severity).toBe('medium');
    expect(find(byGoal.exploratory, 'whitespace:email')).toBeUndefined();
    for (const goal of GOAL_TYPES) {
      const order = ['critical', 'high', 'medium', 'low', 'info'];
      const ranks = byGoal[goal].map((i) => order.indexOf(i.severity));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      for (const insight of byGoal[goal]) {
        const rule = insight.rule.split(':')[0] as keyof typeof GOAL_RULES;
        expect(GOAL_RULES[rule][goal]).not.toBeNull();
      }
    }
  });

  it('keeps every threshold in one exported object', () => {
    expect(INSIGHT_THRESHOLDS.correlation.minAbsR).toBe(0.95);
    expect(INSIGHT_THRESHOLDS.patterns.dominantShare).toBe(0.8);
  });
});

describe('insight wording', () => {
  const of = (rule: string, columns: Column[], rows: Cell[][]) => {
    const insight = find(insights(version(columns, rows)), rule);
    expect(insight, rule).toBeDefined();
    return insight as InsightDraft;
  };
  const keyed = (keys: Cell[]) =>
    rowsOf(
      keys,
      range(keys.length, (i) => i * 1.5),
    );

  const wording: [string, Column[], Cell[][], 'description' | 'recommendation', string][] = [
    [
      'missing_data:b',
      [col('a', 'integer'), col('b', 'text')],
      [[1, null]],
      'description',
      '"b" is missing 1 of 1 value (100.0%).',
    ],
    [
      'missing_data:b',
      [col('a', 'integer'), col('b', 'text')],
      rowsOf(ids(4), ['x', null, 'y', 'z']),
      'description',
      '"b" is missing 1 of 4 values (25.0%).',
    ],
    [
      'duplicate_rows',
      [col('a', 'integer'), col('b', 'text')],
      rowsOf([1, 2, 1, 3], ['x', 'y', 'x', 'z']),
      'description',
      '1 row (25.0%) repeats an earlier row exactly.',
    ],
    [
      'duplicate_rows',
      [col('a', 'integer'), col('b', 'text')],
      rowsOf([1, 2, 1, 2], ['x', 'y', 'x', 'y']),
      'description',
      '2 rows (50.0%) repeat an earlier row exactly.',
    ],
    [
      'duplicate_keys:order_id',
      [col('order_id', 'integer'), col('v', 'float')],
      keyed([...ids(20), 5]),
      'description',
      '"order_id" looks like a key, but 1 value repeats an earlier one.',
    ],
    [
      'duplicate_keys:order_id',
      [col('order_id', 'integer'), col('v', 'float')],
      keyed([...ids(20), 5, 6]),
      'description',
      '"order_id" looks like a key, but 2 values repeat an earlier one.',
    ],
    [
      'pattern_violation:email',
      [col('id', 'integer'), col('email', 'text')],
      rowsOf(ids(10), [...range(9, (i) => `user${i}@example.com`), 'not-an-email']),
      'recommendation',
      'Review the 1 value that is not email addresses and correct or clear it.',
    ],
    [
      'pattern_violation:email',
      [col('id', 'integer'), col('email', 'text')],
      rowsOf(ids(20), [...range(18, (i) => `user${i}@example.com`), 'n/a', 'unknown']),
      'recommendation',
      'Review the 2 values that are not email addresses and correct or clear them.',
    ],
    [
      'whitespace:name',
      [col('id', 'integer'), col('name', 'text')],
      rowsOf(ids(4), [' Ann', 'Bob', 'Cy', 'Dee']),
      'description',
      '1 value of "name" (25.0%) starts or ends with spaces, so equal values may not match.',
    ],
    [
      'whitespace:name',
      [col('id', 'integer'), col('name', 'text')],
      rowsOf(ids(4), [' Ann', 'Bob ', 'Cy', 'Dee']),
      'description',
      '2 values of "name" (50.0%) start or end with spaces, so equal values may not match.',
    ],
    [
      'case_variants:state',
      [col('id', 'integer'), col('state', 'text')],
      rowsOf(ids(6), ['NY', 'ny', 'NY', 'CA', 'CA', 'TX']),
      'description',
      '"state" writes 1 value in different letter cases ("NY"/"ny"); 1 row uses a minority form.',
    ],
    [
      'case_variants:state',
      [col('id', 'integer'), col('state', 'text')],
      rowsOf(ids(6), ['NY', 'ny', 'NY', 'CA', 'Ca', 'TX']),
      'description',
      '"state" writes 2 values in different letter cases ("NY"/"ny", "CA"/"Ca"); 2 rows use a minority form.',
    ],
  ];

  it.each(wording.map(([rule, columns, rows, field, text]) => ({ rule, columns, rows, field, text })))(
    '$rule $field: $text',
    ({ rule, columns, rows, field, text }) => {
      expect(of(rule, columns, rows)[field]).toBe(text);
    },
  );

  it('agrees in number for the values beyond three standard deviations', () => {
    const one = of(
      'outliers:amount',
      [col('id', 'integer'), col('amount', 'float')],
      rowsOf(ids(12), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 500]),
    );
    expect(one.description).toContain('; 1 value lies more than 3 standard deviations from the mean.');
    const two = of(
      'outliers:amount',
      [col('id', 'integer'), col('amount', 'float')],
      rowsOf(ids(42), [...range(40, (i) => 10 + i), 1000, 1000]),
    );
    expect(two.description).toContain('; 2 values lie more than 3 standard deviations from the mean.');
  });
});
