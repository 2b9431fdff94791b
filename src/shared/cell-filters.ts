import { quoteColumnName } from './expression-functions';

/**
 * The filters a cell's menu offers ("keep rows with this value", "exclude rows with this
 * value"), written in the expression language so the person sees and can change them.
 */

type CellValue = string | number | boolean | null;

/** A value as the expression language writes it: text in single quotes with backslash escapes. */
function literal(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return String(value);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Keeps the rows whose cell in `column` holds `value` (missing: the rows where it is missing). */
export function keepExpression(column: string, value: CellValue): string {
  const ref = quoteColumnName(column);
  return value === null ? `${ref} IS NULL` : `${ref} = ${literal(value)}`;
}

/** Removes those rows; rows where the column is missing stay, as a person expects. */
export function excludeExpression(column: string, value: CellValue): string {
  const ref = quoteColumnName(column);
  return value === null ? `${ref} IS NOT NULL` : `${ref} IS NULL OR ${ref} != ${literal(value)}`;
}
