import Database from 'better-sqlite3';
import { z } from 'zod';
import { columnSchema } from '../../shared/operations';
import { CairnError } from '../../shared/result';
import { writeTable } from '../services/datasets/materialize';
import { registerSqlFunctions } from '../services/datasets/operations/functions';
import { previewOperation, viewPositions, type PreviewResult } from '../services/datasets/views';
import { mapForReads, quoteIdent } from '../services/datasets/storage';
import { leavesDataUnchanged } from '../services/datasets/unchanged';
import { runWorker } from './runtime';

const sqlSchema = z.object({ sql: z.string(), params: z.array(z.unknown()) });

const writeSchema = z.object({
  kind: z.literal('write').default('write'),
  /** The dataset's SQLite file (WAL): the main process keeps reading it meanwhile. */
  dataFile: z.string().min(1),
  /** The new version's table (unquoted). */
  relation: z.string().min(1),
  /** The compiled operation (see CompiledOperation); its parent must already be readable. */
  select: z.string().min(1),
  params: z.array(z.unknown()),
  columns: z.array(columnSchema).min(1),
  /** Refuses the operation when it returns n > 0 (a scan, so it runs here too). */
  guard: sqlSchema.extend({ message: z.string() }).optional(),
  /** The version written from: given, the result says whether the new table equals it. */
  base: z
    .object({ relation: z.string().min(1), rowCount: z.number(), columns: z.array(columnSchema) })
    .optional(),
});

const previewSchema = z.object({
  kind: z.literal('preview'),
  dataFile: z.string().min(1),
  select: z.string().min(1),
  params: z.array(z.unknown()),
  columns: z.array(columnSchema).min(1),
  affected: sqlSchema.optional(),
  base: z
    .object({ relation: z.string().min(1), rowCount: z.number(), columns: z.array(columnSchema) })
    .optional(),
  /** Match result rows to the base's by row number and say what changes (see preview-changes.ts). */
  compare: z
    .object({ mode: z.enum(['values', 'removals']), columns: z.array(z.string()).optional() })
    .optional(),
});

const positionsSchema = z.object({
  kind: z.literal('positions'),
  dataFile: z.string().min(1),
  relation: z.string().min(1),
  sort: z.array(z.object({ column: z.string(), direction: z.enum(['asc', 'desc']) })),
  where: sqlSchema.nullable(),
});

const evaluateInputSchema = z.union([previewSchema, positionsSchema, writeSchema]);

export type ApplyOperationInput = z.input<typeof writeSchema>;
export type PreviewJobInput = z.input<typeof previewSchema>;
export type PositionsJobInput = z.input<typeof positionsSchema>;
export interface ApplyOperationResult {
  rowCount: number;
  /** True when a base was given and the written table equals it row for row. */
  unchanged?: boolean;
}
export type PreviewJobResult = PreviewResult;
/** The row numbers of a grid view, in view order. */
export type PositionsJobResult = Int32Array;
/** Sent once the guard passed and the rows are being written; SQLite reports no row progress. */
export interface ApplyOperationProgress {
  phase: 'writing';
}

function open(dataFile: string, readonly: boolean): Database.Database {
  const data = new Database(dataFile, { fileMustExist: true, readonly });
  if (!readonly) {
    data.pragma('journal_mode = WAL');
    data.pragma('synchronous = NORMAL');
  }
  data.pragma('busy_timeout = 5000');
  // Sorting and grouping a million rows wants memory, not temp files (as the main connection).
  data.pragma('temp_store = MEMORY');
  data.pragma('cache_size = -65536');
  mapForReads(data);
  registerSqlFunctions(data);
  return data;
}

/**
 * Worker entry for everything that evaluates an operation or a grid view, i.e. runs what a
 * caller wrote (expressions, patterns) or sorts a whole version: the main process never does,
 * so the supervisor can kill a runaway one at its time limit and every other call goes on.
 * - `write`: one operation's result as a new table, in one transaction. The INSERT … SELECT
 *   blocks this process until it ends, so a cancel kills the process; SQLite rolls back.
 * - `preview`: its changed rows first, then its first rows, its row count and what changes, on a
 *   read-only connection.
 * - `positions`: a sorted/filtered grid view's row numbers, on a read-only connection.
 */
runWorker<unknown, ApplyOperationResult | PreviewJobResult | PositionsJobResult, ApplyOperationProgress>(
  async (raw, { progress }) => {
    const parsed = evaluateInputSchema.safeParse(raw);
    if (!parsed.success) throw new CairnError('VALIDATION', `Invalid apply job: ${parsed.error.message}`);
    const input = parsed.data;
    if (input.kind === 'preview') {
      const data = open(input.dataFile, true);
      try {
        return previewOperation(data, input);
      } finally {
        data.close();
      }
    }
    if (input.kind === 'positions') {
      const data = open(input.dataFile, true);
      try {
        return viewPositions(data, input.relation, input.sort, input.where);
      } finally {
        data.close();
      }
    }
    const data = open(input.dataFile, false);
    try {
      if (input.guard) {
        const { n } = data.prepare(input.guard.sql).get(...input.guard.params) as { n: number };
        if (n > 0) throw new CairnError('VALIDATION', input.guard.message);
      }
      progress({ phase: 'writing' });
      // The write blocks the event loop; let the progress message leave first.
      await new Promise((resolve) => setImmediate(resolve));
      const rowCount = writeTable(data, input.relation, input);
      if (!input.base) return { rowCount };
      const written = {
        select: `SELECT * FROM ${quoteIdent(input.relation)}`,
        params: [],
        columns: input.columns,
      };
      return { rowCount, unchanged: leavesDataUnchanged(data, input.base, written, rowCount) };
    } finally {
      data.close();
    }
  },
);
