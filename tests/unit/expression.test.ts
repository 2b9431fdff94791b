import Database from 'better-sqlite3';
import jsep from 'jsep';
import { describe, expect, it } from 'vitest';
import { compileExpression, expressionToPandas } from '../../src/main/services/datasets/expression';
import { registerSqlFunctions } from '../../src/main/services/datasets/operations';
import {
  EXPRESSION_FUNCTIONS,
  completeExpression,
  quoteColumnName,
} from '../../src/shared/expression-functions';
import type { Column } from '../../src/shared/operations';
import { CairnError } from '../../src/shared/result';
import { createStoredTable } from '../helpers/stored-table';

type Cell = string | number | null;

const COLUMNS: Column[] = [
  { name: 'age', type: 'integer' },
  { name: 'price', type: 'float' },
  { name: 'city', type: 'text' },
  { name: 'active', type: 'boolean' },
  { name: 'joined', type: 'date' },
  { name: 'seen', type: 'datetime' },
  { name: 'first name', type: 'text' },
  { name: 'a`b "c" d.e', type: 'integer' },
  { name: 'ünïcode', type: 'text' },
  { name: 'select', type: 'integer' },
];

const ROWS: Cell[][] = [
  [30, 9.5, 'NY', 1, '2024-01-05', '2024-01-05T10:00:00', 'Ann', 1, 'x', 5],
  [17, 20, 'LA', 0, '2023-12-31', '2023-12-31T23:59:59', 'bob', 2, 'y', 6],
  [null, null, null, null, null, null, null, null, null, null],
  [45, 0.5, 'Paris', 1, '2024-02-29', '2024-02-29T00:00:00Z', 'Élodie', 3, 'z', 7],
];

function database(): Database.Database {
  const db = new Database(':memory:');
  registerSqlFunctions(db);
  createStoredTable(db, 't', COLUMNS, ROWS);
  return db;
}

/** The expression's value on each row of a real table. */
function evaluate(expr: string, db = database()): unknown[] {
  const { sql, params } = compileExpression(expr, COLUMNS);
  return db
    .prepare(`SELECT ${sql} AS v FROM t ORDER BY "__cairn_row"`)
    .all(...params)
    .map((row) => (row as { v: unknown }).v);
}

function refusal(expr: string): string {
  try {
    compileExpression(expr, COLUMNS);
  } catch (error) {
    expect(error).toBeInstanceOf(CairnError);
    expect((error as CairnError).code).toBe('VALIDATION');
    return (error as CairnError).message;
  }
  throw new Error(`expected ${expr} to be refused`);
}

describe('expression precedence', () => {
  it('binds * before + and AND before OR', () => {
    expect(evaluate('1 + 2 * 3')).toEqual([7, 7, 7, 7]);
    expect(evaluate('(1 + 2) * 3')).toEqual([9, 9, 9, 9]);
    expect(evaluate('age > 40 OR age < 20 AND active')).toEqual([0, 0, null, 1]);
    expect(compileExpression('a OR b AND c'.replace(/[abc]/g, 'active'), COLUMNS).sql).toBe(
      '("active" OR ("active" AND "active"))',
    );
  });

  it('gives NOT a looser binding than comparisons but tighter than AND', () => {
    expect(compileExpression('NOT age = 30 AND active', COLUMNS).sql).toBe(
      '((NOT ("age" = ?)) AND "active")',
    );
    expect(compileExpression('NOT NOT age = 30', COLUMNS).sql).toBe('(NOT (NOT ("age" = ?)))');
    expect(evaluate('NOT age = 30')).toEqual([0, 1, null, 1]);
    expect(compileExpression('(NOT active) = active', COLUMNS).sql).toBe('((NOT "active") = "active")');
  });

  it('accepts keywords in any letter case and the &&, ||, ! spellings', () => {
    // Row 3: NULL AND FALSE is FALSE in three-valued logic.
    expect(evaluate('age >= 18 and not (city is null) Or FALSE')).toEqual([1, 0, 0, 1]);
    expect(evaluate("age >= 18 && !(city == 'LA') || false")).toEqual([1, 0, null, 1]);
  });
});

