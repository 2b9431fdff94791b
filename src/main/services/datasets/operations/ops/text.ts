/** find_replace, text_clean, split_column and merge_columns: operations on text. */
import type { Column, ColumnType } from '../../../../../shared/operations';
import { CairnError } from '../../../../../shared/result';
import { changedRows, names, selectList, type OperationDefinition } from '../definition';
import { FN } from '../functions';
import { RE_IMPORT, col, colList, pandas, pyStr } from '../python';
import {
  checkReplacement,
  compileUserRegex,
  escapeRegex,
  patternToPython,
  replacementToPython,
} from '../regex';
import { assertNewNames, quoted, type Schema } from '../schema';
import { ROW, ident, join, param, raw, sql, type Fragment } from '../sql';

function requireText(schema: Schema, columns: readonly string[], what: string): Column[] {
  return schema.requireAll(columns).map((c) => {
    if (c.type !== 'text') {
      throw new CairnError(
        'VALIDATION',
        `${what} works on text columns, but ${quoted(c.name)} is ${c.type}. Change it to text first.`,
      );
    }
    return c;
  });
}

/** Every row, with the `targets` columns computed by `expr` from themselves. */
export function rewrite(
  source: string,
  schema: Schema,
  targets: readonly string[],
  expr: (c: Fragment) => Fragment,
) {
  const set = new Set(targets);
  const outputs = schema.columns.map((column) =>
    set.has(column.name) ? { column, expr: expr(ident(column.name)) } : { column },
  );
  const select = sql`SELECT ${selectList(raw(ROW), outputs)} FROM ${raw(source)}`;
  return {
    select: select.sql,
    params: select.params,
    columns: [...schema.columns],
    schemaOnly: false,
    affected: changedRows(select, source, targets),
  };
}

/**
 * find_replace. "contains" replaces every occurrence of the text, "exact" replaces cells equal
 * to it, "regex" replaces every match of a pattern (see ../regex for its syntax). Without case
 * sensitivity, letters match in any case (Unicode-aware, through the regex function).
 */
export const findReplace: OperationDefinition<'find_replace'> = {
  compile(op, { source, schema }) {
    requireText(schema, op.columns, 'Find and replace');
    const flags = op.caseSensitive ? 'gu' : 'giu';
    const regexReplace = (c: Fragment, pattern: string, replacement: string): Fragment =>
      sql`${raw(FN.regexpReplace)}(${c}, ${param(pattern)}, '${raw(flags)}', ${param(replacement)})`;
    let expr: (c: Fragment) => Fragment;
    if (op.mode === 'regex') {
      const regex = compileUserRegex(op.find, !op.caseSensitive);
      checkReplacement(op.replace, regex);
      expr = (c) => regexReplace(c, op.find, op.replace);
    } else if (op.mode === 'contains') {
      expr = op.caseSensitive
        ? (c) => sql`replace(${c}, ${param(op.find)}, ${param(op.replace)})`
        : (c) => regexReplace(c, escapeRegex(op.find), op.replace.replace(/\$/g, '$$$$'));
    } else {
      expr = op.caseSensitive
        ? (c) => sql`CASE WHEN ${c} = ${param(op.find)} THEN ${param(op.replace)} ELSE ${c} END`
        : (c) =>
            sql`CASE WHEN ${raw(FN.regexpTest)}(${c}, ${param(`^(?:${escapeRegex(op.find)})$`)}, 'iu') THEN ${param(op.replace)} ELSE ${c} END`;
    }
    return rewrite(source, schema, op.columns, expr);
  },

  summarize(op) {
    const what =
      op.mode === 'exact'
        ? `cells equal to ${JSON.stringify(op.find)}`
        : op.mode === 'regex'
          ? `matches of /${op.find}/`
          : JSON.stringify(op.find);
    return `Replace ${what} with ${JSON.stringify(op.replace)} in ${names(op.columns)}${op.caseSensitive ? '' : ' (ignoring case)'}`;
  },

  pandas(op) {
    const find = pyStr(op.mode === 'regex' ? patternToPython(op.find) : op.find);
    const replacement = pyStr(op.replace);
    const lines = op.columns.map((name) => {
      const c = col(name);
      if (op.mode === 'regex') {
        const template = pyStr(
          replacementToPython(checkReplacement(op.replace, compileUserRegex(op.find, !op.caseSensitive))),
        );
        return `${c} = ${c}.str.replace(${find}, ${template}, regex=True${op.caseSensitive ? '' : ', case=False'})`;
      }
      if (op.mode === 'contains') {
        return op.caseSensitive
          ? `${c} = ${c}.str.replace(${find}, ${replacement}, regex=False)`
          : `${c} = ${c}.str.replace(re.escape(${find}), ${pyStr(op.replace.replace(/\\/g, '\\\\'))}, regex=True, case=False)`;
      }
      return op.caseSensitive
        ? `${c} = ${c}.replace(${find}, ${replacement})`
        : `${c} = ${c}.mask(${c}.str.fullmatch(re.escape(${find}), case=False).fillna(False), ${replacement})`;
    });
    return pandas(lines, op.mode !== 'regex' && !op.caseSensitive ? [RE_IMPORT] : []);
  },
};

