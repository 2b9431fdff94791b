/** Small helpers for the messages and notes the import writes for the person. */
import { formatCount } from '../../../../shared/text';

/** `"name"`, shortened to `max` characters, with control characters shown visibly. */
export function quoteText(value: string, max = 60): string {
  const short = value.length > max ? `${value.slice(0, max - 1)}…` : value;
  // eslint-disable-next-line no-control-regex
  return `"${short.replace(/[\u0000-\u001f]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : '?'))}"`;
}

/** "lines 4, 9, 17 (and 3 more)" from the first few line numbers and the total count. */
export function lineList(lines: number[], total: number): string {
  const shown = lines.join(', ');
  const more = total - lines.length;
  return `${lines.length === 1 ? 'line' : 'lines'} ${shown}${more > 0 ? ` (and ${formatCount(more)} more)` : ''}`;
}

/** An SQL identifier, always quoted: any name is safe, whatever it contains. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
