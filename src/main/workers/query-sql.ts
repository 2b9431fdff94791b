import Database from 'better-sqlite3';
import { CairnError } from '../../shared/result';
import {
  MAX_CELL_CHARS,
  MAX_RESULT_BYTES,
  querySqlInputSchema,
  type QuerySqlInput,
  type QuerySqlResult,
} from '../jobs/query';
import { decodeRow } from '../services/datasets/decode';
import { registerSqlFunctions } from '../services/datasets/operations';
import { mapForReads, quoteIdent } from '../services/datasets/storage';
import { runWorker } from './runtime';

/**
 * The assistant's read-only SQL: one SELECT over a version, exposed as the table `data`. It runs
 * in its own process on a read-only connection, so a query can neither write nor hold the main
 * process: the supervisor kills it at its time limit.
 */

/** A cell as it may be sent: long text cut to MAX_CELL_CHARS, binary data described, not sent. */
function boundedCell(value: unknown): { value: unknown; cut: boolean } {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array)
    return { value: `[${value.length} bytes of binary data]`, cut: true };
  if (typeof value === 'string' && value.length > MAX_CELL_CHARS)
    return { value: `${value.slice(0, MAX_CELL_CHARS)}…`, cut: true };
  return { value, cut: false };
}

function cellBytes(value: string | number | boolean | null): number {
  return typeof value === 'string' ? Buffer.byteLength(value) : 8;
}

/** SQLite refuses these only at run time on a read-only file; saying so first is clearer. */
const NOT_READ =
  /^\s*(?:insert|update|delete|replace|create|drop|alter|attach|detach|vacuum|reindex|analyze|pragma|begin|commit|rollback|savepoint|release)\b/i;

export function querySql(input: QuerySqlInput): QuerySqlResult {
  const db = new Database(input.dataFile, { readonly: true, fileMustExist: true });
  try {
    return queryOn(db, input);
  } finally {
    db.close();
  }
}

/** The query on an open connection (the data file, or the warm-up's database in memory). */
function queryOn(db: Database.Database, input: QuerySqlInput): QuerySqlResult {
  registerSqlFunctions(db);
  db.pragma('temp_store = MEMORY');
  mapForReads(db);
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
  let bytes = 0;
  let cutCells = 0;
  let note: string | null = null;
  try {
    for (const row of statement.raw().iterate() as Iterable<unknown[]>) {
      if (rows.length === input.maxRows) {
        truncated = true;
        break;
      }
      const bounded = row.map(boundedCell);
      cutCells += bounded.filter((c) => c.cut).length;
      const decoded = decodeRow(
        bounded.map((c) => c.value),
        asText,
      );
      const size = decoded.reduce((sum: number, v) => sum + cellBytes(v), 0);
      if (bytes + size > MAX_RESULT_BYTES && rows.length > 0) {
        truncated = true;
        note = `Only the first ${rows.length} rows are shown: the result is larger than ${MAX_RESULT_BYTES / 1_000_000} MB.`;
        break;
      }
      bytes += size;
      rows.push(decoded);
    }
  } catch (error) {
    throw new CairnError('VALIDATION', `The query failed: ${(error as Error).message}.`);
  }
  if (cutCells > 0) {
    const cut = `${cutCells} ${cutCells === 1 ? 'value was' : 'values were'} cut to ${MAX_CELL_CHARS.toLocaleString('en')} characters (binary data is described, not shown).`;
    note = note ? `${note} ${cut}` : cut;
  }
  return { columns: names, rows, truncated, note };
}

function parse(raw: unknown): QuerySqlInput {
  const parsed = querySqlInputSchema.safeParse(raw);
  if (!parsed.success) throw new CairnError('VALIDATION', `Invalid query job: ${parsed.error.message}`);
  return parsed.data;
}

/** A question of the kind the assistant asks, on a three-row table in memory. */
function warmUp(): void {
  const db = new Database(':memory:');
  try {
    db.exec(
      `CREATE TABLE warm ("__cairn_row" INTEGER PRIMARY KEY, n INTEGER, t TEXT); INSERT INTO warm (n, t) VALUES (1, 'a'), (2, 'b'), (NULL, 'c')`,
    );
    const input = parse({
      dataFile: ':memory:',
      relation: 'warm',
      columns: [
        { name: 'n', type: 'integer' },
        { name: 't', type: 'text' },
      ],
      sql: 'SELECT count(*) FILTER (WHERE n > 1) AS m, count(*) AS total, avg(n) AS a, max(t) AS t FROM data',
      maxRows: 5,
    });
    queryOn(db, input);
  } finally {
    db.close();
  }
}

runWorker<unknown, QuerySqlResult, never>((raw) => querySql(parse(raw)), { warmUp });