const CASE_WORDS = { lower: 'lowercase', upper: 'uppercase', title: 'title case' } as const;

/** text_clean: trim, then collapse whitespace runs to one space, then change case (../text cleanText). */
export const textClean: OperationDefinition<'text_clean'> = {
  compile(op, { source, schema }) {
    requireText(schema, op.columns, 'Cleaning');
    if (!op.trim && !op.collapseWhitespace && op.case === 'none') {
      throw new CairnError(
        'VALIDATION',
        'Nothing to clean: choose trimming, collapsing whitespace or a letter case.',
      );
    }
    return rewrite(
      source,
      schema,
      op.columns,
      (c) =>
        sql`${raw(FN.textClean)}(${c}, ${param(op.trim)}, ${param(op.case)}, ${param(op.collapseWhitespace)})`,
    );
  },

  summarize(op) {
    const steps = [
      ...(op.trim ? ['trim spaces'] : []),
      ...(op.collapseWhitespace ? ['collapse whitespace'] : []),
      ...(op.case === 'none' ? [] : [CASE_WORDS[op.case]]),
    ];
    return `Clean text in ${names(op.columns)}: ${steps.join(', ')}`;
  },

  pandas(op) {
    const steps = [
      ...(op.trim ? ['.str.strip()'] : []),
      ...(op.collapseWhitespace ? [`.str.replace(${pyStr('\\s+')}, " ", regex=True)`] : []),
      ...(op.case === 'none' ? [] : [`.str.${op.case}()`]),
    ];
    return pandas(op.columns.map((name) => `${col(name)} = ${col(name)}${steps.join('')}`));
  },
};

/**
 * split_column. Splits at the first (N − 1) delimiters, like Python's str.split(d, N − 1): a
 * value with more pieces keeps the rest, delimiters included, in the last column, so nothing is
 * lost; a value with fewer pieces leaves the remaining columns empty. The new text columns take
 * the original's place (after it, if it is kept); they may reuse its name when it is not kept.
 */
export const splitColumn: OperationDefinition<'split_column'> = {
  compile(op, { source, schema }) {
    requireText(schema, [op.column], 'Splitting');
    const count = op.into.length;
    const outputs = schema.columns.flatMap((column) => {
      if (column.name !== op.column) return [{ column }];
      const parts = op.into.map((name, i) => ({
        column: { name, type: 'text' as ColumnType },
        expr: sql`${raw(FN.splitPart)}(${ident(column.name)}, ${param(op.delimiter)}, ${raw(String(i))}, ${raw(String(count))})`,
      }));
      return op.keepOriginal ? [{ column }, ...parts] : parts;
    });
    const columns = outputs.map((o) => o.column);
    assertNewNames(
      schema.names.filter((name) => op.keepOriginal || name !== op.column),
      op.into,
    );
    const select = sql`SELECT ${selectList(raw(ROW), outputs)} FROM ${raw(source)}`;
    return { select: select.sql, params: select.params, columns, schemaOnly: false };
  },

  summarize: (op) =>
    `Split ${quoted(op.column)} on ${JSON.stringify(op.delimiter)} into ${names(op.into)}${op.keepOriginal ? ` (keeping ${quoted(op.column)})` : ''}`,

  pandas(op) {
    const c = col(op.column);
    const lines = [
      `at = df.columns.get_loc(${pyStr(op.column)})${op.keepOriginal ? ' + 1' : ''}`,
      `parts = ${op.keepOriginal ? c : `df.pop(${pyStr(op.column)})`}.str.split(${pyStr(op.delimiter)}, n=${op.into.length - 1}, regex=False)`,
      ...op.into.map(
        (name, i) => `df.insert(at${i === 0 ? '' : ` + ${i}`}, ${pyStr(name)}, parts.str[${i}])`,
      ),
    ];
    return pandas(lines);
  },
};

