/**
 * The catalogue operations that older versions of the interpreter could not reach by words:
 * derive a column, merge and split columns, first N rows or a sample, move columns, group and
 * aggregate, clip to bounds. Each reads its slots from the sentence and returns one operation,
 * or null when the sentence is not this command.
 */
import type { Column, OperationInput } from '../../../../shared/operations';
import { analyzeExpression } from '../../datasets/expression';
import { resolveColumns, unquote } from '../builtin-columns';
import type { BuiltinContext, BuiltinPlan } from '../types';
import { columnAt, columnNamed, looseColumn, NUMERIC, parseNumber, ref } from './words';

function apply(operation: OperationInput): BuiltinPlan {
  return { kind: 'tool', call: { name: 'apply_operation', arguments: { operation } } };
}
const reply = (text: string): BuiltinPlan => ({ kind: 'reply', text });

const ARITH: readonly [RegExp, string][] = [
  [/\s+(?:multiplied by|times|x)\s+/gi, ' * '],
  [/\s+(?:divided by|over|per)\s+/gi, ' / '],
  [/\s+(?:plus|added to|and)\s+/gi, ' + '],
  [/\s+(?:minus|less|take away)\s+/gi, ' - '],
];

/** Arithmetic in words over column names → an expression ("qty times unit price" → Qty * `unit price`). */
export function arithmetic(words: string, columns: readonly Column[]): string | undefined {
  let t = ` ${words.trim()} `;
  const sum = /^\s*(?:the )?(?:sum|total) of (.+?) and (.+?)\s*$/i.exec(t);
  if (sum) t = ` ${sum[1]} + ${sum[2]} `;
  const product = /^\s*(?:the )?product of (.+?) and (.+?)\s*$/i.exec(t);
  if (product) t = ` ${product[1]} * ${product[2]} `;
  const diff = /^\s*(?:the )?difference between (.+?) and (.+?)\s*$/i.exec(t);
  if (diff) t = ` ${diff[1]} - ${diff[2]} `;
  for (const [re, op] of ARITH) t = t.replace(re, op);
  // Column names (longest first) become references; what is left must be numbers and operators.
  let out = '';
  let i = 0;
  const s = t.trim();
  while (i < s.length) {
    const ch = s[i] as string;
    if (/\s/.test(ch)) {
      out += ch;
      i += 1;
      continue;
    }
    const atWord = i === 0 || /[\s(+\-*/%]/.test(s[i - 1] as string);
    const hit = atWord ? columnAt(s, i, columns) : undefined;
    if (hit) {
      out += ref(hit.name);
      i = hit.end;
      continue;
    }
    const q = /^(?:'[^']*'|"[^"]*")/.exec(s.slice(i));
    if (q) {
      out += `'${q[0].slice(1, -1).replace(/'/g, "''")}'`;
      i += q[0].length;
      continue;
    }
    const token = /^(?:\d+(?:\.\d+)?%?|[()+\-*/%]|[A-Za-z_][A-Za-z0-9_]*\s*\()/.exec(s.slice(i));
    if (!token) return undefined;
    out += token[0].endsWith('%') ? String(Number(token[0].slice(0, -1)) / 100) : token[0];
    i += token[0].length;
  }
  try {
    const typed = analyzeExpression(out, columns);
    return typed.type === 'boolean' ? undefined : out;
  } catch {
    return undefined;
  }
}

const DERIVE =
  /^(?:add|create|make|derive|calculate|compute|new|insert)(?: me)?(?: an?)?(?: new)?(?: (?:column|field|col))?(?: (?:called|named))?\s+(.+?)\s+(?:=|as|which is|that is|equal to|equals|to be|from|being|with|:)\s+(.+)$/i;

function derive(t: string, columns: readonly Column[]): BuiltinPlan | null {
  const m = DERIVE.exec(t);
  if (!m) return null;
  const name = unquote(
    (m[1] ?? '').replace(/^(?:(?:a|an|new|the)\s+)*(?:(?:column|field)\s+)?(?:(?:called|named)\s+)?/i, ''),
  ).value.trim();
  if (name === '' || /^(?:column|field)$/i.test(name)) return null;
  const expression = arithmetic(m[2] ?? '', columns);
  if (expression === undefined) {
    return reply(
      `I could not read “${m[2]}” as a calculation over the columns. Write it like “add column total = ${ref(columns.find(NUMERIC)?.name ?? 'price')} * 2”.`,
    );
  }
  if (columnNamed(name, columns)) return reply(`There is already a column “${name}”; pick another name.`);
  return apply({ op: 'derive_column', name, expression });
}

const SEPARATORS: readonly [RegExp, string][] = [
  [/^(?:a )?(?:single )?space$/i, ' '],
  [/^(?:a )?comma(?: and (?:a )?space)?$/i, ', '],
  [/^(?:a )?(?:dash|hyphen|minus)$/i, '-'],
  [/^(?:a )?semicolon$/i, ';'],
  [/^(?:a )?(?:slash|forward slash)$/i, '/'],
  [/^(?:a )?(?:pipe|vertical bar)$/i, '|'],
  [/^(?:an? )?(?:underscore)$/i, '_'],
  [/^(?:a )?colon$/i, ':'],
  [/^(?:a )?(?:tab)$/i, '\t'],
  [/^nothing$/i, ''],
];

function separator(words: string): string | undefined {
  const { value, quoted } = unquote(words.trim());
  if (quoted) return value;
  return SEPARATORS.find(([re]) => re.test(value))?.[1] ?? (value.length === 1 ? value : undefined);
}

function merge(t: string, columns: readonly Column[]): BuiltinPlan | null {
  const head = /^(?:combine|merge|concatenate|concat|join|glue)\s+(?:the\s+)?(?:columns?\s+)?(.+)$/i.exec(t);
  if (!head) return null;
  let body = head[1] ?? '';
  let sep: string | undefined;
  let into: string | undefined;
  const sepRe =
    /\s+(?:with|separated by|using|joined by|delimited by|by)\s+((?:"[^"]*"|'[^']*'|“[^”]*”|[^\s]+(?: and (?:a )?space)?(?: space)?))(?=\s|$)/i;
  const s1 = sepRe.exec(body);
  if (s1) {
    sep = separator(s1[1] ?? '');
    body = body.slice(0, s1.index) + body.slice(s1.index + s1[0].length);
  }
  const i1 =
    /\s+(?:into|as|to make|to form|in|called)\s+(?:a\s+)?(?:new\s+)?(?:column\s+)?(?:called\s+|named\s+)?(.+)$/i.exec(
      body,
    );
  if (i1) {
    into = unquote(i1[1] ?? '').value.trim();
    body = body.slice(0, i1.index);
  }
  const r = resolveColumns(body, columns);
  if (!r.ok) return r.empty ? null : reply(r.reply);
  if (r.names.length < 2)
    return reply(
      'Name at least two columns to combine, like “combine first name and last name into full name”.',
    );
  const name = into ?? r.names.join('_');
  if (sep === undefined && s1)
    return reply(`I could not read the separator “${s1[1]}”; put it in quotes, like with ", ".`);
  return apply({
    op: 'merge_columns',
    columns: r.names,
    separator: sep ?? ' ',
    into: name,
    keepOriginals: true,
  });
}

function split(t: string, columns: readonly Column[]): BuiltinPlan | null {
  const m =
    /^(?:split|separate|break up|divide)\s+(?:the\s+)?(?:column\s+)?(.+?)\s+(?:on|by|at|using|with|around)\s+(?:the\s+|a\s+)?(.+?)\s+(?:into|to|as)\s+(.+)$/i.exec(
      t,
    );
  if (!m) return null;
  const col = columnAt((m[1] ?? '').trim(), 0, columns);
  if (!col) return reply(`There is no column “${m[1]}” to split.`);
  const delimiter = separator(m[2] ?? '');
  if (delimiter === undefined || delimiter === '')
    return reply(`Say the delimiter in quotes, like split ${col.name} on "-" into a, b.`);
  const into = (m[3] ?? '')
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/i)
    .map((n) => unquote(n.replace(/^(?:columns?|the)\s+/i, '')).value.trim())
    .filter((n) => n !== '');
  if (into.length < 2) return reply('Name at least two new columns, like “… into first, last”.');
  const clash = into.find((n) => columnNamed(n, columns) && n !== col.name);
  if (clash) return reply(`There is already a column “${clash}”; pick other names.`);
  return apply({ op: 'split_column', column: col.name, delimiter, into, keepOriginal: false });
}

function sample(t: string): BuiltinPlan | null {
  const rows = '(?:rows?|records?|entries|lines)';
  const first =
    new RegExp(
      `^(?:keep|take|only|limit(?: it)?(?: to)?|trim(?: it)? to|cut(?: it)? to|reduce to|just)?(?: only)?(?: the)?\\s*(?:first|top)\\s+(\\S+)(?:\\s+${rows})?(?: only)?$`,
      'i',
    ).exec(t) ??
    new RegExp(`^(?:limit|trim|cut|reduce)(?: it| the data)?(?: to)\\s+(\\S+)\\s+${rows}$`, 'i').exec(t) ??
    new RegExp(`^(?:keep|take)(?: only)?\\s+(\\S+)\\s+${rows}$`, 'i').exec(t);
  if (first) {
    const n = parseNumber(first[1] ?? '');
    if (n === undefined || !Number.isInteger(n) || n < 1) return null;
    return apply({ op: 'sample', method: 'first', n });
  }
  const rand =
    new RegExp(
      `^(?:take|get|draw|keep|make|pick)?(?: me)?\\s*(?:an?\\s+)?(?:random\\s+)?sample(?:\\s+of)?\\s+(\\S+(?:\\s*%| percent)?)(?:\\s+(?:of\\s+(?:the\\s+)?)?${rows})?(?:\\s+at random|\\s+randomly)?$`,
      'i',
    ).exec(t) ??
    new RegExp(
      `^(?:keep|take|pick|select)\\s+(\\S+(?:\\s*%| percent)?)(?:\\s+(?:of\\s+(?:the\\s+)?)?${rows})?\\s+(?:at random|randomly)$`,
      'i',
    ).exec(t) ??
    new RegExp(`^(?:keep|take|pick|select)\\s+(?:a\\s+)?random\\s+(\\S+)(?:\\s+${rows})?$`, 'i').exec(t);
  if (rand) {
    const w = (rand[1] ?? '').trim();
    const pct = /^(\d+(?:\.\d+)?)\s*(?:%|percent)$/i.exec(w);
    if (pct) {
      const fraction = Number(pct[1]) / 100;
      return fraction > 0 && fraction <= 1 ? apply({ op: 'sample', method: 'random', fraction }) : null;
    }
    const n = parseNumber(w);
    if (n === undefined || !Number.isInteger(n) || n < 1) return null;
    return apply({ op: 'sample', method: 'random', n });
  }
  return null;
}

function move(t: string, columns: readonly Column[]): BuiltinPlan | null {
  const all = columns.map((c) => c.name);
  const reorder = /^(?:reorder|rearrange|order)(?: the)? columns?(?: (?:as|to|like))?:?\s+(.+)$/i.exec(t);
  if (reorder) {
    const r = resolveColumns(reorder[1] ?? '', columns);
    if (!r.ok) return r.empty ? null : reply(r.reply);
    return apply({
      op: 'reorder_columns',
      columns: [...r.names, ...all.filter((n) => !r.names.includes(n))],
    });
  }
  const m =
    /^(?:move|put|place|bring|shift)\s+(?:the\s+)?(?:columns?\s+)?(.+?)\s+(?:(?:to|at)\s+(?:the\s+)?(front|start|beginning|left|end|back|right|last|first)(?: position)?|(first|last)|(after|before|next to|behind|in front of)\s+(?:the\s+)?(?:column\s+)?(.+))$/i.exec(
      t,
    );
  if (!m) return null;
  const r = resolveColumns(m[1] ?? '', columns);
  if (!r.ok) return r.empty ? null : reply(r.reply);
  const rest = all.filter((n) => !r.names.includes(n));
  const where = (m[2] ?? m[3] ?? '').toLowerCase();
  if (where) {
    const front = /^(?:front|start|beginning|left|first)$/.test(where);
    return apply({ op: 'reorder_columns', columns: front ? [...r.names, ...rest] : [...rest, ...r.names] });
  }
  const anchor = columnAt((m[5] ?? '').trim(), 0, columns)?.name ?? looseColumn(m[5] ?? '', columns);
  if (!anchor || r.names.includes(anchor)) return reply(`There is no column “${m[5]}” to move next to.`);
  const at = rest.indexOf(anchor) + (/^(?:before|in front of)$/i.test(m[4] ?? '') ? 0 : 1);
  return apply({ op: 'reorder_columns', columns: [...rest.slice(0, at), ...r.names, ...rest.slice(at)] });
}

type Fn = 'count' | 'sum' | 'mean' | 'min' | 'max' | 'median' | 'count_distinct';
const FN_WORDS: readonly [RegExp, Fn][] = [
  [
    /^(?:number of (?:unique|distinct|different)|count (?:of )?(?:unique|distinct)|unique count of|distinct)\s+/i,
    'count_distinct',
  ],
  [/^(?:sum|total|summing|add up)\s+(?:of\s+)?/i, 'sum'],
  [/^(?:average|mean|avg)\s+(?:of\s+)?/i, 'mean'],
  [/^(?:median)\s+(?:of\s+)?/i, 'median'],
  [/^(?:min|minimum|lowest|smallest)\s+(?:of\s+)?/i, 'min'],
  [/^(?:max|maximum|highest|largest|biggest)\s+(?:of\s+)?/i, 'max'],
  [/^(?:count|number)\s+(?:of\s+)?/i, 'count'],
];

function group(t: string, columns: readonly Column[]): BuiltinPlan | null {
  const head = /^(?:group|aggregate|summari[sz]e|roll up|rollup|total up)\b\s*(.*)$/i.exec(t);
  if (!head) return null;
  let body = (head[1] ?? '').replace(/^(?:the\s+)?(?:rows|data|table|[\p{L}]+s)\s+(?=by\b)/iu, '');
  // The "by" columns: up to "and"/","/":" followed by an aggregation word, or to the end.
  const by =
    /\b(?:by|per|for each|on)\s+(.+?)(?=(?:\s*[:,]|\s+and|\s+then|\s+to|\s+with|\s+computing|\s+calculating|\s+showing)\s+(?:(?:the|then|calculate|compute|get|find|show)\s+)*(?:sum|total|average|mean|avg|median|min|minimum|max|maximum|count|number|lowest|highest|distinct)\b|\s+and\s+count\b|$)/i.exec(
      body,
    );
  if (!by) return reply('Say what to group by, like “group by region and sum qty”.');
  const keys = resolveColumns((by[1] ?? '').replace(/[:,]\s*$/, ''), columns);
  if (!keys.ok) return keys.empty ? null : reply(keys.reply);
  const before = body.slice(0, by.index).trim();
  body = `${before} ${body.slice(by.index + by[0].length)}`.replace(/^[\s:,]+/, '').trim();
  body = body
    .replace(/^(?:and|then|to|with|computing|calculating|showing)\s+/i, '')
    .replace(/^(?:calculate|compute|get|find|show)\s+(?:the\s+)?/i, '');
  const aggs: { column?: string; fn: Fn; as: string }[] = [];
  let fn: Fn | undefined;
  for (const raw of body
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/i)
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    let part = raw.replace(/^(?:the|calculate|compute|get)\s+/i, '');
    const f = FN_WORDS.find(([re]) => re.test(`${part} `));
    if (f) {
      fn = f[1];
      part = `${part} `.replace(f[0], '').trim();
    }
    if (
      /^(?:them|rows?|records?|it|all|entries|[\p{L}]+s)?$/iu.test(part) &&
      fn === 'count' &&
      !columnAt(part, 0, columns)
    ) {
      aggs.push({ fn: 'count', as: 'count' });
      continue;
    }
    const col = columnAt(part, 0, columns)?.name ?? looseColumn(part, columns);
    if (!col) return reply(`There is no column “${part}” to aggregate.`);
    const useFn: Fn = fn ?? (NUMERIC(columnNamed(col, columns)) ? 'sum' : 'count');
    aggs.push({ column: col, fn: useFn, as: `${useFn}_${col}` });
  }
  if (aggs.length === 0) aggs.push({ fn: 'count', as: 'count' });
  return apply({ op: 'group_aggregate', by: keys.names, aggregations: aggs });
}

function clipBounds(t: string, columns: readonly Column[]): BuiltinPlan | null {
  const m =
    /^(?:clip|cap|clamp|limit|bound)\s+(?:the\s+)?(?:values\s+(?:of|in)\s+)?(.+?)\s+(?:between|to|within|from)\s+(\S+)\s+(?:and|to|-)\s+(\S+)$/i.exec(
      t,
    );
  if (!m) return null;
  const col = columnAt((m[1] ?? '').trim(), 0, columns);
  const lower = parseNumber(m[2] ?? '');
  const upper = parseNumber(m[3] ?? '');
  if (!col || lower === undefined || upper === undefined) return null;
  return apply({
    op: 'clip_outliers',
    column: col.name,
    method: 'bounds',
    lower: Math.min(lower, upper),
    upper: Math.max(lower, upper),
  });
}

const DESC_WORDS =
  /^(?:desc(?:ending)?|decreasing|reversed?|z-a|z to a|high(?:est)? to low(?:est)?|largest first|biggest first|highest first|most first|newest first|latest first|most recent first|big to small|large to small)$/i;
const ASC_WORDS =
  /^(?:asc(?:ending)?|increasing|a-z|a to z|alphabetical(?:ly)?|low(?:est)? to high(?:est)?|smallest first|lowest first|least first|oldest first|earliest first|small to big|small to large)$/i;

const DIRECTION = [DESC_WORDS, ASC_WORDS].map((re) => re.source.slice(1, -1)).join('|');

/** "sort by salary from high to low", "order by unit price, largest first", "oldest first". */
export function sortWords(t: string, columns: readonly Column[]): BuiltinPlan | null {
  const dir = new RegExp(`^(.*?)[,;]?\\s*(?:from\\s+|in\\s+)?(${DIRECTION})(?:\\s+order)?$`, 'i').exec(t);
  if (!dir) return null;
  const words = (dir[2] ?? '').trim();
  const desc = DESC_WORDS.test(words);
  const head = (dir[1] ?? '').trim();
  if (head !== '') {
    const by = /^(?:sort|order|arrange|rank)(?:\s+(?:the\s+)?[\p{L}]+)?\s+by\s+(.+)$/iu.exec(head);
    if (!by) return null;
    const r = resolveColumns(by[1] ?? '', columns);
    // Several keys with their own directions are the sort rule's ("sort by city A to Z then age desc").
    if (!r.ok) return null;
    return apply({
      op: 'sort',
      keys: r.names.map((column) => ({ column, direction: desc ? 'desc' : 'asc' })),
    });
  }
  // No column: the words name one. Oldest/youngest: an age if there is one, else the date.
  const age = columns.find((c) => NUMERIC(c) && /(?:^|[^a-z])age(?:$|[^a-z])/i.test(c.name))?.name;
  const date = columns.find((c) => c.type === 'date' || c.type === 'datetime')?.name;
  const w = words.toLowerCase();
  if (/^(?:oldest|youngest) first$/.test(w)) {
    if (age)
      return apply({
        op: 'sort',
        keys: [{ column: age, direction: w.startsWith('oldest') ? 'desc' : 'asc' }],
      });
    if (date)
      return apply({
        op: 'sort',
        keys: [{ column: date, direction: w.startsWith('oldest') ? 'asc' : 'desc' }],
      });
  }
  if (/^(?:newest|latest|most recent|earliest) first$/.test(w) && date) {
    return apply({
      op: 'sort',
      keys: [{ column: date, direction: w.startsWith('earliest') ? 'asc' : 'desc' }],
    });
  }
  return null;
}

/** "remove duplicate cities keeping the last": duplicates by the columns named. */
function dedupeBy(t: string, columns: readonly Column[]): BuiltinPlan | null {
  const m =
    /^(?:remove|drop|delete|get rid of)\s+(?:the\s+|all\s+|any\s+)?(?:duplicate|duplicated|repeated)\s+(.+?)(?:,?\s+keep(?:ing)?\s+(?:the\s+)?(first|last)(?:\s+(?:one|occurrence|row))?)?$/i.exec(
      t,
    );
  if (!m || /^(?:rows?|records?|entries|lines|values)$/i.test(m[1] ?? '')) return null;
  const r = resolveColumns(m[1] ?? '', columns);
  if (!r.ok) return null;
  return apply({
    op: 'deduplicate',
    columns: r.names,
    keep: (m[2] ?? 'first').toLowerCase() === 'last' ? 'last' : 'first',
  });
}

/** "call the qty column quantity", "name column x y". */
function callRename(t: string, columns: readonly Column[]): BuiltinPlan | null {
  const m = /^(?:call|name|title|label)\s+(?:the\s+)?(?:column\s+)?(.+)$/i.exec(t);
  if (!m) return null;
  const body = m[1] ?? '';
  const hit = columnAt(body, 0, columns);
  if (!hit) return null;
  const to = unquote(
    body
      .slice(hit.end)
      .replace(/^\s*(?:column|field)\b/i, '')
      .replace(/^\s*(?:as|to)\b/i, '')
      .trim(),
  ).value;
  if (to === '' || to === hit.name) return null;
  return apply({ op: 'rename_columns', renames: [{ from: hit.name, to }] });
}

/** "change Boston to BOS in city", "in status replace cancelled with canceled". */
function changeValues(t: string, context: BuiltinContext): BuiltinPlan | null {
  const columns = context.columns;
  const lead =
    /^in\s+(?:the\s+)?(?:column\s+)?(.+?),?\s+(?:replace|change|turn)\s+(.+?)\s+(?:with|by|to|into)\s+(.+)$/i.exec(
      t,
    );
  const tail =
    /^(?:change|turn)\s+(?:all\s+)?(.+?)\s+(?:to|into|with|by|for)\s+(.+?)\s+in\s+(?:the\s+)?(?:column\s+)?(.+)$/i.exec(
      t,
    );
  const [colText, find, by] = lead ? [lead[1], lead[2], lead[3]] : tail ? [tail[3], tail[1], tail[2]] : [];
  if (colText === undefined || find === undefined || by === undefined) return null;
  const col = columnAt(colText.trim(), 0, columns);
  if (!col || col.end !== colText.trim().length) return null;
  const f = unquote(find).value;
  if (f === '' || columnAt(find.trim(), 0, columns)?.end === find.trim().length) return null;
  const known = (context.values?.[col.name] ?? []).find((v) => v.toLowerCase() === f.toLowerCase());
  return apply({
    op: 'find_replace',
    columns: [col.name],
    find: known ?? f,
    replace: unquote(by).value,
    // A whole value the column holds is replaced as a value; other text inside values.
    mode: known !== undefined ? 'exact' : 'contains',
    caseSensitive: true,
  });
}

/** One of the operations above, or null. */
export function edit(t: string, context: BuiltinContext): BuiltinPlan | null {
  const columns = context.columns;
  return (
    dedupeBy(t, columns) ??
    callRename(t, columns) ??
    changeValues(t, context) ??
    sortWords(t, columns) ??
    clipBounds(t, columns) ??
    sample(t) ??
    split(t, columns) ??
    merge(t, columns) ??
    move(t, columns) ??
    group(t, columns) ??
    derive(t, columns)
  );
}
