/**
 * The expression language's catalogue: every function and operator it accepts, with a signature
 * and one example each. The checker in the main process reads its arity from here and the
 * renderer's help and completion list it, so the two cannot disagree.
 */
import { distance } from 'fastest-levenshtein';

/** Variadic functions take at most this many arguments: more is refused before anything runs. */
export const MAX_FUNCTION_ARGS = 100;

/** No text value an expression computes may be longer than this many characters. */
export const MAX_TEXT_LENGTH = 1_000_000;

export interface ExpressionFunction {
  signature: string;
  does: string;
  example: string;
  minArgs: number;
  maxArgs: number;
}

export const EXPRESSION_FUNCTIONS = {
  lower: {
    signature: 'lower(text)',
    does: 'Text in lower case',
    example: "lower(city) = 'paris'",
    minArgs: 1,
    maxArgs: 1,
  },
  upper: {
    signature: 'upper(text)',
    does: 'Text in upper case',
    example: 'upper(code)',
    minArgs: 1,
    maxArgs: 1,
  },
  trim: {
    signature: 'trim(text)',
    does: 'Text without spaces at either end',
    example: "trim(name) = 'Ann'",
    minArgs: 1,
    maxArgs: 1,
  },
  length: {
    signature: 'length(text)',
    does: 'Number of characters',
    example: 'length(code) = 5',
    minArgs: 1,
    maxArgs: 1,
  },
  abs: {
    signature: 'abs(number)',
    does: 'The number without its sign',
    example: 'abs(change) > 10',
    minArgs: 1,
    maxArgs: 1,
  },
  round: {
    signature: 'round(number) or round(number, digits)',
    does: 'Rounded, to whole numbers or to a number of digits',
    example: 'round(price * 1.2, 2)',
    minArgs: 1,
    maxArgs: 2,
  },
  floor: {
    signature: 'floor(number)',
    does: 'Rounded down to a whole number',
    example: 'floor(hours)',
    minArgs: 1,
    maxArgs: 1,
  },
  ceil: {
    signature: 'ceil(number)',
    does: 'Rounded up to a whole number',
    example: 'ceil(hours)',
    minArgs: 1,
    maxArgs: 1,
  },
  coalesce: {
    signature: 'coalesce(a, b, …)',
    does: `The first value that is not empty (at most ${MAX_FUNCTION_ARGS} values)`,
    example: "coalesce(phone, mobile, 'none')",
    minArgs: 2,
    maxArgs: MAX_FUNCTION_ARGS,
  },
  substr: {
    signature: 'substr(text, start) or substr(text, start, length)',
    does: 'Part of the text, counting from 1',
    example: 'substr(postcode, 1, 2)',
    minArgs: 2,
    maxArgs: 3,
  },
  replace: {
    signature: "replace(text, 'find', 'replacement')",
    does: 'Every occurrence of the found text replaced',
    example: "replace(phone, '-', '')",
    minArgs: 3,
    maxArgs: 3,
  },
  year: {
    signature: 'year(date)',
    does: 'The year of a date',
    example: 'year(joined) >= 2020',
    minArgs: 1,
    maxArgs: 1,
  },
  month: {
    signature: 'month(date)',
    does: 'The month of a date (1–12)',
    example: 'month(joined) = 12',
    minArgs: 1,
    maxArgs: 1,
  },
  day: {
    signature: 'day(date)',
    does: 'The day of the month',
    example: 'day(joined) = 1',
    minArgs: 1,
    maxArgs: 1,
  },
  concat: {
    signature: 'concat(a, b, …)',
    does: `Values joined as text, empty ones as nothing (at most ${MAX_FUNCTION_ARGS} values)`,
    example: "concat(first, ' ', last)",
    minArgs: 1,
    maxArgs: MAX_FUNCTION_ARGS,
  },
  if: {
    signature: 'if(condition, then, else)',
    does: 'One value or the other',
    example: "if(age >= 18, 'adult', 'minor')",
    minArgs: 3,
    maxArgs: 3,
  },
} as const satisfies Record<string, ExpressionFunction>;

export type FunctionName = keyof typeof EXPRESSION_FUNCTIONS;
export const FUNCTION_NAMES = Object.keys(EXPRESSION_FUNCTIONS) as FunctionName[];

export function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(EXPRESSION_FUNCTIONS, name);
}

export interface ExpressionOperator {
  operator: string;
  does: string;
  example: string;
}

/** Loosest first, as the parser binds them. */
export const EXPRESSION_OPERATORS: readonly ExpressionOperator[] = [
  { operator: 'OR', does: 'Either condition (also ||)', example: "city = 'NY' OR city = 'LA'" },
  { operator: 'AND', does: 'Both conditions (also &&)', example: 'age >= 18 AND active' },
  { operator: 'NOT', does: 'The opposite condition (also !)', example: "NOT city = 'NY'" },
  { operator: '= != <>', does: 'Equal, not equal', example: '"Origin State" = \'Texas\'' },
  { operator: '< <= > >=', does: 'Order of numbers, dates and text', example: "joined >= '2024-01-01'" },
  { operator: 'IS NULL, IS NOT NULL', does: 'Empty or not', example: 'phone IS NULL' },
  { operator: 'IN (…), NOT IN (…)', does: 'One of a list of values', example: "city IN ('NY', 'LA')" },
  {
    operator: 'LIKE, NOT LIKE',
    does: 'Text pattern: % any text, _ one character',
    example: "name LIKE 'A%'",
  },
  { operator: 'BETWEEN … AND …', does: 'Within a range, ends included', example: 'age BETWEEN 18 AND 65' },
  { operator: '+ - * / %', does: 'Arithmetic; / always divides exactly', example: 'price * quantity' },
];

