import { recipeSchema, type Column, type Operation, type Recipe } from '../../../shared/operations';
import { CairnError } from '../../../shared/result';
import type { RecipeFormat, SqlDialect } from '../../../shared/datasets';
import { recipePandasScript, recipeRayScript } from './portable/python';
import { recipeSqlScript } from './portable/script';

/**
 * A version's recipe (the operations from the root) as JSON that Cairn can replay on another
 * file with the same columns, as runnable pandas and Ray Data scripts, and as SQL for the stock
 * sqlite3 shell, DuckDB or Postgres (./portable). Each script loads the CSV, runs the steps and
 * writes the result; the engine matrix (npm run test:engines) runs them all and compares cells.
 */

export function recipeJson(columns: Column[], operations: Operation[]): Recipe {
  return recipeSchema.parse({ format: 'cairn-recipe', version: 1, columns, operations });
}

export interface RecipeFile {
  fileName: string;
  text: string;
}

/** The recipe in `format`; a step an engine cannot reproduce exactly fails with VALIDATION naming it. */
export function recipeFile(
  base: string,
  sourceName: string,
  columns: Column[],
  operations: Operation[],
  format: RecipeFormat,
  dialect: SqlDialect = 'sqlite',
  files: { input?: string | undefined; output?: string | undefined } = {},
): RecipeFile {
  const input = files.input ?? sourceName;
  const output = files.output ?? 'result.csv';
  switch (format) {
    case 'json':
      return {
        fileName: `${base}.json`,
        text: `${JSON.stringify(recipeJson(columns, operations), null, 2)}\n`,
      };
    case 'pandas':
      return { fileName: `${base}.py`, text: recipePandasScript(input, columns, operations) };
    case 'ray':
      return { fileName: `${base}-ray.py`, text: recipeRayScript(input, columns, operations) };
    case 'sql':
      return {
        fileName: `${base}-${dialect}.sql`,
        text: recipeSqlScript(dialect, columns, operations, { input, output }),
      };
  }
}

/**
 * Checks, before anything runs, that a recipe fits a version with `columns`: the same names
 * with the same types. Missing, extra and retyped columns are all listed by name: an extra
 * column would otherwise pass silently through some steps and be dropped or reordered by others.
 */
export function checkRecipeColumns(recipe: Recipe, columns: Column[]): void {
  const have = new Map(columns.map((c) => [c.name, c.type]));
  const expected = new Set(recipe.columns.map((c) => c.name));
  const list = (names: string[]): string => names.map((n) => `“${n}”`).join(', ');
  const missing = recipe.columns.filter((c) => !have.has(c.name)).map((c) => c.name);
  const extra = columns.filter((c) => !expected.has(c.name)).map((c) => c.name);
  const retyped = recipe.columns
    .filter((c) => have.has(c.name) && have.get(c.name) !== c.type)
    .map((c) => `“${c.name}” is ${have.get(c.name)} here but ${c.type} in the recipe`);
  const parts = [
    missing.length > 0 ? `missing column${missing.length > 1 ? 's' : ''} ${list(missing)}` : null,
    extra.length > 0
      ? `extra column${extra.length > 1 ? 's' : ''} ${list(extra)} that the recipe does not know`
      : null,
    ...retyped,
  ].filter((p): p is string => p !== null);
  if (parts.length > 0) {
    const wanted = recipe.columns.map((c) => `“${c.name}” (${c.type})`).join(', ');
    throw new CairnError(
      'VALIDATION',
      `This recipe does not fit this dataset, so nothing was changed: ${parts.join('; ')}. The recipe expects ${wanted}.`,
    );
  }
}
