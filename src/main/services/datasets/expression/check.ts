/**
 * Resolves column names and checks types, producing the typed tree both renderers (SQL and
 * pandas) read. Strict mode checks against the version's schema; lenient mode (pandas rendering
 * without a schema) accepts any name as a column of unknown type.
 */
import type { Column, ColumnType } from '../../../../shared/operations';
import { CairnError } from '../../../../shared/result';
import { closestName, unknownColumnMessage } from '../operations/schema';
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

export const FUNCTIONS = {
  lower: 'lower(text)',
  upper: 'upper(text)',
  trim: 'trim(text)',
  length: 'length(text)',
  abs: 'abs(number)',
  round: 'round(number) or round(number, digits)',
  floor: 'floor(number)',
  ceil: 'ceil(number)',
  coalesce: 'coalesce(a, b, …)',
  substr: 'substr(text, start) or substr(text, start, length)',
  replace: "replace(text, 'find', 'replacement')",
  year: 'year(date)',
  month: 'month(date)',
  day: 'day(date)',
  concat: 'concat(a, b, …)',
  if: 'if(condition, then, else)',
} as const;

export type FunctionName = keyof typeof FUNCTIONS;

const ARITY: Readonly<Record<FunctionName, [number, number]>> = {
  lower: [1, 1],
  upper: [1, 1],
  trim: [1, 1],
  length: [1, 1],
  abs: [1, 1],
  round: [1, 2],
  floor: [1, 1],
  ceil: [1, 1],
  coalesce: [2, Infinity],
  substr: [2, 3],
  replace: [3, 3],
  year: [1, 1],
  month: [1, 1],
  day: [1, 1],
  concat: [1, Infinity],
  if: [3, 3],
};

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
      case 'is_null':
        return { k: 'is_null', negated: e.negated, arg: this.check(e.arg), type: 'boolean', ...span };
      case 'in':
        return this.inList(e);
      case 'like':
        return this.like(e);
      case 'between': {
        const arg = this.check(e.arg);
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
    const message = unknownColumnMessage(name, [...this.columns.keys()], ` at position ${at + 1}`);
    const hint = /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name)
      ? ''
      : ' Put column names with spaces or symbols in backticks, like `first name`.';
    throw new CairnError('VALIDATION', message + hint, { position: at + 1 });
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
    if (!Object.hasOwn(FUNCTIONS, e.name)) {
      const names = Object.keys(FUNCTIONS);
      const hint = closestName(e.name, names);
      this.fail(
        `Unknown function "${e.nameText}"`,
        e.start,
        hint ? `Did you mean ${hint}()?` : `Functions you can use: ${names.join(', ')}.`,
      );
    }
    const fn = e.name as FunctionName;
    const [min, max] = ARITY[fn];
    if (e.args.length < min || e.args.length > max) {
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
        return typed('text');
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
