/**
 * Cairn's expression language: `age >= 18 AND city IN ('NY', 'LA')`.
 *
 * - Column references: bare names, or any name in backticks (`` `first name` ``; a doubled
 *   backtick inside stands for one). Names match exactly.
 * - Literals: numbers (whole numbers are integers), 'single' or "double" quoted text (a doubled
 *   quote or a backslash escapes the quote), TRUE, FALSE, NULL (any letter case).
 * - Operators, loosest first: OR (||), AND (&&), NOT (!), then = == != <> IS [NOT] NULL
 *   [NOT] IN (…) [NOT] LIKE [NOT] BETWEEN … AND …, then < <= > >=, then + -, then * / %.
 *   `/` is true division and `%` takes the sign of the divisor, as in Python. LIKE uses % and _
 *   and ignores the case of ASCII letters (SQLite's rule). Missing values follow SQL: comparisons
 *   with them are unknown, and a filter keeps only rows where the condition is true.
 * - Functions: see FUNCTIONS in ./check.
 */
import type { Column, ColumnType } from '../../../../shared/operations';
import { PANDAS_IMPORT } from '../operations/python';
import { Checker, type Typed } from './check';
import { parseExpression } from './parse';
import { PandasRenderer, type Py } from './pandas';
import { toSql } from './sql';

export { FUNCTIONS } from './check';
export type { Typed, ValueType } from './check';

/**
 * Parses and type-checks an expression. With `columns` null (pandas rendering without a schema)
 * every name is accepted as a column of unknown type.
 */
export function analyzeExpression(expr: string, columns: readonly Column[] | null): Typed {
  return new Checker(expr, columns).check(parseExpression(expr, columns?.map((c) => c.name) ?? []));
}

export function compileExpression(
  expr: string,
  columns: Column[],
): { sql: string; params: unknown[]; type: ColumnType | 'null' } {
  const typed = analyzeExpression(expr, columns);
  const { sql, params } = toSql(typed);
  // Strict checking never yields `any`: every column has a known type.
  return { sql, params, type: typed.type === 'any' ? 'text' : typed.type };
}

export interface PandasExpression extends Py {
  imports: string[];
}

export function renderPandasExpression(typed: Typed): PandasExpression {
  const renderer = new PandasRenderer();
  const py = renderer.render(typed);
  return { ...py, imports: [PANDAS_IMPORT, ...renderer.imports] };
}

export function expressionToPandas(expr: string, columns: Column[]): string {
  return renderPandasExpression(analyzeExpression(expr, columns)).code;
}
