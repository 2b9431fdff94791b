/**
 * CSV import: one CSV file → one new SQLite data file, in a worker process
 * (`src/main/workers/import-csv.ts`, run by the WorkerSupervisor).
 *
 * Output (other code depends on it): `dataFile` holds table `table` with
 * `"__cairn_row" INTEGER PRIMARY KEY` (1..N in file order), then one column per CSV column, named
 * verbatim, declared INTEGER (integer; boolean as 0/1), REAL (float) or TEXT (date `YYYY-MM-DD`,
 * datetime `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]`, text). Empty cells are NULL. The file is in
 * WAL mode. Type rules: see `typing.ts`.
 *
 * Policies:
 * - Encoding: the one asked for (unknown name → refused); else a BOM (UTF-8, UTF-16LE/BE,
 *   UTF-32LE/BE); else UTF-8 when the first 64 KB are valid UTF-8 (ASCII included); else UTF-16
 *   by its NUL pattern; else chardet's best guess (a note says so, with its confidence). UTF-8 is
 *   decoded strictly: invalid bytes anywhere refuse the import, naming the line; so do bytes a
 *   legacy code page cannot decode.
 * - Dialect: delimiter asked for, or sniffed among , ; tab | on the first 100 rows; `"` quotes
 *   with `""` escapes and line breaks inside; LF, CRLF (also mixed) and CR-only line endings.
 *   Blank lines (empty or whitespace-only; in tab files also lines of tabs) are skipped, counted
 *   in a note.
 * - Header: the first non-blank row. Names trimmed; empty → `column_N`; repeats (ignoring ASCII
 *   case, as SQLite does) and `__cairn_row` → first free `_2`, `_3`…; names over 500 characters
 *   cut; each change noted. A header without rows imports as an empty table (noted).
 * - Rows: short rows padded with NULLs; long rows keep the first N cells (extra cells dropped);
 *   both noted with the first 5 line numbers and a count. Extra cells that are all empty
 *   (a trailing delimiter) are ignored with their own note.
 * - Refused (CairnError VALIDATION, nothing left behind): empty file, only blank lines, binary
 *   data (PNG/JPEG/GIF/PDF/ZIP-xlsx/xls/gzip/7z/RAR/ELF/SQLite signatures, NUL bytes, many
 *   control bytes), more than 1,999 columns, a quote never closed (its line), a row over 32 MB
 *   (a line that long without an open quote is named for its length), a path that is not a
 *   regular file (folder, device, pipe, socket: named), and a file that changed while it was
 *   read (size, modification time or inode at the end differ from the start).
 * - Atomic: everything is written under `dataFile.partial*` and renamed to `dataFile` only on
 *   success; errors and cancellation remove it. A killed worker may leave `*.partial*` files:
 *   `removeImportLeftovers(dir)` at start-up, or `removeImportFiles(dataFile)` after a failed job.
 */
export { importCsv, runImportJob, type ImportContext } from './importer';
export { importWorkFiles, removeImportFiles, removeImportLeftovers } from './leftovers';
export { MAX_IMPORT_COLUMNS, ROW_NUMBER_COLUMN } from './types';
