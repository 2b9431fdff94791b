import { describe, expect, it } from 'vitest';
import { operationSchema, type Column, type OperationInput } from '../../src/shared/operations';
import { checkRecipeColumns, recipeFile } from '../../src/main/services/datasets/recipes';
import { translatePattern } from '../../src/main/services/datasets/portable/regex';
import { Untranslatable } from '../../src/main/services/datasets/portable/dialect';

/**
 * The export side of portable recipes. That the scripts reproduce Cairn's results on the real
 * engines is proven by the engine matrix (npm run test:engines); these pin the refusals.
 */

const COLUMNS: Column[] = [
  { name: 'name', type: 'text' },
  { name: 'age', type: 'integer' },
];

function sql(dialect: 'sqlite' | 'duckdb' | 'postgres', ...ops: OperationInput[]): string {
  const operations = ops.map((op) => operationSchema.parse(op));
  return recipeFile('people-recipe', 'people.csv', COLUMNS, operations, 'sql', dialect).text;
}

describe('SQL recipes for other engines', () => {
  it('are self-contained: load the CSV, run each step, write the result', () => {
    const text = sql('sqlite', { op: 'filter_rows', expression: 'age >= 18' });
    expect(text).toContain(".import --csv --skip 1 'people.csv' cairn_input");
    expect(text).toContain('CREATE TABLE "step_1" AS SELECT row_number() OVER (ORDER BY "__cairn_row")');
    expect(text).toContain(".output 'result.csv'");
    expect(sql('duckdb', { op: 'deduplicate' })).toContain('COPY (SELECT "name", "age" FROM "step_1"');
    expect(sql('postgres', { op: 'deduplicate' })).toContain(
      'COPY "cairn_input" ("name", "age") FROM \'people.csv\' WITH (FORMAT csv, HEADER true);',
    );
  });

  it('call none of Cairn’s own SQL functions', () => {
    const text = sql(
      'duckdb',
      { op: 'text_clean', columns: ['name'], trim: true, case: 'lower' },
      { op: 'fill_missing', columns: ['age'], strategy: 'median' },
      { op: 'clip_outliers', column: 'age', method: 'iqr' },
      { op: 'sample', method: 'random', n: 2, seed: 1 },
    );
    expect(text).not.toMatch(/cairn_[a-z_]+\(|\bmedian\(|\bpercentile\(/);
  });

  it('refuse a step the engine cannot reproduce, naming the step and the reason', () => {
    expect(() =>
      sql('sqlite', { op: 'deduplicate' }, { op: 'text_clean', columns: ['name'], case: 'upper' }),
    ).toThrow(
      'Step 2 (Clean text in "name": trim spaces, uppercase) cannot be exported to SQLite (the sqlite3 shell): uppercase: the sqlite3 shell’s upper() changes ASCII letters only',
    );
    expect(() => sql('postgres', { op: 'text_clean', columns: ['name'], case: 'title' })).toThrow(
      /Step 1 .* cannot be exported to Postgres: title case/,
    );
  });

  it('translate regular expressions only where the meaning is the same', () => {
    expect(translatePattern('duckdb', '\\d+\\.')).toBe('[0-9]+\\.');
    expect(() => translatePattern('duckdb', '(a)\\1')).toThrow(Untranslatable);
    expect(() => translatePattern('postgres', 'a|ab')).toThrow(/alternatives/);
    expect(translatePattern('duckdb', 'a|ab')).toBe('a|ab');
  });
});

describe('replaying a recipe', () => {
  it('refuses data with missing, extra or retyped columns, naming each', () => {
    const recipe = { format: 'cairn-recipe' as const, version: 1 as const, columns: COLUMNS, operations: [] };
    expect(() =>
      checkRecipeColumns(recipe, [
        { name: 'name', type: 'text' },
        { name: 'age', type: 'text' },
        { name: 'email', type: 'text' },
      ]),
    ).toThrow(
      'This recipe does not fit this dataset, so nothing was changed: extra column “email” that the recipe does not know; “age” is text here but integer in the recipe. The recipe expects “name” (text), “age” (integer).',
    );
    expect(() => checkRecipeColumns(recipe, [{ name: 'name', type: 'text' }])).toThrow(
      'missing column “age”',
    );
    expect(() => checkRecipeColumns(recipe, COLUMNS)).not.toThrow();
  });
});
