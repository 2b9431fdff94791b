/**
 * Column names inside a plain-English command, for the built-in interpreter (builtin.ts).
 *
 * A person types names the way they read them: any case, unquoted even when they hold spaces
 * ("drop first name and notes"), joined by commas, "and", "or", "then". Splitting on those words
 * first would break a column called "salt and pepper", so the list is read left to right instead,
 * taking at each step the longest column name that fits; only when no column fits is the text up
 * to the next separator taken as the (unknown) name the person meant.
 */
import pluralize from 'pluralize';
import type { Column } from '../../../shared/operations';
import { plural } from '../../../shared/text';
import { closestName } from '../datasets/operations/schema';

/** Closing quotes accepted for each opening one: people mix curly and straight quotes. */
const CLOSERS: Readonly<Record<string, string>> = {
  '"': '"“”',
  "'": "'‘’",
  '`': '`',
  '“': '”"“',
  '”': '”"',
  '‘': "’'‘",
  '«': '»',
  '„': '“”"',
};

/** Quoted text at `start`: its content and the index just past the closing quote. */
export function readQuoted(s: string, start: number): { value: string; end: number } | undefined {
  const open = s[start];
  const closers = open === undefined ? undefined : CLOSERS[open];
  if (closers === undefined) return undefined;
  // An apostrophe inside a word ("o'brien") opens nothing.
  const before = s[start - 1];
  if (before !== undefined && /[\p{L}\p{N}]/u.test(before)) return undefined;
  for (let i = start + 1; i < s.length; i++) {
    if (closers.includes(s[i] as string)) return { value: s.slice(start + 1, i), end: i + 1 };
  }
  return undefined;
}

/** The text without its quotes when the whole of it is one quoted string. */
export function unquote(text: string): { value: string; quoted: boolean } {
  const s = text.trim();
  const q = readQuoted(s, 0);
  return q !== undefined && q.end === s.length
    ? { value: q.value, quoted: true }
    : { value: s, quoted: false };
}

/**
 * The text with every quoted string's content blanked (same length), so that keywords like
 * "with" or "exactly" are searched for only where the person did not quote them.
 */
export function maskQuotes(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const q = readQuoted(s, i);
    if (q === undefined) {
      out += s[i];
      i++;
    } else {
      out += s[i] + '\u0000'.repeat(q.end - i - 2) + s[q.end - 1];
      i = q.end;
    }
  }
  return out;
}

/** Every way to cut `s` at ` word ` outside quotes, left to right: [before, after]. */
export function splitsAt(s: string, words: readonly string[]): [string, string][] {
  const masked = maskQuotes(s);
  const re = new RegExp(` (?:${words.join('|')}) `, 'gi');
  const out: [string, string][] = [];
  for (let m = re.exec(masked); m !== null; m = re.exec(masked)) {
    out.push([s.slice(0, m.index), s.slice(m.index + m[0].length)]);
    re.lastIndex = m.index + 1;
  }
  return out;
}

export type ColumnsResult =
  | { ok: true; names: string[]; modifiers: (string | undefined)[] }
  | { ok: false; empty: true }
  | { ok: false; empty: false; unknown: string; reply: string };

