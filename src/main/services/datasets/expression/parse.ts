/**
 * Turns jsep's tree into Cairn's expression AST: SQL keywords resolved case-insensitively,
 * `IS [NOT] NULL`, `[NOT] IN (…)`, `[NOT] LIKE`, `[NOT] BETWEEN … AND …` assembled, and NOT given
 * SQL's precedence (looser than comparisons). Anything jsep accepts but Cairn does not (member
 * access, calls on expressions, sequences, several expressions) is refused here with a position.
 */
import { nearestNames, quoteColumnName } from '../../../../shared/expression-functions';
import { CairnError } from '../../../../shared/result';
import { parseRaw, syntaxError, type RawNode } from './grammar';

export type ArithOp = '+' | '-' | '*' | '/' | '%';
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type BinaryOp = ArithOp | CompareOp | 'and' | 'or';
export type LiteralValue = string | number | bigint | boolean | null;

interface Span {
  /** 0-based offsets into the source, end exclusive. */
  start: number;
  end: number;
  /** Written in parentheses: precedence fix-ups must not reach inside. */
  grouped?: boolean;
}

export type Expr =
  | (Span & { kind: 'column'; name: string })
  | (Span & { kind: 'literal'; value: LiteralValue })
  | (Span & { kind: 'unary'; op: 'neg' | 'pos' | 'not'; opText: string; arg: Expr })
  | (Span & { kind: 'binary'; op: BinaryOp; opText: string; opStart: number; left: Expr; right: Expr })
  | (Span & { kind: 'is_null'; negated: boolean; arg: Expr })
  | (Span & { kind: 'in'; negated: boolean; arg: Expr; items: Expr[] })
  | (Span & { kind: 'like'; negated: boolean; arg: Expr; pattern: Expr })
  | (Span & { kind: 'between'; negated: boolean; arg: Expr; low: Expr; high: Expr | null; opStart: number })
  | (Span & { kind: 'call'; name: string; nameText: string; args: Expr[] });

const KEYWORDS = new Set(['and', 'or', 'not', 'is', 'in', 'like', 'between']);
const INT64_MAX = 2n ** 63n - 1n;
/** Deeper trees would exceed SQLite's expression depth once compiled. */
const MAX_DEPTH = 250;

const BINARY: Readonly<Record<string, BinaryOp>> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '%': '%',
  '=': '=',
  '==': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  and: 'and',
  '&&': 'and',
  or: 'or',
  '||': 'or',
};

function treeDepth(root: RawNode): number {
  let max = 0;
  const stack: [RawNode, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [RawNode, number];
    max = Math.max(max, depth);
    for (const value of Object.values(node)) {
      const children = Array.isArray(value) ? value : [value];
      for (const child of children) {
        if (child && typeof child === 'object' && 'type' in child) stack.push([child as RawNode, depth + 1]);
      }
    }
  }
  return max;
}

class Lowerer {
  constructor(
    private readonly source: string,
    private readonly columnNames: readonly string[],
  ) {}

  private skipSpaces(index: number): number {
    let i = index;
    while (i < this.source.length && /\s/.test(this.source[i] ?? '')) i++;
    return i;
  }

  /** Where a node's text starts: jsep records no span for binary nodes, so their left side's. */
  private start(node: RawNode): number {
    let n: RawNode | undefined = node;
    while (n && n.start === undefined && n.type === 'BinaryExpression') n = n.left as RawNode;
    return n?.start ?? 0;
  }

