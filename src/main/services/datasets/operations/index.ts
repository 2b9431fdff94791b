/**
 * Operations as SQL over a version's rows, plus their human summary and pandas rendering.
 * Pure: no Electron, no file system; the caller owns the database and storage.
 */
import {
  operationSchema,
  type Column,
  type Operation,
  type OperationInput,
} from '../../../../shared/operations';
import { CairnError } from '../../../../shared/result';
import type { CompileInput, CompiledOperation, PandasContext } from './definition';
import { PANDAS_IMPORT } from './python';
import { definitionFor } from './registry';
import { Schema } from './schema';

export { compileExpression, expressionToPandas, FUNCTIONS } from '../expression';
export { registerSqlFunctions } from './functions';
export { PANDAS_DTYPES } from './python';
export type { CompileInput, CompiledOperation } from './definition';

/**
 * Validates with the shared schema and applies its defaults. The entry points therefore accept
 * the schema's input type (defaults optional), which every `Operation` also satisfies.
 */
function normalize(op: OperationInput): Operation {
  const parsed = operationSchema.safeParse(op);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
  throw new CairnError('VALIDATION', `Invalid operation${where}: ${issue?.message ?? 'unknown problem'}`);
}

/** Compiles an operation against the version's columns; throws CairnError('VALIDATION') with a readable message. */
export function compileOperation(op: OperationInput, input: CompileInput): CompiledOperation {
  const normalized = normalize(op);
  const schema = new Schema(input.columns);
  return definitionFor(normalized).compile(normalized, { source: input.source, schema });
}

/** One line for the version tree and the recipe, e.g. 'Filter rows where age >= 18'. */
export function summarizeOperation(op: OperationInput): string {
  const normalized = normalize(op);
  return definitionFor(normalized).summarize(normalized);
}

function pandasContext(columns: readonly Column[] | undefined): PandasContext {
  const types = new Map(columns?.map((c) => [c.name, c.type]));
  return { typeOf: (name) => types.get(name), columns: columns ?? null };
}

/**
 * Runnable pandas code on a DataFrame named `df` whose dtypes are PANDAS_DTYPES. `columns`, the
 * schema before the operation, is optional: with it, type-dependent details (integer rounding,
 * booleans as text, conversions) render exactly; without it a type-neutral form is used.
 */
export function operationToPandas(op: OperationInput, columns?: Column[]): string {
  const normalized = normalize(op);
  return definitionFor(normalized).pandas(normalized, pandasContext(columns)).code;
}

/** The import lines the pandas renderings of `ops` need, sorted, pandas always included. */
export function pandasImports(ops: OperationInput[]): string[] {
  const imports = new Set<string>([PANDAS_IMPORT]);
  for (const op of ops) {
    const normalized = normalize(op);
    for (const line of definitionFor(normalized).pandas(normalized, pandasContext(undefined)).imports)
      imports.add(line);
  }
  return [...imports].sort();
}
