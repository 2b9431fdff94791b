/** filter_rows and derive_column: the two operations written in the expression language. */
import { CairnError } from '../../../../../shared/result';
import { analyzeExpression, renderPandasExpression } from '../../expression';
import { toSql } from '../../expression/sql';
import { passThrough, removedRows, selectList, type OperationDefinition } from '../definition';
import { col, pandas } from '../python';
import { assertNewNames, quoted } from '../schema';
import { ROW, raw, sql } from '../sql';

/** An expression as one line of a summary. */
const oneLine = (expression: string): string => expression.replace(/\s+/g, ' ').trim();

export const filterRows: OperationDefinition<'filter_rows'> = {
  compile(op, { source, schema }) {
    const typed = analyzeExpression(op.expression, schema.columns);
    if (typed.type !== 'boolean') {
      throw new CairnError(
        'VALIDATION',
        `A filter needs a condition that is true or false, but this expression gives ${typed.type === 'null' ? 'NULL' : typed.type} values. Compare it, like age >= 18.`,
      );
    }
    const select = sql`SELECT ${selectList(raw(ROW), passThrough(schema.columns))} FROM ${raw(source)} WHERE ${toSql(typed)}`;
    return {
      select: select.sql,
      params: select.params,
      columns: [...schema.columns],
      schemaOnly: false,
      affected: removedRows(select, source),
    };
  },

  summarize: (op) => `Filter rows where ${oneLine(op.expression)}`,

  pandas(op, ctx) {
    const py = renderPandasExpression(analyzeExpression(op.expression, ctx.columns));
    // Missing values make a condition unknown; like SQL's WHERE, only true keeps a row.
    const mask = py.series
      ? `${py.atom ? py.code : `(${py.code})`}.fillna(False)`
      : `pd.Series(${py.code}, index=df.index, dtype="boolean").fillna(False)`;
    return pandas(`df = df[${mask}]`, py.imports);
  },
};

export const deriveColumn: OperationDefinition<'derive_column'> = {
  compile(op, { source, schema }) {
    const typed = analyzeExpression(op.expression, schema.columns);
    if (typed.type === 'null' || typed.type === 'any') {
      throw new CairnError(
        'VALIDATION',
        `The expression for ${quoted(op.name)} is always empty (NULL), so its type is unknown. Give it a value, like coalesce(x, 0).`,
      );
    }
    const column = { name: op.name, type: typed.type };
    const output = [...schema.columns, column];
    assertNewNames(schema.names, [op.name]);
    const value = toSql(typed);
    const expr = typed.type === 'float' ? sql`CAST(${value} AS REAL)` : value;
    const select = sql`SELECT ${selectList(raw(ROW), [...passThrough(schema.columns), { column, expr }])} FROM ${raw(source)}`;
    return { select: select.sql, params: select.params, columns: output, schemaOnly: false };
  },

  summarize: (op) => `Add column ${quoted(op.name)} = ${oneLine(op.expression)}`,

  pandas(op, ctx) {
    const py = renderPandasExpression(analyzeExpression(op.expression, ctx.columns));
    return pandas(`${col(op.name)} = ${py.code}`, py.imports);
  },
};
