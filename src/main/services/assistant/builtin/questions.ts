/**
 * Questions about the data, answered from the current version through the read-only query tool
 * (run_sql): how many rows (matching a condition), distinct values, mean/median/min/max/sum/std
 * (per group), top values, missing values, describe a column. The SQL is built here from the
 * columns named and the condition in words; the answer is worded from the rows that come back.
 */
import type { Column } from '../../../../shared/operations';
import { plural } from '../../../../shared/text';
import { compileExpression } from '../../datasets/expression';
import { quoteIdent } from '../../datasets/operations/sql';
import type { BuiltinContext, BuiltinPlan, ToolData } from '../types';
import { toExpression } from './conditions';
import { formatNumber, list, tableOf } from './present';
import { columnAt, columnNamed, looseColumn, NUMERIC, parseNumber } from './words';

type Stat = 'avg' | 'median' | 'min' | 'max' | 'sum' | 'std' | 'count';

const STAT_WORDS: readonly [RegExp, Stat][] = [
  [/^(?:standard deviation|std(?:ev)?|spread|variability)\b/, 'std'],
  [/^(?:average|mean|avg|typical)\b/, 'avg'],
  [/^(?:median|middle)\b/, 'median'],
  [/^(?:minimum|min|lowest|smallest|least|youngest|earliest|cheapest)\b/, 'min'],
  [/^(?:maximum|max|highest|largest|biggest|greatest|most expensive|oldest|latest)\b/, 'max'],
  [/^(?:sum|total|combined)\b/, 'sum'],
];
const STAT_NAMES: Record<Stat, string> = {
  avg: 'average',
  median: 'median',
  min: 'lowest',
  max: 'highest',
  sum: 'total',
  std: 'standard deviation',
  count: 'count',
};

const Q = quoteIdent;

function sqlCall(query: string, present: (data: ToolData) => string): BuiltinPlan {
  return { kind: 'tool', call: { name: 'run_sql', arguments: { query } }, present };
}

/** A Cairn expression as SQL with its values written in (the query tool takes one text). */
function whereSql(expression: string, columns: Column[]): string {
  const { sql, params } = compileExpression(expression, columns);
  let out = '';
  let p = 0;
  for (let i = 0; i < sql.length; i += 1) {
    const ch = sql[i] as string;
    if (ch === '"' || ch === "'") {
      const close = sql.indexOf(ch, i + 1);
      const end = close === -1 ? sql.length : close;
      out += sql.slice(i, end + 1);
      i = end;
    } else if (ch === '?') {
      const v = params[p++];
      out +=
        typeof v === 'string'
          ? `'${v.replace(/'/g, "''")}'`
          : v === null || v === undefined
            ? 'NULL'
            : String(v);
    } else out += ch;
  }
  return out;
}

interface Target {
  column: string;
  rest: string;
}

/** The column named at the start of `text` ("the average AGE of …"), loosely if need be. */
function targetAt(text: string, columns: readonly Column[]): Target | undefined {
  const t = text
    .trim()
    .replace(/^(?:the|a|an|of|for|in|on|from)\s+/i, '')
    .replace(/^(?:the|column|field)\s+/i, '');
  const hit = columnAt(t, 0, columns);
  if (hit)
    return {
      column: hit.name,
      rest: t
        .slice(hit.end)
        .replace(/^\s*(?:columns?|fields?|values?)\b/i, '')
        .trim(),
    };
  const word = /^([\p{L}\p{N}_.$()-]+)\s*(.*)$/u.exec(t);
  const loose = word ? looseColumn(word[1] ?? '', columns) : undefined;
  return loose ? { column: loose, rest: (word?.[2] ?? '').trim() } : undefined;
}

const GROUP = /^(?:per|by|for each|for every|in each|across|grouped by|broken down by|split by)\s+(.+)$/i;
const WHERE = /^(?:for|where|among|of|in|with|when|if|whose|that|who|which|from)\s+(.+)$/i;

interface Tail {
  group?: string;
  where?: string;
}

