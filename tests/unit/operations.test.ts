import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  compileOperation,
  operationToPandas,
  pandasImports,
  registerSqlFunctions,
  summarizeOperation,
  type CompiledOperation,
} from '../../src/main/services/datasets/operations';
import { patternToPython } from '../../src/main/services/datasets/operations/regex';
import { sampleKey } from '../../src/main/services/datasets/operations/text';
import type { Column, ColumnType, OperationInput } from '../../src/shared/operations';
import { CairnError } from '../../src/shared/result';
import { createStoredTable, type Cell } from '../helpers/stored-table';

/** A version in Cairn's storage format, in a database with Cairn's SQL functions. */
function storedVersion(columns: Column[], rows: Cell[][]) {
  const db = new Database(':memory:');
  registerSqlFunctions(db);
  createStoredTable(db, 'version 1', columns, rows);
  return { db, input: { source: '"version 1"', columns } };
}

interface Applied {
  compiled: CompiledOperation;
  rows: Cell[][];
  affected: number | undefined;
  guard: number | undefined;
  db: Database.Database;
}

const count = (
  db: Database.Database,
  query: { sql: string; params: unknown[] } | undefined,
): number | undefined =>
  query ? (db.prepare(query.sql).get(...query.params) as { n: number }).n : undefined;

/** Compiles `op`, runs it the way the caller does, and checks the SELECT's columns match the schema. */
function apply(op: OperationInput, columns: Column[], rows: Cell[][]): Applied {
  const { db, input } = storedVersion(columns, rows);
  const compiled = compileOperation(op, input);
  const statement = db.prepare(`SELECT * FROM (${compiled.select}) ORDER BY "__cairn_row"`);
  const out = statement.raw().all(...compiled.params) as Cell[][];
  expect(statement.columns().map((c) => c.name)).toEqual([
    '__cairn_row',
    ...compiled.columns.map((c) => c.name),
  ]);
  return {
    compiled,
    rows: out.map((row) => row.slice(1)),
    affected: count(db, compiled.affected),
    guard: count(db, compiled.guard),
    db,
  };
}

function refusal(op: OperationInput, columns: Column[]): string {
  try {
    compileOperation(op, { source: '"t"', columns });
  } catch (error) {
    expect(error).toBeInstanceOf(CairnError);
    expect((error as CairnError).code).toBe('VALIDATION');
    return (error as CairnError).message;
  }
  throw new Error('expected the operation to be refused');
}

const text = (name: string): Column => ({ name, type: 'text' });
const integer = (name: string): Column => ({ name, type: 'integer' });
const float = (name: string): Column => ({ name, type: 'float' });

const PEOPLE: Column[] = [
  text('name'),
  integer('age'),
  float('score'),
  { name: 'active', type: 'boolean' },
  { name: 'joined', type: 'date' },
];
const PEOPLE_ROWS: Cell[][] = [
  ['Ann', 30, 1.5, true, '2024-01-05'],
  ['bob', null, null, false, null],
  ['Cy', 40, 100, null, '2023-12-31'],
  [null, 30, 2.5, true, '2024-02-29'],
  ['bob', 35, 3, false, '2024-03-01'],
];
const people = (op: OperationInput): Applied => apply(op, PEOPLE, PEOPLE_ROWS);
const columnOf = (applied: Applied, index: number): Cell[] => applied.rows.map((row) => row[index] ?? null);

