/** select / drop / rename / reorder: schema-only operations, stored as views. */
import { CairnError } from '../../../../../shared/result';
import { columnsPhrase, names, passThrough, selectList, type OperationDefinition } from '../definition';
import { colList, pandas, pyStr } from '../python';
import { assertNewNames, quoted } from '../schema';
import { ROW, ident, raw, sql } from '../sql';

function schemaOnly(source: string, outputs: ReturnType<typeof passThrough>) {
  const select = sql`SELECT ${selectList(raw(ROW), outputs)} FROM ${raw(source)}`;
  return {
    select: select.sql,
    params: select.params,
    columns: outputs.map((o) => o.column),
    schemaOnly: true,
  };
}

export const selectColumns: OperationDefinition<'select_columns'> = {
  compile(op, { source, schema }) {
    return schemaOnly(source, passThrough(schema.requireAll(op.columns)));
  },
  summarize: (op) => `Keep only ${columnsPhrase(op.columns)}`,
  pandas: (op) => pandas(`df = df[${colList(op.columns)}]`),
};

export const dropColumns: OperationDefinition<'drop_columns'> = {
  compile(op, { source, schema }) {
    schema.requireAll(op.columns);
    const dropped = new Set(op.columns);
    const kept = schema.columns.filter((c) => !dropped.has(c.name));
    if (kept.length === 0) {
      throw new CairnError(
        'VALIDATION',
        'Dropping every column would leave nothing; keep at least one column.',
      );
    }
    return schemaOnly(source, passThrough(kept));
  },
  summarize: (op) => `Drop ${columnsPhrase(op.columns)}`,
  pandas: (op) => pandas(`df = df.drop(columns=${colList(op.columns)})`),
};

export const renameColumns: OperationDefinition<'rename_columns'> = {
  compile(op, { source, schema }) {
    const renames = new Map<string, string>();
    for (const { from, to } of op.renames) {
      schema.require(from);
      if (renames.has(from)) throw new CairnError('VALIDATION', `Column ${quoted(from)} is renamed twice.`);
      renames.set(from, to);
    }
    const outputs = schema.columns.map((c) => ({
      column: { name: renames.get(c.name) ?? c.name, type: c.type },
      expr: ident(c.name),
    }));
    assertNewNames(
      schema.names.filter((name) => !renames.has(name)),
      [...renames.values()],
    );
    return schemaOnly(source, outputs);
  },
  summarize: (op) =>
    `Rename ${op.renames.map(({ from, to }) => `${quoted(from)} to ${quoted(to)}`).join(', ')}`,
  pandas: (op) =>
    pandas(
      `df = df.rename(columns={${op.renames.map(({ from, to }) => `${pyStr(from)}: ${pyStr(to)}`).join(', ')}})`,
    ),
};

export const reorderColumns: OperationDefinition<'reorder_columns'> = {
  compile(op, { source, schema }) {
    const ordered = schema.requireAll(op.columns);
    const listed = new Set(op.columns);
    const missing = schema.names.filter((name) => !listed.has(name));
    if (missing.length > 0) {
      throw new CairnError(
        'VALIDATION',
        `A new order must list every column exactly once; ${names(missing)} ${missing.length === 1 ? 'is' : 'are'} missing.`,
      );
    }
    return schemaOnly(source, passThrough(ordered));
  },
  summarize: (op) => `Reorder columns: ${names(op.columns)}`,
  pandas: (op) => pandas(`df = df[${colList(op.columns)}]`),
};
