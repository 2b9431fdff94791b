import Database from 'better-sqlite3';
import { z } from 'zod';
import { columnSchema } from '../../shared/operations';
import { CairnError } from '../../shared/result';
import { writeTable } from '../services/datasets/materialize';
import { registerSqlFunctions } from '../services/datasets/operations/functions';
import { runWorker } from './runtime';

const applyOperationInputSchema = z.object({
  /** The dataset's SQLite file (WAL): the main process keeps reading it meanwhile. */
  dataFile: z.string().min(1),
  /** The new version's table (unquoted). */
  relation: z.string().min(1),
  /** The compiled operation (see CompiledOperation); its parent must already be readable. */
  select: z.string().min(1),
  params: z.array(z.unknown()),
  columns: z.array(columnSchema).min(1),
  /** Refuses the operation when it returns n > 0 (a scan, so it runs here too). */
  guard: z.object({ sql: z.string(), params: z.array(z.unknown()), message: z.string() }).optional(),
});
export type ApplyOperationInput = z.input<typeof applyOperationInputSchema>;
export interface ApplyOperationResult {
  rowCount: number;
}
/** Sent once the guard passed and the rows are being written; SQLite reports no row progress. */
export interface ApplyOperationProgress {
  phase: 'writing';
}

/**
 * Worker entry: writes one operation's result as a new table of a dataset's data file, in one
 * transaction. The INSERT … SELECT blocks this process until it ends, so a cancel kills the
 * process; SQLite then rolls the unfinished transaction back.
 */
runWorker<unknown, ApplyOperationResult, ApplyOperationProgress>(async (raw, { progress }) => {
  const parsed = applyOperationInputSchema.safeParse(raw);
  if (!parsed.success) throw new CairnError('VALIDATION', `Invalid apply job: ${parsed.error.message}`);
  const input = parsed.data;
  const data = new Database(input.dataFile, { fileMustExist: true });
  try {
    data.pragma('journal_mode = WAL');
    data.pragma('synchronous = NORMAL');
    data.pragma('busy_timeout = 5000');
    // Sorting and grouping a million rows wants memory, not temp files (as the main connection).
    data.pragma('temp_store = MEMORY');
    data.pragma('cache_size = -65536');
    registerSqlFunctions(data);
    if (input.guard) {
      const { n } = data.prepare(input.guard.sql).get(...input.guard.params) as { n: number };
      if (n > 0) throw new CairnError('VALIDATION', input.guard.message);
    }
    progress({ phase: 'writing' });
    // The write blocks the event loop; let the progress message leave first.
    await new Promise((resolve) => setImmediate(resolve));
    return { rowCount: writeTable(data, input.relation, input) };
  } finally {
    data.close();
  }
});
