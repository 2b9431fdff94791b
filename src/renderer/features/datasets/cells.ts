import type { Column, ColumnType, OperationInput } from '../../../shared/operations';
import type { Row } from './pages';

/** One cell of the grid, as the edit and the cell menu see it. */
export interface CellRef {
  column: Column;
  value: Row[number] | undefined;
  /** The row's position in the version (1-based): what "this cell only" names. */
  row: number;
}

export type EditScope = 'row' | 'value';

/** The value as the editor shows it; a missing value is an empty box. */
export function cellText(value: CellRef['value']): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
}

/**
 * What a person typed, as the operation carries it: an empty box is missing, a number for a number
 * column is a number (so the summary reads "to 4.5"); anything else goes as text and the backend
 * types it by the column, refusing what does not fit with a message.
 */
export function typedInput(text: string, type: ColumnType): string | number | boolean | null {
  const trimmed = text.trim();
  if (type !== 'text' && trimmed === '') return null;
  if (type === 'text') return text === '' ? null : text;
  if (type === 'integer' || type === 'float') {
    const n = Number(trimmed);
    return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) && Number.isFinite(n) ? n : text;
  }
  if (type === 'boolean' && /^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === 'true';
  return text;
}

export function editOperation(cell: CellRef, text: string, scope: EditScope): OperationInput {
  const value = typedInput(text, cell.column.type);
  const column = cell.column.name;
  return scope === 'row'
    ? { op: 'edit_cells', column, where: 'row', row: cell.row, value }
    : { op: 'edit_cells', column, where: 'value', match: cell.value ?? null, value };
}
