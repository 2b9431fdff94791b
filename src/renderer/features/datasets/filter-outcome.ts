import { formatCount } from './format';

/**
 * A plain sentence when a filter keeps no row or every row: both usually mean the condition is
 * not what the person meant (a misquoted name, a value spelt differently), so say it before
 * anything is applied. Null when the filter keeps some rows but not all.
 */
export function filterOutcome(filter: string | undefined, kept: number, total: number): string | null {
  if (!filter) return null;
  if (kept === 0) return `No rows match this filter: it keeps 0 of ${formatCount(total)} rows.`;
  if (kept === total) return `Every row matches this filter: it keeps all ${formatCount(total)} rows.`;
  return null;
}
