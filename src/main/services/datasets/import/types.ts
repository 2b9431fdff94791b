import { z } from 'zod';
import { DELIMITERS } from '../../../../shared/datasets';
import type { Column } from '../../../../shared/operations';

/** The first column of every imported table: the row's position in the file, 1..N. */
export const ROW_NUMBER_COLUMN = '__cairn_row';

/**
 * SQLite's default SQLITE_MAX_COLUMN is 2,000 and one column holds the row number, so a file may
 * have at most 1,999 columns.
 */
export const MAX_IMPORT_COLUMNS = 1999;

/** What the import worker is asked to do. Validated again inside the worker. */
export const importJobInputSchema = z.object({
  /** The CSV file to read. Never written to. */
  sourcePath: z.string().min(1),
  /** The SQLite file to create. It must not exist yet; it only appears once the import succeeded. */
  dataFile: z.string().min(1),
  /** The table to create in `dataFile`. Any name: it is always quoted in SQL. */
  table: z
    .string()
    .min(1)
    .max(200)
    .refine((name) => !/^sqlite_/i.test(name), 'Table names starting with "sqlite_" are reserved by SQLite.'),
  /** The name shown to the person in messages, e.g. `customers.csv`. */
  fileName: z.string().max(500),
  options: z
    .object({
      /** An encoding name iconv-lite knows; omitted: detected. */
      encoding: z.string().trim().min(1).max(40).optional(),
      /** Omitted: sniffed from the first 64 KB. */
      delimiter: z.enum(DELIMITERS).optional(),
    })
    .default({}),
});
export type ImportJobInput = z.input<typeof importJobInputSchema>;
export type ParsedImportJobInput = z.output<typeof importJobInputSchema>;

export interface ImportJobResult {
  /** In file order, without the row-number column. */
  columns: Column[];
  rowCount: number;
  /** The encoding used to decode the file, lower case (e.g. `utf-8`, `windows-1252`, `utf-16le`). */
  encoding: string;
  /** One of `,` `;` `\t` `|`. */
  delimiter: string;
  /** Things the import noticed and handled, written for the person. */
  notes: string[];
  /** Size of the source file in bytes. */
  bytes: number;
}

/**
 * Sent at most ~10 times a second. `reading`: bytes read so far and data rows stored so far.
 * `typing`: the typed table is being written; `rows` counts rows converted so far (of the total
 * reached while reading) and `bytesRead` equals `totalBytes`. `finishing`: sent once, just
 * before the file is put in place.
 */
export interface ImportJobProgress {
  phase: 'reading' | 'typing' | 'finishing';
  bytesRead: number;
  totalBytes: number;
  rows: number;
}
