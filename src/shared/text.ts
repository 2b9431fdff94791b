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
