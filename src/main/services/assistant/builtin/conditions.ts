/**
 * Conditions in words → a Cairn expression: "price over 100", "city is Boston or Denver", "age
 * between 30 and 45", "email is empty", "signed up after March 2023", "name starts with a".
 *
 * A phrase that already is a valid expression passes unchanged. Otherwise it is cut into clauses
 * at "and"/"or"; each clause is a column, a comparison and a value, where the column may be left
 * out when the words imply it (the previous clause's, "older" → an age column, a date → the date
 * column) or when the value itself is one the column is known to hold ("shipped" → Status).
 * Words after the comparison are always a value: a value word is never taken for a column.
 */
import type { Column } from '../../../../shared/operations';
import { analyzeExpression } from '../../datasets/expression';
import { maskQuotes, readQuoted, unquote } from '../builtin-columns';
import type { BuiltinContext } from '../types';
import { periodOf } from './dates';
import {
  columnAt,
  columnNamed,
  looseColumn,
  NUMERIC,
  parseNumber,
  ref,
  TEMPORAL,
  textLiteral,
} from './words';

export type ConditionResult =
  { ok: true; expression: string; columns: string[] } | { ok: false; reason: string };

type Op =
  | 'eq'
  | 'ne'
  | 'gt'
  | 'ge'
  | 'lt'
  | 'le'
  | 'between'
  | 'contains'
  | 'ncontains'
  | 'starts'
  | 'ends'
  | 'null'
  | 'notnull'
  | 'in'
  | 'nin';

