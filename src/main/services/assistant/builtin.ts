/**
 * The built-in assistant: Cairn's default, offline provider. It reads one plain-English command
 * and answers with one tool call (the same tools a language model calls) or a reply written at
 * once. Deterministic on purpose: the same words on the same columns always do the same thing,
 * so a person can learn the commands and tests can pin them down.
 *
 * Commands are tried in order, each a set of whole-message patterns; the order matters where
 * wordings overlap ("keep rows where …" is a filter, "keep …" picks columns). Column names are
 * resolved by builtin-columns.ts. A pattern whose details do not fit (an unknown type, say) may
 * decline, and the next command is tried.
 */
import { COLUMN_TYPES, type Column, type ColumnType, type OperationInput } from '../../../shared/operations';
import { formatCount, plural } from '../../../shared/text';
import { closestName } from '../datasets/operations/schema';
import {
  hasNearColumn,
  maskQuotes,
  readQuoted,
  resolveColumns,
  shorten,
  splitsAt,
  unquote,
} from './builtin-columns';
import { toExpression } from './builtin/conditions';
import { edit, sortWords } from './builtin/edits';
import { exampleCondition, question } from './builtin/questions';
import type { BuiltinContext, BuiltinPlan } from './types';

interface Command {
  example: string;
  does: string;
  /** First words that point at this command, for the hint when a message is not understood. */
  words?: readonly string[];
}

const COMMANDS: readonly Command[] = [
  { example: 'help', does: 'Lists these commands.' },
  { example: 'list columns', does: 'Names the columns and their types.', words: ['columns'] },
  {
    example: 'show profile',
    does: 'Summarises every column: type, missing values, distinct values, statistics.',
    words: ['profile', 'describe', 'summary', 'summarize', 'summarise', 'stats', 'statistics'],
  },
  {
    example: 'show insights',
    does: 'Lists the problems Cairn found in the data (also: what’s wrong).',
    words: ['insights', 'problems', 'issues', 'wrong'],
  },
  {
    example: 'show first 20 rows',
    does: 'Shows rows of the current version, at most 50 (also: preview).',
    words: ['show', 'preview', 'view', 'display', 'head', 'rows'],
  },
  {
    example: 'show rows where age > 30',
    does: 'Shows the rows that match an expression, without changing anything.',
  },
  {
    example: 'list versions',
    does: 'Lists the dataset’s versions (also: history).',
    words: ['versions', 'history', 'list'],
  },
  {
    example: 'sql SELECT city, count(*) FROM data GROUP BY city',
    does: 'Runs a read-only SQL query over the current version, which is the table data (also: a message starting with SELECT).',
    words: ['sql', 'query', 'select'],
  },
  {
    example: 'how many rows have price over 100',
    does: 'Counts the rows, or those matching a condition in words (also: how many customers are older than 40).',
    words: ['how', 'count', 'number'],
  },
  {
    example: 'what is the average price per City',
    does: 'Average (mean), median, lowest, highest, total or standard deviation of a column; per group with per/by; for some rows with for/where.',
    words: ['average', 'mean', 'median', 'total', 'sum', 'max', 'min', 'highest', 'lowest'],
  },
  {
    example: 'what are the distinct values of City',
    does: 'Lists a column’s values with their counts (how many unique … counts them).',
    words: ['distinct', 'unique', 'different', 'values'],
  },
  {
    example: 'most common City',
    does: 'The most frequent values (top 5 City); top 3 rows by price shows the rows with the highest values.',
    words: ['top', 'most', 'common', 'frequent'],
  },
  {
    example: 'which columns have missing values',
    does: 'Missing values per column (how many missing values in age: one column).',
    words: ['missing', 'null', 'nulls', 'blank', 'empty'],
  },
  {
    example: 'describe price',
    does: 'One column: type, missing values, distinct values, range and most common values.',
  },
  {
    example: 'what is the quality score',
    does: 'The quality score with its parts, and the problems found, in words.',
    words: ['quality', 'score'],
  },
  { example: 'undo', does: 'Goes back to the version before the last change.', words: ['undo', 'revert'] },
  { example: 'redo', does: 'Goes forward again after an undo.', words: ['redo'] },
  {
    example: 'go to v2',
    does: 'Makes another version current, named as in the versions list (also: switch to, go back to version 2).',
    words: ['checkout', 'switch'],
  },
  {
    example: 'compare v1 and v3',
    does: 'What changed between two versions: columns, row counts and changed rows (what changed: the last change).',
    words: ['compare', 'diff', 'changed'],
  },
  {
    example: 'drop columns notes and id',
    does: 'Removes columns (also: remove, delete).',
    words: ['drop', 'remove', 'delete'],
  },
  {
    example: 'keep columns name, age',
    does: 'Keeps only these columns, in this order (also: keep only …, select …).',
    words: ['keep', 'select', 'only'],
  },
  { example: 'rename name to full name', does: 'Renames a column.', words: ['rename'] },
  {
    example: 'remove duplicates',
    does: 'Removes repeated rows, keeping the first.',
    words: ['deduplicate', 'dedupe', 'duplicates'],
  },
  { example: 'remove duplicates by email', does: 'Removes rows whose email already appeared.' },
  {
    example: 'fill missing age with median',
    does: 'Fills empty cells with the mean, median or mode (the most common value).',
    words: ['fill', 'impute'],
  },
  {
    example: 'fill missing city with "Unknown"',
    does: 'Fills empty cells with a value: a number, or text.',
  },
  {
    example: 'fill missing price forward',
    does: 'Fills empty cells with the value above (backward: the value below).',
  },
  {
    example: 'drop rows with missing age',
    does: 'Removes rows where a column is empty (“with missing values”: any column).',
  },
  { example: 'drop empty rows', does: 'Removes rows in which every cell is empty.' },
  {
    example: 'sort by price desc, name',
    does: 'Sorts the rows; each column ascending unless followed by desc.',
    words: ['sort', 'order', 'arrange'],
  },
  {
    example: 'filter age > 30',
    does: 'Keeps the rows that match an expression (also: keep rows where …).',
    words: ['filter', 'where'],
  },
  { example: "remove rows where city = 'NY'", does: 'Removes the rows that match an expression.' },
  {
    example: 'convert age to integer',
    does: 'Changes a column’s type: integer, float, boolean, date, datetime or text.',
    words: ['convert', 'cast', 'change', 'type'],
  },
  { example: 'trim name', does: 'Removes spaces around values.', words: ['trim', 'strip'] },
  {
    example: 'lowercase email',
    does: 'Changes letter case: lowercase, uppercase or title case.',
    words: ['lowercase', 'uppercase', 'capitalize', 'case'],
  },
  {
    example: 'replace "NY" with "New York" in city',
    does: 'Replaces text inside values; add “exactly” to replace whole values only.',
    words: ['replace', 'substitute'],
  },
  {
    example: 'clip outliers in price',
    does: 'Caps values lying beyond 1.5 × the interquartile range (clip price between 0 and 100: to bounds).',
    words: ['clip', 'cap', 'outliers', 'outlier'],
  },
  {
    example: 'add column total = price * 2',
    does: 'Derives a column from arithmetic in words or an expression (also: create revenue as qty times price).',
    words: ['add', 'create', 'derive', 'calculate', 'compute', 'new'],
  },
  {
    example: 'combine City and notes into place with ", "',
    does: 'Merges columns into a new one with a separator (a space unless said: with a comma, separated by "-").',
    words: ['combine', 'merge', 'concatenate', 'join'],
  },
  {
    example: 'split name on " " into first, last',
    does: 'Splits a column on a delimiter (space, comma, dash or quoted text) into named columns.',
    words: ['split', 'separate'],
  },
  {
    example: 'keep the first 100 rows',
    does: 'Keeps the first N rows; take a random sample of 10% (or of 50 rows) keeps a random part.',
    words: ['first', 'sample', 'limit', 'random'],
  },
  {
    example: 'move email to the front',
    does: 'Moves columns to the front, to the end, or after/before another (also: reorder columns email, name).',
    words: ['move', 'put', 'reorder'],
  },
  {
    example: 'group by City and average price',
    does: 'Groups rows and aggregates: sum, average, median, min, max, count, number of unique — a new table.',
    words: ['group', 'aggregate', 'summarize', 'summarise'],
  },
  {
    example: 'sort by age, oldest first',
    does: 'Sort words: largest/smallest/newest/oldest first, A to Z, high to low, alphabetically.',
  },
];

