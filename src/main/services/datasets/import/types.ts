/** The first column of every imported table: the row's position in the file, 1..N. */
export const ROW_NUMBER_COLUMN = '__cairn_row';

/**
 * SQLite's default SQLITE_MAX_COLUMN is 2,000 and one column holds the row number, so a file may
 * have at most 1,999 columns.
 */
export const MAX_IMPORT_COLUMNS = 1999;
