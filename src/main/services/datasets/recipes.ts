import { recipeSchema, type Column, type Operation, type Recipe } from '../../../shared/operations';
import { CairnError } from '../../../shared/result';
import type { RecipeFormat, SqlDialect } from '../../../shared/datasets';
import { compileOperation, summarizeOperation } from './operations';
import { recipePandasScript, recipeRayScript } from './portable/python';
import { recipeSqlScript } from './portable/script';
import { quoteIdent } from './storage';

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
      return { fileName: `${base}.json`, text: `${JSON.stringify(recipeJson(columns, operations), null, 2)}\n` };
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

export function checkRecipeColumns(recipe: Recipe, columns: Column[]): void {
  const have = new Map(columns.map((c) => [c.name, c.type]));
  const missing = recipe.columns.filter((c) => !have.has(c.name)).map((c) => `“${c.name}”`);
  const retyped = recipe.columns
    .filter((c) => have.has(c.name) && have.get(c.name) !== c.type)
    .map((c) => `“${c.name}” is ${have.get(c.name)} here but ${c.type} in the recipe`);
  if (missing.length > 0 || retyped.length > 0) {
    const parts = [
      missing.length > 0 ? `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : null,
      ...retyped,
    ].filter(Boolean);
    throw new CairnError('VALIDATION', `This recipe does not fit this dataset: ${parts.join('; ')}.`);
  }
}