describe('expression operators', () => {
  it('divides truly and takes the remainder with the sign of the divisor, like Python', () => {
    expect(evaluate('7 / 2')[0]).toBe(3.5);
    expect(evaluate('-7 % 3')[0]).toBe(2);
    expect(evaluate('7 % -3')[0]).toBe(-2);
    expect(evaluate('7.5 % 2')[0]).toBe(1.5);
    expect(evaluate('age / 0')[0]).toBe(null);
    expect(compileExpression('age % 7', COLUMNS).type).toBe('integer');
    expect(compileExpression('age / 2', COLUMNS).type).toBe('float');
    expect(compileExpression('age * 2 - 1', COLUMNS).type).toBe('integer');
    expect(compileExpression('age + price', COLUMNS).type).toBe('float');
  });

  it('compares with every comparison operator', () => {
    const results = ['=', '==', '!=', '<>', '<', '<=', '>', '>='].map((op) => evaluate(`age ${op} 30`));
    expect(results).toEqual([
      [1, 0, null, 0],
      [1, 0, null, 0],
      [0, 1, null, 1],
      [0, 1, null, 1],
      [0, 1, null, 0],
      [1, 1, null, 0],
      [0, 0, null, 1],
      [1, 0, null, 1],
    ]);
  });

  it('tests missing values with IS NULL and IS NOT NULL', () => {
    expect(evaluate('city IS NULL')).toEqual([0, 0, 1, 0]);
    expect(evaluate('city is not NULL')).toEqual([1, 1, 0, 1]);
  });

  it('tests membership with IN and NOT IN, missing values staying unknown', () => {
    expect(evaluate("city IN ('NY', 'Paris')")).toEqual([1, 0, null, 1]);
    expect(evaluate("city NOT IN ('NY', 'Paris')")).toEqual([0, 1, null, 0]);
    expect(evaluate('age in (30)')).toEqual([1, 0, null, 0]);
  });

  it('matches patterns with LIKE, ignoring the case of ASCII letters', () => {
    expect(evaluate("city LIKE 'p%'")).toEqual([0, 0, null, 1]);
    expect(evaluate("city NOT LIKE '_A'")).toEqual([1, 0, null, 1]);
  });

  it('tests ranges with BETWEEN … AND …, inside larger conditions', () => {
    expect(evaluate('age BETWEEN 18 AND 40')).toEqual([1, 0, null, 0]);
    expect(evaluate('age NOT BETWEEN 18 AND 40 AND active')).toEqual([0, 0, null, 1]);
    expect(evaluate('active AND age BETWEEN 1 + 1 AND 50 - 10')).toEqual([1, 0, null, 0]);
    expect(compileExpression('age BETWEEN 1 AND 2 AND price BETWEEN 3 AND 4', COLUMNS).sql).toBe(
      '(("age" BETWEEN ? AND ?) AND ("price" BETWEEN ? AND ?))',
    );
  });

  it('compares dates with quoted ISO dates, normalising date-times', () => {
    expect(evaluate("joined >= '2024-01-01'")).toEqual([1, 0, null, 1]);
    expect(evaluate("seen < '2024-01-05'")).toEqual([0, 1, null, 0]);
    expect(compileExpression("seen < '2024-01-05'", COLUMNS).params).toEqual(['2024-01-05T00:00:00']);
  });

  it('reads single-quoted text with doubled quotes and backslash escapes', () => {
    expect(evaluate(`concat('it''s', '/', 'a\\'b', city)`)[0]).toBe(`it's/a'bNY`);
  });
});

