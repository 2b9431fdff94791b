import { and, asc, eq } from 'drizzle-orm';
import type { Dataset, Version } from '../../../shared/datasets';
import { operationSchema, SCHEMA_ONLY_OPS, type Column, type Operation } from '../../../shared/operations';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import { datasets, versions, type DatasetRow, type VersionRow } from '../../db/schema';
import { requireWorkspace } from '../scope';
import type { CompiledOperation } from './operations';
import { canonicalJson } from './unchanged';

/** Rows of the metadata database as the contracts describe them. */

export function toVersion(row: VersionRow): Version {
  return {
    id: row.id,
    datasetId: row.datasetId,
    parentId: row.parentId,
    operation: row.operation === null ? null : operationSchema.parse(JSON.parse(row.operation)),
    summary: row.summary,
    label: row.label,
    createdBy: row.createdBy,
    rowCount: row.rowCount,
    columnCount: row.columnCount,
    columns: JSON.parse(row.columns) as Column[],
    storage: row.storage,
    createdAt: row.createdAt,
  };
}

export function toDataset(row: DatasetRow, current: VersionRow | undefined): Dataset {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    sourceName: row.sourceName,
    sourceSize: row.sourceSize,
    encoding: row.encoding,
    delimiter: row.delimiter,
    status: row.status,
    error: row.error,
    rootVersionId: row.rootVersionId,
    currentVersionId: row.currentVersionId,
    rowCount: current?.rowCount ?? 0,
    columnCount: current?.columnCount ?? 0,
    importNotes: JSON.parse(row.importNotes) as string[],
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    archivedAt: row.archivedAt,
  };
}

/** A dataset of the named workspace, or NOT_FOUND: no call reaches another workspace's data. */
export function requireDataset(
  db: AppDatabase,
  workspaceId: string,
  datasetId: string,
  options: { allowArchived?: boolean } = {},
): DatasetRow {
  requireWorkspace(db, workspaceId, { allowArchived: true });
  const row = db
    .select()
    .from(datasets)
    .where(and(eq(datasets.id, datasetId), eq(datasets.workspaceId, workspaceId)))
    .get();
  if (!row) throw new CairnError('NOT_FOUND', 'That dataset does not exist in this workspace.');
  if (row.archivedAt !== null && !options.allowArchived) {
    throw new CairnError('CONFLICT', `The dataset “${row.name}” is archived. Restore it first.`);
  }
  return row;
}

export function requireVersion(db: AppDatabase, datasetId: string, versionId: string): VersionRow {
  const row = db
    .select()
    .from(versions)
    .where(and(eq(versions.id, versionId), eq(versions.datasetId, datasetId)))
    .get();
  if (!row) throw new CairnError('NOT_FOUND', 'That version does not exist in this dataset.');
  return row;
}

export function versionById(db: AppDatabase, versionId: string): VersionRow | undefined {
  return db.select().from(versions).where(eq(versions.id, versionId)).get();
}

export function columnsOf(row: VersionRow): Column[] {
  return JSON.parse(row.columns) as Column[];
}

/** A dataset as the contracts show it, with its current version's counts. */
export function datasetView(db: AppDatabase, datasetId: string): Dataset {
  const row = db.select().from(datasets).where(eq(datasets.id, datasetId)).get();
  if (!row) throw new CairnError('NOT_FOUND', 'That dataset does not exist.');
  const current = row.currentVersionId ? versionById(db, row.currentVersionId) : undefined;
  return toDataset(row, current);
}

/** What the worker needs to tell whether an operation's result equals its base. */
export const baseData = (base: VersionRow) => ({
  relation: base.relation,
  rowCount: base.rowCount,
  columns: columnsOf(base),
});

/**
 * A view (schema-only, no parameters) evaluates nothing a caller wrote and scans no row, so it is
 * made or previewed in the main process; everything else goes to a worker with a time limit.
 */
export const makesView = (operation: Operation, compiled: CompiledOperation): boolean =>
  SCHEMA_ONLY_OPS.has(operation.op) && compiled.schemaOnly && compiled.params.length === 0;

/** The child of `base` made by this very operation, if there is one (its data is the same). */
export function identicalChild(
  db: AppDatabase,
  base: VersionRow,
  operation: Operation,
): VersionRow | undefined {
  const wanted = canonicalJson(operation);
  return db
    .select()
    .from(versions)
    .where(eq(versions.parentId, base.id))
    .orderBy(asc(versions.seq))
    .all()
    .find((child) => child.operation !== null && canonicalJson(JSON.parse(child.operation)) === wanted);
}

/** Tells the windows a dataset changed (its list entry, versions or current version). */
export type DatasetsChanged = (workspaceId: string, datasetId: string) => void;
