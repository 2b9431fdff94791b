import Database from 'better-sqlite3';
import jsep from 'jsep';
import { describe, expect, it } from 'vitest';
import { compileExpression, expressionToPandas } from '../../src/main/services/datasets/expression';
import { registerSqlFunctions } from '../../src/main/services/datasets/operations';
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
    expect(evaluate('age >= 18 && !(city == "LA") || false')).toEqual([1, 0, null, 1]);
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

  it('reads single and double quoted strings with doubled quotes and backslash escapes', () => {
    expect(evaluate(`'it''s' = "it's"`)[0]).toBe(1);
    expect(evaluate(`concat('a\\'b', "c""d")`)[0]).toBe(`a'bc"d`);
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
      'Unknown column "first nam" at position 13. Did you mean "first name"? Put column names with spaces or symbols in backticks, like `first name`.',
    );
    expect(refusal('this = 1')).toBe('Unknown column "this" at position 1.');
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
    expect(refusal('age > 1 -- drop')).toBe('Unknown column "drop" at position 12.');
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
      'Unexpected "." at position 5. Put column names containing dots or brackets in backticks, like `a.b`.',
    );
    expect(refusal("constructor['constructor']")).toBe(
      'Unexpected "[" at position 12. Put column names containing dots or brackets in backticks, like `a.b`.',
    );
    expect(refusal('lower(city)(1)')).toBe(
      'Cannot call an expression at position 1. Only listed functions can be called, like lower(name).',
    );
    expect(refusal('(lower)(city)')).toBe(
      'Unexpected "(city)" at position 8. Is an operator such as AND missing?',
    );
    expect(refusal("city IN ['NY']")).toBe(
      "Unexpected \"[\" at position 9. Write lists as IN ('a', 'b') and put unusual column names in backticks, like `first name`.",
    );
    expect(refusal('active ? 1 : 2')).toBe('Unexpected "?" at position 8. Use if(condition, a, b).');
    expect(refusal('this.constructor')).toBe(
      'Unexpected "." at position 5. Put column names containing dots or brackets in backticks, like `a.b`.',
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
    expect(pandas("NOT (1 = 2) AND 'a' IN ('a')")).toBe('(not (1 == 2)) and ("a" in ["a"])');
  });
});
