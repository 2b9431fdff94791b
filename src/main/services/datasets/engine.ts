import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import type { RowsPage } from '../../../shared/datasets';
import { operationSchema, type Column, type Operation } from '../../../shared/operations';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import { versions, type VersionRow } from '../../db/schema';
import { dropIfExists, selectList, writeTable } from './materialize';
import { compileOperation, type CompiledOperation } from './operations';
import { columnsOf, versionById } from './model';
import { quoteIdent, type DataStore } from './storage';

/**
 * The grid asks for one page after another with the same two statements; preparing them again
 * each time was a fair share of a page's ~1.5 ms. Per connection (a closed one is simply
 * forgotten), a few per connection (one per version and view shown recently).
 */
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
const STATEMENTS_PER_CONNECTION = 32;

function cachedStatement(data: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(data);
  if (!cache) {
    cache = new Map();
    statements.set(data, cache);
  }
  let statement = cache.get(sql);
  if (statement) {
    // Most recently used last, so the oldest is the first to go.
    cache.delete(sql);
  } else {
    statement = data.prepare(sql);
    if (cache.size >= STATEMENTS_PER_CONNECTION) cache.delete(cache.keys().next().value as string);
  }
  cache.set(sql, statement);
  return statement;
}

export type CellValue = string | number | boolean | null;

/** SQLite values as the grid and exports show them: booleans as true/false, the rest as stored. */
export function decodeRow(raw: unknown[], columns: Column[]): CellValue[] {
  return raw.map((value, i) => {
    if (value === null || value === undefined) return null;
    if (columns[i]?.type === 'boolean') return value === 1 || value === 1n || value === true;
    if (typeof value === 'bigint') return Number(value);
    if (typeof value === 'number' || typeof value === 'string') return value;
    return String(value);
  });
}

/**
 * Creates and reads the relations that hold versions' rows. Operations are the truth: a view or
 * an evicted table is rebuilt from its parent on demand, so reads first call `ensureReadable`.
 */
export class VersionEngine {
  constructor(
    private readonly db: AppDatabase,
    private readonly store: DataStore,
  ) {}

  compile(parent: VersionRow, operation: Operation): CompiledOperation {
    return compileOperation(operation, { source: quoteIdent(parent.relation), columns: columnsOf(parent) });
  }

  /** Makes a version's relation queryable, rebuilding evicted ancestors from their operations. */
  ensureReadable(version: VersionRow): void {
    if (version.parentId !== null) {
      const parent = versionById(this.db, version.parentId);
      if (!parent) throw new CairnError('INTERNAL', 'A version lost its parent.');
      if (version.storage !== 'table') this.ensureReadable(parent);
      if (version.storage === 'evicted') {
        this.ensureReadable(parent);
        const operation = operationSchema.parse(JSON.parse(version.operation ?? 'null'));
        const compiled = this.compile(parent, operation);
        this.materialize(version.datasetId, version.relation, compiled, 'table');
        this.db.update(versions).set({ storage: 'table' }).where(eq(versions.id, version.id)).run();
        version.storage = 'table';
      }
    }
  }

  /**
   * Writes the result of a compiled operation as `relation`: a zero-copy view for schema-only
   * operations, otherwise a table whose rows are renumbered 1..N in the operation's order.
   * Returns the row count; a view's is `viewRows` (schema-only operations keep every row), so
   * creating one never scans the data.
   */
  materialize(
    datasetId: string,
    relation: string,
    compiled: CompiledOperation,
    kind: 'table' | 'view',
    viewRows?: number,
  ): number {
    this.assertWritable(datasetId);
    const data = this.store.connection(datasetId);
    if (kind === 'table') return writeTable(data, relation, compiled);
    const target = quoteIdent(relation);
    const write = data.transaction(() => {
      dropIfExists(data, relation);
      data
        .prepare(
          `CREATE VIEW ${target} AS SELECT "__cairn_row", ${selectList(compiled.columns)} FROM (${compiled.select})`,
        )
        .run();
      if (viewRows !== undefined) return viewRows;
      return (data.prepare(`SELECT count(*) AS n FROM ${target}`).get() as { n: number }).n;
    });
    return write();
  }

  /**
   * Datasets whose data file another process (the apply worker) is writing: this connection must
   * not write it meanwhile, or it would wait on SQLite's lock with the whole main process frozen.
   */
  private readonly writtenElsewhere = new Set<string>();

  /** Marks a dataset's file as written by another process until `endExternalWrite`. */
  beginExternalWrite(datasetId: string): void {
    this.writtenElsewhere.add(datasetId);
  }

  endExternalWrite(datasetId: string): void {
    this.writtenElsewhere.delete(datasetId);
  }

  private assertWritable(datasetId: string): void {
    if (this.writtenElsewhere.has(datasetId)) {
      throw new CairnError(
        'CONFLICT',
        'An operation is being applied to this dataset; try again once it has finished.',
      );
    }
  }

  dropRelation(datasetId: string, relation: string): void {
    if (!this.store.has(datasetId)) return;
    this.assertWritable(datasetId);
    dropIfExists(this.store.connection(datasetId), relation);
  }

  /** Frees a materialized version's rows; they come back from its recipe when next read. */
  evict(version: VersionRow): boolean {
    if (version.parentId === null || version.storage !== 'table') return false;
    this.assertWritable(version.datasetId);
    this.dropRelation(version.datasetId, version.relation);
    this.db.update(versions).set({ storage: 'evicted' }).where(eq(versions.id, version.id)).run();
    version.storage = 'evicted';
    return true;
  }

  /**
   * One page of a version's rows for the grid. Plain reads seek on the dense row number; a sorted
   * or filtered view pages through its row numbers in view order (see evaluation.ts, which
   * computes them where a runaway filter can be stopped), one index seek per row — never OFFSET.
   */
  rows(version: VersionRow, start: number, limit: number, positions?: Int32Array): RowsPage {
    this.ensureReadable(version);
    const data = this.store.connection(version.datasetId);
    const columns = columnsOf(version);
    const source = quoteIdent(version.relation);
    const list = columns.map((c) => `v.${quoteIdent(c.name)}`).join(', ');
    if (!positions) {
      const raw = cachedStatement(
        data,
        `SELECT ${list} FROM ${source} v WHERE v."__cairn_row" > ? AND v."__cairn_row" <= ? ORDER BY v."__cairn_row"`,
      )
        .raw()
        .all(start, start + limit) as unknown[][];
      return { columns, rows: raw.map((r) => decodeRow(r, columns)), start, total: version.rowCount };
    }
    const wanted = positions.subarray(start, start + limit);
    const raw = cachedStatement(
      data,
      `SELECT v."__cairn_row", ${list} FROM ${source} v WHERE v."__cairn_row" IN (SELECT value FROM json_each(?))`,
    )
      .raw()
      .all(JSON.stringify(Array.from(wanted))) as unknown[][];
    const byRow = new Map(raw.map((r) => [Number(r[0]), r.slice(1)]));
    const rows: RowsPage['rows'] = [];
    const rowNumbers: number[] = [];
    for (const rowNumber of wanted) {
      const found = byRow.get(rowNumber);
      if (!found) continue;
      rows.push(decodeRow(found, columns));
      rowNumbers.push(rowNumber);
    }
    return { columns, rows, start, total: positions.length, rowNumbers };
  }
}