const SEPARATOR = /\s*[,;&+]\s*(?:(?:and|or|then)\s+)?|\s+(?:and|or|then)\s+/iy;
const NEXT_SEPARATOR = /\s*[,;&+]|\s+(?:and|or|then)\s+/i;
const LEADING_FILLER = /(?:(?:the|columns?|cols?|fields?|named|called)\s+)+/iy;
const TRAILING_FILLER = /\s+(?:columns?|cols?|fields?)(?=$|[\s,;&+])/iy;
const ONLY_FILLER = /^(?:(?:the|columns?|cols?|fields?|values?)\b\s*)*$/i;
const QUOTES = '"\'`“”‘’«»„';
/** An unclosed quote ("drop column \"age") is a slip, not part of the name. */
const STRAY_QUOTES = /["'`“”‘’«»„]*/y;
const BOUNDARY = /$|[\s,;&+)"'`“”‘’«»„]/y;

function stickyAt(re: RegExp, s: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(s);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const squash = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** A quoted name's column: exact, then ignoring case, then ignoring case and spacing. */
export function findColumn(name: string, columns: readonly Column[]): string | undefined {
  const lower = name.toLowerCase();
  const squashed = squash(name);
  return (
    columns.find((c) => c.name === name)?.name ??
    columns.find((c) => c.name.toLowerCase() === lower)?.name ??
    columns.find((c) => squash(c.name) === squashed)?.name
  );
}

/**
 * Each column as a sticky, case-insensitive pattern for the ways people write it: any run of
 * spaces, underscores, hyphens or dots between its words ("discount pct" for discount_pct,
 * "first name" for firstName), its last word singular or plural ("full names", "emails"), and a
 * tail of symbols left out ("total spent" for "Total Spent ($)", "dept" for "Dept.").
 */
export function matchers(columns: readonly Column[]): { name: string; re: RegExp }[] {
  return columns
    .filter((c) => c.name.trim() !== '')
    .map((c) => ({ name: c.name, re: new RegExp(namePattern(c.name), 'iuy') }));
}

function namePattern(name: string): string {
  const exact = escapeRegExp(name.trim()).replace(/\s+/g, '\\s+');
  const words = name
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  if (words.length === 0) return exact;
  const last = words.at(-1) as string;
  const forms = [...new Set([last, pluralize.plural(last), pluralize.singular(last)])]
    .filter((f) => f !== '')
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  const head = words
    .slice(0, -1)
    .map((w) => `${escapeRegExp(w)}[\\s_\\-./]*`)
    .join('');
  const tail = escapeRegExp(
    name
      .trim()
      .slice(name.trim().search(/[^\p{L}\p{N}]*$/u))
      .trim(),
  );
  const loose = `${head}(?:${forms.join('|')})${tail === '' ? '' : `(?:\\s*${tail})?`}`;
  // The loose form first: it may match longer ("phone numbers"), and the caller checks the boundary.
  return `(?:${loose}|${exact})`;
}

/** The longest column name written at `start`, ending at a word boundary; exact case wins a tie. */
function longestAt(
  s: string,
  start: number,
  patterns: readonly { name: string; re: RegExp }[],
): { name: string; end: number } | undefined {
  let best: { name: string; end: number; exact: boolean } | undefined;
  for (const { name, re } of patterns) {
    const m = stickyAt(re, s, start);
    if (m === null) continue;
    const end = start + m[0].length;
    if (stickyAt(BOUNDARY, s, end) === null) continue;
    const exact = m[0] === name.trim();
    if (best === undefined || end > best.end || (end === best.end && exact && !best.exact)) {
      best = { name, end, exact };
    }
  }
  return best;
}

function formatList(items: readonly string[]): string {
  const quoted = items.map((n) => `“${n}”`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/** At most `max` characters (whole code points), with an ellipsis when cut. */
export function shorten(text: string, max = 60): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}

/** "There is no column …", with the nearest name when one is close, and the columns when few. */
export function unknownColumnReply(name: string, columns: readonly Column[]): string {
  const names = columns.map((c) => c.name);
  // Edit distance is quadratic: a pasted paragraph is no near miss of a column name.
  const hint = name.length <= 200 ? closestName(name, names) : undefined;
  let text = `There is no column “${shorten(name)}”.`;
  if (hint !== undefined) text += ` Did you mean “${hint}”?`;
  text +=
    names.length <= 12
      ? ` The columns are ${formatList(names)}.`
      : ` The dataset has ${plural(names.length, 'column')}; type “list columns” to see them.`;
  return text;
}

/** Whether an unknown name is close enough to a column to be worth suggesting. */
export function hasNearColumn(name: string, columns: readonly Column[]): boolean {
  return (
    name.length <= 200 &&
    closestName(
      name,
      columns.map((c) => c.name),
    ) !== undefined
  );
}

/**
 * The columns named in `phrase`, each with the text of `modifier` (a sticky pattern whose first
 * group is kept, e.g. a sort direction) when it follows the name. Names repeated are kept once.
 */
export function resolveColumns(phrase: string, columns: readonly Column[], modifier?: RegExp): ColumnsResult {
  const s = phrase.trim();
  if (ONLY_FILLER.test(s)) return { ok: false, empty: true };
  const patterns = matchers(columns);
  const names: string[] = [];
  const modifiers: (string | undefined)[] = [];
  const unknown = (start: number): ColumnsResult => {
    const rest = s.slice(start);
    const cut = NEXT_SEPARATOR.exec(rest);
    let name = (cut === null ? rest : rest.slice(0, cut.index)).trim();
    if (modifier !== undefined) {
      const tail = new RegExp(`\\s+(?:${modifier.source})$`, 'i').exec(name);
      if (tail !== null) name = name.slice(0, tail.index);
    }
    name = unquote(name.replace(/\s+(?:columns?|cols?|fields?)$/i, '')).value.replace(
      /^["'`“”‘’«»„]+|["'`“”‘’«»„]+$/g,
      '',
    );
    return { ok: false, empty: false, unknown: name, reply: unknownColumnReply(name, columns) };
  };

  let i = stickyAt(SEPARATOR, s, 0)?.[0].length ?? 0;
  while (i < s.length) {
    const filler = stickyAt(LEADING_FILLER, s, i);
    const starts = filler === null ? [i] : [i, i + filler[0].length];
    let found: { name: string; end: number } | undefined;
    for (const start of starts) {
      const q = readQuoted(s, start);
      if (q !== undefined) {
        const name = findColumn(q.value, columns);
        if (name === undefined) {
          return { ok: false, empty: false, unknown: q.value, reply: unknownColumnReply(q.value, columns) };
        }
        found = { name, end: q.end };
        break;
      }
      const stray = QUOTES.includes(s[start] ?? ' ') ? 1 : 0;
      found = longestAt(s, start + stray, patterns);
      if (found !== undefined) break;
    }
    const itemStart = starts.at(-1) ?? i;
    if (found === undefined) return unknown(itemStart);

    let pos = found.end;
    pos += stickyAt(STRAY_QUOTES, s, pos)?.[0].length ?? 0;
    pos += stickyAt(TRAILING_FILLER, s, pos)?.[0].length ?? 0;
    let mod: string | undefined;
    if (modifier !== undefined) {
      const m = stickyAt(new RegExp(`\\s*(?:${modifier.source})(?=$|[\\s,;&+])`, 'iy'), s, pos);
      if (m !== null) {
        mod = m[1] ?? m[0].trim();
        pos += m[0].length;
        pos += stickyAt(TRAILING_FILLER, s, pos)?.[0].length ?? 0;
      }
    }
    if (pos < s.length) {
      const sep = stickyAt(SEPARATOR, s, pos);
      // A name followed by more words ("age group" when only "age" exists) is not that column.
      if (sep === null || sep[0].length === 0) return unknown(itemStart);
      pos += sep[0].length;
    }
    if (!names.includes(found.name)) {
      names.push(found.name);
      modifiers.push(mod);
    }
    i = pos;
  }
  return names.length === 0 ? { ok: false, empty: true } : { ok: true, names, modifiers };
}
