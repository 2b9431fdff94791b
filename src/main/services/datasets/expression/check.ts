/**
 * Resolves column names and checks types, producing the typed tree both renderers (SQL and
 * pandas) read. Strict mode checks against the version's schema; lenient mode (pandas rendering
 * without a schema) accepts any name as a column of unknown type.
 */
import {
  EXPRESSION_FUNCTIONS,
  FUNCTION_NAMES,
  MAX_FUNCTION_ARGS,
  isFunctionName,
  nearestNames,
  quoteColumnName,
  type FunctionName,
} from '../../../../shared/expression-functions';
import type { Column, ColumnType } from '../../../../shared/operations';
import { CairnError } from '../../../../shared/result';
import { closestName } from '../operations/schema';
import { convertValue } from '../operations/values';
import type { ArithOp, CompareOp, Expr, LiteralValue } from './parse';

/** `any` only arises in lenient mode: a column whose type is not known. */
export type ValueType = ColumnType | 'null' | 'any';

interface TypedBase {
  type: ValueType;
  start: number;
  end: number;
}

export type Typed =
  | (TypedBase & { k: 'column'; name: string })
  | (TypedBase & { k: 'literal'; value: LiteralValue })
  | (TypedBase & { k: 'neg'; arg: Typed })
  | (TypedBase & { k: 'not'; arg: Typed })
  | (TypedBase & { k: 'arith'; op: ArithOp; left: Typed; right: Typed })
  | (TypedBase & { k: 'compare'; op: CompareOp; left: Typed; right: Typed })
  | (TypedBase & { k: 'logic'; op: 'and' | 'or'; left: Typed; right: Typed })
  | (TypedBase & { k: 'is_null'; negated: boolean; arg: Typed })
  | (TypedBase & { k: 'in'; negated: boolean; arg: Typed; items: Typed[] })
  | (TypedBase & { k: 'like'; negated: boolean; arg: Typed; pattern: string })
  | (TypedBase & { k: 'between'; negated: boolean; arg: Typed; low: Typed; high: Typed })
  | (TypedBase & { k: 'call'; fn: FunctionName; args: Typed[] });

/** Each function's signature, for messages; the catalogue in src/shared is the one source. */
export const FUNCTIONS: Readonly<Record<FunctionName, string>> = Object.fromEntries(
  FUNCTION_NAMES.map((name) => [name, EXPRESSION_FUNCTIONS[name].signature]),
) as Record<FunctionName, string>;

export type { FunctionName };

/** How many times longer nested replace() may make a text before it is refused outright. */
const MAX_TEXT_GROWTH = 1000;

const isNumeric = (t: ValueType): boolean => t === 'integer' || t === 'float' || t === 'any';
const isTemporal = (t: ValueType): boolean => t === 'date' || t === 'datetime';

const OPERATOR_VERBS: Readonly<Record<ArithOp, string>> = {
  '+': 'add',
  '-': 'subtract',
  '*': 'multiply',
  '/': 'divide',
  '%': 'take the remainder of',
};

export class Checker {
  private readonly columns: Map<string, ColumnType> | null;

  constructor(
    private readonly source: string,
    columns: readonly Column[] | null,
  ) {
    this.columns = columns && new Map(columns.map((c) => [c.name, c.type]));
  }

  private fail(message: string, at: number, hint?: string): never {
    throw new CairnError('VALIDATION', `${message} at position ${at + 1}.${hint ? ` ${hint}` : ''}`, {
      position: at + 1,
    });
  }

  /** How a sub-expression is named in messages: a column by its name, anything else by its text. */
  private describe(t: Typed | Expr): string {
    if ('k' in t && t.k === 'column') return `"${t.name}"`;
    if ('kind' in t && t.kind === 'column') return `"${t.name}"`;
    const text = this.source.slice(t.start, t.end).trim().replace(/\s+/g, ' ');
    return text.length > 40 ? `${text.slice(0, 39)}…` : text;
  }

  private typeName(t: Typed): string {
    if (t.type === 'null') return 'empty (NULL)';
    return t.type === 'any' ? 'of unknown type' : t.type;
  }