/** "per city", "for customers in Boston", "by region where qty > 2". */
function tail(rest: string, context: BuiltinContext): Tail | string {
  const r = rest
    .replace(/[?.!]+$/, '')
    .replace(/\s+(?:is|are|do we have|in the data(?:set)?)$/i, '')
    .trim();
  if (r === '') return {};
  const g = GROUP.exec(r);
  if (g) {
    const target = targetAt(g[1] ?? '', context.columns);
    if (!target) return `I could not find the column to group by in “${g[1]}”.`;
    const more = target.rest === '' ? {} : tail(target.rest, context);
    if (typeof more === 'string') return more;
    return { ...more, group: target.column };
  }
  const w = WHERE.exec(r) ?? [r, r];
  const cond = toExpression(w[1] ?? '', context);
  if (!cond.ok) return cond.reason;
  return { where: cond.expression };
}

function whereClause(t: Tail, columns: Column[]): string {
  return t.where ? ` WHERE ${whereSql(t.where, columns)}` : '';
}

function statSql(stat: Stat, column: string, t: Tail, columns: Column[]): string {
  const c = Q(column);
  const where = whereClause(t, columns);
  const g = t.group ? Q(t.group) : undefined;
  const select = g ? `${g} AS ${Q(t.group ?? '')}, ` : '';
  const groupBy = g ? ` GROUP BY ${g} ORDER BY ${g}` : '';
  if (stat === 'median') {
    const part = g ? `PARTITION BY ${g} ` : '';
    const filter = where === '' ? ` WHERE ${c} IS NOT NULL` : `${where} AND ${c} IS NOT NULL`;
    return `WITH v AS (SELECT ${g ? `${g} AS g, ` : ''}${c} AS x, row_number() OVER (${part}ORDER BY ${c}) AS i, count(*) OVER (${part.trim()}) AS n FROM data${filter}) SELECT ${g ? `g AS ${Q(t.group ?? '')}, ` : ''}avg(x) AS value FROM v WHERE i IN ((n + 1) / 2, (n + 2) / 2)${g ? ' GROUP BY g ORDER BY g' : ''}`;
  }
  if (stat === 'std') {
    // The square root is taken in JavaScript: SQLite's math functions are optional.
    return `SELECT ${select}(sum(${c} * ${c}) - sum(${c}) * sum(${c}) / count(${c})) / (count(${c}) - 1) AS value FROM data${where}${groupBy}`;
  }
  const fn = stat === 'count' ? 'count(*)' : `${stat}(${c})`;
  return `SELECT ${select}${fn} AS value FROM data${where}${groupBy}`;
}

function statValue(stat: Stat, v: unknown): unknown {
  return stat === 'std' && typeof v === 'number' ? Math.sqrt(Math.max(0, v)) : v;
}

function statPlan(stat: Stat, column: string, t: Tail, context: BuiltinContext): BuiltinPlan {
  const query = statSql(stat, column, t, context.columns);
  const name = STAT_NAMES[stat];
  const cond = t.where ? ` where ${t.where}` : '';
  return sqlCall(query, (data) => {
    if (t.group) {
      const rows = data.rows.map((r) => [
        r[0] ?? null,
        statValue(stat, r[1]) as ToolData['rows'][number][number],
      ]);
      return `The ${name} of ${column} per ${t.group}${cond}:\n${tableOf({ columns: [t.group, `${name} ${column}`], rows }, 50)}`;
    }
    const v = statValue(stat, data.rows[0]?.[0] ?? null);
    if (v === null) return `There are no values of ${column}${cond} to compute the ${name} of.`;
    return `The ${name} of ${column}${cond} is ${formatNumber(v)}.`;
  });
}

