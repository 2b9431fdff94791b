import { z } from 'zod';
import { defineEvent, defineInvoke, defineStream } from './contract';
import { createdBySchema, idSchema, timestampSchema } from './ids';
import { hasControlCharacters, nameSchema } from './names';
import { columnSchema, operationSchema, recipeSchema } from './operations';

/**
 * Datasets (seed 000 "sessions"), their immutable version tree (seed 000 "nodes"), imports,
 * the grid's row pages, exports and recipes. Every call names its workspace.
 */

const scope = z.object({ workspaceId: idSchema });
const datasetScope = scope.extend({ datasetId: idSchema });
const versionScope = datasetScope.extend({ versionId: idSchema });

/** How a version's rows are kept in its dataset's data file. */
export const VERSION_STORAGE = ['table', 'view', 'evicted'] as const;
export const DATASET_STATUSES = ['pending', 'importing', 'ready', 'failed'] as const;

export const versionSchema = z.object({
  id: idSchema,
  datasetId: idSchema,
  parentId: idSchema.nullable(),
  operation: operationSchema.nullable(),
  summary: z.string(),
  label: z.string().nullable(),
  createdBy: createdBySchema,
  rowCount: z.number().int(),
  columnCount: z.number().int(),
  columns: z.array(columnSchema),
  /** Whether the rows are stored (a table) or derived on read (a view or an evicted table). */
  storage: z.enum(VERSION_STORAGE),
  createdAt: timestampSchema,
});
export type Version = z.infer<typeof versionSchema>;

export const datasetSchema = z.object({
  id: idSchema,
  workspaceId: idSchema,
  name: z.string(),
  sourceName: z.string(),
  sourceSize: z.number().int(),
  encoding: z.string(),
  delimiter: z.string(),
  status: z.enum(DATASET_STATUSES),
  error: z.string().nullable(),
  rootVersionId: idSchema.nullable(),
  currentVersionId: idSchema.nullable(),
  rowCount: z.number().int(),
  columnCount: z.number().int(),
  /** Things the import noticed and handled (long rows, renamed headers…), shown to the person. */
  importNotes: z.array(z.string()),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  archivedAt: timestampSchema.nullable(),
});
export type Dataset = z.infer<typeof datasetSchema>;

export const DELIMITERS = [',', ';', '\t', '|'] as const;

export const DATASET_NAME_MAX = 200;
export const datasetNameSchema = nameSchema('A dataset', DATASET_NAME_MAX);

export const importOptionsSchema = z.object({
  /** An encoding name iconv-lite knows (e.g. utf-8, windows-1252, utf-16le); omitted: detected. */
  encoding: z.string().max(40).optional(),
  delimiter: z.enum(DELIMITERS).optional(),
  name: datasetNameSchema.optional(),
});

export const importSourceSchema = z.discriminatedUnion('kind', [
  /** Desktop: a path from the file picker or a drop (taken from the File in the preload). */
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
  /** Browser: a file streamed to the web host first (POST /api/upload), named by its id. */
  z.object({
    kind: z.literal('upload'),
    uploadId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
    // The dataset is named after the file, so the file name obeys the same rule as a name.
    fileName: z
      .string()
      .max(500)
      .refine((name) => !hasControlCharacters(name), 'A file name cannot contain control characters.'),
  }),
  /** One of the sample CSVs shipped with Cairn. */
  z.object({ kind: z.literal('sample'), sample: z.enum(['customers', 'sensor_readings']) }),
]);
export type ImportSource = z.infer<typeof importSourceSchema>;