  check(e: Expr): Typed {
    const span = { start: e.start, end: e.end };
    switch (e.kind) {
      case 'column':
        return { k: 'column', name: e.name, type: this.columnType(e.name, e.start), ...span };
      case 'literal':
        return { k: 'literal', value: e.value, type: literalType(e.value), ...span };
      case 'unary': {
        const arg = this.check(e.arg);
        if (e.op === 'not') {
          this.requireCondition(arg, 'NOT');
          return { k: 'not', arg, type: 'boolean', ...span };
        }
        if (!isNumeric(arg.type) && arg.type !== 'null') {
          this.fail(
            `"${e.opText}" needs a number, but ${this.describe(arg)} is ${this.typeName(arg)}`,
            e.start,
          );
        }
        return e.op === 'neg' ? { k: 'neg', arg, type: arg.type, ...span } : arg;
      }
      case 'binary':
        return this.binary(e);
      case 'is_null': {
        const arg = this.check(e.arg);
        this.refuseFixed([arg], e);
        return { k: 'is_null', negated: e.negated, arg, type: 'boolean', ...span };
      }
      case 'in':
        return this.inList(e);
      case 'like':
        return this.like(e);
      case 'between': {
        const arg = this.check(e.arg);
        this.refuseFixed([arg], e);
        const low = this.comparable(arg, this.check(e.low), 'BETWEEN', e.opStart);
        const high = this.comparable(arg, this.check(e.high as Expr), 'BETWEEN', e.opStart);
        return {
          k: 'between',
          negated: e.negated,
          arg,
          low: low.right,
          high: high.right,
          type: 'boolean',
          ...span,
        };
      }
      case 'call':
        return this.call(e);
    }
  }

  private columnType(name: string, at: number): ValueType {
    if (!this.columns) return 'any';
    const type = this.columns.get(name);
    if (type !== undefined) return type;
    const names = [...this.columns.keys()];
    const near = nearestNames(name, names);
    const quotedAsName = this.source[at] === '"';
    const nearText =
      near.length === 1
        ? ` Did you mean ${asName(near[0] as string)}?`
        : near.length > 1
          ? ` The nearest columns: ${near.map(asName).join(', ')}.`
          : names.length > 0 && !quotedAsName
            ? ` The columns: ${names.slice(0, 8).map(asName).join(', ')}${names.length > 8 ? ', …' : ''}.`
            : '';
    const hint = quotedAsName ? ` Text goes in single quotes, like '${name.replace(/'/g, "''")}'.` : '';
    throw new CairnError('VALIDATION', `Unknown column "${name}" at position ${at + 1}.${nearText}${hint}`, {
      position: at + 1,
      ...(near.length > 0 ? { suggestions: near } : {}),
    });
  }

  /**
   * A test whose sides name no column gives the same answer on every row: nearly always a column
   * name written as text ("Origin State" = 'Texas' typed with single quotes), so it is refused,
   * naming the column a quoted text most resembles.
   */
  private refuseFixed(sides: readonly Typed[], e: Expr): void {
    if (sides.some(mentionsColumn)) return;
    const texts = sides.flatMap((t) => literalTexts(t));
    let suggestion = '';
    if (this.columns) {
      const names = [...this.columns.keys()];
      for (const literal of texts) {
        const column = nearestNames(String(literal.value), names, 1)[0];
        if (column === undefined) continue;
        const corrected =
          this.source.slice(0, literal.start) + quoteColumnName(column) + this.source.slice(literal.end);
        suggestion = ` Did you mean the column ${asName(column)}? Write: ${corrected.trim()}`;
        break;
      }
      if (!suggestion) {
        suggestion =
          names.length > 0
            ? ` Did you mean a column? Columns are written bare or in double quotes, like ${asName(names[0] as string)}; text goes in single quotes.`
            : '';
      }
    }
    throw new CairnError(
      'VALIDATION',
      `This compares two fixed values, ${this.describe(e).replace(/^\((.*)\)$/, '$1')}, at position ${e.start + 1}: every row would get the same answer.${suggestion}`,
      { position: e.start + 1 },
    );
  }

