import { describe, expect, it } from 'vitest';
import { interpret } from '../../src/main/services/assistant/builtin';
import { toExpression } from '../../src/main/services/assistant/builtin/conditions';
import { formatNumber, tableOf } from '../../src/main/services/assistant/builtin/present';
import type { BuiltinContext, BuiltinPlan, ToolCallRequest } from '../../src/main/services/assistant/types';
import { operationSchema, type Column, type OperationInput } from '../../src/shared/operations';

/**
 * The built-in assistant's understanding, intent by intent, on columns named the way exports
 * name them. The full measured set is `npm run eval:assistant`; these are its representatives.
 */
const COLUMNS: Column[] = [
  { name: 'Customer ID', type: 'integer' },
  { name: 'First Name', type: 'text' },
  { name: 'Age', type: 'integer' },
  { name: 'City', type: 'text' },
  { name: 'signup_date', type: 'date' },
  { name: 'Total Spent ($)', type: 'float' },
  { name: 'email', type: 'text' },
  { name: 'is_active', type: 'boolean' },
  { name: 'Dept.', type: 'text' },
  { name: 'Qty', type: 'integer' },
];
const ctx: BuiltinContext = {
  columns: COLUMNS,
  values: { City: ['Boston', 'Chicago'], 'Dept.': ['Sales'] },
  today: new Date(2026, 11, 6),
};

function tool(text: string): ToolCallRequest {
  const plan = interpret(text, ctx);
  if (plan.kind !== 'tool') throw new Error(`“${text}”: expected a tool call, got: ${plan.text}`);
  return plan.call;
}
function sql(text: string): string {
  const call = tool(text);
  if (call.name !== 'run_sql') throw new Error(`“${text}”: expected run_sql, got ${call.name}`);
  return call.arguments.query;
}
function op(text: string): OperationInput {
  const call = tool(text);
  if (call.name !== 'apply_operation') throw new Error(`“${text}”: expected a change, got ${call.name}`);
  return operationSchema.parse(call.arguments.operation);
}
function expr(text: string): string {
  const r = toExpression(text, ctx);
  if (!r.ok) throw new Error(`“${text}”: ${r.reason}`);
  return r.expression;
}
function present(plan: BuiltinPlan, columns: string[], rows: (string | number | null)[][]): string {
  if (plan.kind !== 'tool' || !plan.present) throw new Error('expected a question');
  return plan.present({ columns, rows });
}

describe('built-in assistant: questions are answered from the data, read-only', () => {
  it('counts rows, and rows matching a condition in words', () => {
    expect(sql('how many rows are there?')).toBe('SELECT count(*) AS rows FROM data');
    expect(sql('How many customers do we have')).toBe('SELECT count(*) AS rows FROM data');
    expect(sql('how many customers are older than 40')).toContain('WHERE ("Age" > 40)');
    expect(sql('count rows where city is boston')).toContain(`("City" = 'Boston')`);
    expect(
      present(interpret('how many customers are older than 40', ctx), ['matching', 'total'], [[6, 12]]),
    ).toBe('6 rows of 12 match Age > 40.');
  });

  it('computes statistics, per group and for some rows', () => {
    expect(sql('what is the average age')).toBe('SELECT avg("Age") AS value FROM data');
    expect(sql('max qty')).toBe('SELECT max("Qty") AS value FROM data');
    expect(sql('median total spent')).toContain('row_number() OVER');
    expect(sql('total qty per city')).toBe(
      'SELECT "City" AS "City", sum("Qty") AS value FROM data GROUP BY "City" ORDER BY "City"',
    );
    expect(sql('average total spent for customers in Boston')).toContain(`WHERE ("City" = 'Boston')`);
    const std = interpret('standard deviation of qty', ctx);
    expect(present(std, ['value'], [[4]])).toBe('The standard deviation of Qty is 2.');
    expect(present(interpret('mean age', ctx), ['value'], [[43.181818]])).toBe(
      'The average of Age is 43.18.',
    );
  });

  it('lists distinct and top values, missing values and describes a column', () => {
    expect(sql('what are the distinct cities')).toContain('GROUP BY "City"');
    expect(sql('how many unique cities')).toBe('SELECT count(DISTINCT "City") AS distinct_values FROM data');
    expect(sql('which departments are there')).toContain('"Dept."');
    expect(sql('most common city')).toContain('LIMIT 1');
    expect(sql('which columns have missing values')).toContain('count(*) - count("email")');
    expect(sql('how many missing values in age')).toBe(
      'SELECT count(*) - count("Age") AS missing, count(*) AS total FROM data',
    );
    expect(sql('describe age')).toContain('count(DISTINCT "Age")');
  });

  it('shows rows for a condition in words without changing anything', () => {
    expect(tool('show customers from Chicago')).toEqual({
      name: 'preview_rows',
      arguments: { limit: 20, filter: "City = 'Chicago'" },
    });
  });
});

