/** Numbers and rows written for people: "1,234.57", and a compact table. */
import { formatCount } from '../../../../shared/text';
import type { ToolData } from '../types';

export function formatNumber(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return formatCount(value);
    const abs = Math.abs(value);
    const digits = abs >= 100 ? 2 : abs >= 1 ? 2 : 4;
    return value.toLocaleString('en-US', { maximumFractionDigits: digits });
  }
  if (value === null || value === undefined) return '(missing)';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

const CELL_MAX = 40;

function cell(value: unknown): string {
  const text = formatNumber(value).replace(/[\r\n\t|]+/g, ' ');
  return text.length > CELL_MAX ? `${text.slice(0, CELL_MAX - 1)}…` : text;
}

/** Rows as a markdown-style table, at most `max` rows, with a line saying how many were left out. */
export function tableOf(data: ToolData, max = 20): string {
  const lines = [
    `| ${data.columns.map(cell).join(' | ')} |`,
    `|${data.columns.map(() => ' --- ').join('|')}|`,
  ];
  for (const row of data.rows.slice(0, max)) lines.push(`| ${row.map(cell).join(' | ')} |`);
  const more = data.rows.length - max;
  if (more > 0) lines.push(`… and ${formatCount(more)} more`);
  return lines.join('\n');
}

export function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
