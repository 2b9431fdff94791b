import { readFileSync } from 'node:fs';
import prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { assistantDoc } from '../../src/main/services/assistant/builtin/doc';
import { BUILTIN_COMMANDS, builtinHelp, interpret } from '../../src/main/services/assistant/builtin';
import type { BuiltinContext, BuiltinPlan, ToolCallRequest } from '../../src/main/services/assistant/types';
import { operationSchema, type Column, type OperationInput } from '../../src/shared/operations';

const COLUMNS: Column[] = [
  { name: 'id', type: 'integer' },
  { name: 'name', type: 'text' },
  { name: 'First Name', type: 'text' },
  { name: 'age', type: 'integer' },
  { name: 'price', type: 'float' },
  { name: 'City', type: 'text' },
  { name: 'email', type: 'text' },
  { name: 'notes', type: 'text' },
  { name: 'signup', type: 'date' },
  { name: 'signup date', type: 'date' },
  { name: 'salt and pepper', type: 'text' },
];
const ctx: BuiltinContext = { columns: COLUMNS };
const empty: BuiltinContext = { columns: [] };

/** The plan's tool call; fails the test when the plan is a reply. */
function toolOf(plan: BuiltinPlan): ToolCallRequest {
  if (plan.kind !== 'tool') throw new Error(`expected a tool call, got the reply: ${plan.text}`);
  return plan.call;
}

/** The operation of an apply_operation plan, checked against the catalogue's schema. */
function op(text: string, context = ctx): OperationInput {
  const call = toolOf(interpret(text, context));
  if (call.name !== 'apply_operation') throw new Error(`expected apply_operation, got ${call.name}`);
  operationSchema.parse(call.arguments.operation);
  return call.arguments.operation;
}

function replyOf(text: string, context = ctx): string {
  const plan = interpret(text, context);
  if (plan.kind !== 'reply') throw new Error(`expected a reply, got ${JSON.stringify(plan.call)}`);
  return plan.text;
}