/** The documented command set: the single source of the help reply and of docs/assistant.md. */
export const BUILTIN_COMMANDS: readonly { example: string; does: string }[] = COMMANDS.map(
  ({ example, does }) => ({ example, does }),
);

export function builtinHelp(): string {
  return [
    'I answer questions about the data and make changes you describe (in any letter case):',
    ...BUILTIN_COMMANDS.map((c) => `- ${c.example} — ${c.does}`),
    'Column names can be written as you say them (any case, singular or plural, spaces for underscores); quote a name to be exact, like "first name".',
    "Conditions can be words (city is Boston, price over 100, signed up after March 2023) or Cairn expressions (age >= 18 AND city IN ('NY', 'LA')).",
  ].join('\n');
}

/** Filter expressions may be 10,000 characters; NOT ( … ) must still fit. */
const MAX_LENGTH = 4_000;
const MAX_NAME_LENGTH = 500;

const NO_DATASET =
  'This chat needs a dataset open to work on. Open or import one, then ask again — or type help to see the commands.';

function reply(text: string): BuiltinPlan {
  return { kind: 'reply', text };
}

function apply(operation: OperationInput): BuiltinPlan {
  return { kind: 'tool', call: { name: 'apply_operation', arguments: { operation } } };
}

function call(name: 'show_profile' | 'list_insights' | 'list_versions' | 'undo' | 'redo'): BuiltinPlan {
  return { kind: 'tool', call: { name, arguments: {} } };
}

/** "v3", "version 3", "3" → "v3"; "previous", "the one before" → "previous". */
function versionWord(word: string): string {
  const n = /(\d+)/.exec(word)?.[1];
  return n === undefined ? 'previous' : `v${Number(n)}`;
}

function checkout(word: string): BuiltinPlan {
  return { kind: 'tool', call: { name: 'checkout', arguments: { versionId: versionWord(word) } } };
}

function compare(from: string, to: string): BuiltinPlan {
  return { kind: 'tool', call: { name: 'diff_versions', arguments: { from, to } } };
}

type Columns = { names: string[]; modifiers: (string | undefined)[] } | { plan: BuiltinPlan };

/** The columns of `phrase`, or the reply to give: `ask` when none are named. */
function columnsIn(phrase: string, columns: readonly Column[], ask: string, modifier?: RegExp): Columns {
  const r = resolveColumns(phrase, columns, modifier);
  if (r.ok) return { names: r.names, modifiers: r.modifiers };
  return { plan: reply(r.empty ? ask : r.reply) };
}