export const importProgressSchema = z.object({
  jobId: z.string(),
  workspaceId: idSchema,
  fileName: z.string(),
  phase: z.enum(['queued', 'reading', 'typing', 'finishing']),
  bytesRead: z.number(),
  totalBytes: z.number(),
  /** Reading: rows stored so far. Typing and profiling: rows done so far, of `totalRows`. */
  rows: z.number(),
  /** The file's row count, known once reading is over (null while reading). */
  totalRows: z.number().nullable(),
  rowsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

export const rowsPageSchema = z.object({
  columns: z.array(columnSchema),
  /** Row values in column order; dates and datetimes are ISO strings, booleans true/false. */
  rows: z.array(z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  start: z.number().int(),
  total: z.number().int(),
  /**
   * Under a sorted or filtered view: each row's position in the version (1-based), which an edit
   * of one cell names. Without a view a row's position is start + its index + 1.
   */
  rowNumbers: z.array(z.number().int()).optional(),
});
export type RowsPage = z.infer<typeof rowsPageSchema>;

export const gridViewSchema = z.object({
  sort: z
    .array(z.object({ column: z.string(), direction: z.enum(['asc', 'desc']) }))
    .max(5)
    .default([]),
  filter: z.string().max(10_000).optional(),
});

export const diffSchema = z.object({
  from: idSchema,
  to: idSchema,
  addedColumns: z.array(columnSchema),
  removedColumns: z.array(columnSchema),
  /**
   * Columns whose type changed, named as in `to`; `renamedFrom` is the column's name in `from`
   * when it was renamed too.
   */
  retypedColumns: z.array(
    z.object({ name: z.string(), from: z.string(), to: z.string(), renamedFrom: z.string().optional() }),
  ),
  /** Columns that descend from the same column but carry another name in `to` than in `from`. */
  renamedColumns: z.array(z.object({ from: z.string(), to: z.string() })),
  rowCountFrom: z.number().int(),
  rowCountTo: z.number().int(),
  /** Up to 50 rows that differ, as [rowNumber, before | null, after | null]. */
  changedRows: z.array(
    z.object({
      row: z.number().int(),
      before: z.array(z.unknown()).nullable(),
      after: z.array(z.unknown()).nullable(),
    }),
  ),
  /**
   * The compared columns, named as in `to`, in the order of `before` and `after`. A renamed
   * column's `before` values come from its name in `from` (see `renamedColumns`).
   */
  changedRowsColumns: z.array(z.string()),
  changedRowCount: z.number().int().nullable(),
});
export type VersionDiff = z.infer<typeof diffSchema>;

const cellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** What an operation changes, counted over every row of the version it applies to. */
export const previewChangesSchema = z.object({
  rowsRemoved: z.number().int().min(0),
  /** Rows kept whose values change in at least one column (null: rows are renumbered, e.g. a sort). */
  rowsChanged: z.number().int().min(0).nullable(),
  cellsChanged: z.number().int().min(0).nullable(),
  columnsAdded: z.array(z.string()),
  columnsRemoved: z.array(z.string()),
  columnsRenamed: z.array(z.object({ from: z.string(), to: z.string() })),
  /** Result columns with at least one changed value, in result order. */
  columnsChanged: z.array(z.string()),
});
export type PreviewChanges = z.infer<typeof previewChangesSchema>;

/** One per preview row: the version's row it comes from and its changed cells with their old values. */
export const previewRowChangeSchema = z.object({
  row: z.number().int(),
  /** Indices into the preview's columns, ascending. */
  changed: z.array(z.number().int().min(0)),
  /** The value before, one per entry of `changed`. */
  before: z.array(cellSchema),
});
export type PreviewRowChange = z.infer<typeof previewRowChangeSchema>;

export const previewSchema = z.object({
  columns: z.array(columnSchema),
  /** Rows the operation changes first (in row order), then the result's first rows. */
  rows: rowsPageSchema.shape.rows,
  rowCount: z.number().int(),
  affectedRows: z.number().int().nullable(),
  summary: z.string(),
  sql: z.string(),
  pandas: z.string(),
  /** "Nothing to change: …" when the result would equal the base; applying it is refused. */
  nothingToChange: z.string().nullable().default(null),
  /** The child this same operation already made from the base: applying goes back to it. */
  existingVersionId: z.string().nullable().default(null),
  /** Null when the preview cannot match rows to the version (an operation that regroups rows). */
  changes: previewChangesSchema.nullable().default(null),
  /** Parallel to `rows` when `changes` is given (at most 50 rows); empty otherwise. */
  rowChanges: z.array(previewRowChangeSchema).max(200).default([]),
  /** A sample (at most 50) of the rows the operation removes, in `columns` order, first ones first. */
  removedRows: z
    .array(z.object({ row: z.number().int(), values: z.array(cellSchema) }))
    .max(200)
    .default([]),
});
export type OperationPreview = z.infer<typeof previewSchema>;

export const datasetsList = defineInvoke('datasets:list', {
  input: scope.extend({ includeArchived: z.boolean().default(false) }),
  output: z.array(datasetSchema),
});
export const datasetsGet = defineInvoke('datasets:get', { input: datasetScope, output: datasetSchema });
export const datasetsRename = defineInvoke('datasets:rename', {
  input: datasetScope.extend({ name: datasetNameSchema }),
  output: datasetSchema,
});
export const datasetsArchive = defineInvoke('datasets:archive', {
  input: datasetScope,
  output: datasetSchema,
});
export const datasetsRestore = defineInvoke('datasets:restore', {
  input: datasetScope,
  output: datasetSchema,
});

export const importsStart = defineInvoke('imports:start', {
  input: scope.extend({ source: importSourceSchema, options: importOptionsSchema.default({}) }),
  output: z.object({ jobId: z.string() }),
});
export const importsCancel = defineInvoke('imports:cancel', {
  input: z.object({ jobId: z.string() }),
  output: z.object({ cancelled: z.boolean() }),
});
export const importsProgress = defineEvent('imports:progress', { payload: importProgressSchema });
export const importsFinished = defineEvent('imports:finished', {
  payload: z.object({
    jobId: z.string(),
    workspaceId: idSchema,
    fileName: z.string(),
    outcome: z.enum(['imported', 'failed', 'cancelled']),
    datasetId: idSchema.nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  }),
});

export const versionsList = defineInvoke('versions:list', {
  input: datasetScope,
  output: z.array(versionSchema),
});
export const versionsRows = defineInvoke('versions:rows', {
  input: versionScope.extend({
    start: z.number().int().min(0),
    limit: z.number().int().min(1).max(2000),
    view: gridViewSchema.default({ sort: [] }),
  }),
  output: rowsPageSchema,
});
export const versionsPreview = defineInvoke('versions:preview', {
  input: versionScope.extend({ operation: operationSchema }),
  output: previewSchema,
});
/** Chosen by the caller so that it can cancel the apply (`versions:cancelApply`) while it runs. */
export const applyRequestIdSchema = z.string().min(1).max(100);
/**
 * Materialized operations run in a worker process and may take seconds on large data; a cancelled
 * apply ends with CANCELLED and leaves nothing behind.
 */
export const versionsApply = defineInvoke('versions:apply', {
  input: versionScope.extend({ operation: operationSchema, requestId: applyRequestIdSchema.optional() }),
  output: versionSchema,
});
export const versionsCancelApply = defineInvoke('versions:cancelApply', {
  input: z.object({ requestId: applyRequestIdSchema }),
  /** False when no apply with that id is running (it already ended). */
  output: z.object({ cancelled: z.boolean() }),
});
export const versionsCheckout = defineInvoke('versions:checkout', {
  input: versionScope,
  output: datasetSchema,
});
export const versionsUndo = defineInvoke('versions:undo', { input: datasetScope, output: datasetSchema });
export const versionsRedo = defineInvoke('versions:redo', { input: datasetScope, output: datasetSchema });
export const versionsLabel = defineInvoke('versions:label', {
  input: versionScope.extend({ label: z.string().trim().max(100).nullable() }),
  output: versionSchema,
});
export const versionsDiff = defineInvoke('versions:diff', {
  input: datasetScope.extend({ from: idSchema, to: idSchema }),
  output: diffSchema,
});

export const exportProgressSchema = z.object({
  rowsWritten: z.number().int(),
  /** The version's row count, known before the first row is written. */
  totalRows: z.number().int(),
  bytesWritten: z.number().int(),
});
export type ExportProgress = z.infer<typeof exportProgressSchema>;

export const exportResultSchema = z.discriminatedUnion('saved', [
  /** Desktop: written where the person chose in the save dialog. */
  z.object({
    saved: z.literal('path'),
    file: z.string(),
    fileName: z.string(),
    rows: z.number().int(),
    bytes: z.number().int(),
  }),
  /** Web host: written to its exports folder; the browser fetches `downloadPath`. */
  z.object({
    saved: z.literal('download'),
    fileName: z.string(),
    rows: z.number().int(),
    bytes: z.number().int(),
    downloadPath: z.string(),
  }),
]);
export type ExportResult = z.infer<typeof exportResultSchema>;

/**
 * A stream, so that it reports progress and can be cancelled. Dismissing the desktop save dialog
 * ends it with CANCELLED. A cancelled or failed export leaves no file.
 */
export const exportsCsv = defineStream('exports:csv', {
  input: versionScope.extend({
    /** Prefix values starting with = + - @ with an apostrophe so spreadsheets show them as text. */
    escapeFormulas: z.boolean().default(true),
  }),
  chunk: exportProgressSchema,
  result: exportResultSchema,
});
/** How a recipe is exported: Cairn's JSON (replayable in Cairn), a pandas or Ray Data script, or SQL. */
export const RECIPE_FORMATS = ['json', 'pandas', 'ray', 'sql'] as const;
export type RecipeFormat = (typeof RECIPE_FORMATS)[number];
/** The engines a SQL recipe is written for: the stock sqlite3 shell, DuckDB and Postgres. */
export const SQL_DIALECTS = ['sqlite', 'duckdb', 'postgres'] as const;
export type SqlDialect = (typeof SQL_DIALECTS)[number];

export const recipesExport = defineInvoke('recipes:export', {
  input: versionScope.extend({
    format: z.enum(RECIPE_FORMATS),
    /** Only for format "sql"; SQLite when omitted. */
    dialect: z.enum(SQL_DIALECTS).optional(),
  }),
  output: z.object({ fileName: z.string(), text: z.string() }),
});
export const recipesApply = defineInvoke('recipes:apply', {
  input: datasetScope.extend({ recipe: recipeSchema }),
  output: versionSchema,
});

export const datasetsChanged = defineEvent('datasets:changed', {
  payload: z.object({ workspaceId: idSchema, datasetId: idSchema }),
});

export const datasetContracts = [
  datasetsList,
  datasetsGet,
  datasetsRename,
  datasetsArchive,
  datasetsRestore,
  importsStart,
  importsCancel,
  importsProgress,
  importsFinished,
  versionsList,
  versionsRows,
  versionsPreview,
  versionsApply,
  versionsCancelApply,
  versionsCheckout,
  versionsUndo,
  versionsRedo,
  versionsLabel,
  versionsDiff,
  exportsCsv,
  recipesExport,
  recipesApply,
  datasetsChanged,
] as const;