describe('built-in assistant: reading commands', () => {
  it('answers help, "what can you do" and "?" with the help text', () => {
    for (const text of ['help', 'Help.', 'what can you do?', '?', '  ??  ', 'help please']) {
      expect(replyOf(text)).toBe(builtinHelp());
    }
    // Help needs no dataset.
    expect(replyOf('help', empty)).toBe(builtinHelp());
  });

  it('calls the read-only tools', () => {
    for (const text of ['show profile', 'profile', 'Describe', 'show the profile.', 'describe the data']) {
      expect(toolOf(interpret(text, ctx))).toEqual({ name: 'show_profile', arguments: {} });
    }
    for (const text of ['show insights', 'insights', "what's wrong", 'What’s wrong with the data?']) {
      expect(toolOf(interpret(text, ctx))).toEqual({ name: 'list_insights', arguments: {} });
    }
    for (const text of ['list versions', 'versions', 'history', 'show version history']) {
      expect(toolOf(interpret(text, ctx))).toEqual({ name: 'list_versions', arguments: {} });
    }
    expect(toolOf(interpret('undo', ctx))).toEqual({ name: 'undo', arguments: {} });
    expect(toolOf(interpret('Undo that, please', ctx))).toEqual({ name: 'undo', arguments: {} });
    expect(toolOf(interpret('redo', ctx))).toEqual({ name: 'redo', arguments: {} });
  });

  it('moves between versions and compares them by the names the versions list gives', () => {
    const checkout = (versionId: string) => ({ name: 'checkout', arguments: { versionId } });
    for (const text of ['go to v2', 'Go back to version 2', 'switch to v2', 'checkout v2', 'restore v2']) {
      expect(toolOf(interpret(text, ctx))).toEqual(checkout('v2'));
    }
    expect(toolOf(interpret('go back to the previous version', ctx))).toEqual(checkout('previous'));
    const diff = (from: string, to: string) => ({ name: 'diff_versions', arguments: { from, to } });
    for (const text of [
      'compare v1 and v3',
      'diff v1 v3',
      'compare version 1 with version 3',
      'what changed between v1 and v3',
    ]) {
      expect(toolOf(interpret(text, ctx))).toEqual(diff('v1', 'v3'));
    }
    for (const text of ['what changed', 'what did that change', 'show the changes']) {
      expect(toolOf(interpret(text, ctx))).toEqual(diff('previous', 'current'));
    }
  });

  it('passes SQL on exactly as typed, and tells “select columns” from a query', () => {
    const sql = (text: string) => toolOf(interpret(text, ctx));
    expect(sql('sql SELECT City, count(*) AS n FROM data GROUP BY City;')).toEqual({
      name: 'run_sql',
      arguments: { query: 'SELECT City, count(*) AS n FROM data GROUP BY City;' },
    });
    expect(sql('query: select avg(price) from data where "First Name" = \'Ann\'')).toEqual({
      name: 'run_sql',
      arguments: { query: 'select avg(price) from data where "First Name" = \'Ann\'' },
    });
    expect(sql('SELECT *\nFROM data\nLIMIT 3')).toEqual({
      name: 'run_sql',
      arguments: { query: 'SELECT *\nFROM data\nLIMIT 3' },
    });
    expect(sql('WITH t AS (SELECT age FROM data) SELECT max(age) FROM t').name).toBe('run_sql');
    expect(op('select columns name, age')).toEqual({ op: 'select_columns', columns: ['name', 'age'] });
    expect(replyOf('sql')).toMatch(/Write the query after “sql”/);
    expect(replyOf('sql SELECT 1 FROM data', empty)).toMatch(/dataset/i);
  });

  it('previews rows with a limit (at most 50) and a filter', () => {
    const preview = (text: string) => toolOf(interpret(text, ctx));
    expect(preview('show rows')).toEqual({ name: 'preview_rows', arguments: {} });
    expect(preview('preview')).toEqual({ name: 'preview_rows', arguments: {} });
    expect(preview('show first 20 rows')).toEqual({ name: 'preview_rows', arguments: { limit: 20 } });
    expect(preview('show me the top 5 rows')).toEqual({ name: 'preview_rows', arguments: { limit: 5 } });
    expect(preview('show 500 rows')).toEqual({ name: 'preview_rows', arguments: { limit: 50 } });
    expect(preview('show rows where age > 30')).toEqual({
      name: 'preview_rows',
      arguments: { filter: 'age > 30' },
    });
    expect(preview("show first 10 rows where City = 'NY'")).toEqual({
      name: 'preview_rows',
      arguments: { limit: 10, filter: "City = 'NY'" },
    });
  });

  it('lists the columns from the context', () => {
    const text = replyOf('list columns');
    expect(text).toContain('11 columns');
    expect(text).toContain('signup date (date)');
  });

  it('drops columns', () => {
    expect(op('drop column notes')).toEqual({ op: 'drop_columns', columns: ['notes'] });
    expect(op('drop columns id, notes and email')).toEqual({
      op: 'drop_columns',
      columns: ['id', 'notes', 'email'],
    });
    expect(op('remove column notes')).toEqual({ op: 'drop_columns', columns: ['notes'] });
    expect(op('delete the notes column.')).toEqual({ op: 'drop_columns', columns: ['notes'] });
    expect(op('drop notes')).toEqual({ op: 'drop_columns', columns: ['notes'] });
  });

  it('keeps (selects) columns', () => {
    expect(op('keep columns name, age')).toEqual({ op: 'select_columns', columns: ['name', 'age'] });
    expect(op('keep only name and age')).toEqual({ op: 'select_columns', columns: ['name', 'age'] });
    expect(op('select columns age, price')).toEqual({ op: 'select_columns', columns: ['age', 'price'] });
  });

  it('renames a column', () => {
    const renamed = { op: 'rename_columns', renames: [{ from: 'name', to: 'full name' }] };
    expect(op('rename column name to full name')).toEqual(renamed);
    expect(op('rename name to full name')).toEqual(renamed);
    expect(op('rename "First Name" to "given"')).toEqual({
      op: 'rename_columns',
      renames: [{ from: 'First Name', to: 'given' }],
    });
    expect(replyOf('rename age to age')).toContain('already');
  });

  it('removes duplicates', () => {
    for (const text of ['remove duplicates', 'deduplicate', 'drop duplicate rows', 'Dedupe.']) {
      expect(op(text)).toEqual({ op: 'deduplicate', keep: 'first' });
    }
    expect(op('remove duplicates by email, name')).toEqual({
      op: 'deduplicate',
      columns: ['email', 'name'],
      keep: 'first',
    });
    expect(op('remove duplicates by email, keeping the last')).toEqual({
      op: 'deduplicate',
      columns: ['email'],
      keep: 'last',
    });
  });

  it('fills missing values with a statistic, a value or a neighbour', () => {
    expect(op('fill missing age with median')).toEqual({
      op: 'fill_missing',
      columns: ['age'],
      strategy: 'median',
    });
    expect(op('fill missing age with the mean')).toMatchObject({ strategy: 'mean' });
    expect(op('fill missing city with mode')).toEqual({
      op: 'fill_missing',
      columns: ['City'],
      strategy: 'mode',
    });
    expect(op('fill missing values in age with 0')).toEqual({
      op: 'fill_missing',
      columns: ['age'],
      strategy: 'value',
      value: 0,
    });
    expect(op('fill empty city with "Unknown"')).toEqual({
      op: 'fill_missing',
      columns: ['City'],
      strategy: 'value',
      value: 'Unknown',
    });
    expect(op('fill missing price with -1.5')).toMatchObject({ value: -1.5 });
    expect(op('fill missing name with n/a')).toMatchObject({ value: 'n/a' });
    // A quoted number stays text, as typed.
    expect(op('fill missing notes with "0"')).toMatchObject({ value: '0' });
    // A quoted strategy word is a value.
    expect(op('fill missing notes with "median"')).toMatchObject({ strategy: 'value', value: 'median' });
    expect(op('fill missing age forward')).toEqual({
      op: 'fill_missing',
      columns: ['age'],
      strategy: 'forward',
    });
    expect(op('fill missing age backward')).toMatchObject({ strategy: 'backward' });
    expect(op('forward fill price')).toMatchObject({ columns: ['price'], strategy: 'forward' });
    expect(replyOf('fill missing values with 0')).toContain('which column');
    expect(replyOf('fill missing age')).toContain('what to fill with');
  });

  it('drops rows with missing values', () => {
    expect(op('drop rows with missing age')).toEqual({ op: 'drop_missing', columns: ['age'], how: 'any' });
    expect(op('remove rows with missing values')).toEqual({ op: 'drop_missing', how: 'any' });
    expect(op('drop rows with missing values in age and City')).toEqual({
      op: 'drop_missing',
      columns: ['age', 'City'],
      how: 'any',
    });
    expect(op('drop empty rows')).toEqual({ op: 'drop_missing', how: 'all' });
    expect(op('remove blank rows')).toEqual({ op: 'drop_missing', how: 'all' });
  });

  it('sorts', () => {
    expect(op('sort by age')).toEqual({ op: 'sort', keys: [{ column: 'age', direction: 'asc' }] });
    expect(op('sort by age descending, name')).toEqual({
      op: 'sort',
      keys: [
        { column: 'age', direction: 'desc' },
        { column: 'name', direction: 'asc' },
      ],
    });
    expect(op('sort by price desc')).toEqual({ op: 'sort', keys: [{ column: 'price', direction: 'desc' }] });
    expect(op('order by signup date desc then price')).toEqual({
      op: 'sort',
      keys: [
        { column: 'signup date', direction: 'desc' },
        { column: 'price', direction: 'asc' },
      ],
    });
  });

  it('filters rows with the expression as written, or its negation', () => {
    for (const text of ['filter age > 30', 'keep rows where age > 30', 'only rows where age > 30']) {
      expect(op(text)).toEqual({ op: 'filter_rows', expression: 'age > 30' });
    }
    expect(op("filter rows where City IN ('NY', 'LA') AND age >= 18")).toEqual({
      op: 'filter_rows',
      expression: "City IN ('NY', 'LA') AND age >= 18",
    });
    expect(op("remove rows where City = 'NY'")).toEqual({
      op: 'filter_rows',
      expression: "NOT coalesce(City = 'NY', FALSE)",
    });
    expect(op('drop rows where price < 0')).toEqual({
      op: 'filter_rows',
      expression: 'NOT coalesce(price < 0, FALSE)',
    });
  });

  it('casts types, with the usual synonyms', () => {
    expect(op('convert age to integer')).toEqual({ op: 'cast_type', column: 'age', to: 'integer' });
    expect(op('cast price to float')).toEqual({ op: 'cast_type', column: 'price', to: 'float' });
    expect(op('change signup to date')).toEqual({ op: 'cast_type', column: 'signup', to: 'date' });
    expect(op('convert age to number')).toMatchObject({ to: 'float' });
    expect(op('convert price to int')).toMatchObject({ to: 'integer' });
    expect(op('convert id to string')).toMatchObject({ to: 'text' });
    expect(op('convert notes to bool')).toMatchObject({ to: 'boolean' });
    expect(op('convert the age column to integers')).toMatchObject({ column: 'age', to: 'integer' });
    expect(op('change the type of age to a number')).toMatchObject({ column: 'age', to: 'float' });
    expect(replyOf('convert age to colour')).toContain('integer, float, boolean, date, datetime, text');
  });

  it('cleans text', () => {
    expect(op('trim name')).toEqual({
      op: 'text_clean',
      columns: ['name'],
      trim: true,
      case: 'none',
      collapseWhitespace: false,
    });
    expect(op('lowercase name')).toMatchObject({ columns: ['name'], trim: false, case: 'lower' });
    expect(op('uppercase city')).toMatchObject({ columns: ['City'], case: 'upper' });
    expect(op('title case name')).toMatchObject({ columns: ['name'], case: 'title' });
    expect(op('trim and lowercase email')).toMatchObject({ trim: true, case: 'lower' });
    expect(op('make email lowercase')).toMatchObject({ columns: ['email'], case: 'lower' });
    expect(op('trim all text columns')).toMatchObject({
      columns: ['name', 'First Name', 'City', 'email', 'notes', 'salt and pepper'],
    });
  });

  it('finds and replaces', () => {
    expect(op('replace "NY" with "New York" in city')).toEqual({
      op: 'find_replace',
      columns: ['City'],
      find: 'NY',
      replace: 'New York',
      mode: 'contains',
      caseSensitive: true,
    });
    expect(op('replace "NY" with "New York" in city exactly')).toMatchObject({ mode: 'exact' });
    expect(op('replace exactly “NY” with “New York” in city')).toMatchObject({ find: 'NY', mode: 'exact' });
    // "exactly" inside quotes is text, not the flag.
    expect(op('replace "exactly" with "precisely" in notes')).toMatchObject({
      find: 'exactly',
      mode: 'contains',
    });
    expect(op('replace NY with New York in City')).toMatchObject({ find: 'NY', replace: 'New York' });
    expect(op('replace "n/a" with "" in notes')).toMatchObject({ find: 'n/a', replace: '' });
    expect(replyOf('replace NY with New York')).toContain('which column');
  });

  it('clips outliers', () => {
    expect(op('clip outliers in price')).toEqual({ op: 'clip_outliers', column: 'price', method: 'iqr' });
    expect(op('cap price outliers')).toEqual({ op: 'clip_outliers', column: 'price', method: 'iqr' });
    expect(replyOf('clip outliers in price and age')).toContain('one column at a time');
  });

  it('tolerates "the", "column(s)", a trailing period and please', () => {
    expect(op('Please drop the column notes.')).toEqual({ op: 'drop_columns', columns: ['notes'] });
    expect(op('DROP COLUMNS NOTES AND ID, please')).toEqual({ op: 'drop_columns', columns: ['notes', 'id'] });
    expect(op('can you sort by the price column descending?')).toEqual({
      op: 'sort',
      keys: [{ column: 'price', direction: 'desc' }],
    });
  });
});

