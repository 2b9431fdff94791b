/**
 * Cairn's expression grammar, built on jsep with its own operator, literal and hook API.
 *
 * jsep keeps its configuration in static fields shared by every caller in the process. So that
 * Cairn's grammar neither leaks into nor depends on anyone else's use of jsep (its default
 * ternary plugin included), the configuration is built once into a private snapshot and swapped
 * in only for the duration of a (synchronous) parse.
 */
import jsep from 'jsep';
import { CairnError } from '../../../../shared/result';

/** A jsep node, with the source span the hooks below record (0-based, end exclusive). */
export type RawNode = jsep.Expression & { start?: number; end?: number };

/** The parts of jsep's class the parser reads; the published typings only describe the function's copies. */
interface JsepClass {
  unary_ops: Record<string, number>;
  binary_ops: Record<string, number>;
  right_associative: Set<string>;
  additional_identifier_chars: Set<string>;
  literals: Record<string, unknown>;
  this_str: string;
  max_unop_len: number;
  max_binop_len: number;
  hooks: jsep.IHooks;
  isIdentifierPart(code: number): boolean;
  parse(expression: string): jsep.Expression;
}

const Jsep = (jsep as unknown as { Jsep: JsepClass }).Jsep;

type Config = Pick<
  JsepClass,
  | 'unary_ops'
  | 'binary_ops'
  | 'right_associative'
  | 'additional_identifier_chars'
  | 'literals'
  | 'this_str'
  | 'max_unop_len'
  | 'max_binop_len'
  | 'hooks'
>;

function snapshot(): Config {
  return {
    unary_ops: Jsep.unary_ops,
    binary_ops: Jsep.binary_ops,
    right_associative: Jsep.right_associative,
    additional_identifier_chars: Jsep.additional_identifier_chars,
    literals: Jsep.literals,
    this_str: Jsep.this_str,
    max_unop_len: Jsep.max_unop_len,
    max_binop_len: Jsep.max_binop_len,
    hooks: Jsep.hooks,
  };
}

function install(config: Config): void {
  Object.assign(Jsep, config);
}

/**
 * Binary operators and their precedence (higher binds tighter), following SQL: OR < AND <
 * (NOT, handled after parsing) < equality, IS, IN, LIKE, BETWEEN < ordering < + - < * / %.
 * `not` is binary too, for `x NOT IN (…)`, `x NOT LIKE …`, `x NOT BETWEEN …`.
 */
export const BINARY_OPERATORS: Readonly<Record<string, number>> = {
  or: 1,
  '||': 1,
  and: 2,
  '&&': 2,
  '=': 6,
  '==': 6,
  '!=': 6,
  '<>': 6,
  is: 6,
  in: 6,
  like: 6,
  between: 6,
  not: 6,
  '<': 7,
  '<=': 7,
  '>': 7,
  '>=': 7,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};

const UNARY_OPERATORS = ['-', '+', '!', 'not'];

/** Keywords that may start the right-hand side of a binary `not`. */
const NEGATABLE = ['between', 'like', 'in'];

/** Every spelling of a word in mixed case: jsep matches operators verbatim. */
function caseVariants(word: string): string[] {
  let variants = [''];
  for (const ch of word) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    variants = variants.flatMap((prefix) =>
      lower === upper ? [prefix + ch] : [prefix + lower, prefix + upper],
    );
  }
  return variants;
}

const isWord = (op: string): boolean => /^[a-z]+$/.test(op);

/** Parentheses deeper than this are refused before SQLite's own expression-depth limit is met. */
const MAX_GROUP_DEPTH = 100;

interface ParseState {
  starts: number[];
  depth: number;
  /** Column names made of words and spaces, longest first. */
  spacedNames: readonly string[];
}

let state: ParseState | null = null;

function current(): ParseState {
  if (!state) throw new Error('Cairn grammar hooks ran outside parseRaw');
  return state;
}

/** "<message> at position N. <hint>" with N 1-based, also kept in details for the editor. */
export function syntaxError(message: string, index: number, hint?: string): CairnError {
  return new CairnError('VALIDATION', `${message} at position ${index + 1}.${hint ? ` ${hint}` : ''}`, {
    position: index + 1,
  });
}

/**
 * A column name in backticks or double quotes, as in SQL: a doubled quote stands for one inside
 * the name. Text goes in single quotes.
 */