  private requireCondition(t: Typed, what: string): void {
    if (t.type !== 'boolean' && t.type !== 'any') {
      this.fail(
        `${what} needs a condition, but ${this.describe(t)} is ${this.typeName(t)}`,
        t.start,
        t.type === 'null' ? 'Use IS NULL to test for missing values.' : 'Compare it first, like age > 18.',
      );
    }
  }

  private binary(e: Expr & { kind: 'binary' }): Typed {
    const span = { start: e.start, end: e.end };
    const left = this.check(e.left);
    const right = this.check(e.right);
    switch (e.op) {
      case 'and':
      case 'or':
        this.requireCondition(left, e.opText.toUpperCase());
        this.requireCondition(right, e.opText.toUpperCase());
        return { k: 'logic', op: e.op, left, right, type: 'boolean', ...span };
      case '=':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=': {
        this.refuseFixed([left, right], e);
        const pair = this.comparable(left, right, e.opText, e.opStart);
        return { k: 'compare', op: e.op, left: pair.left, right: pair.right, type: 'boolean', ...span };
      }
      default: {
        for (const side of [left, right]) {
          if (!isNumeric(side.type) && side.type !== 'null') {
            const hint =
              e.op === '+' && side.type === 'text'
                ? 'Use concat(a, b) to join text.'
                : 'Convert it to a number first.';
            this.fail(
              `Cannot ${OPERATOR_VERBS[e.op]} ${this.describe(side)}, which is ${this.typeName(side)},`,
              e.opStart,
              hint,
            );
          }
        }
        return {
          k: 'arith',
          op: e.op,
          left,
          right,
          type: arithmeticType(e.op, left.type, right.type),
          ...span,
        };
      }
    }
  }

  /**
   * Whether two values can be compared; a quoted date compared with a date or datetime column is
   * checked and normalised (so '2024-1-5' is refused rather than silently compared as text).
   */
  private comparable(left: Typed, right: Typed, opText: string, at: number): { left: Typed; right: Typed } {
    if (left.type === 'null' || right.type === 'null') {
      this.fail(
        `Cannot compare with NULL using "${opText}"`,
        at,
        'Use IS NULL or IS NOT NULL to test for missing values.',
      );
    }
    const l = this.coerceLiteral(right, left) ?? left;
    const r = this.coerceLiteral(left, right) ?? right;
    const a = l.type;
    const b = r.type;
    const fits =
      a === 'any' ||
      b === 'any' ||
      (isNumeric(a) && isNumeric(b)) ||
      a === b ||
      (isTemporal(a) && isTemporal(b));
    if (!fits) {
      const hint =
        a === 'boolean' || b === 'boolean'
          ? 'Compare true/false columns with TRUE or FALSE.'
          : isNumeric(a) || isNumeric(b)
            ? "Compare numbers with numbers (5) and text with quoted text ('5')."
            : 'Convert one of them first.';
      this.fail(
        `Cannot compare ${this.describe(left)} (${this.typeName(left)}) with ${this.describe(right)} (${this.typeName(right)}) using "${opText}"`,
        at,
        hint,
      );
    }
    return { left: l, right: r };
  }

  /** `target` as a date/datetime literal if it is quoted text compared with a temporal `other`. */
  private coerceLiteral(other: Typed, target: Typed): Typed | undefined {
    if (target.k !== 'literal' || target.type !== 'text' || !isTemporal(other.type)) return undefined;
    const type = other.type as 'date' | 'datetime';
    const text = String(target.value);
    const converted = convertValue(text, type);
    const shape = type === 'date' ? /^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$/.test(text) : true;
    if (!converted.ok || converted.value === null || !shape) {
      this.fail(
        `${this.describe(target)} is not a valid ${type}`,
        target.start,
        type === 'date' ? "Write dates as 'YYYY-MM-DD'." : "Write date-times as 'YYYY-MM-DDTHH:MM:SS'.",
      );
    }
    return { ...target, value: converted.value as string, type };
  }

  private inList(e: Expr & { kind: 'in' }): Typed {
    const arg = this.check(e.arg);
    this.refuseFixed([arg], e);
    const items = e.items.map((item) => {
      const typed = this.check(item);
      if (typed.k !== 'literal') {
        this.fail(
          `IN lists take values, but ${this.describe(typed)} is not a value`,
          typed.start,
          'Use = and OR to compare with other columns.',
        );
      }
      if (typed.type === 'null') {
        this.fail('NULL in an IN list never matches', typed.start, 'Use IS NULL to find missing values.');
      }
      return this.comparable(arg, typed, 'IN', typed.start).right;
    });
    return { k: 'in', negated: e.negated, arg, items, type: 'boolean', start: e.start, end: e.end };
  }

  private like(e: Expr & { kind: 'like' }): Typed {
    const arg = this.check(e.arg);
    this.refuseFixed([arg], e);
    const pattern = this.check(e.pattern);
    if (arg.type !== 'text' && arg.type !== 'any') {
      this.fail(`LIKE needs text, but ${this.describe(arg)} is ${this.typeName(arg)}`, arg.start);
    }
    if (pattern.k !== 'literal' || typeof pattern.value !== 'string') {
      this.fail(
        'LIKE needs a quoted pattern',
        pattern.start,
        "Write name LIKE 'A%' (% is any text, _ one character).",
      );
    }
    return {
      k: 'like',
      negated: e.negated,
      arg,
      pattern: pattern.value,
      type: 'boolean',
      start: e.start,
      end: e.end,
    };
  }

  private call(e: Expr & { kind: 'call' }): Typed {
    if (!isFunctionName(e.name)) {
      const names: readonly string[] = FUNCTION_NAMES;
      const hint = closestName(e.name, names);
      this.fail(
        `Unknown function "${e.nameText}"`,
        e.start,
        hint ? `Did you mean ${hint}()?` : `Functions you can use: ${names.join(', ')}.`,
      );
    }
    const fn = e.name;
    const { minArgs, maxArgs } = EXPRESSION_FUNCTIONS[fn];
    if (e.args.length > maxArgs && maxArgs === MAX_FUNCTION_ARGS) {
      this.fail(
        `${e.nameText}() takes at most ${MAX_FUNCTION_ARGS} values, but has ${e.args.length}`,
        e.start,
        'Split it into several steps.',
      );
    }
    if (e.args.length < minArgs || e.args.length > maxArgs) {
      this.fail(`Wrong number of arguments for ${e.nameText}()`, e.start, `Write ${FUNCTIONS[fn]}.`);
    }
    const args = e.args.map((arg) => this.check(arg));
    const typed = (type: ValueType, finalArgs: Typed[] = args): Typed => ({
      k: 'call',
      fn,
      args: finalArgs,
      type,
      start: e.start,
      end: e.end,
    });
    const first = args[0] as Typed;
    const need = (t: Typed, ok: (type: ValueType) => boolean, what: string): void => {
      if (t.type !== 'null' && t.type !== 'any' && !ok(t.type)) {
        this.fail(
          `${fn}() needs ${what}, but ${this.describe(t)} is ${this.typeName(t)}`,
          t.start,
          `Write ${FUNCTIONS[fn]}.`,
        );
      }
    };
    const wholeLiteral = (t: Typed | undefined, min: number, what: string): void => {
      if (t && !(t.k === 'literal' && typeof t.value === 'bigint' && t.value >= BigInt(min))) {
        this.fail(
          `${fn}() needs a whole number of at least ${min} as ${what}`,
          t.start,
          `Write ${FUNCTIONS[fn]}.`,
        );
      }
    };
    switch (fn) {
      case 'lower':
      case 'upper':
      case 'trim':
        need(first, (t) => t === 'text', 'text');
        return typed('text');
      case 'length':
        need(first, (t) => t === 'text', 'text');
        return typed('integer');
      case 'abs':
        need(first, isNumeric, 'a number');
        return typed(first.type);
      case 'round':
        need(first, isNumeric, 'a number');
        wholeLiteral(args[1], 0, 'the number of digits');
        return typed('float');
      case 'floor':
      case 'ceil':
        need(first, isNumeric, 'a number');
        return typed('integer');
      case 'coalesce':
        return typed(this.commonType(args, fn, e.start));
      case 'substr':
        need(first, (t) => t === 'text', 'text');
        wholeLiteral(args[1], 1, 'the start');
        wholeLiteral(args[2], 0, 'the length');
        return typed('text');
      case 'replace': {
        need(first, (t) => t === 'text', 'text');
        const [, find, replacement] = args as [Typed, Typed, Typed];
        for (const t of [find, replacement]) {
          if (t.k !== 'literal' || typeof t.value !== 'string') {
            this.fail(
              'replace() needs quoted text to find and to put instead',
              t.start,
              `Write ${FUNCTIONS[fn]}.`,
            );
          }
        }
        if (find.k === 'literal' && find.value === '')
          this.fail('replace() needs something to find', find.start);
        const result = typed('text');
        const growth = textGrowth(result);
        if (growth > MAX_TEXT_GROWTH) {
          this.fail(
            `These replace() calls can make a text up to ${Math.round(growth).toLocaleString('en-US')} times longer`,
            e.start,
            `Cairn refuses more than ${MAX_TEXT_GROWTH} times; replace in fewer steps.`,
          );
        }
        return result;
      }
      case 'year':
      case 'month':
      case 'day':
        need(first, isTemporal, 'a date or datetime');
        return typed('integer');
      case 'concat':
        return typed('text');
      case 'if': {
        const [condition, then, otherwise] = args as [Typed, Typed, Typed];
        this.requireCondition(condition, 'if()');
        return typed(this.commonType([then, otherwise], fn, e.start));
      }
    }
  }

  private commonType(args: readonly Typed[], fn: string, at: number): ValueType {
    const types = [...new Set(args.map((a) => a.type).filter((t) => t !== 'null'))];
    if (types.length === 0) return 'null';
    if (types.includes('any')) return 'any';
    if (types.length === 1) return types[0] as ValueType;
    if (types.every((t) => t === 'integer' || t === 'float')) return 'float';
    return this.fail(
      `${fn}() mixes ${types.join(' and ')} values`,
      at,
      'All its values must have the same type (numbers may mix).',
    );
  }
}