/** Words with a meaning of their own: a column with one of these names needs quotes. */
export const EXPRESSION_KEYWORDS = [
  'and',
  'or',
  'not',
  'is',
  'in',
  'like',
  'between',
  'true',
  'false',
  'null',
];

const BARE_NAME = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;

/** A column name as it can be written in an expression: bare when it can be, else in double quotes. */
export function quoteColumnName(name: string): string {
  if (BARE_NAME.test(name) && !EXPRESSION_KEYWORDS.includes(name.toLowerCase())) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The candidates closest to `name` by spelling (case ignored), best first: exact-but-for-case,
 * then those starting with it, then those containing it, then by edit distance within a
 * tolerance of a third of its length.
 */
export function nearestNames(name: string, candidates: readonly string[], limit = 3): string[] {
  const wanted = name.toLowerCase();
  const tolerance = Math.max(2, Math.ceil(wanted.length / 3));
  const scored = candidates
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const score =
        lower === wanted
          ? -3
          : lower.startsWith(wanted) || wanted.startsWith(lower)
            ? -2
            : lower.includes(wanted) || wanted.includes(lower)
              ? -1
              : distance(wanted, lower);
      return { candidate, score };
    })
    .filter((s) => s.score <= tolerance)
    .sort((a, b) => a.score - b.score);
  return scored.slice(0, limit).map((s) => s.candidate);
}

export type CompletionKind = 'column' | 'function' | 'keyword';

export interface Completion {
  label: string;
  /** The text that replaces `from`..`to` of the expression. */
  insert: string;
  kind: CompletionKind;
  detail: string;
}

export interface Completions {
  from: number;
  to: number;
  items: Completion[];
}

const WORD_CHAR = /[\p{L}\p{N}_$]/u;

/** Where the quoted or bare name under the cursor starts, or null inside a text literal. */
function tokenAt(text: string, cursor: number): { from: number; quote: '"' | '`' | null } | null {
  let open: { at: number; quote: string } | null = null;
  for (let i = 0; i < cursor; i++) {
    const ch = text[i] as string;
    if (open) {
      if (ch === open.quote) {
        // A doubled quote stays inside the name or text.
        if (text[i + 1] === open.quote && i + 1 < cursor) i++;
        else open = null;
      } else if (ch === '\\' && open.quote === "'") i++;
    } else if (ch === "'" || ch === '"' || ch === '`') open = { at: i, quote: ch };
  }
  if (open) return open.quote === "'" ? null : { from: open.at, quote: open.quote as '"' | '`' };
  let from = cursor;
  while (from > 0 && WORD_CHAR.test(text[from - 1] as string)) from--;
  return { from, quote: null };
}

/**
 * What can be typed at `cursor`: column names (quoted as needed), functions and keywords that
 * start with (or, for columns, contain) the word being typed. Nothing inside quoted text.
 */
export function completeExpression(text: string, cursor: number, columns: readonly string[]): Completions {
  const at = Math.max(0, Math.min(cursor, text.length));
  const token = tokenAt(text, at);
  if (!token) return { from: at, to: at, items: [] };
  let to = at;
  if (token.quote === null) while (to < text.length && WORD_CHAR.test(text[to] as string)) to++;
  const typed = text.slice(token.from + (token.quote ? 1 : 0), at).toLowerCase();
  const matches = (name: string): number => {
    const lower = name.toLowerCase();
    if (lower.startsWith(typed)) return 0;
    return typed !== '' && lower.includes(typed) ? 1 : -1;
  };
  const columnItems = columns
    .map((name) => ({ name, rank: matches(name) }))
    .filter((c) => c.rank >= 0)
    .sort((a, b) => a.rank - b.rank)
    .map(({ name }): Completion => ({
      label: name,
      insert: token.quote
        ? `${token.quote}${name.replaceAll(token.quote, token.quote + token.quote)}${token.quote}`
        : quoteColumnName(name),
      kind: 'column',
      detail: 'column',
    }));
  if (token.quote)
    return { from: token.from, to: closingQuoteEnd(text, at, token.quote), items: columnItems };
  const functionItems = FUNCTION_NAMES.filter((name) => name.startsWith(typed)).map((name): Completion => ({
    label: `${name}()`,
    insert: `${name}(`,
    kind: 'function',
    detail: EXPRESSION_FUNCTIONS[name].signature,
  }));
  const keywordItems =
    typed === ''
      ? []
      : EXPRESSION_KEYWORDS.filter((word) => word.startsWith(typed)).map((word): Completion => ({
          label: word.toUpperCase(),
          insert: word.toUpperCase(),
          kind: 'keyword',
          detail: 'keyword',
        }));
  return { from: token.from, to, items: [...columnItems, ...functionItems, ...keywordItems] };
}

/** A closing quote right after the cursor is replaced too, so completing never doubles it. */
function closingQuoteEnd(text: string, cursor: number, quote: string): number {
  return text[cursor] === quote ? cursor + 1 : cursor;
}
