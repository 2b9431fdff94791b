/**
 * The typed tree as a pandas expression over `df`. Columns are nullable pandas dtypes (see
 * PANDAS_DTYPES), whose missing values follow the same three-valued logic as SQL's NULL, so a
 * filter keeps the same rows. Scalars (literals) render as plain Python.
 */
import { NUMPY_IMPORT, RE_IMPORT, col, pyNumber, pyStr } from '../operations/python';
import type { Typed } from './check';
import type { LiteralValue } from './parse';

export interface Py {
  code: string;
  /** A pandas Series (as opposed to a Python scalar). */
  series: boolean;
  /** Safe to use as an operand or method receiver without parentheses. */
  atom: boolean;
}

const wrap = (p: Py): string => (p.atom ? p.code : `(${p.code})`);
const scalar = (code: string, atom = true): Py => ({ code, series: false, atom });
const series = (code: string, atom = true): Py => ({ code, series: true, atom });

const PY_COMPARE = { '=': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' } as const;

const REGEX_SPECIAL = /[.^$*+?{}[\]\\|()]/;

/**
 * A LIKE pattern as a Python regex for fullmatch. SQLite's LIKE ignores case for ASCII letters
 * only: when the pattern has other cased letters they are matched exactly, by spelling ASCII
 * letters as [aA] classes instead of asking pandas to ignore case.
 */
export function likeToRegex(pattern: string): { regex: string; ignoreCase: boolean } {
  const chars = [...pattern];
  const ignoreCase = !chars.some(
    (ch) => (ch.codePointAt(0) ?? 0) > 127 && ch.toLowerCase() !== ch.toUpperCase(),
  );
  const body = chars
    .map((ch) => {
      if (ch === '%') return '.*';
      if (ch === '_') return '.';
      if (!ignoreCase && /[a-zA-Z]/.test(ch)) return `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
      return REGEX_SPECIAL.test(ch) ? `\\${ch}` : ch;
    })
    .join('');
  return { regex: `(?s)${body}`, ignoreCase };
}

export class PandasRenderer {
  readonly imports = new Set<string>();

  render(t: Typed): Py {
    switch (t.k) {
      case 'column':
        return series(col(t.name));
      case 'literal':
        return this.literal(t.value);
      case 'neg': {
        const arg = this.render(t.arg);
        return { code: `-${wrap(arg)}`, series: arg.series, atom: false };
      }
      case 'not': {
        const arg = this.render(t.arg);
        return arg.series ? series(`~${wrap(arg)}`, false) : scalar(`not ${wrap(arg)}`, false);
      }
      case 'arith':
        return this.binary(t.left, t.op, t.right);
      case 'compare':
        return this.binary(t.left, PY_COMPARE[t.op], t.right);
      case 'logic': {
        const left = this.render(t.left);
        const right = this.render(t.right);
        if (!left.series && !right.series) return this.binary(t.left, t.op, t.right);
        return this.binary(t.left, t.op === 'and' ? '&' : '|', t.right);
      }
      case 'is_null': {
        const arg = this.render(t.arg);
        if (arg.series) return series(`${wrap(arg)}.${t.negated ? 'notna' : 'isna'}()`);
        return scalar(`pd.${t.negated ? 'notna' : 'isna'}(${arg.code})`);
      }
      case 'in': {
        const arg = this.render(t.arg);
        const items = `[${t.items.map((item) => this.render(item).code).join(', ')}]`;
        if (!arg.series) return scalar(`${wrap(arg)} ${t.negated ? 'not in' : 'in'} ${items}`, false);
        // isin() says False for a missing value where SQL says unknown; mask restores that.
        const test = `${wrap(arg)}.isin(${items}).astype("boolean").mask(${wrap(arg)}.isna())`;
        return t.negated ? series(`~${test}`, false) : series(test);
      }
      case 'like':
        return this.like(t);
      case 'between': {
        const arg = this.render(t.arg);
        const both = `(${this.binary(t.arg, '>=', t.low).code}) ${arg.series ? '&' : 'and'} (${this.binary(t.arg, '<=', t.high).code})`;
        const code = !t.negated ? both : arg.series ? `~(${both})` : `not (${both})`;
        return { code, series: arg.series, atom: false };
      }
      case 'call':
        return this.call(t);
    }
  }

  private literal(value: LiteralValue): Py {
    if (value === null) return scalar('pd.NA');
    if (typeof value === 'boolean') return scalar(value ? 'True' : 'False');
    if (typeof value === 'string') return scalar(pyStr(value));
    const code = typeof value === 'bigint' ? value.toString() : pyNumber(value);
    return scalar(code, !code.startsWith('-'));
  }

  private binary(leftT: Typed, op: string, rightT: Typed): Py {
    const left = this.render(leftT);
    const right = this.render(rightT);
    return { code: `${wrap(left)} ${op} ${wrap(right)}`, series: left.series || right.series, atom: false };
  }

  private like(t: Typed & { k: 'like' }): Py {
    const arg = this.render(t.arg);
    const { regex, ignoreCase } = likeToRegex(t.pattern);
    if (!arg.series) {
      this.imports.add(RE_IMPORT);
      const test = `re.fullmatch(${pyStr(regex)}, ${arg.code}${ignoreCase ? ', re.IGNORECASE' : ''}) is not None`;
      return scalar(t.negated ? `not (${test})` : test, false);
    }
    const test = `${wrap(arg)}.str.fullmatch(${pyStr(regex)}${ignoreCase ? ', case=False' : ''})`;
    return t.negated ? series(`~${test}`, false) : series(test);
  }

  /** A value as text the way SQLite's concat() writes it, missing values as empty text. */
  private concatPiece(t: Typed): Py | undefined {
    const p = this.render(t);
    if (!p.series) {
      if (t.k !== 'literal' || t.value === null) return undefined;
      if (typeof t.value === 'boolean') return scalar(pyStr(t.value ? 'true' : 'false'));
      if (typeof t.value === 'string') return p;
      return scalar(pyStr(typeof t.value === 'bigint' ? t.value.toString() : pyNumber(t.value)));
    }
    if (t.type === 'text' || t.type === 'date' || t.type === 'datetime')
      return series(`${wrap(p)}.fillna("")`);
    if (t.type === 'boolean') return series(`${wrap(p)}.map({True: "true", False: "false"}).fillna("")`);
    return series(`${wrap(p)}.astype("string").fillna("")`);
  }

  private call(t: Typed & { k: 'call' }): Py {
    const args = t.args.map((a) => this.render(a));
    const a = args[0] as Py;
    const method = (onSeries: string, onScalar: string): Py => {
      if (a.code === 'pd.NA') return scalar('pd.NA');
      return a.series ? series(`${wrap(a)}${onSeries}`) : scalar(`${wrap(a)}${onScalar}`);
    };
    const literalArg = (i: number): bigint | undefined => {
      const arg = t.args[i];
      return arg && arg.k === 'literal' && typeof arg.value === 'bigint' ? arg.value : undefined;
    };
    switch (t.fn) {
      case 'lower':
        return method('.str.lower()', '.lower()');
      case 'upper':
        return method('.str.upper()', '.upper()');
      case 'trim':
        return method('.str.strip()', '.strip()');
      case 'length':
        return a.series ? series(`${wrap(a)}.str.len()`) : scalar(`len(${a.code})`);
      case 'abs':
        return { code: `abs(${a.code})`, series: a.series, atom: true };
      case 'round': {
        // Half away from zero, as SQLite rounds; pandas' round() would round half to even.
        this.imports.add(NUMPY_IMPORT);
        const scale = `10**${literalArg(1) ?? 0n}`;
        const code = `(np.sign(${a.code}) * np.floor(np.abs(${a.code}) * ${scale} + 0.5) / ${scale})`;
        return a.series ? series(code) : scalar(`float(${code})`);
      }
      case 'floor':
      case 'ceil': {
        this.imports.add(NUMPY_IMPORT);
        const code = `np.${t.fn}(${a.code})`;
        return a.series ? series(`${code}.astype("Int64")`) : scalar(`int(${code})`);
      }
      case 'coalesce': {
        let acc: Py | undefined;
        for (const [i, arg] of args.entries()) {
          if (t.args[i]?.k === 'literal' && t.args[i]?.type === 'null') continue;
          if (!acc) acc = arg;
          else if (!acc.series) break;
          else acc = series(`${wrap(acc)}.fillna(${arg.code})`);
        }
        return acc ?? scalar('pd.NA');
      }
      case 'substr': {
        const start = Number(literalArg(1) ?? 1n) - 1;
        const length = literalArg(2);
        const slice = `[${start}:${length === undefined ? '' : start + Number(length)}]`;
        return method(`.str${slice}`, slice);
      }
      case 'replace': {
        const [, find, replacement] = args as [Py, Py, Py];
        return method(
          `.str.replace(${find.code}, ${replacement.code}, regex=False)`,
          `.replace(${find.code}, ${replacement.code})`,
        );
      }
      case 'year':
      case 'month':
      case 'day': {
        if (!a.series) return scalar('pd.NA');
        const slice = { year: '[0:4]', month: '[5:7]', day: '[8:10]' }[t.fn];
        return series(`pd.to_numeric(${wrap(a)}.str${slice}).astype("Int64")`);
      }
      case 'concat': {
        const pieces = t.args.map((arg) => this.concatPiece(arg)).filter((p): p is Py => p !== undefined);
        if (pieces.length === 0) return scalar('""');
        if (pieces.length === 1) return pieces[0] as Py;
        return { code: pieces.map(wrap).join(' + '), series: pieces.some((p) => p.series), atom: false };
      }
      case 'if': {
        const [condition, then, otherwise] = args as [Py, Py, Py];
        if (!condition.series)
          return scalar(`${wrap(then)} if ${wrap(condition)} else ${wrap(otherwise)}`, false);
        const mask = `${wrap(condition)}.fillna(False)`;
        if (then.series) return series(`${wrap(then)}.where(${mask}, ${otherwise.code})`);
        if (otherwise.series) return series(`${wrap(otherwise)}.mask(${mask}, ${then.code})`);
        return series(`pd.Series(${then.code}, index=df.index).where(${mask}, ${otherwise.code})`);
      }
    }
  }
}
