import Database from 'better-sqlite3';
import { z } from 'zod';
import { columnSchema } from '../../shared/operations';
import { CairnError } from '../../shared/result';
import { decodeRow } from '../services/datasets/engine';
import { registerSqlFunctions } from '../services/datasets/operations';
import { quoteIdent } from '../services/datasets/storage';
import { runWorker } from './runtime';

/**
 * The assistant's read-only SQL: one SELECT over a version, exposed as the table `data`. It runs
 * in its own process on a read-only connection, so a query can neither write nor hold the main
 * process: the supervisor kills it at its time limit.
 */

const querySqlInputSchema = z.object({
  dataFile: z.string().min(1),
  relation: z.string().min(1),
  columns: z.array(columnSchema).min(1),
  sql: z.string().min(1).max(20_000),
  maxRows: z.number().int().min(1).max(1000),
});
export type QuerySqlInput = z.input<typeof querySqlInputSchema>;

export interface QuerySqlResult {
  columns: string[];
  rows: (string | number | boolean | null)[][];
  /** True when the query had more rows than `maxRows`. */
  truncated: boolean;
}

/** SQLite refuses these only at run time on a read-only file; saying so first is clearer. */
const NOT_READ =
  /^\s*(?:insert|update|delete|replace|create|drop|alter|attach|detach|vacuum|reindex|analyze|pragma|begin|commit|rollback|savepoint|release)\b/i;

export function querySql(input: QuerySqlInput): QuerySqlResult {
  const db = new Database(input.dataFile, { readonly: true, fileMustExist: true });
  try {
    registerSqlFunctions(db);
    db.pragma('temp_store = MEMORY');
    // A view in the temp schema: the person's query names `data`, never Cairn's relation names.
    const list = input.columns.map((c) => quoteIdent(c.name)).join(', ');
    db.exec(`CREATE TEMP VIEW data AS SELECT ${list} FROM main.${quoteIdent(input.relation)}`);
    const text = input.sql.trim().replace(/;\s*$/, '');
    if (NOT_READ.test(text)) {
      throw new CairnError('VALIDATION', 'Only a query that reads (SELECT … FROM data) can run here.');
    }
    let statement: Database.Statement;
    try {
      statement = db.prepare(text);
    } catch (error) {
      throw new CairnError('VALIDATION', `The query cannot run: ${(error as Error).message}.`);
    }
    if (!statement.reader || !statement.readonly) {
      throw new CairnError('VALIDATION', 'Only a query that reads (SELECT … FROM data) can run here.');
    }
    const names = statement.columns().map((c) => c.name);
    // Results are shown as text; only Cairn's own booleans would need a type to decode.
    const asText = names.map((name) => ({ name, type: 'text' as const }));
    const rows: QuerySqlResult['rows'] = [];
    let truncated = false;
    try {
      for (const row of statement.raw().iterate() as Iterable<unknown[]>) {
        if (rows.length === input.maxRows) {
          truncated = true;
          break;
        }
        rows.push(decodeRow(row, asText));
      }
    } catch (error) {
      throw new CairnError('VALIDATION', `The query failed: ${(error as Error).message}.`);
    }
    return { columns: names, rows, truncated };
  } finally {
    db.close();
  }
}

runWorker<unknown, QuerySqlResult, never>((raw) => {
  const parsed = querySqlInputSchema.safeParse(raw);
  if (!parsed.success) throw new CairnError('VALIDATION', `Invalid query job: ${parsed.error.message}`);
  return querySql(parsed.data);
});
