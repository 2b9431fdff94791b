import { z } from 'zod';
import { columnSchema } from '../../shared/operations';

/**
 * The contract of the apply worker (workers/apply-operation.ts): what the main process may ask
 * it, and what it answers. Checked again in the worker: the input crossed a process boundary.
 */

/**
 * Started apply workers kept waiting: a form's preview takes one and the Apply that follows it
 * takes the next, so neither waits for a process to start (seconds on a busy machine).
 */
export const APPLY_STANDBYS = 2;

const sqlSchema = z.object({ sql: z.string(), params: z.array(z.unknown()) });

const baseSchema = z.object({
  relation: z.string().min(1),
  rowCount: z.number(),
  columns: z.array(columnSchema),
});

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
  /** Refuses the operation when it returns n > 0 (a scan, so it runs in the worker too). */
  guard: sqlSchema.extend({ message: z.string() }).optional(),
  /** The version written from: given, the result says whether the new table equals it. */
  base: baseSchema.optional(),
});

const previewSchema = z.object({
  kind: z.literal('preview'),
  dataFile: z.string().min(1),
  select: z.string().min(1),
  params: z.array(z.unknown()),
  columns: z.array(columnSchema).min(1),
  affected: sqlSchema.optional(),
  base: baseSchema.optional(),
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

/** Every job the apply worker runs: a preview, a grid view's positions, or a write (the default). */
export const applyJobInputSchema = z.union([previewSchema, positionsSchema, writeSchema]);

export type ApplyOperationInput = z.input<typeof writeSchema>;
export type PreviewJobInput = z.input<typeof previewSchema>;
export type PositionsJobInput = z.input<typeof positionsSchema>;

export interface ApplyOperationResult {
  rowCount: number;
  /** True when a base was given and the written table equals it row for row. */
  unchanged?: boolean;
}

/** Sent once the guard passed and the rows are being written; SQLite reports no row progress. */
export interface ApplyOperationProgress {
  phase: 'writing';
}

/** A changed row of the result: raw values, the changed columns' indices and their raw values before. */
export interface ChangedRow {
  row: number;
  values: unknown[];
  changed: number[];
  before: unknown[];
}

export interface RawChanges {
  rowsRemoved: number;
  rowsChanged: number;
  cellsChanged: number;
  /** Per result column: how many of its values changed (0 for a column the base lacks). */
  changedPerColumn: number[];
  changedRows: ChangedRow[];
  /** Removed rows: the base's raw values of the result's columns (null where the base lacks one). */
  removedRows: { row: number; values: unknown[] }[];
}

export interface PreviewResult {
  /** Raw SQLite values, in column order (decode with decodeRow). */
  rows: unknown[][];
  rowCount: number;
  affectedRows: number | null;
  /** True when the result equals the base exactly (only when a base was given). */
  unchanged?: boolean;
  /** Only when compared: counts over every row and the sampled changed and removed rows. */
  changes?: Omit<RawChanges, 'changedRows'>;
  /** When compared, one per row of `rows`: its base row and its changed cells (none: unchanged). */
  rowChanges?: Omit<ChangedRow, 'values'>[];
}

export type PreviewJobResult = PreviewResult;
/** The row numbers of a grid view, in view order. */
export type PositionsJobResult = Int32Array;
