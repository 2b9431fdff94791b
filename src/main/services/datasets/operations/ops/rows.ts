/** drop_missing, deduplicate, sort and sample: operations that choose or order whole rows. */
import { CairnError } from '../../../../../shared/result';
import { names, passThrough, removedRows, selectList, type OperationDefinition } from '../definition';
import { FN } from '../functions';
import { colList, pandas, pyList, pyStr } from '../python';
import { helperName, quoted, type Schema } from '../schema';
import { ROW, ident, join, param, raw, sql } from '../sql';

/** An explicit column list must name something; omitting it means every column. */
function subset(columns: string[] | undefined, schema: Schema, what: string): string[] {
  if (columns === undefined) return schema.names;
  if (columns.length === 0) {
    throw new CairnError(
      'VALIDATION',
      `Choose at least one column to ${what}, or leave the list out to use every column.`,
    );
  }
  schema.requireAll(columns);
  return columns;
}

export const dropMissing: OperationDefinition<'drop_missing'> = {
  compile(op, { source, schema }) {
    const cols = subset(op.columns, schema, 'check');
    const tests = cols.map((name) => `${ident(name).sql} IS NOT NULL`);
    const condition = `(${tests.join(op.how === 'any' ? ' AND ' : ' OR ')})`;
    const select = sql`SELECT ${selectList(raw(ROW), passThrough(schema.columns))} FROM ${raw(source)} WHERE ${raw(condition)}`;
    return {
      select: select.sql,
      params: select.params,
      columns: [...schema.columns],
      schemaOnly: false,
      affected: removedRows(select, source),
    };
  },
  summarize(op) {
    if (op.columns === undefined) {
      return op.how === 'any' ? 'Drop rows with any missing value' : 'Drop rows where every value is missing';
    }
    return op.how === 'any'
      ? `Drop rows with a missing value in ${names(op.columns)}`
      : `Drop rows where ${names(op.columns)} ${op.columns.length === 1 ? 'is' : 'are all'} missing`;
  },
  pandas: (op) =>
    pandas(`df = df.dropna(${op.columns ? `subset=${colList(op.columns)}, ` : ''}how=${pyStr(op.how)})`),
};

export const deduplicate: OperationDefinition<'deduplicate'> = {
  compile(op, { source, schema }) {
    const keys = subset(op.columns, schema, 'compare');
    const rank = helperName('__cairn_rank', schema);
    // SQL's PARTITION BY, like pandas, treats missing values as equal to each other.
    const order = raw(op.keep === 'first' ? 'ASC' : 'DESC');
    const inner = join(
      [
        raw(ROW),
        ...schema.columns.map((c) => ident(c.name)),
        sql`row_number() OVER (PARTITION BY ${join(
          keys.map((k) => ident(k)),
          ', ',
        )} ORDER BY ${raw(ROW)} ${order}) AS ${ident(rank)}`,
      ],
      ', ',
    );
    const select = sql`SELECT ${selectList(raw(`s.${ROW}`), passThrough(schema.columns), 's')} FROM (SELECT ${inner} FROM ${raw(source)}) AS s WHERE ${ident(rank, 's')} = 1`;
    return {
      select: select.sql,
      params: select.params,
      columns: [...schema.columns],
      schemaOnly: false,
      affected: removedRows(select, source),
    };
  },
  summarize: (op) =>
    `Remove duplicate rows${op.columns ? ` by ${names(op.columns)}` : ''}, keeping the ${op.keep} of each`,
  pandas: (op) =>
    pandas(
      `df = df.drop_duplicates(${op.columns ? `subset=${colList(op.columns)}, ` : ''}keep=${pyStr(op.keep)})`,
    ),
};

