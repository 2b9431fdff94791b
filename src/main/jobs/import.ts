import type { DELIMITERS as CONTRACT_DELIMITERS } from '../../shared/datasets';
import type { Column } from '../../shared/operations';
import { CairnError } from '../../shared/result';
import { plural } from '../../shared/text';
import type { ProfileVersionResult } from './profile';

/**
 * The contract of the import worker (workers/import-csv.ts). Its input is checked by hand, not
 * with zod: the worker should load neither zod nor the contracts before it reads a file.
 */

/**
 * The delimiters Cairn reads: the contracts' list (the two are checked equal at compile time),
 * repeated here so that the worker loads neither the contracts nor zod, which cost ~0.1 s at the
 * start of every import.
 */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const delimitersMatchContracts: Equal<typeof DELIMITERS, typeof CONTRACT_DELIMITERS> = true;
void delimitersMatchContracts;

/** What the import worker is asked to do. Checked again inside the worker (`parseImportJobInput`). */
export interface ImportJobInput {
  /** The CSV file to read. Never written to. */
  sourcePath: string;
  /** The SQLite file to create. It must not exist yet; it only appears once the import succeeded. */
  dataFile: string;
  /** The table to create in `dataFile`, 1–200 characters, not starting with `sqlite_`. Any name: it is always quoted in SQL. */
  table: string;
  /** The name shown to the person in messages, e.g. `customers.csv` (at most 500 characters). */
  fileName: string;
  options?: {
    /** An encoding name iconv-lite knows (1–40 characters, trimmed); omitted: detected. */
    encoding?: string | undefined;
    /** Omitted: sniffed from the first 64 KB. */
    delimiter?: Delimiter | undefined;
  };
}

export type ParsedImportJobInput = Required<ImportJobInput>;

/**
 * Checks a job's input (it crossed a process boundary) and returns it with only the known fields,
 * `options` defaulted to `{}` and the encoding trimmed. Throws a VALIDATION error naming the field.
 */
export function parseImportJobInput(input: unknown): ParsedImportJobInput {
  const fail = (field: string, problem: string): never => {
    throw new CairnError('VALIDATION', `Invalid import request: ${field}: ${problem}.`);
  };
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  const text = (value: unknown, field: string, min: number, max: number): string => {
    if (typeof value !== 'string') return fail(field, `expected a string, got ${describe(value)}`);
    if (value.length < min) return fail(field, `expected at least ${plural(min, 'character')}`);
    if (value.length > max) return fail(field, `expected at most ${max} characters`);
    return value;
  };
  if (!isObject(input)) return fail('input', `expected an object, got ${describe(input)}`);
  const sourcePath = text(input.sourcePath, 'sourcePath', 1, Infinity);
  const dataFile = text(input.dataFile, 'dataFile', 1, Infinity);
  const table = text(input.table, 'table', 1, 200);
  if (/^sqlite_/i.test(table)) fail('table', 'Table names starting with "sqlite_" are reserved by SQLite');
  const fileName = text(input.fileName, 'fileName', 0, 500);
  const options: ParsedImportJobInput['options'] = {};
  if (input.options !== undefined) {
    if (!isObject(input.options))
      return fail('options', `expected an object, got ${describe(input.options)}`);
    const { encoding, delimiter } = input.options;
    if (encoding !== undefined) {
      options.encoding = text(
        typeof encoding === 'string' ? encoding.trim() : encoding,
        'options.encoding',
        1,
        40,
      );
    }
    if (delimiter !== undefined) {
      if (!(DELIMITERS as readonly unknown[]).includes(delimiter)) {
        fail('options.delimiter', `expected one of ${DELIMITERS.map((d) => JSON.stringify(d)).join(', ')}`);
      }
      options.delimiter = delimiter as Delimiter;
    }
  }
  return { sourcePath, dataFile, table, fileName, options };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

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
 * before the file is put in place. Then, only for a job that also profiles the table: one
 * `imported` message once the data file is in place (the import is complete and its result
 * final), followed by `profiling` progress, `rows` counting rows scanned so far.
 */
export type ImportJobProgress =
  | {
      phase: 'reading' | 'typing' | 'finishing' | 'profiling';
      bytesRead: number;
      totalBytes: number;
      rows: number;
    }
  | { phase: 'imported'; result: ImportJobResult };

/** What the import worker answers: the import, and the new table's profile (null: none was made). */
export type ImportWorkerResult = ImportJobResult & { analysis: ProfileVersionResult | null };