describe('expression functions', () => {
  it('changes text with lower, upper, trim, length, substr and replace', () => {
    expect(evaluate('lower(`first name`)')).toEqual(['ann', 'bob', null, 'élodie']);
    expect(evaluate('upper(`first name`)')).toEqual(['ANN', 'BOB', null, 'ÉLODIE']);
    expect(evaluate("trim(concat('  ', city, '\t'))")).toEqual(['NY', 'LA', '', 'Paris']);
    expect(evaluate('length(`first name`)')).toEqual([3, 3, null, 6]);
    expect(evaluate('substr(city, 2, 2)')).toEqual(['Y', 'A', null, 'ar']);
    expect(evaluate('substr(city, 2)')).toEqual(['Y', 'A', null, 'aris']);
    expect(evaluate("replace(city, 'a', 'A')")).toEqual(['NY', 'LA', null, 'PAris']);
  });

  it('computes numbers with abs, round, floor and ceil', () => {
    expect(evaluate('abs(-age)')).toEqual([30, 17, null, 45]);
    expect(evaluate('round(price)')).toEqual([10, 20, null, 1]);
    expect(evaluate('round(price / 3, 2)')).toEqual([3.17, 6.67, null, 0.17]);
    expect(evaluate('floor(price)')).toEqual([9, 20, null, 0]);
    expect(evaluate('ceil(price)')).toEqual([10, 20, null, 1]);
    expect(compileExpression('floor(price)', COLUMNS).type).toBe('integer');
  });

  it('takes the first present value with coalesce and chooses with if', () => {
    expect(evaluate("coalesce(city, 'none')")).toEqual(['NY', 'LA', 'none', 'Paris']);
    expect(evaluate("if(age >= 18, 'adult', 'minor')")).toEqual(['adult', 'minor', 'minor', 'adult']);
  });

  it('reads date parts without time-zone conversion', () => {
    expect(evaluate('year(joined)')).toEqual([2024, 2023, null, 2024]);
    expect(evaluate('month(seen)')).toEqual([1, 12, null, 2]);
    expect(evaluate('day(seen)')).toEqual([5, 31, null, 29]);
  });

  it('joins values with concat, missing ones as empty text and booleans as true/false', () => {
    expect(evaluate("concat(city, '/', age, '/', active, '/', price)")).toEqual([
      'NY/30/true/9.5',
      'LA/17/false/20.0',
      '///',
      'Paris/45/true/0.5',
    ]);
  });
});

describe('column references', () => {
  it('reads backticked names with spaces, quotes, dots and doubled backticks', () => {
    expect(evaluate('`a``b "c" d.e` * 10')).toEqual([10, 20, null, 30]);
    expect(evaluate('ünïcode')).toEqual(['x', 'y', null, 'z']);
    expect(evaluate('`select` + 1')).toEqual([6, 7, null, 8]);
  });

  it('names an unknown column, its position and the likely intended one', () => {
    expect(refusal('agee > 1')).toBe('Unknown column "agee" at position 1. Did you mean "age"?');
    expect(refusal('age > 1 AND `first nam` IS NULL')).toBe(
      'Unknown column "first nam" at position 13. Did you mean "first name"?',
    );
    expect(refusal('this = 1')).toBe(
      'Unknown column "this" at position 1. The columns: "age", "price", "city", "active", "joined", "seen", "first name", "a`b ""c"" d.e", ….',
    );
  });
});

