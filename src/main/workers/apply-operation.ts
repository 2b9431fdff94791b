import Database from 'better-sqlite3';
import type { z } from 'zod';
import { CairnError } from '../../shared/result';
import {
  applyJobInputSchema,
  type ApplyOperationProgress,
  type ApplyOperationResult,
  type PositionsJobResult,
  type PreviewJobResult,
} from '../jobs/apply';
import { writeTable } from '../services/datasets/materialize';
import { registerSqlFunctions } from '../services/datasets/operations/functions';
import { previewOperation, viewPositions } from '../services/datasets/views';
import { mapForReads, quoteIdent } from '../services/datasets/storage';
import { leavesDataUnchanged } from '../services/datasets/unchanged';
import { runWorker } from './runtime';

function open(dataFile: string, readonly: boolean): Database.Database {
  const data = new Database(dataFile, { fileMustExist: true, readonly });
  if (!readonly) {
    data.pragma('journal_mode = WAL');
    data.pragma('synchronous = NORMAL');
    // Not at commit: the checkpoint (a fifth of a write's time) runs after the reply instead.
    data.pragma('wal_autocheckpoint = 0');
  }
  return setUp(data);
}

/**
 * Copies the write's pages from the WAL into the data file, once the caller has its answer. A
 * checkpoint under way in another process (the last apply's) makes this one busy: it waits for
 * it, so no write's pages are left behind in the WAL to slow every later read.
 */
function checkpoint(data: Database.Database): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const [result] = data.pragma('wal_checkpoint(PASSIVE)') as { busy: number }[];
    if (!result || result.busy === 0) return;
    Atomics.wait(pause, 0, 0, 25);
  }
}

function setUp(data: Database.Database): Database.Database {
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
  async (raw, { progress, afterReply }) => {
    const parsed = applyJobInputSchema.safeParse(raw);
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
    let written: ApplyOperationResult;
    try {
      written = await write(data, input, progress);
    } catch (error) {
      data.close();
      throw error;
    }
    afterReply(() => {
      checkpoint(data);
      data.close();
    });
    return written;
  },
  { warmUp },
);

type WriteInput = Extract<z.output<typeof applyJobInputSchema>, { kind: 'write' }>;

async function write(
  data: Database.Database,
  input: WriteInput,
  progress: (data: ApplyOperationProgress) => void,
): Promise<ApplyOperationResult> {
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
}

/** A filter written as a table, on three rows in memory: the path of most applies. */
function warmUp(): void {
  const data = setUp(new Database(':memory:'));
  data.exec(
    `CREATE TABLE warm_base ("__cairn_row" INTEGER PRIMARY KEY, n INTEGER, t TEXT); INSERT INTO warm_base (n, t) VALUES (1, 'a'), (2, 'b'), (NULL, 'c')`,
  );
  const columns = [
    { name: 'n', type: 'integer' },
    { name: 't', type: 'text' },
  ];
  const input = applyJobInputSchema.parse({
    kind: 'write',
    dataFile: ':memory:',
    relation: 'warm_out',
    select: 'SELECT "__cairn_row", "n", "t" FROM "warm_base" WHERE ("n" > ?)',
    params: [1],
    columns,
    base: { relation: 'warm_base', rowCount: 3, columns },
  });
  if (input.kind !== 'write') return;
  // The progress goes nowhere.
  write(data, input, () => undefined)
    .catch((error: unknown) => console.error('Worker warm-up failed', error))
    .finally(() => data.close());
}