  lower(node: RawNode): Expr {
    switch (node.type) {
      case 'Literal':
        return this.literal(node);
      case 'Identifier':
        return this.identifier(node);
      case 'CairnColumn':
        return { kind: 'column', name: String(node.name), start: this.start(node), end: node.end ?? 0 };
      case 'CairnGroup':
        return this.group(node);
      case 'CairnKeyword':
        throw syntaxError(`Unexpected "${String(node.keyword)}"`, this.start(node));
      case 'UnaryExpression':
        return this.unary(node);
      case 'BinaryExpression':
        return this.binary(node);
      case 'CallExpression':
        return this.call(node);
      case 'MemberExpression':
        throw syntaxError(
          `Unexpected "${this.source[this.memberDot(node)] ?? '.'}"`,
          this.memberDot(node),
          'Put column names containing dots or brackets in double quotes, like "a.b".',
        );
      case 'Compound':
        return this.compound(node);
      default:
        throw syntaxError('This is not supported in an expression', this.start(node));
    }
  }

  private memberDot(node: RawNode): number {
    const object = node.object as RawNode;
    let i = object.end ?? this.start(node);
    while (i < this.source.length && this.source[i] !== '.' && this.source[i] !== '[') i++;
    return i;
  }

  private compound(node: RawNode): never {
    const body = (node.body as RawNode[] | undefined) ?? [];
    if (body.length === 0) throw new CairnError('VALIDATION', 'Write an expression.');
    const extra = body[1] as RawNode;
    const first = body[0] as RawNode;
    if (extra.type === 'Identifier' && KEYWORDS.has(String(extra.name).toLowerCase())) {
      throw syntaxError(`Expected a value after "${String(extra.name)}"`, extra.end ?? this.source.length);
    }
    const gap = this.source.slice(first.end ?? 0, this.start(extra));
    const separator = /[;,]/.exec(gap);
    if (separator) {
      throw syntaxError(
        `Unexpected "${separator[0]}"`,
        (first.end ?? 0) + separator.index,
        'Write a single expression.',
      );
    }
    const text = this.source.slice(this.start(extra), extra.end ?? undefined).trim();
    const word = /^[\p{L}\p{N}_$]+/u.exec(text)?.[0] ?? text;
    // A token's recorded end includes the spaces after it.
    let right: RawNode | undefined = first;
    while (right && right.end === undefined && right.type === 'BinaryExpression')
      right = right.right as RawNode;
    let firstEnd = right?.end ?? 0;
    while (firstEnd > 0 && /\s/.test(this.source[firstEnd - 1] ?? '')) firstEnd--;
    const fix = spacedNameFix(this.source, firstEnd, this.start(extra), this.columnNames);
    const twoWords =
      /[\p{L}_$]/u.test(this.source[firstEnd - 1] ?? '') &&
      /^\s+$/.test(this.source.slice(firstEnd, this.start(extra))) &&
      WORD.test(this.source[this.start(extra)] ?? '');
    throw syntaxError(
      `Unexpected "${fix ? word : text}"`,
      this.start(extra),
      fix
        ? `Did you mean the column ${quoteColumnName(fix.column)}? Write: ${fix.corrected}`
        : `Is an operator such as AND missing?${twoWords ? ' Put a column name with spaces in double quotes, like "first name".' : ''}`,
    );
  }

  private literal(node: RawNode): Expr {
    const start = this.start(node);
    const end = node.end ?? start;
    const value = node.value;
    if (typeof value === 'string') return { kind: 'literal', value, start, end };
    if (typeof value !== 'number') throw syntaxError('Unsupported literal', start);
    const rawText = String(node.raw);
    if (/^[0-9]+$/.test(rawText)) {
      const whole = BigInt(rawText);
      if (whole > INT64_MAX) throw syntaxError(`The number ${rawText} is too large`, start);
      return { kind: 'literal', value: whole, start, end };
    }
    if (!Number.isFinite(value)) throw syntaxError(`The number ${rawText} is too large`, start);
    return { kind: 'literal', value, start, end };
  }

  private identifier(node: RawNode): Expr {
    const name = String(node.name);
    const start = this.start(node);
    const end = node.end ?? start;
    const word = name.toLowerCase();
    if (word === 'true' || word === 'false') return { kind: 'literal', value: word === 'true', start, end };
    if (word === 'null') return { kind: 'literal', value: null, start, end };
    if (KEYWORDS.has(word)) throw syntaxError(`Unexpected "${name}"`, start);
    return { kind: 'column', name, start, end };
  }