/** A column's values as text, the way SQLite writes them (booleans as true/false). */
function asText(column: Column, qualifier?: string): Fragment {
  const c = ident(column.name, qualifier);
  if (column.type === 'boolean') return sql`CASE ${c} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END`;
  return column.type === 'integer' || column.type === 'float' ? sql`CAST(${c} AS TEXT)` : c;
}

function pandasAsText(name: string, type: ColumnType | undefined): string {
  if (type === 'boolean') return `${col(name)}.map({True: "true", False: "false"})`;
  return type === 'text' || type === 'date' || type === 'datetime'
    ? col(name)
    : `${col(name)}.astype("string")`;
}

/**
 * merge_columns. Joins the values with the separator, skipping missing ones (with their
 * separators); a row where every value is missing stays missing. Empty text is a value and is
 * kept. Numbers and booleans are written as text. The result goes right after the rightmost
 * merged column, or in its place when the originals are dropped (it may then reuse a name).
 */
export const mergeColumns: OperationDefinition<'merge_columns'> = {
  compile(op, { source, schema }) {
    const merged = schema.requireAll(op.columns);
    const set = new Set(op.columns);
    const last = Math.max(...op.columns.map((name) => schema.names.indexOf(name)));
    const allMissing = join(
      merged.map((c) => sql`${ident(c.name)} IS NULL`),
      ' AND ',
    );
    const value = sql`CASE WHEN ${allMissing} THEN NULL ELSE concat_ws(${param(op.separator)}, ${join(
      merged.map((c) => asText(c)),
      ', ',
    )}) END`;
    const result = { column: { name: op.into, type: 'text' as ColumnType }, expr: value };
    const outputs = schema.columns.flatMap((column, i) => {
      const own = op.keepOriginals || !set.has(column.name) ? [{ column }] : [];
      return i === last ? [...own, result] : own;
    });
    const columns = outputs.map((o) => o.column);
    assertNewNames(
      schema.names.filter((name) => op.keepOriginals || !set.has(name)),
      [op.into],
    );
    const select = sql`SELECT ${selectList(raw(ROW), outputs)} FROM ${raw(source)}`;
    return { select: select.sql, params: select.params, columns, schemaOnly: false };
  },

  summarize: (op) =>
    `Merge ${names(op.columns)} into ${quoted(op.into)} separated by ${JSON.stringify(op.separator)}${op.keepOriginals ? ' (keeping the originals)' : ''}`,

  pandas(op, ctx) {
    const pieces = op.columns.map((name) => pandasAsText(name, ctx.typeOf(name)));
    const lines = [
      `merged = pd.concat([${pieces.join(', ')}], axis=1).apply(lambda row: ${pyStr(op.separator)}.join(row.dropna()) if row.notna().any() else pd.NA, axis=1)`,
      `at = max(df.columns.get_loc(c) for c in ${colList(op.columns)}) + 1`,
    ];
    if (!op.keepOriginals) {
      lines.push(`df = df.drop(columns=${colList(op.columns)})`, `at -= ${op.columns.length}`);
    }
    lines.push(`df.insert(at, ${pyStr(op.into)}, merged.astype("string"))`);
    return pandas(lines);
  },
};