describe('expression errors', () => {
  it('says what was expected and where', () => {
    expect(refusal('age >=')).toBe('Expected a value after ">=" at position 7.');
    expect(refusal('age >= 18 AND')).toBe('Expected a value after "AND" at position 14.');
    expect(refusal("city = 'NY")).toBe("Unclosed quote at position 8. Add a closing ' after the text.");
    expect(refusal('(age > 1')).toBe('Unclosed "(" at position 1. Add a matching ")".');
    expect(refusal('age > 1 city')).toBe(
      'Unexpected "city" at position 9. Is an operator such as AND missing?',
    );
    expect(refusal('age IS 3')).toBe('Expected NULL or NOT NULL after IS at position 5.');
    expect(refusal('age BETWEEN 1')).toBe(
      'BETWEEN has no upper bound at position 5. Write x BETWEEN 1 AND 10.',
    );
    expect(refusal('city IN city')).toBe("Expected a list after IN at position 6. Write IN ('a', 'b').");
    expect(refusal('   ')).toBe('Write an expression.');
  });

  it('refuses comparisons of incompatible types with a hint', () => {
    expect(refusal('city > 5')).toBe(
      `Cannot compare "city" (text) with 5 (integer) using ">" at position 6. Compare numbers with numbers (5) and text with quoted text ('5').`,
    );
    expect(refusal('active = 1')).toBe(
      'Cannot compare "active" (boolean) with 1 (integer) using "=" at position 8. Compare true/false columns with TRUE or FALSE.',
    );
    expect(refusal('age = NULL')).toBe(
      'Cannot compare with NULL using "=" at position 5. Use IS NULL or IS NOT NULL to test for missing values.',
    );
    expect(refusal("joined = '2024-1-5'")).toBe(
      "'2024-1-5' is not a valid date at position 10. Write dates as 'YYYY-MM-DD'.",
    );
    expect(refusal("city + 'x'")).toBe(
      'Cannot add "city", which is text, at position 6. Use concat(a, b) to join text.',
    );
    expect(refusal('age AND active')).toBe(
      'AND needs a condition, but "age" is integer at position 1. Compare it first, like age > 18.',
    );
    expect(refusal("if(active, 1, 'x')")).toBe(
      'if() mixes integer and text values at position 1. All its values must have the same type (numbers may mix).',
    );
    expect(refusal('age LIKE 1')).toBe('LIKE needs text, but "age" is integer at position 1.');
    expect(refusal('round(price, age)')).toBe(
      'round() needs a whole number of at least 0 as the number of digits at position 14. Write round(number) or round(number, digits).',
    );
  });
});

describe('injection attempts', () => {
  const TABLES = "SELECT name FROM sqlite_master WHERE type = 'table'";

  it('keeps quoted SQL inside a parameter, so it only ever compares text', () => {
    const db = database();
    const attack = "city = 'x''; DROP TABLE t; --'";
    const { sql, params } = compileExpression(attack, COLUMNS);
    expect(sql).toBe('("city" = ?)');
    expect(params).toEqual(["x'; DROP TABLE t; --"]);
    expect(evaluate(attack, db)).toEqual([0, 0, null, 0]);
    expect(db.prepare(TABLES).all()).toEqual([{ name: 't' }]);
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 4 });
  });

  it('refuses breaking out of the expression, statement separators and comments', () => {
    expect(refusal(') OR 1=1 --')).toBe('Unexpected ")" at position 1.');
    expect(refusal('age > 1; DROP TABLE t')).toBe('Unexpected ";" at position 8. Write a single expression.');
    expect(refusal("age > 1 -- ' OR 1=1")).toBe(
      "Unclosed quote at position 12. Add a closing ' after the text.",
    );
    expect(refusal('age > 1 -- drop')).toMatch(/^Unknown column "drop" at position 12\. The columns: "age"/);
    expect(refusal('age > 1 /* x */')).toBe('Expected a value after "/" at position 10.');
  });

  it('refuses functions that are not on the list', () => {
    expect(refusal("load_extension('/tmp/evil.so')")).toBe(
      'Unknown function "load_extension" at position 1. Functions you can use: lower, upper, trim, length, abs, round, floor, ceil, coalesce, substr, replace, year, month, day, concat, if.',
    );
    expect(refusal('randomblob(8) IS NULL')).toMatch(/^Unknown function "randomblob" at position 1\./);
    expect(refusal('lowr(city)')).toBe('Unknown function "lowr" at position 1. Did you mean lower()?');
  });

  it('refuses member access, calls on expressions, arrays, ternaries and this', () => {
    expect(refusal('city.length > 1')).toBe(
      'Unexpected "." at position 5. Put column names containing dots or brackets in double quotes, like "a.b".',
    );
    expect(refusal("constructor['constructor']")).toBe(
      'Unexpected "[" at position 12. Put column names containing dots or brackets in double quotes, like "a.b".',
    );
    expect(refusal('lower(city)(1)')).toBe(
      'Cannot call an expression at position 1. Only listed functions can be called, like lower(name).',
    );
    expect(refusal('(lower)(city)')).toBe(
      'Unexpected "(city)" at position 8. Is an operator such as AND missing?',
    );
    expect(refusal("city IN ['NY']")).toBe(
      'Unexpected "[" at position 9. Write lists as IN (\'a\', \'b\') and put unusual column names in double quotes, like "first name".',
    );
    expect(refusal('active ? 1 : 2')).toBe('Unexpected "?" at position 8. Use if(condition, a, b).');
    expect(refusal('this.constructor')).toBe(
      'Unexpected "." at position 5. Put column names containing dots or brackets in double quotes, like "a.b".',
    );
  });

  it('runs hostile column names as plain identifiers', () => {
    const columns: Column[] = [{ name: '"; DROP TABLE t; --', type: 'integer' }];
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t ("""; DROP TABLE t; --" INTEGER)');
    db.exec('INSERT INTO t VALUES (1), (2)');
    const { sql, params } = compileExpression('`"; DROP TABLE t; --` > 1', columns);
    expect(sql).toBe('("""; DROP TABLE t; --" > ?)');
    expect(db.prepare(`SELECT count(*) AS n FROM t WHERE ${sql}`).get(...params)).toEqual({ n: 1 });
    expect(db.prepare(TABLES).all()).toEqual([{ name: 't' }]);
  });

  it('refuses nesting deep enough to strain the parser or SQLite', () => {
    expect(refusal(`${'('.repeat(150)}1${')'.repeat(150)} = 1`)).toBe(
      'Too many nested parentheses (more than 100) at position 101.',
    );
    expect(refusal(Array.from({ length: 400 }, () => 'age').join(' + ') + ' > 1')).toBe(
      'The expression is too long or nested too deeply; split it into simpler steps.',
    );
    expect(refusal(`${'-'.repeat(5000)}1 = 1`)).toMatch(/nested too deeply/);
  });
});