function countPlan(t: Tail, context: BuiltinContext): BuiltinPlan {
  if (t.group) {
    const g = Q(t.group);
    return sqlCall(
      `SELECT ${g} AS ${Q(t.group)}, count(*) AS rows FROM data${whereClause(t, context.columns)} GROUP BY ${g} ORDER BY rows DESC, ${g}`,
      (data) => `Rows per ${t.group}:\n${tableOf({ columns: [t.group ?? '', 'rows'], rows: data.rows }, 50)}`,
    );
  }
  if (t.where) {
    return sqlCall(
      // One pass: the matching rows and the total counted together.
      `SELECT count(*) FILTER (WHERE ${whereSql(t.where, context.columns)}) AS matching, count(*) AS total FROM data`,
      (data) => {
        const [n, total] = data.rows[0] ?? [0, 0];
        return `${plural(Number(n), 'row')} of ${formatNumber(total)} match ${t.where}.`;
      },
    );
  }
  return sqlCall(
    'SELECT count(*) AS rows FROM data',
    (data) => `The dataset has ${plural(Number(data.rows[0]?.[0] ?? 0), 'row')}.`,
  );
}

function distinctPlan(column: string, countOnly: boolean): BuiltinPlan {
  const c = Q(column);
  if (countOnly) {
    return sqlCall(
      `SELECT count(DISTINCT ${c}) AS distinct_values FROM data`,
      (data) => `${column} has ${plural(Number(data.rows[0]?.[0] ?? 0), 'distinct value')}.`,
    );
  }
  return sqlCall(
    `SELECT ${c} AS value, count(*) AS rows FROM data GROUP BY ${c} ORDER BY rows DESC, ${c} LIMIT 51`,
    (data) => {
      const values = data.rows
        .filter((r) => r[0] !== null)
        .map((r) => `${formatNumber(r[0])} (${formatNumber(r[1])})`);
      const missing = data.rows.find((r) => r[0] === null);
      const more = data.rows.length > 50 ? ', and more' : '';
      return `${column} has these values (rows in brackets): ${values.slice(0, 50).join(', ')}${more}${missing ? `; ${formatNumber(missing[1])} missing` : ''}.`;
    },
  );
}

function topValuesPlan(column: string, n: number): BuiltinPlan {
  const c = Q(column);
  return sqlCall(
    `SELECT ${c} AS ${Q(column)}, count(*) AS rows FROM data WHERE ${c} IS NOT NULL GROUP BY ${c} ORDER BY rows DESC, ${c} LIMIT ${Math.max(n, 10)}`,
    (data) => {
      const first = data.rows[0];
      if (n !== 1 || !first)
        return `The ${plural(data.rows.length, 'most common value')} of ${column}:\n${tableOf(data, n)}`;
      // A tie is said as one: the first of equals is no more common than the others.
      const tied = data.rows.filter((r) => r[1] === first[1]).map((r) => formatNumber(r[0]));
      return tied.length === 1
        ? `The most common ${column} is ${tied[0]} (${plural(Number(first[1]), 'row')}).`
        : `The most common ${column} values are ${list(tied)} (${plural(Number(first[1]), 'row')} each).`;
    },
  );
}

function topRowsPlan(column: string, n: number, desc: boolean, columns: readonly Column[]): BuiltinPlan {
  const shown = [...new Set([...columns.slice(0, 4).map((c) => c.name), column])];
  return sqlCall(
    `SELECT ${shown.map(Q).join(', ')} FROM data WHERE ${Q(column)} IS NOT NULL ORDER BY ${Q(column)} ${desc ? 'DESC' : 'ASC'} LIMIT ${n}`,
    (data) =>
      `The ${plural(data.rows.length, 'row')} with the ${desc ? 'highest' : 'lowest'} ${column}:\n${tableOf(data, n)}`,
  );
}

