/**
 * Wording helpers shared by the main process and the renderer, so that a count reads the same
 * in an import note, an insight, the assistant's summary and the interface. No Node imports:
 * the renderer bundles this file.
 */

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 row" / "3 rows"; `many` for words whose plural is not `one` + "s" ("value lies"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** 512 → "512 B", 1536 → "1.5 KB", 4 MiB → "4.0 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