describe('jsep configuration', () => {
  it('leaves jsep as other code in the process sees it', () => {
    compileExpression('age > 1 AND city IS NOT NULL', COLUMNS);
    expect(jsep('a ? b : c').type).toBe('ConditionalExpression');
    expect(jsep('a === b').type).toBe('BinaryExpression');
    expect(jsep('this').type).toBe('ThisExpression');
  });
});

describe('expressions as pandas', () => {
  const pandas = (expr: string): string => expressionToPandas(expr, COLUMNS);

  it('renders comparisons and logic with nullable-aware operators', () => {
    expect(pandas("age >= 18 AND city IN ('NY', 'LA')")).toBe(
      '(df["age"] >= 18) & df["city"].isin(["NY", "LA"]).astype("boolean").mask(df["city"].isna())',
    );
    expect(pandas('NOT active OR `first name` IS NULL')).toBe('(~df["active"]) | df["first name"].isna()');
    expect(pandas('age NOT BETWEEN 1 AND 5')).toBe('~((df["age"] >= 1) & (df["age"] <= 5))');
  });

  it('renders LIKE as a full regex match, exact for non-ASCII letters', () => {
    expect(pandas("city LIKE 'p_r%'")).toBe('df["city"].str.fullmatch("(?s)p.r.*", case=False)');
    expect(pandas("city NOT LIKE 'é.%'")).toBe('~df["city"].str.fullmatch("(?s)é\\\\..*")');
    expect(pandas("city LIKE 'aé'")).toBe('df["city"].str.fullmatch("(?s)[aA]é")');
  });

  it('renders functions with pandas string and numpy methods', () => {
    expect(pandas("concat(city, '-', age, active)")).toBe(
      'df["city"].fillna("") + "-" + df["age"].astype("string").fillna("") + df["active"].map({True: "true", False: "false"}).fillna("")',
    );
    expect(pandas('if(age > 3, price, 0)')).toBe('df["price"].where((df["age"] > 3).fillna(False), 0)');
    expect(pandas('coalesce(price, age, 0)')).toBe('df["price"].fillna(df["age"]).fillna(0)');
    expect(pandas('floor(price) + year(joined)')).toBe(
      'np.floor(df["price"]).astype("Int64") + pd.to_numeric(df["joined"].str[0:4]).astype("Int64")',
    );
    expect(pandas('substr(lower(trim(city)), 2, 3)')).toBe('df["city"].str.strip().str.lower().str[1:4]');
    expect(pandas('age % 7 / 2')).toBe('(df["age"] % 7) / 2');
    expect(pandas('-age')).toBe('-df["age"]');
    expect(pandas('`a``b "c" d.e` > 1.0')).toBe('df["a`b \\"c\\" d.e"] > 1.0');
  });

  it('renders literal-only expressions as plain Python', () => {
    expect(pandas("concat('a', 1) ")).toBe('"a" + "1"');
    expect(pandas('abs(-2) + 1')).toBe('abs(-2) + 1');
  });
});