export const sortRows: OperationDefinition<'sort'> = {
  compile(op, { source, schema }) {
    schema.requireAll(op.keys.map((k) => k.column));
    const order = op.keys.map(
      (k) =>
        sql`${ident(k.column, 's')} ${raw(k.direction === 'asc' ? 'ASC' : 'DESC')} NULLS ${raw(k.nulls === 'first' ? 'FIRST' : 'LAST')}`,
    );
    // The old row number breaks ties, so equal keys keep their order (a stable sort).
    const row = sql`row_number() OVER (ORDER BY ${join(order, ', ')}, ${raw(`s.${ROW}`)})`;
    const select = sql`SELECT ${selectList(row, passThrough(schema.columns), 's')} FROM ${raw(source)} AS s`;
    return { select: select.sql, params: select.params, columns: [...schema.columns], schemaOnly: false };
  },
  summarize(op) {
    const keys = op.keys.map(
      (k) =>
        `${quoted(k.column)} ${k.direction === 'asc' ? 'ascending' : 'descending'}${k.nulls === 'first' ? ' (missing first)' : ''}`,
    );
    return `Sort by ${keys.join(', then ')}`;
  },
  pandas(op) {
    const ascending = (k: (typeof op.keys)[number]): string => (k.direction === 'asc' ? 'True' : 'False');
    const first = op.keys[0];
    if (first && op.keys.every((k) => k.nulls === first.nulls)) {
      const by = op.keys.length === 1 ? pyStr(first.column) : colList(op.keys.map((k) => k.column));
      const asc = op.keys.length === 1 ? ascending(first) : pyList(op.keys.map(ascending));
      return pandas(
        `df = df.sort_values(${by}, ascending=${asc}, na_position=${pyStr(first.nulls)}, kind="stable").reset_index(drop=True)`,
      );
    }
    // pandas has one na_position per call; stable sorts from the last key to the first compose.
    const lines = [...op.keys]
      .reverse()
      .map(
        (k) =>
          `df = df.sort_values(${pyStr(k.column)}, ascending=${ascending(k)}, na_position=${pyStr(k.nulls)}, kind="stable")`,
      );
    lines.push('df = df.reset_index(drop=True)');
    return pandas(lines);
  },
};

/**
 * sample. "first" keeps the first rows; "random" keeps the rows with the smallest keys
 * mix32(row + mix32(seed)) (../text sampleKey): the same seed picks the same rows, in their
 * original order. A fraction keeps round(fraction × rows) rows, halves rounded up.
 */
export const sample: OperationDefinition<'sample'> = {
  compile(op, { source, schema }) {
    if ((op.n === undefined) === (op.fraction === undefined)) {
      throw new CairnError(
        'VALIDATION',
        'Give either a number of rows (n) or a fraction, not both or neither.',
      );
    }
    const limit =
      op.n !== undefined
        ? param(BigInt(op.n))
        : sql`(SELECT CAST(round(${param(op.fraction as number)} * count(*)) AS INTEGER) FROM ${raw(source)})`;
    const columns = selectList(raw(ROW), passThrough(schema.columns));
    const select =
      op.method === 'first'
        ? sql`SELECT ${columns} FROM ${raw(source)} ORDER BY ${raw(ROW)} LIMIT ${limit}`
        : sql`SELECT ${columns} FROM ${raw(source)} WHERE ${raw(ROW)} IN (SELECT ${raw(ROW)} FROM ${raw(source)} ORDER BY ${raw(FN.sampleKey)}(${raw(ROW)}, ${param(BigInt(op.seed))}), ${raw(ROW)} LIMIT ${limit})`;
    return {
      select: select.sql,
      params: select.params,
      columns: [...schema.columns],
      schemaOnly: false,
      affected: removedRows(select, source),
    };
  },
  summarize(op) {
    const percent = `${Number(((op.fraction ?? 0) * 100).toFixed(6))}% of rows`;
    const rows = `${op.n} ${op.n === 1 ? 'row' : 'rows'}`;
    if (op.method === 'first') return `Keep the first ${op.n !== undefined ? rows : percent}`;
    return `Keep ${op.n !== undefined ? `${op.n} random ${op.n === 1 ? 'row' : 'rows'}` : `a random ${percent}`} (seed ${op.seed})`;
  },
  pandas(op) {
    const count = op.n !== undefined ? String(op.n) : `int(${op.fraction} * len(df) + 0.5)`;
    if (op.method === 'first') return pandas(`df = df.head(${count}).reset_index(drop=True)`);
    return pandas([
      'def cairn_mix(h):',
      '    h ^= h >> 16',
      '    h = (h * 0x85EBCA6B) & 0xFFFFFFFF',
      '    h ^= h >> 13',
      '    h = (h * 0xC2B2AE35) & 0xFFFFFFFF',
      '    return h ^ (h >> 16)',
      `offset = cairn_mix(${op.seed} & 0xFFFFFFFF)`,
      'keys = [cairn_mix((row + offset) & 0xFFFFFFFF) for row in range(1, len(df) + 1)]',
      `picked = sorted(sorted(range(len(df)), key=lambda i: (keys[i], i))[:${count}])`,
      'df = df.iloc[picked].reset_index(drop=True)',
    ]);
  },
};
