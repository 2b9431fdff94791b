import { z } from 'zod';
import { columnSchema } from '../../shared/operations';

/**
 * The contract of the query worker (workers/query-sql.ts): the assistant's read-only SQL, one
 * SELECT over a version exposed as the table `data`.
 */

export const querySqlInputSchema = z.object({
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
  /** True when the query had more rows than `maxRows`, or more data than MAX_RESULT_BYTES. */
  truncated: boolean;
  /** Why the result is shorter than the query's, in a sentence; null when it is whole. */
  note: string | null;
}

/**
 * A result crosses to the main process as one message, copied whole: these bound it, so a
 * query of a huge value (a 240 MB string stalled the main process 3.4 s) costs the worker only.
 */
export const MAX_RESULT_BYTES = 1_000_000;
export const MAX_CELL_CHARS = 10_000;