describe('select, drop, rename and reorder columns', () => {
  it('keeps the listed columns in the listed order as a parameterless view', () => {
    const r = people({ op: 'select_columns', columns: ['age', 'name'] });
    expect(r.compiled.columns).toEqual([integer('age'), text('name')]);
    expect(r.rows).toEqual([
      [30, 'Ann'],
      [null, 'bob'],
      [40, 'Cy'],
      [30, null],
      [35, 'bob'],
    ]);
    expect(r.compiled.schemaOnly).toBe(true);
    expect(r.compiled.params).toEqual([]);
    r.db.exec(`CREATE VIEW "version 2" AS ${r.compiled.select}`);
    expect(r.db.prepare('SELECT count(*) AS n FROM "version 2"').get()).toEqual({ n: 5 });
    expect(summarizeOperation({ op: 'select_columns', columns: ['age', 'name'] })).toBe(
      'Keep only columns "age", "name"',
    );
    expect(operationToPandas({ op: 'select_columns', columns: ['age', 'name'] })).toBe(
      'df = df[["age", "name"]]',
    );
  });

  it('drops columns and refuses to drop every column', () => {
    const r = people({ op: 'drop_columns', columns: ['score', 'joined'] });
    expect(r.compiled.columns.map((c) => c.name)).toEqual(['name', 'age', 'active']);
    expect(r.rows[0]).toEqual(['Ann', 30, 1]);
    expect(r.compiled.schemaOnly).toBe(true);
    expect(summarizeOperation({ op: 'drop_columns', columns: ['score'] })).toBe('Drop column "score"');
    expect(operationToPandas({ op: 'drop_columns', columns: ['score', 'joined'] })).toBe(
      'df = df.drop(columns=["score", "joined"])',
    );
    expect(
      refusal({ op: 'drop_columns', columns: ['name', 'age', 'score', 'active', 'joined'] }, PEOPLE),
    ).toBe('Dropping every column would leave nothing; keep at least one column.');
  });

  it('names an unknown column and suggests the closest one', () => {
    expect(refusal({ op: 'drop_columns', columns: ['agee'] }, PEOPLE)).toBe(
      'Unknown column "agee". Did you mean "age"?',
    );
    expect(refusal({ op: 'select_columns', columns: ['zzz'] }, PEOPLE)).toBe('Unknown column "zzz".');
  });

  it('renames columns in place, allowing a swap', () => {
    const r = people({ op: 'rename_columns', renames: [{ from: 'age', to: 'years' }] });
    expect(r.compiled.columns.map((c) => c.name)).toEqual(['name', 'years', 'score', 'active', 'joined']);
    expect(columnOf(r, 1)).toEqual([30, null, 40, 30, 35]);
    const swap = people({
      op: 'rename_columns',
      renames: [
        { from: 'name', to: 'age' },
        { from: 'age', to: 'name' },
      ],
    });
    expect(swap.rows[0]?.slice(0, 2)).toEqual(['Ann', 30]);
    expect(swap.compiled.columns.slice(0, 2)).toEqual([text('age'), integer('name')]);
    const op: OperationInput = {
      op: 'rename_columns',
      renames: [
        { from: 'age', to: 'years' },
        { from: 'name', to: 'who' },
      ],
    };
    expect(summarizeOperation(op)).toBe('Rename "age" to "years", "name" to "who"');
    expect(operationToPandas(op)).toBe('df = df.rename(columns={"age": "years", "name": "who"})');
  });

  it('refuses a rename onto an existing name, in any letter case, or onto the row-order column', () => {
    expect(refusal({ op: 'rename_columns', renames: [{ from: 'age', to: 'name' }] }, PEOPLE)).toBe(
      'A column named "name" already exists; choose another name.',
    );
    expect(refusal({ op: 'rename_columns', renames: [{ from: 'age', to: 'NAME' }] }, PEOPLE)).toBe(
      'A column named "name" already exists, and names ignore letter case; choose another name than "NAME".',
    );
    expect(refusal({ op: 'rename_columns', renames: [{ from: 'age', to: '__cairn_row' }] }, PEOPLE)).toBe(
      '"__cairn_row" is reserved for Cairn\'s row order; choose another name.',
    );
  });

  it('reorders when every column is listed exactly once', () => {
    const order = ['joined', 'active', 'score', 'age', 'name'];
    const r = people({ op: 'reorder_columns', columns: order });
    expect(r.compiled.columns.map((c) => c.name)).toEqual(order);
    expect(r.rows[0]).toEqual(['2024-01-05', 1, 1.5, 30, 'Ann']);
    expect(summarizeOperation({ op: 'reorder_columns', columns: order })).toBe(
      'Reorder columns: "joined", "active", "score", "age", "name"',
    );
    expect(refusal({ op: 'reorder_columns', columns: ['name', 'age', 'score', 'active'] }, PEOPLE)).toBe(
      'A new order must list every column exactly once; "joined" is missing.',
    );
    expect(
      refusal(
        { op: 'reorder_columns', columns: ['name', 'age', 'age', 'score', 'active', 'joined'] },
        PEOPLE,
      ),
    ).toBe('Column "age" is listed twice.');
  });

  it('quotes hostile and unusual column names everywhere', () => {
    const odd: Column[] = [
      text('"; DROP TABLE x; --'),
      integer('__proto__'),
      text('prénom nom'),
      text('a"b'),
    ];
    const rows: Cell[][] = [['x', 1, 'é', 'q']];
    const r = apply({ op: 'rename_columns', renames: [{ from: '__proto__', to: 'constructor' }] }, odd, rows);
    expect(r.compiled.columns.map((c) => c.name)).toEqual([
      '"; DROP TABLE x; --',
      'constructor',
      'prénom nom',
      'a"b',
    ]);
    expect(r.rows).toEqual([['x', 1, 'é', 'q']]);
    const derived = apply(
      { op: 'derive_column', name: 'x"y', expression: "`\"; DROP TABLE x; --` = 'x' AND __proto__ = 1" },
      odd,
      rows,
    );
    expect(derived.rows).toEqual([['x', 1, 'é', 'q', 1]]);
    expect(r.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([
      { name: 'version 1' },
    ]);
  });
});

describe('cast_type', () => {
  const convert = (
    to: ColumnType,
    values: Cell[],
    from: ColumnType = 'text',
    onError: 'null' | 'fail' = 'null',
  ) =>
    apply(
      { op: 'cast_type', column: 'v', to, onError },
      [{ name: 'v', type: from }],
      values.map((v) => [v]),
    );

  it('reads whole numbers (sign, spaces, trailing zero decimals) and empties everything else', () => {
    const r = convert('integer', [
      '12',
      ' 7 ',
      '4.00',
      '+5',
      '-3',
      'x',
      '',
      null,
      '3.5',
      '1e3',
      '99999999999999999999',
    ]);
    expect(columnOf(r, 0)).toEqual([12, 7, 4, 5, -3, null, null, null, null, null, null]);
    expect(r.compiled.columns).toEqual([integer('v')]);
    expect(r.affected).toBe(4);
    expect(
      r.db.prepare(`SELECT DISTINCT typeof(v) AS t FROM (${r.compiled.select}) WHERE v IS NOT NULL`).all(),
    ).toEqual([{ t: 'integer' }]);
  });

  it('refuses through the guard when a value cannot be converted and onError is fail', () => {
    const r = convert('integer', ['1', 'two', ' ', null], 'text', 'fail');
    expect(r.guard).toBe(1);
    expect(r.compiled.guard?.message).toBe(
      'Some values in "v" cannot be converted to integer. Fix or remove them first, or let them become empty.',
    );
    expect(convert('integer', ['1', ' ', null], 'text', 'fail').guard).toBe(0);
  });

  it('reads floats with fractions and exponents but not inf or nan', () => {
    expect(columnOf(convert('float', ['1.5', '.5', '2.', '-1e3', 'inf', 'nan', '1,5']), 0)).toEqual([
      1.5,
      0.5,
      2,
      -1000,
      null,
      null,
      null,
    ]);
  });

  it('reads true/false/yes/no/1/0 in any case as booleans', () => {
    expect(columnOf(convert('boolean', ['yes', 'No', 'TRUE', 'false', '1', '0', 'maybe']), 0)).toEqual([
      1,
      0,
      1,
      0,
      1,
      0,
      null,
    ]);
    expect(columnOf(convert('boolean', [1, 0, 2], 'integer'), 0)).toEqual([1, 0, null]);
  });

  it('reads ISO dates, checking the calendar and dropping a time', () => {
    expect(
      columnOf(
        convert('date', ['2024-02-29', '2023-02-29', '2024-01-05T10:00:00', '01/02/2024', '2024-13-01']),
        0,
      ),
    ).toEqual(['2024-02-29', null, '2024-01-05', null, null]);
  });

  it('normalises date-times to YYYY-MM-DDTHH:MM:SS with fraction and offset', () => {
    const r = convert('datetime', [
      '2024-01-05',
      '2024-01-05 10:30',
      '2024-01-05T10:30:15.25z',
      '2024-01-05T10:30:00+0530',
      '2024-01-05T25:00',
    ]);
    expect(columnOf(r, 0)).toEqual([
      '2024-01-05T00:00:00',
      '2024-01-05T10:30:00',
      '2024-01-05T10:30:15.25Z',
      '2024-01-05T10:30:00+05:30',
      null,
    ]);
    expect(columnOf(convert('date', ['2024-01-05T23:59:59'], 'datetime'), 0)).toEqual(['2024-01-05']);
  });

  it('converts numbers and booleans to text the way SQLite prints them', () => {
    expect(columnOf(convert('text', [5, null], 'integer'), 0)).toEqual(['5', null]);
    expect(columnOf(convert('text', [2, 2.5], 'float'), 0)).toEqual(['2.0', '2.5']);
    expect(columnOf(convert('text', [true, false], 'boolean'), 0)).toEqual(['true', 'false']);
    expect(convert('text', [5], 'integer').compiled.affected).toBeUndefined();
  });

  it('keeps whole floats when converting to integer and stores integers as REAL floats', () => {
    expect(columnOf(convert('integer', [2, 2.5, null], 'float'), 0)).toEqual([2, null, null]);
    const r = convert('float', [3], 'integer');
    expect(r.db.prepare(`SELECT typeof(v) AS t FROM (${r.compiled.select})`).get()).toEqual({ t: 'real' });
  });

  it('refuses conversions that can never succeed', () => {
    expect(refusal({ op: 'cast_type', column: 'joined', to: 'integer' }, PEOPLE)).toBe(
      'Cannot convert "joined" from date to integer. Use year(), month() or day() in a new column instead.',
    );
    expect(refusal({ op: 'cast_type', column: 'age', to: 'date' }, PEOPLE)).toBe(
      'Cannot convert "age" from integer to date. Only text and other dates convert to dates.',
    );
  });

  it('summarises and renders pandas for both error policies', () => {
    const op: OperationInput = { op: 'cast_type', column: 'age', to: 'integer' };
    expect(summarizeOperation(op)).toBe(
      'Change "age" to integer (values that cannot be converted become empty)',
    );
    expect(operationToPandas(op, [text('age')])).toBe(
      [
        'text = df["age"].str.strip()',
        'whole = text.where(text.str.fullmatch("^[+-]?[0-9]+(?:\\\\.0*)?$").fillna(False)).str.replace("\\\\.0*$", "", regex=True)',
        'converted = whole.map(lambda v: int(v) if -(2**63) <= int(v) < 2**63 else pd.NA, na_action="ignore").astype("Int64")',
        'df["age"] = converted',
      ].join('\n'),
    );
    const strict: OperationInput = { op: 'cast_type', column: 'score', to: 'integer', onError: 'fail' };
    expect(summarizeOperation(strict)).toBe(
      'Change "score" to integer (stop if a value cannot be converted)',
    );
    expect(operationToPandas(strict, PEOPLE)).toBe(
      [
        'converted = df["score"].where(df["score"] % 1 == 0).astype("Int64")',
        'if (converted.isna() & df["score"].notna()).any():',
        '    raise ValueError("Some values in \\"score\\" cannot be converted to integer.")',
        'df["score"] = converted',
      ].join('\n'),
    );
  });
});

describe('filter_rows', () => {
  it('keeps rows where the condition is true and counts the removed ones', () => {
    const op: OperationInput = { op: 'filter_rows', expression: 'age >= 30 AND active' };
    const r = people(op);
    expect(r.rows.map((row) => row[0])).toEqual(['Ann', null]);
    expect(r.affected).toBe(3);
    expect(r.compiled.params).toEqual([30n]);
    expect(summarizeOperation(op)).toBe('Filter rows where age >= 30 AND active');
    expect(operationToPandas(op, PEOPLE)).toBe('df = df[((df["age"] >= 30) & df["active"]).fillna(False)]');
  });

  it('treats a missing value as not matching, like SQL', () => {
    expect(people({ op: 'filter_rows', expression: 'NOT (age > 32)' }).rows.map((row) => row[0])).toEqual([
      'Ann',
      null,
    ]);
  });

  it('refuses an expression that is not a condition, naming what it gives', () => {
    expect(refusal({ op: 'filter_rows', expression: 'age + 1' }, PEOPLE)).toBe(
      'A filter needs a condition that is true or false, but this expression gives integer values. Compare it, like age >= 18.',
    );
    expect(refusal({ op: 'filter_rows', expression: 'agee > 1' }, PEOPLE)).toBe(
      'Unknown column "agee" at position 1. Did you mean "age"?',
    );
  });
});

describe('fill_missing', () => {
  const fill = (op: Partial<OperationInput> & { strategy: string }, columns: Column[], values: Cell[][]) =>
    apply(
      { op: 'fill_missing', columns: columns.map((c) => c.name), ...op } as OperationInput,
      columns,
      values,
    );

  it('fills with a value converted to each column type', () => {
    const r = fill(
      { strategy: 'value', value: '7' },
      [integer('n'), text('t')],
      [
        [null, null],
        [1, 'a'],
      ],
    );
    expect(r.rows).toEqual([
      [7, '7'],
      [1, 'a'],
    ]);
    expect(r.affected).toBe(1);
    expect(
      operationToPandas({ op: 'fill_missing', columns: ['n', 't'], strategy: 'value', value: '7' }, [
        integer('n'),
        text('t'),
      ]),
    ).toBe('df = df.fillna({"n": 7, "t": "7"})');
    expect(summarizeOperation({ op: 'fill_missing', columns: ['n'], strategy: 'value', value: 0 })).toBe(
      'Fill missing values in column "n" with 0',
    );
  });

  it('refuses a fill value of the wrong type, naming the column', () => {
    expect(refusal({ op: 'fill_missing', columns: ['age'], strategy: 'value', value: 'abc' }, PEOPLE)).toBe(
      'The fill value "abc" is not a whole number, so it cannot fill "age" (integer).',
    );
    expect(
      refusal({ op: 'fill_missing', columns: ['joined'], strategy: 'value', value: '2024-02-30' }, PEOPLE),
    ).toBe('The fill value "2024-02-30" is not a date (YYYY-MM-DD), so it cannot fill "joined" (date).');
    expect(refusal({ op: 'fill_missing', columns: ['age'], strategy: 'value' }, PEOPLE)).toBe(
      'Say which value to fill the missing cells with.',
    );
    expect(refusal({ op: 'fill_missing', columns: ['age'], strategy: 'mean', value: 1 }, PEOPLE)).toBe(
      'A fill value is only used with the "value" strategy, not with "mean".',
    );
  });

  it('rounds the mean of an integer column half away from zero and keeps it integer', () => {
    expect(columnOf(fill({ strategy: 'mean' }, [integer('n')], [[1], [2], [null]]), 0)).toEqual([1, 2, 2]);
    expect(columnOf(fill({ strategy: 'mean' }, [integer('n')], [[-1], [-2], [null]]), 0)).toEqual([
      -1, -2, -2,
    ]);
    const r = fill({ strategy: 'mean' }, [float('x')], [[1], [2], [null]]);
    expect(columnOf(r, 0)).toEqual([1, 2, 1.5]);
    expect(operationToPandas({ op: 'fill_missing', columns: ['n'], strategy: 'mean' }, [integer('n')])).toBe(
      'df["n"] = df["n"].fillna(np.trunc(df["n"].mean() + np.copysign(0.5, df["n"].mean())))',
    );
    expect(operationToPandas({ op: 'fill_missing', columns: ['x'], strategy: 'mean' }, [float('x')])).toBe(
      'df["x"] = df["x"].fillna(df["x"].mean())',
    );
  });

  it('fills with the median, rounding it for integer columns', () => {
    expect(columnOf(fill({ strategy: 'median' }, [integer('n')], [[1], [2], [3], [4], [null]]), 0)).toEqual([
      1, 2, 3, 4, 3,
    ]);
    expect(columnOf(fill({ strategy: 'median' }, [float('x')], [[1], [2], [10], [null]]), 0)).toEqual([
      1, 2, 10, 2,
    ]);
    expect(summarizeOperation({ op: 'fill_missing', columns: ['age'], strategy: 'median' })).toBe(
      'Fill missing values in column "age" with the median',
    );
    expect(refusal({ op: 'fill_missing', columns: ['name'], strategy: 'median' }, PEOPLE)).toBe(
      'The median needs numbers, but "name" is text. Fill it with the most common value or a fixed value instead.',
    );
  });

  it('fills with the most common value, the smallest on a tie', () => {
    expect(
      columnOf(fill({ strategy: 'mode' }, [text('t')], [['b'], ['a'], [null], ['b'], ['a']]), 0),
    ).toEqual(['b', 'a', 'a', 'b', 'a']);
    expect(operationToPandas({ op: 'fill_missing', columns: ['t'], strategy: 'mode' })).toBe(
      ['mode = df["t"].mode()', 'if not mode.empty:', '    df["t"] = df["t"].fillna(mode.iloc[0])'].join(
        '\n',
      ),
    );
  });

  it('carries values forward and backward in row order, leaving edge gaps empty', () => {
    const values: Cell[][] = [
      [null, 'x'],
      [1, null],
      [null, null],
      [3, 'y'],
      [null, null],
    ];
    const forward = fill({ strategy: 'forward' }, [integer('n'), text('t')], values);
    expect(forward.rows).toEqual([
      [null, 'x'],
      [1, 'x'],
      [1, 'x'],
      [3, 'y'],
      [3, 'y'],
    ]);
    expect(forward.affected).toBe(3);
    const backward = fill({ strategy: 'backward' }, [integer('n'), text('t')], values);
    expect(backward.rows).toEqual([
      [1, 'x'],
      [1, 'y'],
      [3, 'y'],
      [3, 'y'],
      [null, null],
    ]);
    expect(operationToPandas({ op: 'fill_missing', columns: ['n', 't'], strategy: 'backward' })).toBe(
      'df[["n", "t"]] = df[["n", "t"]].bfill()',
    );
    expect(summarizeOperation({ op: 'fill_missing', columns: ['n', 't'], strategy: 'forward' })).toBe(
      'Fill missing values in columns "n", "t" with the previous value',
    );
  });

  it('keeps helper columns clear of data columns with the same names', () => {
    const columns = [integer('__cairn_fill_0'), integer('n')];
    const r = fill({ strategy: 'forward', columns: ['n'] } as never, columns, [
      [9, 1],
      [8, null],
    ]);
    expect(r.rows).toEqual([
      [9, 1],
      [8, 1],
    ]);
  });
});

describe('drop_missing and deduplicate', () => {
  it('drops rows with any missing value, or only where all listed columns are missing', () => {
    const any = people({ op: 'drop_missing' });
    expect(any.rows.map((row) => row[0])).toEqual(['Ann', 'bob']);
    expect(any.affected).toBe(3);
    expect(summarizeOperation({ op: 'drop_missing' })).toBe('Drop rows with any missing value');
    expect(operationToPandas({ op: 'drop_missing' })).toBe('df = df.dropna(how="any")');
    const all = people({ op: 'drop_missing', columns: ['age', 'score'], how: 'all' });
    expect(all.rows.map((row) => row[0])).toEqual(['Ann', 'Cy', null, 'bob']);
    expect(summarizeOperation({ op: 'drop_missing', columns: ['age', 'score'], how: 'all' })).toBe(
      'Drop rows where "age", "score" are all missing',
    );
    expect(operationToPandas({ op: 'drop_missing', columns: ['age', 'score'], how: 'all' })).toBe(
      'df = df.dropna(subset=["age", "score"], how="all")',
    );
    expect(refusal({ op: 'drop_missing', columns: [] }, PEOPLE)).toBe(
      'Choose at least one column to check, or leave the list out to use every column.',
    );
  });

  it('keeps the first or last of each duplicate in row order, missing values counting as equal', () => {
    const first = people({ op: 'deduplicate', columns: ['name'] });
    expect(first.rows.map((row) => [row[0], row[1]])).toEqual([
      ['Ann', 30],
      ['bob', null],
      ['Cy', 40],
      [null, 30],
    ]);
    expect(first.affected).toBe(1);
    const last = people({ op: 'deduplicate', columns: ['name'], keep: 'last' });
    expect(last.rows.map((row) => [row[0], row[1]])).toEqual([
      ['Ann', 30],
      ['Cy', 40],
      [null, 30],
      ['bob', 35],
    ]);
    const whole = apply(
      { op: 'deduplicate' },
      [integer('a'), text('b')],
      [
        [1, null],
        [1, null],
        [1, 'x'],
        [1, null],
      ],
    );
    expect(whole.rows).toEqual([
      [1, null],
      [1, 'x'],
    ]);
    expect(summarizeOperation({ op: 'deduplicate', columns: ['name'], keep: 'last' })).toBe(
      'Remove duplicate rows by "name", keeping the last of each',
    );
    expect(operationToPandas({ op: 'deduplicate', columns: ['name'], keep: 'last' })).toBe(
      'df = df.drop_duplicates(subset=["name"], keep="last")',
    );
  });
});

describe('sort', () => {
  it('sorts by several keys with directions and missing-value placement, stably', () => {
    const op: OperationInput = {
      op: 'sort',
      keys: [
        { column: 'age', direction: 'desc', nulls: 'first' },
        { column: 'name', direction: 'asc' },
      ],
    };
    const r = people(op);
    expect(r.rows.map((row) => [row[0], row[1]])).toEqual([
      ['bob', null],
      ['Cy', 40],
      ['bob', 35],
      ['Ann', 30],
      [null, 30],
    ]);
    expect(summarizeOperation(op)).toBe('Sort by "age" descending (missing first), then "name" ascending');
    expect(operationToPandas(op)).toBe(
      [
        'df = df.sort_values("name", ascending=True, na_position="last", kind="stable")',
        'df = df.sort_values("age", ascending=False, na_position="first", kind="stable")',
        'df = df.reset_index(drop=True)',
      ].join('\n'),
    );
    const stable = apply(
      { op: 'sort', keys: [{ column: 'k' }] },
      [integer('k'), text('v')],
      [
        [2, 'a'],
        [1, 'b'],
        [2, 'c'],
        [1, 'd'],
      ],
    );
    expect(stable.rows).toEqual([
      [1, 'b'],
      [1, 'd'],
      [2, 'a'],
      [2, 'c'],
    ]);
    expect(
      operationToPandas({ op: 'sort', keys: [{ column: 'k' }, { column: 'v', direction: 'desc' }] }),
    ).toBe(
      'df = df.sort_values(["k", "v"], ascending=[True, False], na_position="last", kind="stable").reset_index(drop=True)',
    );
  });
});

describe('derive_column', () => {
  it('adds a typed column computed from an expression', () => {
    const op: OperationInput = { op: 'derive_column', name: 'double', expression: 'score * 2' };
    const r = people(op);
    expect(r.compiled.columns.at(-1)).toEqual(float('double'));
    expect(columnOf(r, 5)).toEqual([3, null, 200, 5, 6]);
    expect(summarizeOperation(op)).toBe('Add column "double" = score * 2');
    expect(operationToPandas(op, PEOPLE)).toBe('df["double"] = df["score"] * 2');
    const label = people({ op: 'derive_column', name: 'label', expression: "if(age > 32, 'old', 'young')" });
    expect(label.compiled.columns.at(-1)).toEqual(text('label'));
    expect(columnOf(label, 5)).toEqual(['young', 'young', 'old', 'young', 'old']);
  });

  it('stores a float result as REAL even when some rows compute integers', () => {
    const r = people({ op: 'derive_column', name: 'x', expression: 'coalesce(score, age, 0)' });
    expect(
      r.db.prepare(`SELECT DISTINCT typeof(x) AS t FROM (${r.compiled.select})`).all(...r.compiled.params),
    ).toEqual([{ t: 'real' }]);
  });

  it('refuses a name that exists in any letter case and an always-empty expression', () => {
    expect(refusal({ op: 'derive_column', name: 'AGE', expression: 'age + 1' }, PEOPLE)).toBe(
      'A column named "age" already exists, and names ignore letter case; choose another name than "AGE".',
    );
    expect(refusal({ op: 'derive_column', name: 'n', expression: 'NULL' }, PEOPLE)).toBe(
      'The expression for "n" is always empty (NULL), so its type is unknown. Give it a value, like coalesce(x, 0).',
    );
  });
});

describe('find_replace', () => {
  const replace = (op: Record<string, unknown>, values: Cell[]) =>
    apply(
      { op: 'find_replace', columns: ['t'], replace: '', ...op } as OperationInput,
      [text('t')],
      values.map((v) => [v]),
    );

  it('replaces every occurrence of text, case-sensitively by default', () => {
    const r = replace({ find: 'a', replace: 'o' }, ['banana', 'Alpha', null]);
    expect(columnOf(r, 0)).toEqual(['bonono', 'Alpho', null]);
    expect(r.affected).toBe(2);
    expect(summarizeOperation({ op: 'find_replace', columns: ['t'], find: 'a', replace: 'o' })).toBe(
      'Replace "a" with "o" in "t"',
    );
    expect(operationToPandas({ op: 'find_replace', columns: ['t'], find: 'a', replace: 'o' })).toBe(
      'df["t"] = df["t"].str.replace("a", "o", regex=False)',
    );
  });

  it('ignores case when asked, including non-ASCII letters, and keeps $ literal', () => {
    const r = replace({ find: 'é.', replace: '$1', caseSensitive: false }, ['CAFÉ.', 'café.x', 'cafe']);
    expect(columnOf(r, 0)).toEqual(['CAF$1', 'caf$1x', 'cafe']);
    const op: OperationInput = {
      op: 'find_replace',
      columns: ['t'],
      find: 'é.',
      replace: '$1',
      caseSensitive: false,
    };
    expect(summarizeOperation(op)).toBe('Replace "é." with "$1" in "t" (ignoring case)');
    expect(operationToPandas(op)).toBe(
      'df["t"] = df["t"].str.replace(re.escape("é."), "$1", regex=True, case=False)',
    );
  });

  it('replaces whole cells in exact mode', () => {
    expect(
      columnOf(replace({ find: 'n/a', replace: 'none', mode: 'exact' }, ['n/a', 'N/A', 'n/a!']), 0),
    ).toEqual(['none', 'N/A', 'n/a!']);
    expect(
      columnOf(
        replace({ find: 'n/a', replace: 'none', mode: 'exact', caseSensitive: false }, ['N/A', 'n/a!']),
        0,
      ),
    ).toEqual(['none', 'n/a!']);
    expect(
      operationToPandas({ op: 'find_replace', columns: ['t'], find: 'n/a', replace: 'none', mode: 'exact' }),
    ).toBe('df["t"] = df["t"].replace("n/a", "none")');
  });

  it('replaces regex matches with $n group references', () => {
    const op = { find: '(\\w+)@(\\w+)', replace: '$2 at $1 ($$)', mode: 'regex' } as const;
    expect(columnOf(replace(op, ['ann@example', 'no match', null]), 0)).toEqual([
      'example at ann ($)',
      'no match',
      null,
    ]);
    expect(operationToPandas({ op: 'find_replace', columns: ['t'], ...op })).toBe(
      // JavaScript's \w is ASCII-only, so Python gets the explicit range.
      'df["t"] = df["t"].str.replace("([a-zA-Z0-9_]+)@([a-zA-Z0-9_]+)", "\\\\g<2> at \\\\g<1> ($)", regex=True)',
    );
    expect(summarizeOperation({ op: 'find_replace', columns: ['t'], ...op })).toBe(
      'Replace matches of /(\\w+)@(\\w+)/ with "$2 at $1 ($$)" in "t"',
    );
  });

  it('spells ASCII-only \\d and \\w out for Python, inside and outside classes', () => {
    expect(patternToPython('[\\w-]+\\d\\D\\W\\.\\\\d')).toBe(
      '[a-zA-Z0-9_-]+[0-9][^0-9][^a-zA-Z0-9_]\\.\\\\d',
    );
  });

  it('refuses a bad regex, a missing group, named groups and non-text columns', () => {
    const cols = [text('t'), integer('n')];
    expect(
      refusal({ op: 'find_replace', columns: ['t'], find: '(a', replace: '', mode: 'regex' }, cols),
    ).toBe('The regular expression "(a" is not valid: Unterminated group.');
    expect(
      refusal({ op: 'find_replace', columns: ['t'], find: '(a)', replace: '$2', mode: 'regex' }, cols),
    ).toBe('The replacement uses $2, but the pattern has only 1 group. Write $$ for a literal dollar sign.');
    expect(
      refusal({ op: 'find_replace', columns: ['t'], find: '(?<x>a)', replace: '', mode: 'regex' }, cols),
    ).toBe('Named groups (?<name>…) are not supported; use plain groups (…) and $1, $2.');
    expect(refusal({ op: 'find_replace', columns: ['n'], find: '1', replace: '2' }, cols)).toBe(
      'Find and replace works on text columns, but "n" is integer. Change it to text first.',
    );
  });
});

describe('text_clean', () => {
  it('trims, collapses whitespace and title-cases like Python', () => {
    const op: OperationInput = { op: 'text_clean', columns: ['t'], collapseWhitespace: true, case: 'title' };
    const r = apply(op, [text('t')], [["  mary   o'neil\tsmith "], ['ÉLODIE'], ['3rd place'], [null]]);
    expect(columnOf(r, 0)).toEqual(["Mary O'Neil Smith", 'Élodie', '3Rd Place', null]);
    expect(r.affected).toBe(3);
    expect(summarizeOperation(op)).toBe('Clean text in "t": trim spaces, collapse whitespace, title case');
    expect(operationToPandas(op)).toBe(
      'df["t"] = df["t"].str.strip().str.replace("\\\\s+", " ", regex=True).str.title()',
    );
  });

  it('lower-cases without trimming and refuses a clean that does nothing', () => {
    expect(
      columnOf(
        apply({ op: 'text_clean', columns: ['t'], trim: false, case: 'lower' }, [text('t')], [[' ÀB ']]),
        0,
      ),
    ).toEqual([' àb ']);
    expect(refusal({ op: 'text_clean', columns: ['t'], trim: false }, [text('t')])).toBe(
      'Nothing to clean: choose trimming, collapsing whitespace or a letter case.',
    );
    expect(refusal({ op: 'text_clean', columns: ['age'] }, PEOPLE)).toBe(
      'Cleaning works on text columns, but "age" is integer. Change it to text first.',
    );
  });
});

describe('split_column and merge_columns', () => {
  const NAMES = [integer('id'), text('full'), integer('n')];

  it('splits into named columns in place, extra pieces staying in the last one', () => {
    const op: OperationInput = {
      op: 'split_column',
      column: 'full',
      delimiter: ' ',
      into: ['first', 'rest'],
    };
    const r = apply(op, NAMES, [
      [1, 'Ann Lee Smith', 5],
      [2, 'Bob', 6],
      [3, null, 7],
      [4, '', 8],
    ]);
    expect(r.compiled.columns).toEqual([integer('id'), text('first'), text('rest'), integer('n')]);
    expect(r.rows).toEqual([
      [1, 'Ann', 'Lee Smith', 5],
      [2, 'Bob', null, 6],
      [3, null, null, 7],
      [4, '', null, 8],
    ]);
    expect(summarizeOperation(op)).toBe('Split "full" on " " into "first", "rest"');
    expect(operationToPandas(op)).toBe(
      [
        'at = df.columns.get_loc("full")',
        'parts = df.pop("full").str.split(" ", n=1, regex=False)',
        'df.insert(at, "first", parts.str[0])',
        'df.insert(at + 1, "rest", parts.str[1])',
      ].join('\n'),
    );
  });

  it('keeps the original when asked, and may reuse its name when not', () => {
    const kept = apply(
      { op: 'split_column', column: 'full', delimiter: '-', into: ['a', 'b', 'c'], keepOriginal: true },
      NAMES,
      [[1, 'x-y', 0]],
    );
    expect(kept.rows).toEqual([[1, 'x-y', 'x', 'y', null, 0]]);
    const reused = apply(
      { op: 'split_column', column: 'full', delimiter: '-', into: ['full', 'tail'] },
      NAMES,
      [[1, 'x-y', 0]],
    );
    expect(reused.compiled.columns.map((c) => c.name)).toEqual(['id', 'full', 'tail', 'n']);
    expect(refusal({ op: 'split_column', column: 'full', delimiter: '-', into: ['n', 'm'] }, NAMES)).toBe(
      'A column named "n" already exists; choose another name.',
    );
    expect(refusal({ op: 'split_column', column: 'full', delimiter: '-', into: ['a', 'A'] }, NAMES)).toBe(
      'The name "A" is used twice; choose different names.',
    );
  });

  it('merges values with a separator, skipping missing ones and writing numbers and booleans as text', () => {
    const columns: Column[] = [text('a'), integer('n'), { name: 'ok', type: 'boolean' }, text('z')];
    const op: OperationInput = {
      op: 'merge_columns',
      columns: ['a', 'n', 'ok'],
      into: 'all',
      separator: '-',
    };
    const r = apply(op, columns, [
      ['x', 1, true, 'k'],
      ['y', null, false, 'k'],
      [null, null, null, 'k'],
      ['', 2, null, 'k'],
    ]);
    expect(r.compiled.columns).toEqual([text('all'), text('z')]);
    expect(r.rows).toEqual([
      ['x-1-true', 'k'],
      ['y-false', 'k'],
      [null, 'k'],
      ['-2', 'k'],
    ]);
    expect(summarizeOperation(op)).toBe('Merge "a", "n", "ok" into "all" separated by "-"');
    expect(operationToPandas(op, columns)).toBe(
      [
        'merged = pd.concat([df["a"], df["n"].astype("string"), df["ok"].map({True: "true", False: "false"})], axis=1).apply(lambda row: "-".join(row.dropna()) if row.notna().any() else pd.NA, axis=1)',
        'at = max(df.columns.get_loc(c) for c in ["a", "n", "ok"]) + 1',
        'df = df.drop(columns=["a", "n", "ok"])',
        'at -= 3',
        'df.insert(at, "all", merged.astype("string"))',
      ].join('\n'),
    );
  });

  it('places a kept merge after the rightmost source and refuses a clashing name', () => {
    const columns = [text('a'), text('b'), text('c')];
    const r = apply({ op: 'merge_columns', columns: ['c', 'a'], into: 'ca', keepOriginals: true }, columns, [
      ['1', '2', '3'],
    ]);
    expect(r.compiled.columns.map((c) => c.name)).toEqual(['a', 'b', 'c', 'ca']);
    expect(r.rows).toEqual([['1', '2', '3', '3 1']]);
    expect(refusal({ op: 'merge_columns', columns: ['a', 'b'], into: 'c' }, columns)).toBe(
      'A column named "c" already exists; choose another name.',
    );
  });
});

describe('clip_outliers', () => {
  const VALUES: Cell[][] = [[1], [2], [3], [4], [100], [null]];

  it('clips to the IQR fences with the default factor 1.5', () => {
    const op: OperationInput = { op: 'clip_outliers', column: 'x', method: 'iqr' };
    const r = apply(op, [float('x')], VALUES);
    // Q1 = 2, Q3 = 4, IQR = 2: fences at -1 and 7.
    expect(columnOf(r, 0)).toEqual([1, 2, 3, 4, 7, null]);
    expect(r.affected).toBe(1);
    expect(summarizeOperation(op)).toBe('Clip outliers in "x" beyond 1.5 × IQR');
    expect(operationToPandas(op, [float('x')])).toBe(
      [
        'q1, q3 = df["x"].quantile(0.25), df["x"].quantile(0.75)',
        'df["x"] = df["x"].clip(lower=q1 - 1.5 * (q3 - q1), upper=q3 + 1.5 * (q3 - q1))',
      ].join('\n'),
    );
  });

  it('clips to mean ± factor × sample standard deviation, rounding bounds inwards for integers', () => {
    const r = apply(
      { op: 'clip_outliers', column: 'x', method: 'zscore', factor: 1 },
      [integer('x')],
      VALUES,
    );
    // mean 22, sample std ≈ 43.6: bounds ≈ [-21.6, 65.6] become [-21, 65].
    expect(columnOf(r, 0)).toEqual([1, 2, 3, 4, 65, null]);
    expect(summarizeOperation({ op: 'clip_outliers', column: 'x', method: 'zscore' })).toBe(
      'Clip outliers in "x" beyond 3 standard deviations',
    );
    expect(
      operationToPandas({ op: 'clip_outliers', column: 'x', method: 'zscore', factor: 1 }, [integer('x')]),
    ).toBe(
      [
        'm, sd = df["x"].mean(), df["x"].std()',
        'df["x"] = df["x"].clip(lower=np.ceil(m - 1.0 * sd), upper=np.floor(m + 1.0 * sd))',
      ].join('\n'),
    );
  });

  it('clips to given bounds and validates them', () => {
    const r = apply(
      { op: 'clip_outliers', column: 'x', method: 'bounds', lower: 1.5, upper: 3.5 },
      [integer('x')],
      VALUES,
    );
    expect(columnOf(r, 0)).toEqual([2, 2, 3, 3, 3, null]);
    expect(summarizeOperation({ op: 'clip_outliers', column: 'x', method: 'bounds', lower: 0 })).toBe(
      'Clip "x" to at least 0',
    );
    expect(
      operationToPandas({ op: 'clip_outliers', column: 'x', method: 'bounds', upper: 10 }, [float('x')]),
    ).toBe('df["x"] = df["x"].clip(lower=None, upper=10.0)');
    expect(
      refusal({ op: 'clip_outliers', column: 'x', method: 'bounds', lower: 5, upper: 1 }, [float('x')]),
    ).toBe('The lower bound (5) is above the upper bound (1).');
    expect(refusal({ op: 'clip_outliers', column: 'x', method: 'bounds' }, [float('x')])).toBe(
      'Give a lower bound, an upper bound, or both.',
    );
    expect(refusal({ op: 'clip_outliers', column: 'name', method: 'iqr' }, PEOPLE)).toBe(
      'Clipping works on number columns, but "name" is text.',
    );
  });
});

describe('group_aggregate', () => {
  const SALES: Column[] = [
    text('city'),
    float('amount'),
    integer('units'),
    { name: 'paid', type: 'boolean' },
  ];
  const SALES_ROWS: Cell[][] = [
    ['NY', 10, 1, true],
    ['LA', 5, 2, false],
    ['NY', 20, null, true],
    [null, 1, 3, false],
    ['LA', null, 2, null],
  ];

  it('aggregates per group in order of first appearance, with missing keys as a group', () => {
    const op: OperationInput = {
      op: 'group_aggregate',
      by: ['city'],
      aggregations: [
        { fn: 'count', as: 'rows' },
        { column: 'amount', fn: 'count', as: 'amounts' },
        { column: 'amount', fn: 'sum', as: 'total' },
        { column: 'units', fn: 'mean', as: 'avg_units' },
        { column: 'units', fn: 'median', as: 'mid' },
        { column: 'amount', fn: 'max', as: 'top' },
        { column: 'units', fn: 'count_distinct', as: 'kinds' },
        { column: 'paid', fn: 'sum', as: 'paid rows' },
      ],
    };
    const r = apply(op, SALES, SALES_ROWS);
    expect(r.compiled.columns).toEqual([
      text('city'),
      integer('rows'),
      integer('amounts'),
      float('total'),
      float('avg_units'),
      float('mid'),
      float('top'),
      integer('kinds'),
      integer('paid rows'),
    ]);
    expect(r.rows).toEqual([
      ['NY', 2, 2, 30, 1, 1, 20, 1, 2],
      ['LA', 2, 1, 5, 2, 2, 5, 1, 0],
      [null, 1, 1, 1, 3, 3, 1, 1, 0],
    ]);
    expect(summarizeOperation(op)).toBe(
      'Group by "city": count of rows as "rows", count of "amount" as "amounts", sum of "amount" as "total", mean of "units" as "avg_units", median of "units" as "mid", maximum of "amount" as "top", number of distinct "units" as "kinds", sum of "paid" as "paid rows"',
    );
    expect(
      operationToPandas({
        op: 'group_aggregate',
        by: ['city'],
        aggregations: [
          { fn: 'count', as: 'n' },
          { column: 'units', fn: 'count_distinct', as: 'k' },
        ],
      }),
    ).toBe(
      'df = df.groupby(["city"], sort=False, dropna=False).agg(**{"n": ("city", "size"), "k": ("units", "nunique")}).reset_index()',
    );
  });

  it('summarises the whole table without groups, a sum of nothing being 0', () => {
    const op: OperationInput = {
      op: 'group_aggregate',
      by: [],
      aggregations: [
        { fn: 'count', as: 'n' },
        { column: 'units', fn: 'sum', as: 'units' },
        { column: 'city', fn: 'min', as: 'first city' },
      ],
    };
    expect(apply(op, SALES, SALES_ROWS).rows).toEqual([[5, 8, 'LA']]);
    expect(apply(op, SALES, []).rows).toEqual([[0, 0, null]]);
    expect(summarizeOperation(op)).toBe(
      'Summarize all rows: count of rows as "n", sum of "units" as "units", minimum of "city" as "first city"',
    );
    expect(operationToPandas(op)).toBe(
      'df = pd.DataFrame({"n": [len(df)], "units": [df["units"].sum()], "first city": [df["city"].min()]})',
    );
  });

  it('refuses sums of text, an aggregation without its column, and clashing names', () => {
    expect(
      refusal(
        { op: 'group_aggregate', by: ['city'], aggregations: [{ column: 'city', fn: 'sum', as: 's' }] },
        SALES,
      ),
    ).toBe('The sum needs numbers, but "city" is text.');
    expect(
      refusal({ op: 'group_aggregate', by: ['city'], aggregations: [{ fn: 'mean', as: 's' }] }, SALES),
    ).toBe('Choose the column to take the mean of for "s".');
    expect(
      refusal({ op: 'group_aggregate', by: ['city'], aggregations: [{ fn: 'count', as: 'City' }] }, SALES),
    ).toBe(
      'A column named "city" already exists, and names ignore letter case; choose another name than "City".',
    );
  });
});

describe('sample', () => {
  const ROWS: Cell[][] = Array.from({ length: 20 }, (_, i) => [i + 1]);
  const ids = (r: Applied): Cell[] => columnOf(r, 0);

  it('keeps the first n rows or the first fraction, rounding halves up', () => {
    expect(ids(apply({ op: 'sample', method: 'first', n: 3 }, [integer('id')], ROWS))).toEqual([1, 2, 3]);
    const r = apply({ op: 'sample', method: 'first', fraction: 0.125 }, [integer('id')], ROWS);
    expect(ids(r)).toEqual([1, 2, 3]);
    expect(r.affected).toBe(17);
    expect(summarizeOperation({ op: 'sample', method: 'first', fraction: 0.125 })).toBe(
      'Keep the first 12.5% of rows',
    );
    expect(operationToPandas({ op: 'sample', method: 'first', fraction: 0.125 })).toBe(
      'df = df.head(int(0.125 * len(df) + 0.5)).reset_index(drop=True)',
    );
  });

  it('keeps the same random rows for the same seed, in their original order', () => {
    const pick = (seed: number) =>
      ids(apply({ op: 'sample', method: 'random', n: 5, seed }, [integer('id')], ROWS));
    const first = pick(7);
    expect(pick(7)).toEqual(first);
    expect(pick(8)).not.toEqual(first);
    expect([...first].sort((a, b) => Number(a) - Number(b))).toEqual(first);
    const expected = ROWS.map((_, i) => i + 1)
      .sort((a, b) => sampleKey(a, 7) - sampleKey(b, 7) || a - b)
      .slice(0, 5)
      .sort((a, b) => a - b);
    expect(first).toEqual(expected);
    expect(summarizeOperation({ op: 'sample', method: 'random', n: 5, seed: 7 })).toBe(
      'Keep 5 random rows (seed 7)',
    );
    expect(operationToPandas({ op: 'sample', method: 'random', fraction: 0.25 })).toBe(
      [
        'def cairn_mix(h):',
        '    h ^= h >> 16',
        '    h = (h * 0x85EBCA6B) & 0xFFFFFFFF',
        '    h ^= h >> 13',
        '    h = (h * 0xC2B2AE35) & 0xFFFFFFFF',
        '    return h ^ (h >> 16)',
        'offset = cairn_mix(42 & 0xFFFFFFFF)',
        'keys = [cairn_mix((row + offset) & 0xFFFFFFFF) for row in range(1, len(df) + 1)]',
        'picked = sorted(sorted(range(len(df)), key=lambda i: (keys[i], i))[:int(0.25 * len(df) + 0.5)])',
        'df = df.iloc[picked].reset_index(drop=True)',
      ].join('\n'),
    );
  });

  it('matches Python integer arithmetic for the sample key', () => {
    // Reference values computed with the Python cairn_mix above.
    expect([sampleKey(1, 42), sampleKey(2, 42), sampleKey(1, -1)]).toEqual([
      sampleKeyPython(1, 42),
      sampleKeyPython(2, 42),
      sampleKeyPython(1, -1),
    ]);
  });

  it('needs exactly one of n and fraction', () => {
    expect(refusal({ op: 'sample', method: 'first' }, [integer('id')])).toBe(
      'Give either a number of rows (n) or a fraction, not both or neither.',
    );
    expect(refusal({ op: 'sample', method: 'first', n: 1, fraction: 0.5 }, [integer('id')])).toBe(
      'Give either a number of rows (n) or a fraction, not both or neither.',
    );
  });
});

/** The Python rendering's arithmetic, with BigInt standing in for Python's unbounded ints. */
function sampleKeyPython(row: number, seed: number): number {
  const M = 0xffffffffn;
  const mix = (value: bigint): bigint => {
    let h = value;
    h ^= h >> 16n;
    h = (h * 0x85ebca6bn) & M;
    h ^= h >> 13n;
    h = (h * 0xc2b2ae35n) & M;
    return h ^ (h >> 16n);
  };
  const offset = mix(BigInt(seed) & M);
  return Number(mix((BigInt(row) + offset) & M));
}

describe('validation of the operation itself', () => {
  it('applies schema defaults and reports schema violations readably', () => {
    expect(summarizeOperation({ op: 'deduplicate' })).toBe(
      'Remove duplicate rows, keeping the first of each',
    );
    expect(refusal({ op: 'select_columns', columns: [] }, PEOPLE)).toBe(
      'Invalid operation (columns): Choose at least one column.',
    );
  });

  it('lists the imports the pandas renderings need', () => {
    expect(
      pandasImports([
        { op: 'drop_columns', columns: ['a'] },
        { op: 'filter_rows', expression: "floor(x) > 1 AND x LIKE 'A%'" },
        { op: 'cast_type', column: 'd', to: 'date', onError: 'null' },
      ]),
    ).toEqual(['import numpy as np', 'import pandas as pd', 'import re']);
    expect(pandasImports([])).toEqual(['import pandas as pd']);
  });
});