  private group(node: RawNode): Expr {
    const items = node.items as RawNode[];
    if (items.length !== 1) {
      throw syntaxError(
        'Unexpected list',
        this.start(node),
        'A list in parentheses is only allowed after IN.',
      );
    }
    const inner = this.lower(items[0] as RawNode);
    return { ...inner, grouped: true, start: this.start(node), end: node.end ?? inner.end };
  }

  private unary(node: RawNode): Expr {
    const opText = String(node.operator);
    const start = this.start(node);
    const arg = this.lower(node.argument as RawNode);
    const end = node.end ?? arg.end;
    if (opText === '-') {
      // A negative number is one literal, so it stays a single parameter.
      if (arg.kind === 'literal' && (typeof arg.value === 'number' || typeof arg.value === 'bigint')) {
        return { kind: 'literal', value: -arg.value, start, end };
      }
      return { kind: 'unary', op: 'neg', opText, arg, start, end };
    }
    if (opText === '+') return { kind: 'unary', op: 'pos', opText, arg, start, end };
    return { kind: 'unary', op: 'not', opText, arg, start, end };
  }

  private binary(node: RawNode): Expr {
    const opText = String(node.operator);
    const word = opText.toLowerCase();
    const left = this.lower(node.left as RawNode);
    const rightRaw = node.right as RawNode;
    const opStart = this.skipSpaces(left.end);
    const start = left.start;

    if (word === 'and' || word === '&&') {
      const open = openBetween(left);
      if (open && word === 'and') {
        open.high = this.lower(rightRaw);
        extendSpine(left, open.high.end);
        return left;
      }
    }
    if (word === 'is') return this.isNull(left, rightRaw, opStart);
    if (word === 'in') return this.inList(left, rightRaw, false, opStart);
    if (word === 'like') {
      const pattern = this.lower(rightRaw);
      return { kind: 'like', negated: false, arg: left, pattern, start, end: pattern.end };
    }
    if (word === 'between') {
      const low = this.lower(rightRaw);
      return { kind: 'between', negated: false, arg: left, low, high: null, opStart, start, end: low.end };
    }
    if (word === 'not') return this.negated(left, rightRaw, opStart);

    const op = BINARY[word];
    if (op === undefined) throw syntaxError(`Unknown operator "${opText}"`, opStart);
    const right = this.lower(rightRaw);
    return { kind: 'binary', op, opText, opStart, left, right, start, end: right.end };
  }

  private isNull(left: Expr, rightRaw: RawNode, opStart: number): Expr {
    const isNullWord = (n: RawNode | undefined): boolean =>
      n?.type === 'Identifier' && String(n.name).toLowerCase() === 'null';
    const negated = rightRaw.type === 'UnaryExpression' && String(rightRaw.operator).toLowerCase() === 'not';
    const target = negated ? (rightRaw.argument as RawNode) : rightRaw;
    if (!isNullWord(target)) {
      throw syntaxError('Expected NULL or NOT NULL after IS', opStart);
    }
    return { kind: 'is_null', negated, arg: left, start: left.start, end: rightRaw.end ?? left.end };
  }

  private inList(left: Expr, rightRaw: RawNode, negated: boolean, opStart: number): Expr {
    if (rightRaw.type !== 'CairnGroup') {
      throw syntaxError('Expected a list after IN', opStart, "Write IN ('a', 'b').");
    }
    const items = (rightRaw.items as RawNode[]).map((item) => this.lower(item));
    return { kind: 'in', negated, arg: left, items, start: left.start, end: rightRaw.end ?? left.end };
  }

