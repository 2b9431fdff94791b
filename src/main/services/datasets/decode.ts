import type { Column } from '../../../shared/operations';

/*
 * Apart from the engine so that the query worker can decode rows without loading the engine's
 * imports (the database schema and, through it, most of the contracts).
 */

export type CellValue = string | number | boolean | null;

/** SQLite values as the grid and exports show them: booleans as true/false, the rest as stored. */
export function decodeRow(raw: unknown[], columns: Column[]): CellValue[] {
  return raw.map((value, i) => {
    if (value === null || value === undefined) return null;
    if (columns[i]?.type === 'boolean') return value === 1 || value === 1n || value === true;
    if (typeof value === 'bigint') return Number(value);
    if (typeof value === 'number' || typeof value === 'string') return value;
    return String(value);
  });
}