describe('SQL quoting: text in single quotes, names in double quotes or backticks', () => {
  const STATES: Column[] = [
    { name: 'Origin State', type: 'text' },
    { name: 'Origin State Code', type: 'text' },
    { name: 'Dest State', type: 'text' },
    { name: 'Origin', type: 'text' },
    { name: 'Flights', type: 'integer' },
  ];
  const rows: Cell[][] = [
    ['Texas', 'TX', 'Ohio', 'Austin', 3],
    ['Ohio', 'OH', 'Texas', 'Dayton', 5],
  ];
  function run(expr: string): unknown[] {
    const db = new Database(':memory:');
    registerSqlFunctions(db);
    createStoredTable(db, 't', STATES, rows);
    const { sql, params } = compileExpression(expr, STATES);
    return db
      .prepare(`SELECT ${sql} AS v FROM t ORDER BY "__cairn_row"`)
      .all(...params)
      .map((row) => (row as { v: unknown }).v);
  }
  function refused(expr: string): string {
    try {
      compileExpression(expr, STATES);
    } catch (error) {
      expect((error as CairnError).code).toBe('VALIDATION');
      return (error as CairnError).message;
    }
    throw new Error(`expected ${expr} to be refused`);
  }

  it('reads a double-quoted name as a column, with a doubled quote inside', () => {
    expect(run(`"Origin State" = 'Texas'`)).toEqual([1, 0]);
    expect(compileExpression(`"Origin State" = 'Texas'`, STATES).sql).toBe('("Origin State" = ?)');
    expect(evaluate('"a`b ""c"" d.e" * 10')).toEqual([10, 20, null, 30]);
    expect(run("`Dest State` = 'Texas'")).toEqual([0, 1]);
  });

  it('accepts an unquoted name with spaces that matches a column exactly, longest first', () => {
    expect(run("Origin State = 'Texas'")).toEqual([1, 0]);
    expect(run("Origin State Code = 'OH'")).toEqual([0, 1]);
    expect(run("Origin = 'Austin' AND Dest State = 'Ohio'")).toEqual([1, 0]);
    expect(run('Flights > 4')).toEqual([0, 1]);
  });

  it('shows the corrected expression when unquoted words nearly spell a column', () => {
    expect(refused("Origin state = 'Texas'")).toBe(
      `Unexpected "state" at position 8. Did you mean the column "Origin State"? Write: "Origin State" = 'Texas'`,
    );
    expect(refused("Flights > 1 AND Dest Stat = 'Ohio'")).toBe(
      `Unexpected "Stat" at position 22. Did you mean the column "Dest State"? Write: Flights > 1 AND "Dest State" = 'Ohio'`,
    );
  });

  it('refuses a comparison of two fixed values, naming the column a text resembles', () => {
    expect(refused(`'Origin State' = 'Texas'`)).toBe(
      `This compares two fixed values, 'Origin State' = 'Texas', at position 1: every row would get the same answer. Did you mean the column "Origin State"? Write: "Origin State" = 'Texas'`,
    );
    expect(refused('1 + 1 = 2')).toMatch(
      /^This compares two fixed values, 1 \+ 1 = 2, at position 1: every row would get the same answer\. Did you mean a column\?/,
    );
    expect(refused("'x' IN ('x', 'y')")).toMatch(/^This compares two fixed values/);
    expect(refused("'flights' LIKE 'f%'")).toMatch(/Did you mean the column "Flights"\?/);
    expect(refused('NULL IS NULL')).toMatch(/^This compares two fixed values/);
    expect(refused('2 BETWEEN 1 AND 3')).toMatch(/^This compares two fixed values/);
  });

  it('names the nearest columns for a name that is not one, and says text takes single quotes', () => {
    expect(refused('"Texas" = Origin')).toBe(
      `Unknown column "Texas" at position 1. Text goes in single quotes, like 'Texas'.`,
    );
    expect(refused("State = 'Texas'")).toBe(
      'Unknown column "State" at position 1. The nearest columns: "Origin State", "Origin State Code", "Dest State".',
    );
    expect(refused('flight > 1')).toBe('Unknown column "flight" at position 1. Did you mean "Flights"?');
  });

  it('says how to close an unclosed double quote', () => {
    expect(refused('"Origin State = 1')).toBe(
      `Unclosed double quote at position 1. Add a closing " after the column name (text goes in single quotes: 'text').`,
    );
  });
});