describe('built-in assistant: conditions in words become Cairn expressions', () => {
  it('reads comparisons, lists, emptiness, text matches and dates', () => {
    expect(expr('age > 30')).toBe('Age > 30');
    expect(expr('city is boston or chicago')).toBe("City = 'Boston' OR City = 'Chicago'");
    expect(expr('city is Paris')).toBe("lower(City) = 'paris'");
    expect(expr('age between 30 and 45')).toBe('Age BETWEEN 30 AND 45');
    expect(expr('age is 45 or more')).toBe('Age >= 45');
    expect(expr('email is empty')).toBe('email IS NULL');
    expect(expr('people with no email')).toBe('email IS NULL');
    expect(expr('first name starts with a')).toBe("`First Name` LIKE 'a%'");
    expect(expr('signed up after March 2023')).toBe("signup_date > '2023-03-31'");
    expect(expr('customers who signed up in 2023')).toBe("signup_date BETWEEN '2023-01-01' AND '2023-12-31'");
    expect(expr('before last month')).toBe("signup_date < '2026-11-01'");
    expect(expr('total spent over $1,200')).toBe('`Total Spent ($)` > 1200');
    expect(expr('active customers in Chicago')).toBe("is_active = TRUE AND City = 'Chicago'");
  });

  it('never takes a value word for a column', () => {
    // "email" is a column, but after "is" it is the value.
    expect(expr('first name is email')).toBe("lower(`First Name`) = 'email'");
  });
});

describe('built-in assistant: operations in plain words', () => {
  it('filters and removes rows by words, keeping unknowns when removing', () => {
    expect(op('keep customers older than 40')).toEqual({ op: 'filter_rows', expression: 'Age > 40' });
    expect(op('drop customers younger than 30')).toMatchObject({
      op: 'filter_rows',
      expression: 'NOT coalesce(Age < 30, FALSE)',
    });
  });

  it('derives, merges, splits, samples, moves and groups', () => {
    expect(op('add a column total = qty * total spent')).toMatchObject({
      op: 'derive_column',
      name: 'total',
      expression: 'Qty * `Total Spent ($)`',
    });
    expect(op('create revenue as qty times total spent')).toMatchObject({ name: 'revenue' });
    expect(op('combine first name and city into label with ", "')).toMatchObject({
      op: 'merge_columns',
      columns: ['First Name', 'City'],
      separator: ', ',
      into: 'label',
    });
    expect(op('split email on "@" into user, domain')).toMatchObject({
      op: 'split_column',
      column: 'email',
      delimiter: '@',
      into: ['user', 'domain'],
    });
    expect(op('keep the first 5 rows')).toMatchObject({ op: 'sample', method: 'first', n: 5 });
    expect(op('take a random sample of 10%')).toMatchObject({
      op: 'sample',
      method: 'random',
      fraction: 0.1,
    });
    expect(op('move email to the front')).toMatchObject({ op: 'reorder_columns' });
    expect((op('move email to the front') as { columns: string[] }).columns[0]).toBe('email');
    expect(op('group by city and sum qty')).toMatchObject({
      op: 'group_aggregate',
      by: ['City'],
      aggregations: [{ column: 'Qty', fn: 'sum', as: 'sum_Qty' }],
    });
    expect(op('clip qty between 0 and 10')).toMatchObject({
      op: 'clip_outliers',
      method: 'bounds',
      lower: 0,
      upper: 10,
    });
  });

  it('reads sort words and column names as people write them', () => {
    expect(op('oldest first')).toMatchObject({ keys: [{ column: 'Age', direction: 'desc' }] });
    expect(op('sort by signup date, newest first')).toMatchObject({
      keys: [{ column: 'signup_date', direction: 'desc' }],
    });
    expect(op('sort by first name alphabetically')).toMatchObject({
      keys: [{ column: 'First Name', direction: 'asc' }],
    });
    expect(op('drop emails')).toEqual({ op: 'drop_columns', columns: ['email'] });
    expect(op('rename dept to department')).toMatchObject({ renames: [{ from: 'Dept.', to: 'department' }] });
  });

  it('says what it could not map, offers commands with this dataset’s columns, and changes nothing', () => {
    const plan = interpret('make it better', ctx);
    expect(plan.kind).toBe('reply');
    if (plan.kind === 'reply') {
      expect(plan.text).toContain('changed nothing');
      expect(plan.text).toMatch(/“what is the average Customer ID”|Age/);
    }
  });
});

describe('built-in assistant: numbers and rows for people', () => {
  it('formats numbers and tables', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(43.181818)).toBe('43.18');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(tableOf({ columns: ['City', 'n'], rows: [['Boston', 4]] })).toBe(
      '| City | n |\n| --- | --- |\n| Boston | 4 |',
    );
  });
});