describe('built-in assistant: column names', () => {
  it('matches case-insensitively and returns the stored name', () => {
    expect(op('drop column CITY')).toEqual({ op: 'drop_columns', columns: ['City'] });
    expect(op('drop column first name')).toEqual({ op: 'drop_columns', columns: ['First Name'] });
  });

  it('accepts quoted names in any quotes', () => {
    for (const quoted of ['"first name"', '`first name`', "'first name'", '“first name”', '‘First Name’']) {
      expect(op(`drop column ${quoted}`)).toEqual({ op: 'drop_columns', columns: ['First Name'] });
    }
  });

  it('forgives an unclosed quote', () => {
    expect(op('drop column "age')).toEqual({ op: 'drop_columns', columns: ['age'] });
    expect(op('drop column age"')).toEqual({ op: 'drop_columns', columns: ['age'] });
    expect(replyOf('drop column "agee')).toContain('There is no column “agee”.');
  });

  it('prefers the longest column name and keeps names that contain "and"', () => {
    expect(op('drop signup date')).toEqual({ op: 'drop_columns', columns: ['signup date'] });
    expect(op('drop signup and notes')).toEqual({ op: 'drop_columns', columns: ['signup', 'notes'] });
    expect(op('drop salt and pepper and notes')).toEqual({
      op: 'drop_columns',
      columns: ['salt and pepper', 'notes'],
    });
    expect(op('keep first name,  age')).toEqual({ op: 'select_columns', columns: ['First Name', 'age'] });
  });

  it('names an unknown column, the nearest one and the columns', () => {
    const text = replyOf('drop column agee');
    expect(text).toContain('There is no column “agee”. Did you mean “age”?');
    expect(text).toContain('“id”, “name”');
    expect(replyOf('fill missing prise with median')).toContain('Did you mean “price”?');
    expect(replyOf('sort by agee desc')).toContain('no column “agee”');
    expect(replyOf('drop column zzzzzz')).not.toContain('Did you mean');
  });

  it('does not list the columns of a wide dataset', () => {
    const wide: BuiltinContext = {
      columns: Array.from({ length: 40 }, (_, i) => ({ name: `col${i}`, type: 'text' as const })),
    };
    const text = replyOf('drop column nope', wide);
    expect(text).toContain('40 columns');
    expect(text).not.toContain('“col1”');
  });
});

