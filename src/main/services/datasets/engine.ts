import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import type { RowsPage } from '../../../shared/datasets';
import type { Operation } from '../../../shared/operations';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import { versions, type VersionRow } from '../../db/schema';
import { decodeRow } from './decode';
import { dropIfExists, selectList } from './materialize';
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

/**
 * Creates and reads the relations that hold versions' rows. Operations are the truth: an evicted
 * table is rebuilt from its parent on demand, so reads first await `readable` (writes.ts).
 */
export class VersionEngine {
  constructor(
    private readonly db: AppDatabase,
    private readonly store: DataStore,
  ) {}

  compile(parent: VersionRow, operation: Operation): CompiledOperation {
    return compileOperation(operation, { source: quoteIdent(parent.relation), columns: columnsOf(parent) });
  }

  /**
   * Whether a version's relation can be read now: it is a table, or a view over readable
   * ancestors. An evicted one is rebuilt by the apply worker (writes.ts `readable`), never here:
   * its operation may evaluate expressions and patterns for any length of time.
   */
  isReadable(version: VersionRow): boolean {
    if (version.parentId === null) return true;
    const current = versionById(this.db, version.id);
    if (!current || current.storage === 'evicted') return false;
    if (current.storage === 'table') return true;
    const parent = versionById(this.db, current.parentId ?? '');
    return parent !== undefined && this.isReadable(parent);
  }

  /** Refuses to read a version whose rows (or an ancestor's, under a view) are not stored. */
  assertReadable(version: VersionRow): void {
    if (!this.isReadable(version)) {
      throw new CairnError(
        'CONFLICT',
        'This version was freed to save disk space and is not rebuilt yet; try again.',
      );
    }
  }

  /**
   * Makes a schema-only operation's result the zero-copy view `relation` (its rows are its
   * parent's: `viewRows`, so creating one never scans the data). Tables are written only by the
   * apply worker (writes.ts).
   */
  createView(datasetId: string, relation: string, compiled: CompiledOperation, viewRows: number): number {
    this.assertWritable(datasetId);
    const data = this.store.connection(datasetId);
    const target = quoteIdent(relation);
    const write = data.transaction(() => {
      dropIfExists(data, relation);
      data
        .prepare(
          `CREATE VIEW ${target} AS SELECT "__cairn_row", ${selectList(compiled.columns)} FROM (${compiled.select})`,
        )
        .run();
      return viewRows;
    });
    return write();
  }

  /**
   * Datasets whose data file another process (the apply worker) is writing: this connection must
   * not write it meanwhile, or it would wait on SQLite's lock with the whole main process frozen.
   */
  private readonly writtenElsewhere = new Map<string, number>();

  /** Marks a dataset's file as written by another process until `endExternalWrite`. */
  beginExternalWrite(datasetId: string): void {
    this.writtenElsewhere.set(datasetId, (this.writtenElsewhere.get(datasetId) ?? 0) + 1);
  }

  endExternalWrite(datasetId: string): void {
    const left = (this.writtenElsewhere.get(datasetId) ?? 1) - 1;
    if (left > 0) this.writtenElsewhere.set(datasetId, left);
    else this.writtenElsewhere.delete(datasetId);
  }

  /** Another process writes this dataset's file now (an apply, or a rebuild of an evicted version). */
  isWrittenElsewhere(datasetId: string): boolean {
    return this.writtenElsewhere.has(datasetId);
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

  private readonly evictions = new Map<string, number>();

  /**
   * How many tables of a dataset have been evicted so far. A reader that fails compares it with
   * the count when it started: a table dropped under its scan (and perhaps rebuilt since) is not a
   * failure of the data.
   */
  evictionsIn(datasetId: string): number {
    return this.evictions.get(datasetId) ?? 0;
  }

  /** Frees a materialized version's rows; they come back from its recipe when next read. */
  evict(version: VersionRow): boolean {
    if (version.parentId === null || version.storage !== 'table') return false;
    this.assertWritable(version.datasetId);
    this.evictions.set(version.datasetId, this.evictionsIn(version.datasetId) + 1);
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
    this.assertReadable(version);
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