function missingPlan(column: string | undefined, columns: readonly Column[]): BuiltinPlan {
  if (column) {
    const c = Q(column);
    return sqlCall(`SELECT count(*) - count(${c}) AS missing, count(*) AS total FROM data`, (data) => {
      const [m, total] = data.rows[0] ?? [0, 0];
      return `${column} has ${plural(Number(m), 'missing value')} (of ${formatNumber(total)} rows).`;
    });
  }
  const parts = columns.map((c) => `count(*) - count(${Q(c.name)}) AS ${Q(c.name)}`);
  return sqlCall(`SELECT count(*) AS __rows, ${parts.join(', ')} FROM data`, (data) => {
    const row = data.rows[0] ?? [];
    const total = Number(row[0] ?? 0);
    const with_ = data.columns
      .map((name, i) => ({ name, n: Number(row[i] ?? 0) }))
      .slice(1)
      .filter((x) => x.n > 0)
      .sort((a, b) => b.n - a.n);
    if (with_.length === 0) return 'No column has missing values.';
    const lines = with_.map(
      (x) => `| ${x.name} | ${formatNumber(x.n)} | ${formatNumber((100 * x.n) / total)}% |`,
    );
    return `${plural(with_.length, 'column')} ${with_.length === 1 ? 'has' : 'have'} missing values (of ${formatNumber(total)} rows):\n| column | missing | share |\n| --- | --- | --- |\n${lines.join('\n')}`;
  });
}

function describePlan(column: string, columns: readonly Column[]): BuiltinPlan {
  const col = columnNamed(column, columns);
  const c = Q(column);
  const numeric = NUMERIC(col);
  const top = `(SELECT group_concat(v || ' (' || n || ')', ', ') FROM (SELECT ${c} AS v, count(*) AS n FROM data WHERE ${c} IS NOT NULL GROUP BY ${c} ORDER BY n DESC, ${c} LIMIT 5))`;
  const query = `SELECT count(*) AS rows, count(*) - count(${c}) AS missing, count(DISTINCT ${c}) AS distinct_values, min(${c}) AS lowest, max(${c}) AS highest, ${numeric ? `avg(${c})` : 'NULL'} AS average, ${top} AS top_values FROM data`;
  return sqlCall(query, (data) => {
    const [rows, missing, distinct, lo, hi, avg, topValues] = data.rows[0] ?? [];
    const lines = [
      `${column} (${col?.type ?? 'text'}): ${plural(Number(rows), 'row')}, ${formatNumber(missing)} missing, ${plural(Number(distinct), 'distinct value')}.`,
    ];
    if (lo !== null && lo !== undefined)
      lines.push(
        `Range: ${formatNumber(lo)} to ${formatNumber(hi)}${numeric ? `; average ${formatNumber(avg)}` : ''}.`,
      );
    if (topValues) lines.push(`Most common: ${String(topValues)}.`);
    return lines.join('\n');
  });
}