function gobbleQuotedName(p: jsep.HookScope): RawNode {
  const start = p.index;
  const quote = p.char;
  let name = '';
  let i = start + 1;
  for (;;) {
    if (i >= p.expr.length) {
      throw syntaxError(
        quote === '`' ? 'Unclosed backtick' : 'Unclosed double quote',
        start,
        `Add a closing ${quote} after the column name (text goes in single quotes: 'text').`,
      );
    }
    const ch = p.expr[i] as string;
    if (ch === quote) {
      if (p.expr[i + 1] === quote) {
        name += quote;
        i += 2;
        continue;
      }
      i++;
      break;
    }
    name += ch;
    i++;
  }
  if (name === '') throw syntaxError(`Empty column name ${quote}${quote}`, start);
  p.index = i;
  return { type: 'CairnColumn', name, start };
}

/**
 * A column whose name has spaces, written without quotes (`Origin State = 'Texas'`): accepted when
 * the text matches a column exactly, the longest such name winning.
 */
function gobbleSpacedName(p: jsep.HookScope, names: readonly string[]): RawNode | undefined {
  const start = p.index;
  for (const name of names) {
    if (!p.expr.startsWith(name, start)) continue;
    const after = p.expr.charCodeAt(start + name.length);
    if (!Number.isNaN(after) && Jsep.isIdentifierPart(after)) continue;
    p.index = start + name.length;
    return { type: 'CairnColumn', name, start };
  }
  return undefined;
}

/** jsep reads one single-quoted text with backslash escapes; a doubled quote joins two into one. */
function gobbleString(p: jsep.HookScope): RawNode {
  const start = p.index;
  const quote = p.char;
  let value = '';
  for (;;) {
    const before = p.index;
    let literal: jsep.Expression | undefined;
    try {
      literal = p.gobbleStringLiteral();
    } catch {
      throw syntaxError('Unclosed quote', start, `Add a closing ${quote} after the text.`);
    }
    value += String(literal?.value ?? '');
    if (p.char !== quote || p.index === before) break;
    value += quote;
  }
  return { type: 'Literal', value, raw: p.expr.slice(start, p.index), start };
}

function gobbleGroup(p: jsep.HookScope, s: ParseState): RawNode {
  const start = p.index;
  if (++s.depth > MAX_GROUP_DEPTH) {
    throw syntaxError(`Too many nested parentheses (more than ${MAX_GROUP_DEPTH})`, start);
  }
  p.index++;
  p.gobbleSpaces();
  if (p.char === ')') throw syntaxError('Empty parentheses "()"', start);
  const items: jsep.Expression[] = [];
  for (;;) {
    if (p.index >= p.expr.length) throw syntaxError('Unclosed "("', start, 'Add a matching ")".');
    const item = p.gobbleExpression();
    if (!item) {
      throw syntaxError(
        p.char === ')' || p.char === ',' ? 'Expected a value' : `Unexpected "${p.char}"`,
        p.index,
      );
    }
    items.push(item);
    p.gobbleSpaces();
    if (p.char === ',') {
      p.index++;
      continue;
    }
    if (p.char === ')') {
      p.index++;
      break;
    }
    if (p.index >= p.expr.length) throw syntaxError('Unclosed "("', start, 'Add a matching ")".');
    throw syntaxError(`Expected "," or ")" but found "${p.char}"`, p.index);
  }
  s.depth--;
  return { type: 'CairnGroup', items, start };
}

function keywordAt(p: jsep.HookScope, words: readonly string[]): string | undefined {
  for (const word of words) {
    const text = p.expr.slice(p.index, p.index + word.length);
    const after = p.expr.charCodeAt(p.index + word.length);
    if (text.toLowerCase() === word && (Number.isNaN(after) || !Jsep.isIdentifierPart(after))) return text;
  }
  return undefined;
}

function onGobbleToken(this: jsep.HookScope, env: { node?: jsep.Expression }): void {
  const s = current();
  s.starts.push(this.index);
  const ch = this.char;
  const spaced = s.spacedNames.length > 0 ? gobbleSpacedName(this, s.spacedNames) : undefined;
  if (spaced) {
    env.node = spaced;
  } else if (ch === '`' || ch === '"') {
    env.node = gobbleQuotedName(this);
  } else if (ch === "'") {
    env.node = gobbleString(this);
  } else if ((ch >= '0' && ch <= '9') || ch === '.') {
    // jsep's number path skips the after-token hook; taking it here keeps the span bookkeeping.
    env.node = this.gobbleNumericLiteral();
  } else if (ch === '(') {
    env.node = gobbleGroup(this, s);
  } else if (ch === '[' || ch === '{') {
    throw syntaxError(
      `Unexpected "${ch}"`,
      this.index,
      "Write lists as IN ('a', 'b') and put unusual column names in double quotes, like \"first name\".",
    );
  } else {
    const keyword = keywordAt(this, NEGATABLE);
    if (keyword !== undefined) {
      const start = this.index;
      this.index += keyword.length;
      const argument = this.gobbleToken();
      if (!argument) throw syntaxError(`Expected a value after "${keyword}"`, this.index);
      env.node = { type: 'CairnKeyword', keyword, argument, start };
    }
  }
}