const COMPARATORS: readonly [RegExp, Op][] = [
  [
    /(?:is |are )?(?:not (?:empty|blank|missing|null)|non[- ]?(?:empty|blank|null|missing)|present|filled(?: in)?|known|available|provided|given)$/y,
    'notnull',
  ],
  [/(?:is |are )?(?:empty|blank|missing|null|nan|unknown|not set|not given|not provided)$/y, 'null'],
  [/(?:is |are )?(?:not in|not one of|none of)\b/y, 'nin'],
  [/(?:is |are )?(?:one of|any of|among)\b/y, 'in'],
  [/(?:is |are |was |were )?(?:between|from)\b/y, 'between'],
  [
    /(?:is |are )?(?:greater than or equal to|more than or equal to|at least|no less than|not less than|>=|≥|on or after|since)\s*/y,
    'ge',
  ],
  [
    /(?:is |are )?(?:less than or equal to|at most|no more than|not more than|up to|<=|≤|on or before|until|through)\s*/y,
    'le',
  ],
  [
    /(?:is |are |was |were )?(?:greater than|more than|over|above|higher than|larger than|bigger than|exceeds?|exceeding|later than|after|newer than|older than|>)\s*/y,
    'gt',
  ],
  [
    /(?:is |are |was |were )?(?:less than|fewer than|under|below|lower than|smaller than|earlier than|before|prior to|younger than|<)\s*/y,
    'lt',
  ],
  [
    /(?:does not contain|doesn't contain|do not contain|don't contain|not containing|not like)\b/y,
    'ncontains',
  ],
  [/(?:contains?|containing|includes?|including|mentions?|mentioning|has|have|like)\b/y, 'contains'],
  [/(?:starts? with|starting with|begins? with|beginning with)\b/y, 'starts'],
  [/(?:ends? with|ending with|ends? in|ending in)\b/y, 'ends'],
  [
    /(?:is not equal to|is not|isn't|are not|aren't|not equal to|does not equal|doesn't equal|!=|<>|other than|not)\s*/y,
    'ne',
  ],
  [/(?:is equal to|equal to|equals?|==|=|is|are|was|were|of|:|in|at|from|for)\s*/y, 'eq'],
];

const AGE_WORDS: Readonly<Record<string, Op>> = { 'older than': 'gt', 'younger than': 'lt' };
/** Words that lead into a condition, dropped before reading it. */
const LEAD =
  /^(?:(?:the|all|any|only|those|ones|rows?|records?|entries|lines|where|whose|which|that|who|whom|with|having|if|for which|in which|such that|so that|when)\b\s*)+/i;
const VERB =
  /^(?:(?:are|is|was|were|have|has|had|do|does|did|live|lives|living|located|based|come|comes|coming|signed up|joined|registered|placed|made|ordered|created|started|earn|earns|earning|make|makes|cost|costs|get|gets|got|work|works|working)\b\s*)+/i;

interface Clause {
  text: string;
  joiner: 'AND' | 'OR' | null;
}

/** Cut at " and " / " or " outside quotes, keeping "between 1 and 5" whole. */
function clauses(text: string): Clause[] {
  const masked = maskQuotes(text);
  const out: Clause[] = [];
  const re = / (and|or|but) /gi;
  let last = 0;
  let joiner: Clause['joiner'] = null;
  for (let m = re.exec(masked); m !== null; m = re.exec(masked)) {
    const piece = text.slice(last, m.index);
    // "45 or more", "10 and up": one bound, not two clauses.
    if (
      /^(?:more|less|fewer|above|below|higher|lower|over|under|greater|up|older|younger)\b/i.test(
        masked.slice(m.index + m[0].length),
      )
    ) {
      if (/^(?:more|less|fewer|above|below|higher|lower|up)\s*$/i.test(masked.slice(m.index + m[0].length)))
        continue;
    }
    if (/\b(?:between|from)\s+\S+$/i.test(piece.trim()) && (m[1] ?? '').toLowerCase() === 'and') continue;
    out.push({ text: piece.trim(), joiner });
    joiner = (m[1] ?? '').toLowerCase() === 'or' ? 'OR' : 'AND';
    last = m.index + m[0].length;
  }
  out.push({ text: text.slice(last).trim(), joiner });
  return out.filter((c) => c.text !== '');
}

interface Parsed {
  expr: string;
  column: string;
  op: Op;
}

export function toExpression(phrase: string, context: BuiltinContext): ConditionResult {
  const columns = context.columns;
  const text = phrase
    .trim()
    .replace(/[?.!]+$/, '')
    .replace(/\s+only$/i, '');
  if (text === '') return { ok: false, reason: 'Say which rows, like “price over 100”.' };
  if (isExpression(text, columns)) return { ok: true, expression: text, columns: [] };

  const stripped = stripSubject(verbColumn(text, columns), context);
  const parts = clauses(stripped);
  const out: string[] = [];
  const used: string[] = [];
  let prev: Parsed | undefined;
  let failure: string | undefined;
  for (const part of parts) {
    const parsed = clause(part.text, context, prev);
    if (typeof parsed === 'string') {
      failure = parsed;
      break;
    }
    out.push(`${part.joiner ? `${part.joiner} ` : ''}${parsed.expr}`);
    used.push(parsed.column);
    prev = parsed;
  }
  if (failure === undefined) {
    const expression = out.join(' ');
    if (isExpression(expression, columns)) return { ok: true, expression, columns: [...new Set(used)] };
    failure = `I could not turn “${phrase}” into a condition.`;
  }
  const bag = valuesIn(text, context);
  if (bag !== undefined) return bag;
  return { ok: false, reason: failure };
}

/** Verbs that name a column's meaning: "earn more than 50000" → salary. */
const VERB_COLUMNS: readonly [RegExp, RegExp][] = [
  [/\b(?:earn|earns|earning|earned|make|makes|is paid|are paid|paid)\b/i, /salary|income|pay|wage|earning/i],
  [/\b(?:cost|costs|costing|priced|sells? for|sold for)\b/i, /price|cost|amount/i],
  [/\b(?:weigh|weighs|weighing)\b/i, /weight/i],
  [/\b(?:aged)\b/i, /(?:^|[^a-z])age(?:$|[^a-z])/i],
];

function verbColumn(text: string, columns: readonly Column[]): string {
  for (const [verb, name] of VERB_COLUMNS) {
    const m = verb.exec(text);
    if (!m) continue;
    const hits = columns.filter((c) => (c.type === 'integer' || c.type === 'float') && name.test(c.name));
    if (hits.length === 1 && hits[0])
      return `${text.slice(0, m.index)}${hits[0].name}${text.slice(m.index + m[0].length)}`;
  }
  return text;
}

function isExpression(text: string, columns: readonly Column[]): boolean {
  try {
    const typed = analyzeExpression(text, columns);
    return typed.type === 'boolean';
  } catch {
    return false;
  }
}

/** "customers older than 40" → "older than 40"; "orders with status shipped" → "status shipped". */
function stripSubject(text: string, context: BuiltinContext): string {
  let t = text.replace(LEAD, '');
  for (let round = 0; round < 2; round += 1) {
    if (columnAt(t, 0, context.columns) || startsComparator(t) || knownValueAt(t, context)) break;
    const next = /^([\p{L}'’-]+)\s+/u.exec(t);
    if (!next || KEEP.test(next[1] ?? '') || booleanWord(next[1] ?? '', context.columns)) break;
    t = t.slice(next[0].length).replace(LEAD, '').replace(VERB, '').replace(LEAD, '');
  }
  return t.replace(VERB, '');
}

/** First words that belong to the condition, never a subject to drop. */
const KEEP =
  /^(?:in|on|at|from|before|after|since|until|over|under|above|below|between|not|no|without|missing|with|older|younger|more|less|greater|fewer|higher|lower|is|are|was|were|equals?|contains?|starts?|ends?|begins?)$/i;

function startsComparator(t: string): boolean {
  return COMPARATORS.some(([re, op]) => {
    if (op === 'eq' || op === 'contains') return false;
    re.lastIndex = 0;
    return re.test(t.toLowerCase());
  });
}

function knownValueAt(t: string, context: BuiltinContext): boolean {
  const low = t.toLowerCase();
  return Object.values(context.values ?? {}).some((vals) =>
    vals.some((v) => v !== '' && low.startsWith(v.toLowerCase()) && /^(?:$|\W)/.test(low.slice(v.length))),
  );
}

function comparator(rest: string): { op: Op; value: string } | undefined {
  const low = rest.toLowerCase();
  for (const [re, op] of COMPARATORS) {
    re.lastIndex = 0;
    const m = re.exec(low);
    if (m === null) continue;
    return { op, value: rest.slice(m[0].length).trim() };
  }
  return undefined;
}

function ageColumn(columns: readonly Column[]): string | undefined {
  return columns.find((c) => NUMERIC(c) && /(?:^|[^a-z])age(?:$|[^a-z])/i.test(c.name))?.name;
}

function dateColumn(columns: readonly Column[], prev: Parsed | undefined): string | undefined {
  if (prev && TEMPORAL(columnNamed(prev.column, columns))) return prev.column;
  const dates = columns.filter(TEMPORAL);
  return dates.length === 1 ? dates[0]?.name : undefined;
}

function clause(raw: string, context: BuiltinContext, prev: Parsed | undefined): Parsed | string {
  const columns = context.columns;
  let t = raw.replace(LEAD, '').trim();
  let negate = false;
  const not = /^(?:not|no longer)\s+/i.exec(t);
  if (not) {
    negate = true;
    t = t.slice(not[0].length);
  }
  // "no email", "without a phone", "missing city": the column is empty.
  const absent = /^(?:no|without(?: an?| any)?|missing|empty|blank|lacking(?: an?)?)\s+(.+)$/i.exec(t);
  if (absent) {
    const col = columnAt(absent[1] ?? '', 0, columns)?.name ?? looseColumn(absent[1] ?? '', columns);
    if (col) return finish({ expr: `${ref(col)} IS NULL`, column: col, op: 'null' }, negate);
  }
  const present = /^(?:an?|some|any)\s+(.+)$/i.exec(t);
  if (present) {
    const col = columnAt(present[1] ?? '', 0, columns)?.name;
    if (col && columnAt(present[1] ?? '', 0, columns)?.end === (present[1] ?? '').length) {
      return finish({ expr: `${ref(col)} IS NOT NULL`, column: col, op: 'notnull' }, negate);
    }
  }

  const hit = columnAt(t, 0, columns);
  let column: string | undefined = hit?.name;
  let rest = hit ? t.slice(hit.end).trim() : t;
  if (hit)
    rest = rest
      .replace(/^(?:columns?|fields?|values?)\b\s*/i, '')
      .replace(VERB, (v) => (/^(?:is|are|was|were)\s*$/i.test(v) ? v : ''));

  if (!column) {
    for (const [words, op] of Object.entries(AGE_WORDS)) {
      if (t.toLowerCase().startsWith(words)) {
        const age = ageColumn(columns);
        if (!age) return `I found no age column for “${words}”.`;
        return compare(age, op, t.slice(words.length).trim(), context, negate);
      }
    }
    const cmp = comparator(t);
    if (cmp && cmp.op !== 'eq' && cmp.op !== 'ne' && cmp.op !== 'contains' && prev) {
      return compare(prev.column, cmp.op, cmp.value, context, negate);
    }
    if (
      cmp &&
      /^(?:gt|ge|lt|le|eq|between)$/.test(cmp.op) &&
      periodOf(cmp.value, context.today ?? new Date())
    ) {
      const date = dateColumn(columns, prev);
      if (date) return compare(date, cmp.op, cmp.value, context, negate);
    }
    const known = knownValue(t.replace(/^(?:in|from|at|of|for|is|are)\s+/i, ''), context);
    if (known) return finish(known, negate);
    const flag = booleanWord(t, columns);
    if (flag) return finish(flag, negate);
    if (
      prev &&
      (prev.op === 'eq' ||
        prev.op === 'ne' ||
        prev.op === 'contains' ||
        prev.op === 'starts' ||
        prev.op === 'ends')
    ) {
      return compare(prev.column, prev.op, t, context, negate);
    }
    const loose = /^([\p{L}\p{N}_.]+)\s+(.*)$/u.exec(t);
    const looseName = loose ? looseColumn(loose[1] ?? '', columns) : undefined;
    if (!loose || !looseName) return `I could not find a column in “${raw}”.`;
    column = looseName;
    rest = (loose[2] ?? '').trim();
  }

  if (rest === '') {
    const col = columnNamed(column, columns);
    if (col?.type === 'boolean') return finish({ expr: `${ref(column)} = TRUE`, column, op: 'eq' }, negate);
    return `Say what “${column}” should be, like “${column} is …”.`;
  }
  for (const [words, op] of Object.entries(AGE_WORDS)) {
    if (rest.toLowerCase().startsWith(words))
      return compare(column, op, rest.slice(words.length).trim(), context, negate);
  }
  const cmp = comparator(rest);
  if (!cmp) return compare(column, 'eq', rest, context, negate);
  return compare(column, cmp.op, cmp.value, context, negate);
}

function finish(p: Parsed, negate: boolean): Parsed {
  return negate ? { ...p, expr: `NOT (${p.expr})` } : p;
}

/** A value the context knows a column holds, written as the whole clause ("shipped", "new york"). */
function knownValue(text: string, context: BuiltinContext): Parsed | undefined {
  const v = unquote(text.replace(/^(?:the|a|an)\s+/i, '')).value.toLowerCase();
  if (v === '') return undefined;
  const hits = Object.entries(context.values ?? {}).flatMap(([column, vals]) =>
    vals.filter((x) => x.toLowerCase() === v).map((x) => ({ column, value: x })),
  );
  const first = hits[0];
  if (!first || new Set(hits.map((h) => h.column)).size > 1) return undefined;
  const col = columnNamed(first.column, context.columns);
  const literal =
    NUMERIC(col) && parseNumber(first.value) !== undefined
      ? String(parseNumber(first.value))
      : textLiteral(first.value);
  return { expr: `${ref(first.column)} = ${literal}`, column: first.column, op: 'eq' };
}

/** "active" for a true/false column named is_active or active. */
function booleanWord(text: string, columns: readonly Column[]): Parsed | undefined {
  const w = text
    .trim()
    .toLowerCase()
    .replace(/^(?:are|is)\s+/, '');
  for (const c of columns) {
    if (c.type !== 'boolean') continue;
    const base = c.name
      .toLowerCase()
      .replace(/^(?:is|has)[_\s-]+/, '')
      .replace(/[_\s-]+/g, ' ');
    if (w === base) return { expr: `${ref(c.name)} = TRUE`, column: c.name, op: 'eq' };
    if (w === `in${base}` || w === `not ${base}` || w === `non-${base}` || w === `un${base}`) {
      return { expr: `${ref(c.name)} = FALSE`, column: c.name, op: 'eq' };
    }
  }
  return undefined;
}

function listOf(value: string): string[] {
  return maskQuotes(value).split(/\s*,\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+/i).length > 1
    ? splitKeepingQuotes(value)
    : [value];
}

function splitKeepingQuotes(value: string): string[] {
  const masked = maskQuotes(value);
  const out: string[] = [];
  const re = /\s*,\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+/gi;
  let last = 0;
  for (let m = re.exec(masked); m !== null; m = re.exec(masked)) {
    out.push(value.slice(last, m.index));
    last = m.index + m[0].length;
  }
  out.push(value.slice(last));
  return out.map((v) => v.trim()).filter((v) => v !== '');
}

function compare(
  column: string,
  op: Op,
  rawValue: string,
  context: BuiltinContext,
  negate: boolean,
): Parsed | string {
  const col = columnNamed(column, context.columns);
  const c = ref(column);
  const value = rawValue
    .replace(/^(?:the|a|an)\s+/i, '')
    .replace(/\s+(?:or more|or above|and up|or higher|plus)$/i, () => {
      if (op === 'eq' || op === 'gt') op = 'ge';
      return '';
    })
    .replace(/\s+(?:or less|or fewer|or below|or lower|and under)$/i, () => {
      if (op === 'eq' || op === 'lt') op = 'le';
      return '';
    })
    .trim();
  const done = (expr: string): Parsed => finish({ expr, column, op }, negate);

  if (op === 'null') return done(`${c} IS NULL`);
  if (op === 'notnull') return done(`${c} IS NOT NULL`);
  if (value === '') return `Say the value to compare “${column}” with.`;

  if (op === 'between') {
    const m = /^(.+?)\s+(?:and|to|-|through)\s+(.+)$/i.exec(value);
    if (!m) return `Say both ends, like “${column} between 10 and 20”.`;
    const low = literal(col, m[1] ?? '', context, 'start');
    const high = literal(col, m[2] ?? '', context, 'end');
    if (typeof low !== 'string' || typeof high !== 'string') return valueError(column, col);
    return done(`${c} BETWEEN ${low} AND ${high}`);
  }
  if (op === 'contains' || op === 'ncontains' || op === 'starts' || op === 'ends') {
    const v = unquote(value).value.replace(/[%_]/g, '');
    const pattern = op === 'starts' ? `${v}%` : op === 'ends' ? `%${v}` : `%${v}%`;
    return done(`${c} ${op === 'ncontains' ? 'NOT LIKE' : 'LIKE'} ${textLiteral(pattern)}`);
  }
  const items = op === 'in' || op === 'nin' || op === 'eq' || op === 'ne' ? listOf(value) : [value];
  if (items.length > 1 || op === 'in' || op === 'nin') {
    const lits = items.map((v) => literal(col, v, context, 'start'));
    if (lits.some((l) => typeof l !== 'string')) return valueError(column, col);
    const negated = op === 'ne' || op === 'nin';
    return done(`${c} ${negated ? 'NOT IN' : 'IN'} (${lits.join(', ')})`);
  }
  if (TEMPORAL(col)) {
    const period = periodOf(unquote(value).value, context.today ?? new Date());
    if (!period) return `“${value}” is not a date I can read; write it like 2023-03-31 or March 2023.`;
    const at = (d: string, end: boolean) =>
      textLiteral(col?.type === 'datetime' ? `${d}T${end ? '23:59:59' : '00:00:00'}` : d);
    switch (op) {
      case 'gt':
        return done(`${c} > ${at(period.end, true)}`);
      case 'ge':
        return done(`${c} >= ${at(period.start, false)}`);
      case 'lt':
        return done(`${c} < ${at(period.start, false)}`);
      case 'le':
        return done(`${c} <= ${at(period.end, true)}`);
      case 'ne':
        return done(`${c} NOT BETWEEN ${at(period.start, false)} AND ${at(period.end, true)}`);
      default:
        return done(
          period.start === period.end && col?.type === 'date'
            ? `${c} = ${at(period.start, false)}`
            : `${c} BETWEEN ${at(period.start, false)} AND ${at(period.end, true)}`,
        );
    }
  }
  if (col?.type === 'text' && (op === 'eq' || op === 'ne')) {
    const { value: v, quoted } = unquote(value);
    const exact = quoted
      ? v
      : (context.values?.[column] ?? []).find((x) => x.toLowerCase() === v.toLowerCase());
    if (exact !== undefined) return done(`${c} ${op === 'eq' ? '=' : '!='} ${textLiteral(exact)}`);
    // Typed in another case than stored: "boston" finds "Boston".
    return done(`lower(${c}) ${op === 'eq' ? '=' : '!='} ${textLiteral(v.toLowerCase())}`);
  }
  const lit = literal(col, value, context, 'start');
  if (typeof lit !== 'string') return valueError(column, col);
  const sym = { eq: '=', ne: '!=', gt: '>', ge: '>=', lt: '<', le: '<=' }[op as 'eq'];
  if (sym === undefined) return `I could not read the comparison in “${rawValue}”.`;
  return done(`${c} ${sym} ${lit}`);
}

function valueError(column: string, col: Column | undefined): string {
  const kind = NUMERIC(col)
    ? 'a number'
    : TEMPORAL(col)
      ? 'a date'
      : col?.type === 'boolean'
        ? 'true or false'
        : 'a value';
  return `“${column}” holds ${kind}; say the value as one.`;
}

/** A literal for the column's type, or undefined when the words are not such a value. */
function literal(
  col: Column | undefined,
  value: string,
  context: BuiltinContext,
  side: 'start' | 'end',
): string | undefined {
  const { value: v, quoted } = unquote(value);
  if (NUMERIC(col)) {
    const n = parseNumber(v);
    return n === undefined ? undefined : String(n);
  }
  if (col?.type === 'boolean') {
    if (/^(?:true|yes|y|1|on)$/i.test(v)) return 'TRUE';
    if (/^(?:false|no|n|0|off)$/i.test(v)) return 'FALSE';
    return undefined;
  }
  if (TEMPORAL(col)) {
    const p = periodOf(v, context.today ?? new Date());
    if (!p) return undefined;
    const d = side === 'start' ? p.start : p.end;
    return textLiteral(col?.type === 'datetime' ? `${d}T${side === 'start' ? '00:00:00' : '23:59:59'}` : d);
  }
  if (!quoted && col) {
    const exact = (context.values?.[col.name] ?? []).find((x) => x.toLowerCase() === v.toLowerCase());
    if (exact !== undefined) return textLiteral(exact);
  }
  return textLiteral(v);
}

/**
 * The last resort: every word group the data is known to hold ("returned orders", "active
 * customers in Chicago") as column = value, joined with AND. Only when nothing but such values
 * and plain words remain: a comparison word left over means the sentence meant more.
 */
function valuesIn(text: string, context: BuiltinContext): ConditionResult | undefined {
  const words = text.split(/\s+/);
  const found: Parsed[] = [];
  for (let i = 0; i < words.length;) {
    let took = 0;
    for (let n = Math.min(4, words.length - i); n >= 1 && took === 0; n -= 1) {
      const group = words
        .slice(i, i + n)
        .join(' ')
        .replace(/[,.;:!?]+$/, '');
      const hit = knownValue(group, context) ?? (n === 1 ? booleanWord(group, context.columns) : undefined);
      if (hit && !found.some((f) => f.column === hit.column)) {
        found.push(hit);
        took = n;
      }
    }
    if (took === 0) {
      if (
        /^(?:than|over|under|above|below|between|not|no|without|before|after|least|most|contains?|starts?|ends?|\d.*)$/i.test(
          words[i] ?? '',
        )
      ) {
        return undefined;
      }
      i += 1;
    } else i += took;
  }
  if (found.length === 0) return undefined;
  return {
    ok: true,
    expression: found.map((f) => f.expr).join(' AND '),
    columns: found.map((f) => f.column),
  };
}

export { readQuoted };