const QUESTION_START =
  /^(?:what(?:'s|’s| is| are| was)?|which|who|how|show(?: me)?|tell me|give me|list|find|get|calculate|compute|count|is there|are there|do we|does|can you tell me|i want(?: to know)?|display)\b\s*/i;

function stripAsk(t: string): string {
  let s = t;
  for (let i = 0; i < 3; i += 1)
    s = s.replace(QUESTION_START, '').replace(/^(?:me|us|the|a|an|is|are)\s+/i, '');
  return s.trim();
}

const EDIT_VERBS =
  /^(?:summari[sz]e|roll up|in\s+\S+\s+replace|drop|remove|delete|fill|replace|keep|filter|sort|order|rename|convert|cast|change|make|set|trim|clean|lowercase|uppercase|split|merge|combine|join|move|put|add|create|derive|group|aggregate|clip|cap|dedupe|deduplicate|take|sample|limit|select|exclude|get rid)\b/i;

/** A question about the data, or null when the words are not one this module answers. */
export function question(text: string, context: BuiltinContext): BuiltinPlan | null {
  // "who is the youngest? what is the lowest age": the last question is the one to answer.
  const t = (text.split(/\?\s+/).at(-1) ?? text).trim().replace(/[?]+$/, '').trim();
  const low = t.toLowerCase();
  const columns = context.columns;
  if (EDIT_VERBS.test(low) && !/^(?:count|select|show|list)\b/i.test(low)) return null;

  // Missing values.
  if (
    /\b(?:missing|nulls?|nan|blanks?|empty|unknown)\b/.test(low) &&
    /^(?:how many|which|what|are there|is there|any|count|number of|show|list|where|missing values|nulls?|blanks?|do)\b/.test(
      low,
    )
  ) {
    const named = columnNamedIn(t, columns, /\b(?:missing|nulls?|nan|blanks?|empty|unknown)\b/i);
    return missingPlan(/\bcolumns\b/i.test(low) ? undefined : named, columns);
  }

  // Describe one column.
  const describe =
    /^(?:describe|tell me about|summar(?:y|ise|ize)(?: of)?|stats (?:for|on|of|about)|statistics (?:for|on|of|about)|details (?:of|for|on|about)|profile(?: of)?|info(?:rmation)? (?:on|about)|what (?:does|do) )\s*(?:the )?(.+?)(?:\s+(?:column|field))?(?:\s+(?:look like|contain|have|hold))?$/i.exec(
      t,
    );
  if (describe) {
    const target = targetAt(describe[1] ?? '', columns);
    if (
      target &&
      target.rest.replace(/^(?:column|field)\b\s*/i, '').replace(/^(?:look like|contain|have|hold)$/i, '') ===
        ''
    ) {
      return describePlan(target.column, columns);
    }
  }

  // Counts.
  const how =
    /^(?:how many|what is the number of|what's the number of|number of|count(?: of| the| all)?|total number of|what is the count of|row count|the count of)\b\s*(.*)$/i.exec(
      t,
    );
  const size = /^(?:how (?:big|large|long) is|what(?:'s| is) the size of|size of)\b/i.test(t);
  if (size || /^(?:row count|count)$/i.test(t)) return countPlan({}, context);
  if (how) {
    let rest = (how[1] ?? '')
      .replace(
        /\s+(?:are there|are in (?:the|this) (?:data|dataset|table)|in (?:the|this) (?:data|dataset|table)|do (?:we|i|you) have|exist|in total|altogether|there are|are)$/i,
        '',
      )
      .trim();
    const uniq =
      /^(?:unique|distinct|different)\s+(?:values (?:of|in|for) )?(.+?)(?:\s+(?:are there|values|do we have|exist))?$/i.exec(
        rest,
      );
    if (uniq) {
      const target = targetAt(uniq[1] ?? '', columns);
      if (target) return distinctPlan(target.column, true);
    }
    rest = rest.replace(/^(?:the\s+)?(?:rows?|records?|entries|lines|items|observations)\b\s*/i, '');
    if (rest === '' || isSubjectOnly(rest, columns)) return countPlan({}, context);
    const g = /^(?:[\p{L}]+\s+)?(?:per|by|for each|in each|for every)\s+(.+)$/iu.exec(rest);
    if (g) {
      const target = targetAt(g[1] ?? '', columns);
      if (target) return countPlan({ group: target.column }, context);
    }
    const cond = toExpression(rest, context);
    if (cond.ok) return countPlan({ where: cond.expression }, context);
    return { kind: 'reply', text: `${cond.reason} Try “how many rows have ${exampleCondition(columns)}”.` };
  }

  const body = stripAsk(t);
  // Top N values, or the rows with the highest values.
  const top =
    /^(?:the\s+)?(?:top|most common|most frequent|most popular|commonest)\s+(\d+|[a-z]+)?\s*(.+)$/i.exec(
      body,
    );
  if (top) {
    const n = top[1] === undefined ? undefined : parseNumber(top[1]);
    const rest = n === undefined && top[1] ? `${top[1]} ${top[2]}` : (top[2] ?? '');
    const one = n === undefined && /^(?:the\s+)?most\b/i.test(body);
    const by = /^(.+?)\s+by\s+(.+)$/i.exec(rest);
    if (by) {
      const metric = targetAt(by[2] ?? '', columns);
      if (metric && NUMERIC(columnNamed(metric.column, columns)))
        return topRowsPlan(metric.column, n ?? 5, true, columns);
    }
    const target = targetAt(rest.replace(/\s+values?$/i, ''), columns);
    if (target) return topValuesPlan(target.column, n ?? (one ? 1 : 5));
  }
  const which =
    /^(?:\d+|[a-z]+)?\s*(?:[\p{L}]+\s+)?(?:have|has|with|earn|earns|get|gets)\s+the\s+(highest|most|largest|biggest|lowest|smallest|least)\s+(.+)$/iu.exec(
      body,
    );
  if (which) {
    const nWord = /^(\d+|[a-z]+)\s/i.exec(body)?.[1];
    const n = nWord === undefined ? undefined : parseNumber(nWord);
    const target = targetAt(which[2] ?? '', columns);
    if (target)
      return topRowsPlan(
        target.column,
        n ?? 1,
        /highest|most|largest|biggest/i.test(which[1] ?? ''),
        columns,
      );
  }

  // Statistics: "the average age per city for customers in Boston".
  const statAt = findStat(body);
  if (statAt) {
    const target = targetAt(body.slice(statAt.end), columns);
    if (
      target &&
      (NUMERIC(columnNamed(target.column, columns)) || statAt.stat === 'min' || statAt.stat === 'max')
    ) {
      // "total spent" is a column, not the sum of "spent".
      const whole = statAt.stat === 'sum' ? undefined : undefined;
      void whole;
      const rest = tail(target.rest, context);
      if (typeof rest === 'string') return { kind: 'reply', text: rest };
      return statPlan(statAt.stat, target.column, rest, context);
    }
  }

  // Distinct values.
  const distinct =
    /^(?:the\s+)?(?:distinct|unique|different|possible)\s+(?:values\s+(?:of|in|for)\s+)?(.+?)(?:\s+(?:are there|values|exist|do we have))?$/i.exec(
      body,
    ) ??
    /^(?:values\s+(?:of|in)\s+)(.+)$/i.exec(body) ??
    (/^which\b/i.test(low) ? /^(.+?)\s+(?:are there|exist|do we have|are in the data)$/i.exec(body) : null);
  if (distinct) {
    const target = targetAt(distinct[1] ?? '', columns);
    if (target && target.rest === '') return distinctPlan(target.column, false);
  }

  // "show customers from Denver", "list orders where qty is more than 4": rows, not a change.
  const show = /^(?:show|list|display|find|see|view|give)(?: me)?(?: all)?(?: the)?\s+(.+)$/i.exec(t);
  if (
    show &&
    !/^(?:(?:first|top|last)\b|\d+\s|columns?\b|profile\b|insights\b|versions?\b|history\b|rows?\b|records?\b|data\b)/i.test(
      show[1] ?? '',
    )
  ) {
    const cond = toExpression(show[1] ?? '', context);
    if (cond.ok && cond.columns.length > 0) {
      return {
        kind: 'tool',
        call: { name: 'preview_rows', arguments: { limit: 20, filter: cond.expression } },
      };
    }
  }
  return null;
}

function findStat(body: string): { stat: Stat; end: number } | undefined {
  const words = [...body.matchAll(/\S+/g)];
  for (const w of words) {
    const s = body.slice(w.index);
    for (const [re, stat] of STAT_WORDS) {
      const m = re.exec(s.toLowerCase());
      if (m) return { stat, end: w.index + m[0].length };
    }
  }
  return undefined;
}

function isSubjectOnly(rest: string, columns: readonly Column[]): boolean {
  return /^[\p{L}-]+$/u.test(rest) && !columnAt(rest, 0, columns);
}

/** The column named anywhere in the text except inside the given words. */
function columnNamedIn(text: string, columns: readonly Column[], skip: RegExp): string | undefined {
  const words = text.replace(skip, ' ').split(/\s+/);
  for (let i = 0; i < words.length; i += 1) {
    const s = words.slice(i).join(' ');
    const hit = columnAt(s, 0, columns);
    if (hit) return hit.name;
  }
  for (const w of words) {
    const loose = looseColumn(w, columns);
    if (loose && w.length > 3) return loose;
  }
  return undefined;
}

export function exampleCondition(columns: readonly Column[]): string {
  const n = columns.find(NUMERIC);
  if (n) return `${n.name} over 100`;
  const t = columns.find((c) => c.type === 'text');
  return t ? `${t.name} is …` : 'a condition';
}

export { list };