function onAfterToken(this: jsep.HookScope, env: { node?: jsep.Expression }): void {
  const start = current().starts.pop();
  const node = env.node as RawNode | false | undefined;
  if (node && start !== undefined) {
    node.start ??= start;
    node.end = this.index;
  }
}

function buildConfig(): Config {
  const saved = snapshot();
  try {
    const HooksClass = (Jsep.hooks as object).constructor as new () => jsep.IHooks;
    install({
      unary_ops: {},
      binary_ops: {},
      right_associative: new Set(),
      additional_identifier_chars: new Set(['_', '$']),
      // TRUE/FALSE/NULL are recognised case-insensitively when the tree is lowered.
      literals: {},
      // An empty name never matches, so `this` is an ordinary (unknown) column name.
      this_str: '',
      max_unop_len: 0,
      max_binop_len: 0,
      hooks: new HooksClass(),
    });
    for (const [op, precedence] of Object.entries(BINARY_OPERATORS)) {
      for (const spelling of isWord(op) ? caseVariants(op) : [op]) jsep.addBinaryOp(spelling, precedence);
    }
    for (const op of UNARY_OPERATORS) {
      for (const spelling of isWord(op) ? caseVariants(op) : [op]) jsep.addUnaryOp(spelling);
    }
    Jsep.hooks.add('gobble-token', onGobbleToken);
    Jsep.hooks.add('after-token', onAfterToken);
    return snapshot();
  } finally {
    install(saved);
  }
}

const CAIRN_GRAMMAR = buildConfig();

/** jsep's messages, reworded for a person; `index` is where jsep stopped. */
function translate(description: string, index: number, source: string): CairnError {
  let match: RegExpMatchArray | null;
  if ((match = /^Expected expression after (.+)$/.exec(description))) {
    return syntaxError(`Expected a value after "${match[1]}"`, index);
  }
  if (description === 'missing unaryOp argument') {
    return syntaxError(`Expected a value after "${source[index - 1] ?? ''}"`, index);
  }
  if ((match = /^Unexpected "(.*)"$/.exec(description))) {
    const ch = match[1] ?? '';
    const hint: Record<string, string> = {
      ';': 'Write a single expression.',
      '&': 'Use AND.',
      '|': 'Use OR.',
      '?': 'Use if(condition, a, b).',
    };
    return syntaxError(`Unexpected "${ch}"`, index, hint[ch]);
  }
  if (/^Variable names cannot start with a number/.test(description)) {
    return syntaxError(
      'A number cannot be followed by letters',
      index,
      'Put column names that start with a digit in double quotes, like "2024 sales".',
    );
  }
  if (/^Expected exponent/.test(description)) return syntaxError('Incomplete number', index);
  if (description === 'Unexpected period') return syntaxError('Unexpected "."', index);
  if (/^(Expected comma|Unexpected token ,|Expected \))$/.test(description)) {
    return syntaxError('Expected "," or ")" in the function arguments', index);
  }
  return syntaxError(description.replace(/\.$/, ''), index);
}

/** Words separated by spaces, each word as a bare name could be written. */
const SPACED_NAME = /^[\p{L}_$][\p{L}\p{N}_$]*(?:[ \t]+[\p{L}\p{N}_$]+)+$/u;

/** The column names that may be written unquoted although they contain spaces, longest first. */
export function spacedColumnNames(columnNames: readonly string[]): string[] {
  return columnNames.filter((n) => SPACED_NAME.test(n)).sort((a, b) => b.length - a.length);
}

/**
 * Parses with Cairn's grammar; syntax errors become VALIDATION errors with a 1-based position.
 * `columnNames`, when known, lets names with spaces be written without quotes.
 */
export function parseRaw(source: string, columnNames: readonly string[] = []): RawNode {
  const saved = snapshot();
  install(CAIRN_GRAMMAR);
  state = { starts: [], depth: 0, spacedNames: spacedColumnNames(columnNames) };
  try {
    return Jsep.parse(source);
  } catch (error) {
    if (error instanceof CairnError) throw error;
    if (error instanceof RangeError) {
      throw new CairnError('VALIDATION', 'The expression is nested too deeply; split it into simpler steps.');
    }
    const e = error as { description?: unknown; index?: unknown };
    if (typeof e.description === 'string' && typeof e.index === 'number') {
      throw translate(e.description, e.index, source);
    }
    throw error;
  } finally {
    state = null;
    install(saved);
  }
}
