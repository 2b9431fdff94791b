import type { Dataset } from '../../../shared/datasets';
import { formatBytes, formatCount, plural } from '../../../shared/text';

// Re-exported so that the renderer keeps one place to import its formatting from.
export { formatBytes, formatCount };

const integer = new Intl.NumberFormat('en-US');
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? integer.format(n) : decimal.format(n);
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds % 60);
  return `${minutes} min ${rest} s`;
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

export function delimiterName(delimiter: string): string {
  return DELIMITER_NAMES[delimiter] ?? JSON.stringify(delimiter);
}

export function shape(rows: number, columns: number): string {
  return `${plural(rows, 'row')} × ${plural(columns, 'column')}`;
}

export function datasetDialect(dataset: Pick<Dataset, 'encoding' | 'delimiter'>): string {
  return `${dataset.encoding}, ${delimiterName(dataset.delimiter)}`;
}

/** Whether an element is a place where the person types (shortcuts must leave it alone). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes(
      target.type,
    );
  }
  return false;
}