  private negated(left: Expr, rightRaw: RawNode, opStart: number): Expr {
    if (rightRaw.type !== 'CairnKeyword') {
      throw syntaxError('Expected IN, LIKE or BETWEEN after NOT', opStart);
    }
    const keyword = String(rightRaw.keyword).toLowerCase();
    const argument = rightRaw.argument as RawNode;
    if (keyword === 'in') return this.inList(left, argument, true, opStart);
    const operand = this.lower(argument);
    if (keyword === 'like') {
      return {
        kind: 'like',
        negated: true,
        arg: left,
        pattern: operand,
        start: left.start,
        end: operand.end,
      };
    }
    return {
      kind: 'between',
      negated: true,
      arg: left,
      low: operand,
      high: null,
      opStart,
      start: left.start,
      end: operand.end,
    };
  }

  private call(node: RawNode): Expr {
    const callee = node.callee as RawNode;
    const start = this.start(node);
    if (callee.type !== 'Identifier') {
      throw syntaxError(
        'Cannot call an expression',
        this.start(callee),
        'Only listed functions can be called, like lower(name).',
      );
    }
    const nameText = String(callee.name);
    const args = (node.arguments as RawNode[]).map((arg) => this.lower(arg));
    return { kind: 'call', name: nameText.toLowerCase(), nameText, args, start, end: node.end ?? start };
  }
}

/** The BETWEEN still waiting for its AND, at the right edge of `e` (where the parser left it). */
function openBetween(e: Expr): (Expr & { kind: 'between' }) | undefined {
  let node: Expr = e;
  for (;;) {
    if (node.grouped) return undefined;
    if (node.kind === 'between') return node.high === null ? node : undefined;
    if (node.kind !== 'binary') return undefined;
    node = node.right;
  }
}

function extendSpine(e: Expr, end: number): void {
  let node: Expr = e;
  for (;;) {
    node.end = end;
    if (node.kind === 'binary' && !node.grouped) node = node.right;
    else return;
  }
}

function leftOperand(e: Expr): Expr | undefined {
  switch (e.kind) {
    case 'binary':
      return e.op === 'and' || e.op === 'or' ? undefined : e.left;
    case 'is_null':
    case 'in':
    case 'like':
    case 'between':
      return e.arg;
    default:
      return undefined;
  }
}

function withLeft(e: Expr, left: Expr): Expr {
  if (e.kind === 'binary') return { ...e, left, start: left.start };
  if (e.kind === 'is_null' || e.kind === 'in' || e.kind === 'like' || e.kind === 'between') {
    return { ...e, arg: left, start: left.start };
  }
  return e;
}

function mapChildren(e: Expr, f: (child: Expr) => Expr): Expr {
  switch (e.kind) {
    case 'unary':
      return { ...e, arg: f(e.arg) };
    case 'binary':
      return { ...e, left: f(e.left), right: f(e.right) };
    case 'is_null':
      return { ...e, arg: f(e.arg) };
    case 'in':
      return { ...e, arg: f(e.arg), items: e.items.map(f) };
    case 'like':
      return { ...e, arg: f(e.arg), pattern: f(e.pattern) };
    case 'between':
      return { ...e, arg: f(e.arg), low: f(e.low), high: e.high && f(e.high) };
    case 'call':
      return { ...e, args: e.args.map(f) };
    default:
      return e;
  }
}

/**
 * jsep binds a prefix NOT to the next token only; SQL binds it looser than any comparison, so
 * `NOT a = 1` means NOT (a = 1). An unparenthesised NOT on the left of a tighter operator is
 * lifted above it.
 */
function hoistNot(e: Expr): Expr {
  const node = mapChildren(e, hoistNot);
  const left = leftOperand(node);
  if (left && left.kind === 'unary' && left.op === 'not' && !left.grouped) {
    const inner = hoistNot(withLeft({ ...node, grouped: false }, left.arg));
    return { ...left, arg: inner, grouped: node.grouped, end: node.end };
  }
  return node;
}