/** Collapses spaces and line breaks outside quotes; quoted values keep theirs. */
function collapseSpaces(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const q = readQuoted(text, i);
    if (q !== undefined) {
      out += text.slice(i, q.end);
      i = q.end;
    } else if (/\s/.test(text[i] as string)) {
      out += ' ';
      while (i < text.length && /\s/.test(text[i] as string)) i++;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

/** Without politeness and end punctuation, which change nothing about the command. */
function normalize(text: string): string {
  let t = collapseSpaces(text).trim();
  let previous = '';
  while (t !== previous) {
    previous = t;
    t = t
      .replace(/^(?:(?:can|could|would|will) you |please |kindly )/i, '')
      .replace(/[.!?]+$/, '')
      .replace(/,? ?\bplease$/i, '')
      .trim();
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Pieces shared by several commands

const TYPE_WORDS: Readonly<Record<string, ColumnType>> = {
  integer: 'integer',
  int: 'integer',
  int64: 'integer',
  'whole number': 'integer',
  float: 'float',
  double: 'float',
  decimal: 'float',
  'decimal number': 'float',
  number: 'float',
  numeric: 'float',
  real: 'float',
  boolean: 'boolean',
  bool: 'boolean',
  'true/false': 'boolean',
  date: 'date',
  datetime: 'datetime',
  'date-time': 'datetime',
  'date time': 'datetime',
  timestamp: 'datetime',
  text: 'text',
  string: 'text',
  str: 'text',
};

function typeFromWord(word: string): ColumnType | undefined {
  const w = word.toLowerCase().trim();
  return TYPE_WORDS[w] ?? (w.endsWith('s') ? TYPE_WORDS[w.slice(0, -1)] : undefined);
}

type Case = 'lower' | 'upper' | 'title';
const CASE_WORDS = 'lower[ -]?case|upper[ -]?case|title[ -]?case|proper case|all caps|capitals';

function caseFromWord(word: string): Case | undefined {
  const w = word.toLowerCase();
  if (w.startsWith('lower')) return 'lower';
  if (w.startsWith('upper') || w === 'all caps' || w === 'capitals') return 'upper';
  if (w.startsWith('title') || w.startsWith('proper') || w.startsWith('capitali')) return 'title';
  return undefined;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** A value as typed: quoted → that text; a number → the number; anything else → the text. */
function literal(text: string): string | number {
  const { value, quoted } = unquote(text);
  if (!quoted && NUMBER.test(value) && Number.isFinite(Number(value))) return Number(value);
  return value;
}

const ROWS = '(?:rows?|records?|entries|lines)';
const REMOVE = '(?:drop|remove|delete|exclude|discard|get rid of|filter out)';
const MISSING = '(?:missing|empty|blank|blanks|nulls|null|nan|na|n/a|gaps)';

// ---------------------------------------------------------------------------------------------
// Commands

function listColumns(columns: readonly Column[]): BuiltinPlan {
  const shown = columns.slice(0, 100).map((c) => `${c.name} (${c.type})`);
  const more =
    columns.length > shown.length ? `, and ${formatCount(columns.length - shown.length)} more` : '';
  return reply(`The dataset has ${plural(columns.length, 'column')}: ${shown.join(', ')}${more}.`);
}

function preview(limitText: string | undefined, filter: string | undefined): BuiltinPlan {
  const args: { limit?: number; filter?: string } = {};
  if (limitText !== undefined) args.limit = Math.min(50, Math.max(1, Number(limitText)));
  if (filter !== undefined) args.filter = filter;
  return { kind: 'tool', call: { name: 'preview_rows', arguments: args } };
}

function deduplicate(
  by: string | undefined,
  keep: string | undefined,
  columns: readonly Column[],
): BuiltinPlan {
  const keepLast = keep?.toLowerCase() === 'last';
  if (by === undefined) return apply({ op: 'deduplicate', keep: keepLast ? 'last' : 'first' });
  const r = columnsIn(
    by,
    columns,
    'Say which columns make a row a duplicate, like “remove duplicates by email”.',
  );
  if ('plan' in r) return r.plan;
  return apply({ op: 'deduplicate', columns: r.names, keep: keepLast ? 'last' : 'first' });
}

/** "values in age and city", "age", "values" (every column) after "rows with missing". */
function dropMissing(rest: string, columns: readonly Column[]): BuiltinPlan {
  const direct = rest.trim() === '' ? undefined : resolveColumns(rest, columns);
  if (direct?.ok) return apply({ op: 'drop_missing', columns: direct.names, how: 'any' });
  const named = rest
    .trim()
    .replace(/^(?:values?|cells?|data|fields?|entries)\b\s*/i, '')
    .replace(/^(?:in|for|of|from)\b\s*/i, '');
  if (/^(?:any )?(?:columns?)?$/i.test(named)) return apply({ op: 'drop_missing', how: 'any' });
  const r = columnsIn(named, columns, 'Say which column, like “drop rows with missing age”.');
  if ('plan' in r) return r.plan;
  return apply({ op: 'drop_missing', columns: r.names, how: 'any' });
}

const SORT_DIRECTION =
  /(?:in )?(asc|ascending|desc|descending|increasing|decreasing|reversed?|a-z|z-a|a to z|z to a|low to high|high to low|smallest first|largest first|oldest first|newest first)(?: order)?/i;

function isDescending(word: string | undefined): boolean {
  return (
    word !== undefined &&
    /^(?:desc|descending|decreasing|reversed?|z-a|z to a|high to low|largest first|newest first)$/i.test(word)
  );
}

const SORT_ASK = 'Say which columns to sort by, like “sort by price desc, name”.';

function sort(leading: string | undefined, body: string, columns: readonly Column[]): BuiltinPlan {
  if (/^(?:by|on|using)$/i.test(body)) return reply(SORT_ASK);
  const r = columnsIn(body, columns, SORT_ASK, SORT_DIRECTION);
  if ('plan' in r) return r.plan;
  const keys = r.names.map((column, i) => ({
    column,
    direction: isDescending(r.modifiers[i] ?? leading) ? ('desc' as const) : ('asc' as const),
  }));
  return apply({ op: 'sort', keys });
}

const STRATEGIES: readonly [RegExp, 'mean' | 'median' | 'mode' | 'forward' | 'backward'][] = [
  [/^median$/i, 'median'],
  [/^(?:mean|average|avg)$/i, 'mean'],
  [/^(?:mode|most (?:common|frequent))$/i, 'mode'],
  [/^(?:forwards?(?: fill)?|ffill|previous|last|down)$/i, 'forward'],
  [/^(?:backwards?(?: fill)?|bfill|next|up)$/i, 'backward'],
];

function strategyOf(text: string): (typeof STRATEGIES)[number][1] | undefined {
  const { value, quoted } = unquote(text);
  if (quoted) return undefined;
  const word = value.replace(/^the /i, '').replace(/ (?:values?|one)$/i, '');
  return STRATEGIES.find(([re]) => re.test(word))?.[1];
}

const FILL_ASK =
  'Say what to fill with: a value, mean, median, mode, forward or backward — like “fill missing age with median”.';
const FILL_COLUMN_ASK = 'Say which column to fill, like “fill missing age with median”.';

/** "<columns> with <value or strategy>" or "<columns> forward". */
function fill(body: string, columns: readonly Column[]): BuiltinPlan {
  if (/^(?:with|using|to) /i.test(body) || new RegExp(`^${MISSING}(?: values)?$`, 'i').test(body)) {
    return reply(FILL_COLUMN_ASK);
  }
  const splits = splitsAt(body, ['with', 'using', 'to']);
  let first: BuiltinPlan | undefined;
  for (const [left, right] of splits) {
    const r = columnsIn(left, columns, FILL_COLUMN_ASK);
    if ('plan' in r) {
      first ??= r.plan;
      continue;
    }
    const strategy = strategyOf(right);
    if (strategy !== undefined) return apply({ op: 'fill_missing', columns: r.names, strategy });
    return apply({ op: 'fill_missing', columns: r.names, strategy: 'value', value: literal(right) });
  }
  if (first !== undefined) return first;
  const direction = /^(.+) (forwards?|backwards?|down|up)(?: fill)?$/i.exec(body);
  if (direction !== null) {
    const r = columnsIn(direction[1] ?? '', columns, FILL_COLUMN_ASK);
    if ('plan' in r) return r.plan;
    return apply({
      op: 'fill_missing',
      columns: r.names,
      strategy: strategyOf(direction[2] ?? '') ?? 'forward',
    });
  }
  const r = columnsIn(body, columns, FILL_COLUMN_ASK);
  return 'plan' in r ? r.plan : reply(FILL_ASK);
}

/** One column for the commands whose operation takes exactly one. */
function oneColumn(
  phrase: string,
  columns: readonly Column[],
  ask: string,
  what: string,
): string | BuiltinPlan {
  const r = columnsIn(phrase, columns, ask);
  if ('plan' in r) return r.plan;
  if (r.names.length > 1) return reply(`${what} one column at a time.`);
  return r.names[0] as string;
}

function cast(verb: string, body: string, typeWord: string, columns: readonly Column[]): BuiltinPlan | null {
  const to = typeFromWord(typeWord);
  if (to === undefined) {
    // "change a to b" may be meant as a rename; only "convert"/"cast" certainly name a type.
    if (!/^(?:convert|cast)$/i.test(verb)) return null;
    return reply(
      `I can convert a column to ${COLUMN_TYPES.join(', ')}; “${shorten(typeWord)}” is not one of them.`,
    );
  }
  const phrase = body.replace(/^(?:the )?(?:data )?type of /i, '').replace(/(?:['’]s)? (?:data )?type$/i, '');
  const column = oneColumn(
    phrase,
    columns,
    'Say which column to convert, like “convert age to integer”.',
    'Convert',
  );
  if (typeof column !== 'string') return column;
  return apply({ op: 'cast_type', column, to });
}

/** Every text column, for "trim all columns". */
const ALL_COLUMNS = /^(?:all|every|each)(?: (?:the|of the))?(?: text)? columns?$|^everything$/i;

function textClean(verbs: string, phrase: string, columns: readonly Column[]): BuiltinPlan {
  const v = verbs.toLowerCase();
  const collapse = /collapse|normali|clean/.test(v);
  const trim = collapse || /trim|strip/.test(v);
  let letterCase: Case | 'none' = 'none';
  for (const word of v.split(/,? and |, /)) letterCase = caseFromWord(word) ?? letterCase;
  let names: string[];
  if (ALL_COLUMNS.test(phrase.trim())) {
    names = columns.filter((c) => c.type === 'text').map((c) => c.name);
    if (names.length === 0) return reply('The dataset has no text columns.');
  } else {
    const r = columnsIn(phrase, columns, 'Say which column, like “trim name”.');
    if ('plan' in r) return r.plan;
    names = r.names;
  }
  return apply({ op: 'text_clean', columns: names, trim, case: letterCase, collapseWhitespace: collapse });
}

const REPLACE_ASK =
  'Say what to replace, with what, and in which column, like “replace "NY" with "New York" in city”.';

/** `<find> with <replacement> in <columns>`; "exactly" and "ignoring case" anywhere outside quotes. */
function findReplace(body: string, columns: readonly Column[]): BuiltinPlan {
  let text = body;
  let exact = false;
  let caseSensitive = true;
  const flags =
    /(?:^| )(exactly|as whole values|ignoring case|ignore case|case[ -]insensitive(?:ly)?|any case)(?= |$)/gi;
  // From the end, so that the earlier matches' positions still hold after each cut.
  for (const m of [...maskQuotes(text).matchAll(flags)].reverse()) {
    const flag = (m[1] ?? '').toLowerCase();
    if (flag === 'exactly' || flag === 'as whole values') exact = true;
    else caseSensitive = false;
    text = `${text.slice(0, m.index)}${text.slice(m.index + m[0].length)}`;
  }
  text = text.trim().replace(/^all (?=["'“‘`])/i, '');

  let find: string;
  let rest: string;
  const q = readQuoted(text, 0);
  const afterQuote = q === undefined ? null : /^ (?:with|by) /i.exec(text.slice(q.end));
  if (q !== undefined && afterQuote !== null) {
    find = q.value;
    rest = text.slice(q.end + afterQuote[0].length);
  } else {
    const split = splitsAt(text, ['with', 'by'])[0];
    if (split === undefined) return reply(REPLACE_ASK);
    find = unquote(split[0]).value;
    rest = split[1];
  }
  if (find === '') return reply('Say what text to replace; it cannot be empty.');

  const candidates: [string, string][] = [];
  const rq = readQuoted(rest, 0);
  const inAfter = rq === undefined ? null : /^ in /i.exec(rest.slice(rq.end));
  if (rq !== undefined && inAfter !== null)
    candidates.push([rest.slice(0, rq.end), rest.slice(rq.end + inAfter[0].length)]);
  else candidates.push(...splitsAt(rest, ['in']));
  if (candidates.length === 0) return reply(REPLACE_ASK);

  let last: BuiltinPlan | undefined;
  for (const [replacement, where] of candidates) {
    const r = columnsIn(where, columns, REPLACE_ASK);
    if ('plan' in r) {
      last = r.plan;
      continue;
    }
    return apply({
      op: 'find_replace',
      columns: r.names,
      find,
      replace: unquote(replacement).value,
      mode: exact ? 'exact' : 'contains',
      caseSensitive,
    });
  }
  return last ?? reply(REPLACE_ASK);
}

function rename(body: string, columns: readonly Column[]): BuiltinPlan {
  const splits = splitsAt(body, ['to', 'as', 'into']);
  if (splits.length === 0) return reply('Say the new name, like “rename name to full name”.');
  let first: BuiltinPlan | undefined;
  for (const [left, right] of splits) {
    const column = oneColumn(
      left,
      columns,
      'Say which column to rename, like “rename name to full name”.',
      'Rename',
    );
    if (typeof column !== 'string') {
      first ??= column;
      continue;
    }
    const { value: to, quoted } = unquote(right);
    if (!quoted && / to /i.test(maskQuotes(to))) {
      return reply('Rename one column at a time, or put the new name in quotes.');
    }
    if (to.trim() === '') return reply('The new name cannot be empty.');
    if (to.length > MAX_NAME_LENGTH)
      return reply(`A column name can have at most ${MAX_NAME_LENGTH} characters.`);
    if (to === column) return reply(`The column is already called “${column}”.`);
    return apply({ op: 'rename_columns', renames: [{ from: column, to }] });
  }
  return first ?? reply('Say which column to rename, like “rename name to full name”.');
}

interface Rule {
  patterns: readonly RegExp[];
  /** null: the words matched but the details do not fit this command; try the next one. */
  build(m: RegExpExecArray, columns: readonly Column[], context: BuiltinContext): BuiltinPlan | null;
}

/** Optional "by <columns>" and "keeping the last": groups 1 and 2. */
const DEDUPE_TAIL =
  '(?: (?:by|on|in|based on|using|across|considering|for|of)(?: the)? (.+?))?(?:,? keep(?:ing)?(?: the)? (first|last)(?: one| occurrence| row)?)?$';

const TEXT_VERB = `trim|strip|${CASE_WORDS}|capitali[sz]e|(?:collapse|normali[sz]e|clean(?: up)?) (?:whitespace|spaces)`;

const RULES: readonly Rule[] = [
  {
    patterns: [
      /^(?:list|show|view|see|what are)(?: me)?(?: the)? (?:columns|column names|fields|schema)$/i,
      /^(?:columns|schema|(?:what|which) columns(?: are there| do (?:i|we|you) have)?)$/i,
    ],
    build: (_m, columns) => listColumns(columns),
  },
  {
    patterns: [
      /^(?:(?:show|view|see|open|display|give)(?: me)? )?(?:the )?(?:data |column )?(?:profile|summary|statistics|stats|overview)$/i,
      /^(?:profile|describe|summari[sz]e)(?: (?:the|this|my))?(?: (?:data|dataset|table|columns))?$/i,
    ],
    build: () => call('show_profile'),
  },
  {
    patterns: [
      /^(?:(?:show|list|view|see|display|give)(?: me)? )?(?:the )?(?:any )?(?:insights|problems|issues|quality issues|data quality)$/i,
      /^what(?:['’]?s| is) wrong(?: with (?:the |this |my )?(?:data|dataset|table))?$/i,
      /^(?:are there )?any (?:problems|issues)$/i,
      /^(?:what(?:['’]s| is| are)|show|tell me|give me|how (?:good|clean|bad) is)\b.*\b(?:quality|score|biggest problems?|main problems?|issues)\b.*$/i,
      /^(?:(?:data )?quality(?: score)?|score)(?: and why)?$/i,
      /^how (?:good|clean|bad|reliable) is (?:the |this |my )?(?:data|dataset|table)(?: and why)?$/i,
    ],
    build: () => call('list_insights'),
  },
  {
    patterns: [
      /^(?:(?:list|show|view|see|display)(?: me)? )?(?:the |all )?(?:versions|version history|history)$/i,
    ],
    build: () => call('list_versions'),
  },
  {
    patterns: [
      /^(?:go(?: back)? to|switch(?: back)? to|check ?out|jump(?: back)? to|return to|restore|open)(?: the)? (v\d+|version \d+|previous version|version before|one before)(?: (?:current|again))?$/i,
    ],
    build: (m) => checkout(m[1] ?? ''),
  },
  {
    patterns: [
      /^(?:compare|diff)(?: versions?)? (v?\d+)(?: and| with| to| vs\.?| versus|,)? (?:version )?(v?\d+)$/i,
      /^what(?:['’]?s| has| have)? changed (?:between|from) (?:versions? )?(v?\d+) (?:and|to) (?:version )?(v?\d+)$/i,
    ],
    build: (m) => compare(versionWord(m[1] ?? ''), versionWord(m[2] ?? '')),
  },
  {
    patterns: [
      /^what(?:['’]?s| has)? changed(?: (?:last|in the last (?:change|step)|since the (?:last|previous) version))?$/i,
      /^what did (?:that|it|this|the last (?:change|step)) (?:do|change)$/i,
      /^(?:show(?: me)? )?(?:the )?(?:diff|changes|last change)$/i,
    ],
    build: () => compare('previous', 'current'),
  },
  {
    patterns: [/^undo(?: (?:that|it|this|(?:the )?last (?:change|step|operation|edit)))?$/i],
    build: () => call('undo'),
  },
  {
    patterns: [/^redo(?: (?:that|it|this|(?:the )?last (?:change|step|operation|edit)))?$/i],
    build: () => call('redo'),
  },
  {
    patterns: [
      /^(?:show|preview|view|see|display|give)(?: me)?(?: only)?(?: (?:the|all))?(?: (?:first|top))?(?: (\d+))?(?: (?:rows?|records?|lines|data|table))?(?: (?:where|if|for which|matching) (.+))?$/i,
      /^head(?: (\d+))?$/i,
    ],
    build: (m, _columns, context) => {
      if (m[2] === undefined) return preview(m[1], undefined);
      const cond = toExpression(m[2], context);
      return cond.ok ? preview(m[1], cond.expression) : reply(cond.reason);
    },
  },
  {
    patterns: [
      new RegExp(
        `^(?:deduplicate|dedupe|dedup|de-duplicate)(?: the)?(?: ${ROWS}| data| dataset| table)?${DEDUPE_TAIL}`,
        'i',
      ),
      new RegExp(
        `^${REMOVE}(?: the| all| any)?(?: exact)? (?:duplicates|duplicate|duplicated ${ROWS}|duplicate ${ROWS})${DEDUPE_TAIL}`,
        'i',
      ),
    ],
    build: (m, columns) => deduplicate(m[1], m[2], columns),
  },
  {
    patterns: [
      new RegExp(
        `^${REMOVE}(?: all)?(?: the)? (?:(?:completely|entirely|fully|totally) )?(?:empty|blank) ${ROWS}$`,
        'i',
      ),
      new RegExp(
        `^${REMOVE}(?: all)?(?: the)? ${ROWS} (?:that are|which are|where all values are|where every value is|with all values|with every value)(?: (?:completely|entirely|fully|totally))? (?:empty|blank|missing)$`,
        'i',
      ),
    ],
    build: () => apply({ op: 'drop_missing', how: 'all' }),
  },
  {
    patterns: [
      new RegExp(
        `^${REMOVE}(?: all)?(?: the)? ${ROWS} (?:with|that have|having|containing|where there (?:is|are))(?: (?:any|a|some))? ${MISSING}\\b ?(.*)$`,
        'i',
      ),
    ],
    build: (m, columns) => dropMissing(m[1] ?? '', columns),
  },
  {
    patterns: [
      new RegExp(
        `^${REMOVE}(?: all)?(?: the)? ${ROWS} where (.+?) (?:is|are)(?: (?:missing|empty|blank))$`,
        'i',
      ),
    ],
    build: (m, columns) => {
      const r = resolveColumns(m[1] ?? '', columns);
      return r.ok ? apply({ op: 'drop_missing', columns: r.names, how: 'any' }) : null;
    },
  },
  {
    patterns: [
      new RegExp(
        `^${REMOVE}(?: all)?(?: the)? ${ROWS} (?:where|if|that|which|for which|with|matching) (.+)$`,
        'i',
      ),
      /^filter out (.+)$/i,
    ],
    build: (m, _columns, context) => {
      const cond = toExpression(m[1] ?? '', context);
      return cond.ok
        ? apply({ op: 'filter_rows', expression: `NOT coalesce(${cond.expression}, FALSE)` })
        : reply(cond.reason);
    },
  },
  {
    patterns: [
      /^filter(?: (?:the )?(?:rows?|data|table))?(?: (?:where|by|to|for|on|if|so that|such that))? (.+)$/i,
      new RegExp(
        `^(?:keep|only keep|keep only|only|select|select only|include|retain)(?: only)?(?: the)? ${ROWS} (?:where|if|that|which|for which|with|matching) (.+)$`,
        'i',
      ),
    ],
    build: (m, _columns, context) => {
      if (/^(?:the )?(?:rows?|data|table)$/i.test(m[1] ?? ''))
        return reply('Say which rows to keep, like “filter age > 30”.');
      const cond = toExpression(m[1] ?? '', context);
      return cond.ok ? apply({ op: 'filter_rows', expression: cond.expression }) : reply(cond.reason);
    },
  },
  {
    patterns: [
      /^(?:drop|remove|delete|get rid of|hide)(?: the)? (?:columns?|cols?|fields?) (.+)$/i,
      /^(?:drop|remove|delete|get rid of|hide)(?: the)? (.+?) (?:columns?|cols?|fields?)$/i,
    ],
    build: (m, columns) => {
      const r = columnsIn(
        m[1] ?? '',
        columns,
        'Say which columns to drop, like “drop columns notes and id”.',
      );
      return 'plan' in r ? r.plan : apply({ op: 'drop_columns', columns: r.names });
    },
  },
  {
    patterns: [/^(?:keep|select|choose|pick|only keep|retain|show only)(?: only)? (.+?)(?: only)?$/i],
    build: (m, columns, context) => {
      const r = columnsIn(m[1] ?? '', columns, 'Say which columns to keep, like “keep columns name, age”.');
      if (!('plan' in r)) return apply({ op: 'select_columns', columns: r.names });
      // "keep customers older than 40": rows, not columns.
      const cond = toExpression(m[1] ?? '', context);
      return cond.ok ? apply({ op: 'filter_rows', expression: cond.expression }) : r.plan;
    },
  },
  {
    patterns: [/^rename (.+)$/i],
    build: (m, columns) => rename(m[1] ?? '', columns),
  },
  {
    patterns: [
      new RegExp(
        `^(?:fill|replace|impute|set)(?: in)?(?: all)?(?: the)? ${MISSING}(?: values?| cells?| entries| data)?(?: (?:in|of|for))?(?: the)? (.+)$`,
        'i',
      ),
      /^(?:forwards?|backwards?)[ -]?fill (?:in )?(?:the )?(?:missing (?:values )?(?:in |of )?(?:the )?)?(.+)$/i,
      /^(?:ffill|bfill) (.+)$/i,
      /^fill(?: in)? (.+)$/i,
    ],
    build: (m, columns) => {
      const leading = /^(forwards?|backwards?|ffill|bfill)/i.exec(m[0]);
      if (leading !== null) {
        const r = columnsIn(m[1] ?? '', columns, FILL_COLUMN_ASK);
        if ('plan' in r) return r.plan;
        return apply({
          op: 'fill_missing',
          columns: r.names,
          strategy: strategyOf(leading[1] ?? '') ?? 'forward',
        });
      }
      return fill(m[1] ?? '', columns);
    },
  },
  {
    patterns: [
      new RegExp(
        `^(?:sort|order|arrange)(?: the)?(?: (?:rows|data|table|dataset))?(?: (${SORT_DIRECTION.source}))?(?: (?:by|on|using))? (.+)$`,
        'i',
      ),
    ],
    build: (m, columns) => sort(m[2], m.at(-1) ?? '', columns),
  },
  {
    patterns: [
      new RegExp(
        `^(?:make|turn|convert|change|put|set|cast)(?: the)? (.+?)(?: (?:to|into|in|as))? (${CASE_WORDS})(?: letters| text)?$`,
        'i',
      ),
    ],
    build: (m, columns) => textClean(m[2] ?? '', m[1] ?? '', columns),
  },
  {
    patterns: [
      /^(convert|cast|change|turn|make|set)(?: the)? (.+) (?:to|into|as)(?: (?:an?|the))? ([a-z][a-z /-]*?)(?: types?| values?| columns?)?$/i,
      /^(make|turn)(?: the)? (.+) (?:an?) ([a-z][a-z /-]*?)(?: types?| values?| columns?)?$/i,
    ],
    build: (m, columns) => cast(m[1] ?? '', m[2] ?? '', m[3] ?? '', columns),
  },
  {
    patterns: [
      new RegExp(
        `^((?:${TEXT_VERB})(?:(?:,? and|,) (?:${TEXT_VERB}))*)(?: (?:the )?(?:whitespace|white space|spaces|extra spaces|values))?(?: (?:in|from|of|on|for))?(?: the)? (.+)$`,
        'i',
      ),
    ],
    build: (m, columns) => textClean(m[1] ?? '', m[2] ?? '', columns),
  },
  {
    patterns: [/^(?:replace|substitute) (.+)$/i],
    build: (m, columns) => findReplace(m[1] ?? '', columns),
  },
  {
    patterns: [
      /^(?:clip|cap|clamp|winsori[sz]e)(?: the)?(?: extreme)? outliers? (?:in|of|for|on|from)(?: the)? (.+)$/i,
      /^(?:clip|cap|clamp|winsori[sz]e)(?: the)? (.+?) outliers?$/i,
    ],
    build: (m, columns) => {
      const column = oneColumn(
        m[1] ?? '',
        columns,
        'Say which column, like “clip outliers in price”.',
        'Clip outliers in',
      );
      if (typeof column !== 'string') return column;
      return apply({ op: 'clip_outliers', column, method: 'iqr' });
    },
  },
  {
    // "drop notes": a column named without the word "column". Only a near miss earns the
    // unknown-column reply; anything else ("remove the mess") is simply not understood.
    patterns: [/^(?:drop|remove|delete|get rid of|exclude|discard)(?: the)? (.+)$/i],
    build: (m, columns, context) => {
      const r = resolveColumns(m[1] ?? '', columns);
      if (r.ok) return apply({ op: 'drop_columns', columns: r.names });
      if (!r.empty && hasNearColumn(r.unknown, columns)) return reply(r.reply);
      // "drop customers younger than 30", "get rid of the returned orders": rows.
      const cond = toExpression(m[1] ?? '', context);
      if (cond.ok) return apply({ op: 'filter_rows', expression: `NOT coalesce(${cond.expression}, FALSE)` });
      return !r.empty && /\b(?:columns?|fields?)\b/i.test(m[1] ?? '') ? reply(r.reply) : null;
    },
  },
];

/**
 * The first rules: fixed commands that read or move between versions (columns, profile,
 * insights, versions, checkout, compare, undo, redo).
 */
const READ_ONLY_RULES = 9;

const HELP =
  /^(?:help|help me|commands|(?:show|list) (?:the )?commands|what can (?:you|i) do|what do you (?:do|understand)|how does this work|how do i use (?:this|you))$/i;

const HINT_WORDS = new Map<string, string>(
  COMMANDS.flatMap((c) => (c.words ?? []).map((w): [string, string] => [w, c.example])),
);

function notUnderstood(t: string, columns: readonly Column[]): BuiltinPlan {
  const first = (/^[\p{L}-]+/u.exec(t)?.[0] ?? '').toLowerCase();
  const known = HINT_WORDS.get(first);
  // closestName misses swapped letters in short words ("dorp"), the commonest typing slip.
  const letters = (w: string) => [...w].sort().join('');
  const near =
    known ??
    (first.length >= 3
      ? (closestName(first, [...HINT_WORDS.keys()]) ??
        [...HINT_WORDS.keys()].find((w) => letters(w) === letters(first)))
      : undefined);
  const example = known ?? (near === undefined ? undefined : HINT_WORDS.get(near));
  return reply(
    `I don’t understand “${shorten(t)}”, so I changed nothing. ${suggestions(example, columns)} Type help to see everything I know.`,
  );
}

/** Two or three commands close to what was typed, with this dataset's own columns filled in. */
function suggestions(example: string | undefined, columns: readonly Column[]): string {
  const num = columns.find((c) => c.type === 'integer' || c.type === 'float')?.name;
  const text = columns.find((c) => c.type === 'text')?.name ?? columns[0]?.name ?? 'name';
  const picks = [
    example ? withColumns(example, columns) : undefined,
    num ? `what is the average ${num}` : `how many rows`,
    `how many rows have ${exampleCondition(columns)}`,
    `sort by ${num ?? text} descending`,
  ].filter((x): x is string => x !== undefined);
  return `You could try: ${[...new Set(picks)]
    .slice(0, 3)
    .map((p) => `“${p}”`)
    .join(', ')}.`;
}

/** A catalogue example with its column words swapped for this dataset's columns. */
function withColumns(example: string, columns: readonly Column[]): string {
  const num = columns.find((c) => c.type === 'integer' || c.type === 'float')?.name;
  const text = columns.find((c) => c.type === 'text')?.name ?? columns[0]?.name;
  const any = columns[0]?.name;
  const has = (w: string) => columns.some((c) => c.name.toLowerCase() === w.toLowerCase());
  const swap = (w: string, by: string | undefined) => (has(w) ? w : (by ?? w));
  return example
    .replace(/\b(?:age|price)\b/gi, (w) => swap(w, num ?? any))
    .replace(/\b(?:name|city|email|notes)\b/gi, (w) => swap(w, text))
    .replace(/\bid\b/g, (w) => swap(w, columns[1]?.name ?? any));
}

/**
 * `sql <query>`, `query: <query>` (the colon keeps “query the data” a sentence), or a message that
 * is itself a SELECT … FROM (the FROM tells it from “select columns a, b”).
 */
const SQL_COMMAND = /^\s*(?:(?:sql\b:?|query:)\s*([\s\S]*)|((?:select|with)\s[\s\S]*\bfrom\s[\s\S]*))$/i;

/** One chat message → one tool call, or a reply. Pure: the same text and columns, the same answer. */
export function interpret(text: string, context: BuiltinContext): BuiltinPlan {
  if (text.length > MAX_LENGTH) {
    return reply(
      `That message is too long for the built-in assistant (${formatCount(text.length)} characters; at most ${formatCount(MAX_LENGTH)}).`,
    );
  }
  if (/^[\s?]*\?[\s?]*$/.test(text)) return reply(builtinHelp());
  // SQL is taken as typed: normalising (case, punctuation) would change the query.
  const sql = SQL_COMMAND.exec(text);
  if (sql) {
    if (context.columns.length === 0) return reply(NO_DATASET);
    const query = (sql[1] ?? sql[2] ?? '').trim();
    if (query === '') return reply('Write the query after “sql”, like “sql SELECT count(*) FROM data”.');
    return { kind: 'tool', call: { name: 'run_sql', arguments: { query } } };
  }
  const t = normalize(text);
  if (t === '') return reply('Type a command, like “show profile”, or help to see them all.');
  if (HELP.test(t)) return reply(builtinHelp());
  const tryRules = (rules: readonly Rule[]): BuiltinPlan | null => {
    for (const rule of rules) {
      for (const pattern of rule.patterns) {
        const m = pattern.exec(t);
        if (m === null) continue;
        const plan = rule.build(m, context.columns, context);
        if (plan !== null) return plan;
      }
    }
    return null;
  };
  if (context.columns.length === 0) return reply(NO_DATASET);
  // The pipeline: fixed read-only commands, questions answered from the data, the operations
  // with slots, then the older command rules; what none of them reads gets suggestions.
  return (
    tryRules(RULES.slice(0, READ_ONLY_RULES)) ??
    sortWords(t, context.columns) ??
    question(t, context) ??
    edit(t, context) ??
    tryRules(RULES.slice(READ_ONLY_RULES)) ??
    notUnderstood(t, context.columns)
  );
}
