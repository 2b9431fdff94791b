/** Small helpers for the messages and notes the import writes for the person. */
import type fs from 'node:fs';
import { formatCount } from '../../../../shared/text';

/**
 * What a path that is not a regular file is, for the refusal ("is a folder, not a file"); null
 * for a regular file. Devices (/dev/zero) and pipes never end or block: they are never read.
 */
export function notAFile(stat: fs.Stats): string | null {
  if (stat.isFile()) return null;
  if (stat.isDirectory()) return 'a folder';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isFIFO()) return 'a pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The refusal of a path that is not a regular file, or null for a regular file. */
export function notAFileMessage(stat: fs.Stats, name: string): string | null {
  const what = notAFile(stat);
  if (what === null) return null;
  return what === 'not a regular file'
    ? `${name} is not a regular file: only files can be imported.`
    : `${name} is ${what}, not a file: only files can be imported.`;
}

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