function assertComplete(e: Expr): void {
  if (e.kind === 'between' && e.high === null) {
    throw syntaxError('BETWEEN has no upper bound', e.opStart, 'Write x BETWEEN 1 AND 10.');
  }
  mapChildren(e, (child) => {
    assertComplete(child);
    return child;
  });
}

const WORD = /[\p{L}\p{N}_$]/u;

/** The words (with their offsets) of the run of bare words and spaces that ends at `end`. */
function wordsAround(source: string, gapStart: number, gapEnd: number): { start: number; end: number }[] {
  const isWord = (i: number): boolean => WORD.test(source[i] ?? '');
  let from = gapStart;
  while (from > 0 && (isWord(from - 1) || source[from - 1] === ' ')) from--;
  let to = gapEnd;
  while (to < source.length && (isWord(to) || source[to] === ' ')) to++;
  const words: { start: number; end: number }[] = [];
  for (let i = from; i < to;) {
    if (!isWord(i)) {
      i++;
      continue;
    }
    const start = i;
    while (i < to && isWord(i)) i++;
    words.push({ start, end: i });
  }
  return words;
}

/**
 * When two bare words meet where an operator was expected, the column name with spaces they most
 * likely spell (`Origin state` for "Origin State"), and the expression with it quoted.
 */
function spacedNameFix(
  source: string,
  gapStart: number,
  gapEnd: number,
  columnNames: readonly string[],
): { column: string; corrected: string } | undefined {
  if (columnNames.length === 0 || !/^\s+$/.test(source.slice(gapStart, gapEnd))) return undefined;
  const words = wordsAround(source, gapStart, gapEnd);
  const before = words.findIndex((w) => w.end === gapStart);
  const after = words.findIndex((w) => w.start === gapEnd);
  if (before < 0 || after < 0) return undefined;
  // A keyword or a number ends the run: `x > 1 AND Dest Stat` spells at most "Dest Stat".
  const plain = (k: number): boolean => {
    const w = words[k] as { start: number; end: number };
    const text = source.slice(w.start, w.end);
    return !/^[0-9]/.test(text) && !KEYWORDS.has(text.toLowerCase());
  };
  let first = before;
  while (first > 0 && plain(first - 1)) first--;
  let last = after;
  while (last < words.length - 1 && plain(last + 1)) last++;
  if (!plain(before) || !plain(after)) return undefined;
  const spaced = columnNames.filter((n) => /\s/.test(n));
  let best: { column: string; start: number; end: number; exact: boolean; size: number } | undefined;
  for (let i = first; i <= before; i++) {
    for (let j = after; j <= last; j++) {
      const start = (words[i] as { start: number }).start;
      const end = (words[j] as { end: number }).end;
      const text = source.slice(start, end).replace(/\s+/g, ' ');
      const column = nearestNames(text, spaced, 1)[0];
      if (column === undefined) continue;
      const exact = column.toLowerCase().replace(/\s+/g, ' ') === text.toLowerCase();
      const size = j - i;
      if (!best || (exact && !best.exact) || (exact === best.exact && size > best.size)) {
        best = { column, start, end, exact, size };
      }
    }
  }
  if (!best) return undefined;
  const corrected = `${source.slice(0, best.start)}${quoteColumnName(best.column)}${source.slice(best.end)}`;
  return { column: best.column, corrected: corrected.trim() };
}

/**
 * Parses an expression into Cairn's AST, or throws a VALIDATION error with a position. With the
 * version's column names, names with spaces may be written without quotes.
 */
export function parseExpression(source: string, columnNames: readonly string[] = []): Expr {
  if (source.trim() === '') throw new CairnError('VALIDATION', 'Write an expression.');
  const raw = parseRaw(source, columnNames);
  if (treeDepth(raw) > MAX_DEPTH) {
    throw new CairnError(
      'VALIDATION',
      'The expression is too long or nested too deeply; split it into simpler steps.',
    );
  }
  const expr = new Lowerer(source, columnNames).lower(raw);
  assertComplete(expr);
  return hoistNot(expr);
}