describe('built-in assistant: replies', () => {
  it('asks for a dataset when none is open', () => {
    for (const text of ['drop column notes', 'show profile', 'undo', 'show rows', 'sort by age']) {
      expect(replyOf(text, empty)).toContain('needs a dataset');
    }
  });

  it('says when it does not understand, suggesting a command when one is obvious', () => {
    const text = replyOf('make me a sandwich');
    expect(text).toContain('don’t understand');
    expect(text).toContain('help');
    expect(replyOf('sortt price')).toContain('“sort by price desc, name”');
    expect(replyOf('dorp column age')).toContain('“drop columns notes and id”');
    expect(replyOf('rename')).toContain('help');
    expect(replyOf('sort by')).toContain('Say which columns to sort by');
    expect(replyOf('filter rows')).toContain('Say which rows to keep');
  });

  it('help lists every documented command', () => {
    const help = builtinHelp();
    for (const { example } of BUILTIN_COMMANDS) expect(help).toContain(example);
  });

  it('every documented example works on a dataset with its columns', () => {
    for (const { example } of BUILTIN_COMMANDS) {
      const plan = interpret(example, ctx);
      if (example === 'help' || example === 'list columns') expect(plan.kind).toBe('reply');
      else expect(toolOf(plan).name).toBeDefined();
      if (plan.kind === 'tool' && plan.call.name === 'apply_operation') {
        operationSchema.parse(plan.call.arguments.operation);
      }
    }
  });

  it('docs/assistant.md is generated from the catalogue and current (npm run docs:assistant)', async () => {
    const file = new URL('../../docs/assistant.md', import.meta.url);
    const doc = readFileSync(file, 'utf8');
    const options = (await prettier.resolveConfig(file.pathname)) ?? {};
    expect(doc).toBe(await prettier.format(assistantDoc(), { ...options, parser: 'markdown' }));
    for (const { example } of BUILTIN_COMMANDS) expect(doc).toContain(example);
  });

  it('never throws, and every operation it plans is valid', () => {
    const pieces = [
      'drop',
      'column',
      'columns',
      'the',
      'and',
      ',',
      'with',
      'to',
      'in',
      'where',
      'rows',
      'fill',
      'missing',
      'sort',
      'by',
      'desc',
      'rename',
      'replace',
      'exactly',
      '"',
      "'",
      '`',
      '“',
      '”',
      '?',
      '.',
      '!',
      'please',
      'age',
      'City',
      'first name',
      'salt',
      'pepper',
      '>',
      '30',
      '-1e999',
      '',
      ' ',
      '\n',
      '\t',
      '🙂',
      'é',
      '\u0000',
      '\uD800',
      'convert',
      'integer',
      'keep',
      'only',
      'show',
      '50',
      'trim',
      'lowercase',
      'clip',
      'outliers',
      'remove',
      'duplicates',
      'empty',
      'NOT (',
      ')',
      'help',
      'undo',
      '(',
      '[',
      '\\',
      '$',
      '.*',
      '^',
    ];
    // A small deterministic generator, so a failure can be replayed.
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const odd = [
      '',
      ' ',
      '?!?',
      '....',
      '"',
      '""',
      '“',
      'drop column "',
      "drop column '",
      'rename  to ',
      'fill with',
      'replace with in',
      'sort by',
      'sort by ,,,',
      'drop columns and and and',
      '\u0000\u0001',
      '🙂'.repeat(500),
      'a'.repeat(3999),
      'drop column ' + 'x'.repeat(3988),
      'filter ' + 'x'.repeat(3993),
      'x'.repeat(100_000),
      'remove rows where ' + '('.repeat(2000),
      'show 999999999999999999999999 rows',
      'keep only only only',
    ];
    for (let i = 0; i < 3000; i++) {
      const n = next() % 9;
      const words = Array.from({ length: n }, () => pieces[next() % pieces.length]);
      odd.push(words.join(next() % 3 === 0 ? '' : ' '));
    }
    for (const text of odd) {
      for (const context of [ctx, empty]) {
        const plan = interpret(text, context);
        expect(['tool', 'reply']).toContain(plan.kind);
        if (plan.kind === 'reply') expect(plan.text.length).toBeGreaterThan(0);
        if (plan.kind === 'tool' && plan.call.name === 'apply_operation') {
          const operation = plan.call.arguments.operation;
          expect(() => operationSchema.parse(operation), text).not.toThrow();
        }
        if (plan.kind === 'tool' && plan.call.name === 'preview_rows') {
          const limit = plan.call.arguments.limit;
          if (limit !== undefined) expect(limit >= 1 && limit <= 50).toBe(true);
        }
      }
    }
  });
});