describe('bounded evaluation', () => {
  const NUMBERS: Column[] = [
    { name: 'n', type: 'integer' },
    { name: 's', type: 'text' },
  ];
  function run(expr: string, rows: Cell[][]): unknown[] {
    const db = new Database(':memory:');
    registerSqlFunctions(db);
    createStoredTable(db, 't', NUMBERS, rows);
    const { sql, params } = compileExpression(expr, NUMBERS);
    return db
      .prepare(`SELECT ${sql} AS v FROM t ORDER BY "__cairn_row"`)
      .safeIntegers(true)
      .all(...params)
      .map((row) => (row as { v: unknown }).v);
  }
  function failure(expr: string, rows: Cell[][]): CairnError {
    try {
      run(expr, rows);
    } catch (error) {
      expect(error).toBeInstanceOf(CairnError);
      return error as CairnError;
    }
    throw new Error(`expected ${expr} to fail`);
  }
  const BIG = 9223372036854775807n;

  it('stops an integer overflow in arithmetic, negation and abs() with a clear message', () => {
    const rows: Cell[][] = [[Number.MAX_SAFE_INTEGER, 'x']];
    for (const expr of [`n * 1000000000`, `n + ${BIG}`, `n - ${BIG} - ${BIG}`]) {
      const error = failure(expr, rows);
      expect(error.code).toBe('VALIDATION');
      expect(error.message).toMatch(/goes beyond the largest one Cairn can store/);
    }
    expect(failure(`abs(n - ${BIG} - ${BIG} + ${BIG})`, [[-1, 'x']]).message).toMatch(/beyond the largest/);
    expect(failure(`abs(-${BIG} - 1 + n)`, [[0, 'x']]).code).toBe('VALIDATION');
    expect(failure(`-(n - ${BIG} - 1)`, [[0, 'x']]).message).toMatch(/beyond the largest/);
  });

  it('keeps exact whole numbers near the limits', () => {
    expect(run(`n + ${BIG - 10n}`, [[10, 'x']])).toEqual([BIG]);
    expect(
      run('abs(n)', [
        [-5, 'x'],
        [null, null],
      ]),
    ).toEqual([5n, null]);
    expect(run('n * 2 - 1', [[4, 'x']])).toEqual([7n]);
  });

  it('refuses more than 100 arguments to concat() and coalesce()', () => {
    const many = (fn: string, count: number): string =>
      `${fn}(${Array.from({ length: count }, () => 's').join(', ')})`;
    expect(compileExpression(many('concat', 100), NUMBERS).type).toBe('text');
    expect(() => compileExpression(many('concat', 101), NUMBERS)).toThrow(
      'concat() takes at most 100 values, but has 101 at position 1. Split it into several steps.',
    );
    expect(() => compileExpression(many('coalesce', 5000), NUMBERS)).toThrow(
      'coalesce() takes at most 100 values, but has 5000 at position 1.',
    );
  });

  it('refuses nested replace() that can multiply a text beyond 1000 times', () => {
    let expr = 's';
    for (let i = 0; i < 8; i++) expr = `replace(${expr}, 'a', 'aaaa')`;
    expect(() => compileExpression(expr, NUMBERS)).toThrow(
      'These replace() calls can make a text up to 1,024 times longer at position 25. Cairn refuses more than 1000 times; replace in fewer steps.',
    );
    expect(compileExpression("replace(replace(s, 'a', 'aaaa'), 'b', 'bb')", NUMBERS).type).toBe('text');
  });

  it('stops a text that grows past 1,000,000 characters while running', () => {
    const long = 'a'.repeat(300_000);
    const expr = "replace(replace(s, 'a', 'aaaaa'), 'b', 'bb')";
    const error = failure(expr, [[1, long]]);
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe(
      'This expression makes a text longer than 1,000,000 characters. Check replace() and concat() for text that grows each time.',
    );
    expect(failure('concat(s, s, s, s)', [[1, long]]).code).toBe('VALIDATION');
    expect(run('length(concat(s, s))', [[1, long]])).toEqual([600_000n]);
  });
});