/** A column name in double quotes: how messages name it, and always valid to paste. */
const asName = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function children(t: Typed): Typed[] {
  switch (t.k) {
    case 'column':
    case 'literal':
      return [];
    case 'neg':
    case 'not':
    case 'is_null':
    case 'like':
      return [t.arg];
    case 'arith':
    case 'compare':
    case 'logic':
      return [t.left, t.right];
    case 'in':
      return [t.arg, ...t.items];
    case 'between':
      return [t.arg, t.low, t.high];
    case 'call':
      return t.args;
  }
}

/** At most how many times longer than its input a text expression can be. */
function textGrowth(t: Typed): number {
  if (t.k !== 'call') return 1;
  switch (t.fn) {
    case 'replace': {
      const [text, find, replacement] = t.args as [Typed, Typed, Typed];
      const found = find.k === 'literal' ? String(find.value).length : 1;
      const put = replacement.k === 'literal' ? String(replacement.value).length : 1;
      return textGrowth(text) * Math.max(1, put / Math.max(1, found));
    }
    case 'concat':
      return t.args.reduce((sum, arg) => sum + textGrowth(arg), 0);
    case 'coalesce':
    case 'if':
      return Math.max(...t.args.map(textGrowth));
    case 'lower':
    case 'upper':
    case 'trim':
    case 'substr':
      return textGrowth(t.args[0] as Typed);
    default:
      return 1;
  }
}

function mentionsColumn(t: Typed): boolean {
  return t.k === 'column' || children(t).some(mentionsColumn);
}

/** The quoted texts inside a sub-expression, the candidates for a misquoted column name. */
function literalTexts(t: Typed): (Typed & { k: 'literal' })[] {
  if (t.k === 'literal') return typeof t.value === 'string' ? [t] : [];
  return children(t).flatMap(literalTexts);
}

function literalType(value: LiteralValue): ValueType {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return 'integer';
  if (typeof value === 'number') return 'float';
  if (typeof value === 'boolean') return 'boolean';
  return 'text';
}

function arithmeticType(op: ArithOp, a: ValueType, b: ValueType): ValueType {
  if (op === '/') return 'float';
  if (a === 'any' || b === 'any') return 'any';
  if (a === 'null') return b;
  if (b === 'null') return a;
  return a === 'float' || b === 'float' ? 'float' : 'integer';
}
