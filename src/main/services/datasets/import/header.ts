import { ROW_NUMBER_COLUMN } from './types';
import { formatCount } from '../../../../shared/text';
import { quoteText } from './text';

/** The longest column name kept; operations accept names up to this length. */
export const MAX_COLUMN_NAME = 500;

/** SQLite compares identifiers case-insensitively, but only for ASCII letters. */
function sqliteKey(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function listOf(items: string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${formatCount(items.length - max)} more` : shown;
}

/**
 * Turns the header row into column names: trimmed; empty names become `column_N` (N = position);
 * names longer than 500 characters are cut; a repeat of an earlier name (compared as SQLite
 * does, ignoring ASCII case) and the reserved `__cairn_row` get the first free suffix `_2`,
 * `_3`…. Every change is described in a note. Names are otherwise kept verbatim: they are
 * always quoted in SQL.
 */
export function normalizeHeader(raw: readonly string[]): { names: string[]; notes: string[] } {
  // NUL cannot be part of an SQL identifier.
  const trimmed = raw.map((name) => name.replace(/\0/g, '').trim());
  const named = trimmed.map((name, i) => (name === '' ? `column_${i + 1}` : name.slice(0, MAX_COLUMN_NAME)));
  const notes: string[] = [];

  const trimmedNames = raw.filter((name, i) => name !== trimmed[i] && trimmed[i] !== '');
  if (trimmedNames.length > 0) {
    notes.push(
      `Removed spaces around ${trimmedNames.length === 1 ? 'a column name' : `${formatCount(trimmedNames.length)} column names`}: ${listOf(trimmedNames.map((n) => quoteText(n.trim())))}.`,
    );
  }
  const unnamed = named.filter((_, i) => trimmed[i] === '');
  if (unnamed.length > 0) {
    notes.push(
      unnamed.length === 1
        ? `A column had no name; it is called ${quoteText(unnamed[0] as string)}.`
        : `${formatCount(unnamed.length)} columns had no name; they are called ${listOf(unnamed.map((n) => quoteText(n)))}.`,
    );
  }
  const cut = trimmed.filter((name) => name.length > MAX_COLUMN_NAME);
  if (cut.length > 0) {
    notes.push(
      `${cut.length === 1 ? 'A column name was' : `${formatCount(cut.length)} column names were`} longer than ${MAX_COLUMN_NAME} characters and ${cut.length === 1 ? 'was' : 'were'} shortened: ${listOf(cut.map((n) => quoteText(n, 40)))}.`,
    );
  }

  // Suffixes avoid every name in the header, so a later "a_2" keeps its own name.
  const taken = new Set(named.map(sqliteKey));
  taken.add(sqliteKey(ROW_NUMBER_COLUMN));
  const seen = new Set<string>([sqliteKey(ROW_NUMBER_COLUMN)]);
  const renames: string[] = [];
  const reserved: string[] = [];
  const names = named.map((name) => {
    const key = sqliteKey(name);
    if (!seen.has(key)) {
      seen.add(key);
      return name;
    }
    let k = 2;
    while (taken.has(sqliteKey(`${name}_${k}`))) k++;
    const renamed = `${name}_${k}`;
    taken.add(sqliteKey(renamed));
    seen.add(sqliteKey(renamed));
    const change = `${quoteText(name)} to ${quoteText(renamed)}`;
    if (key === sqliteKey(ROW_NUMBER_COLUMN)) reserved.push(change);
    else renames.push(change);
    return renamed;
  });
  if (reserved.length > 0) {
    notes.push(
      `${quoteText(ROW_NUMBER_COLUMN)} is reserved by Cairn for row numbers: renamed ${listOf(reserved)}.`,
    );
  }
  if (renames.length > 0) {
    notes.push(`Column names must be unique (ignoring case): renamed ${listOf(renames)}.`);
  }
  return { names, notes };
}