describe('the function catalogue and completion', () => {
  const NAMES = ['Origin State', 'Origin', 'age', 'select', 'say "hi"'];
  const labels = (text: string, cursor = text.length): string[] =>
    completeExpression(text, cursor, NAMES).items.map((i) => i.label);

  it('lists every function the checker accepts, each with an example that compiles', () => {
    const columns: Column[] = [
      { name: 'city', type: 'text' },
      { name: 'code', type: 'text' },
      { name: 'name', type: 'text' },
      { name: 'first', type: 'text' },
      { name: 'last', type: 'text' },
      { name: 'phone', type: 'text' },
      { name: 'mobile', type: 'text' },
      { name: 'postcode', type: 'text' },
      { name: 'change', type: 'integer' },
      { name: 'price', type: 'float' },
      { name: 'hours', type: 'float' },
      { name: 'age', type: 'integer' },
      { name: 'joined', type: 'date' },
    ];
    for (const [name, fn] of Object.entries(EXPRESSION_FUNCTIONS)) {
      expect(fn.example, name).toContain(`${name}(`);
      expect(() => compileExpression(fn.example, columns), fn.example).not.toThrow();
    }
  });

  it('quotes column names only when they need it', () => {
    expect(quoteColumnName('age')).toBe('age');
    expect(quoteColumnName('Origin State')).toBe('"Origin State"');
    expect(quoteColumnName('select')).toBe('select');
    expect(quoteColumnName('in')).toBe('"in"');
    expect(quoteColumnName('say "hi"')).toBe('"say ""hi"""');
  });

  it('completes columns (quoted as needed), functions and keywords from the word being typed', () => {
    const done = completeExpression('Orig', 4, NAMES);
    expect(done.from).toBe(0);
    expect(done.to).toBe(4);
    expect(done.items.map((i) => i.insert)).toEqual(['"Origin State"', 'Origin']);
    expect(labels('age > 1 AND lo')).toEqual(['lower()']);
    expect(completeExpression('lo', 2, NAMES).items[0]).toEqual({
      label: 'lower()',
      insert: 'lower(',
      kind: 'function',
      detail: 'lower(text)',
    });
    expect(labels('age > 1 an')).toEqual(['AND']);
    expect(labels('sta')).toEqual(['Origin State']);
  });

  it('completes inside double quotes and backticks with the closing quote, never inside text', () => {
    const quoted = completeExpression('"Ori', 4, NAMES);
    expect(quoted.from).toBe(0);
    expect(quoted.items.map((i) => i.insert)).toEqual(['"Origin State"', '"Origin"']);
    expect(completeExpression('`say', 4, NAMES).items.map((i) => i.insert)).toEqual(['`say "hi"`']);
    expect(completeExpression('"Ori" = 1', 4, NAMES).to).toBe(5);
    expect(labels("city = 'Ori")).toEqual([]);
    expect(labels("'it''s' = Or")).toEqual(['Origin State', 'Origin', 'OR']);
  });

  it('offers every column, then the functions, at an empty word', () => {
    const all = labels('age > 1 AND ');
    expect(all.slice(0, NAMES.length)).toEqual(NAMES);
    expect(all).toContain('concat()');
  });
});
