import fs from 'node:fs';
import path from 'node:path';

/** Every name an import writes besides its final file contains this marker. */
const PARTIAL_MARKER = '.partial';

/** The files an import of `dataFile` may create while it runs; all removed unless it succeeds. */
export function importWorkFiles(dataFile: string): { staging: string; typed: string } {
  return { staging: `${dataFile}${PARTIAL_MARKER}`, typed: `${dataFile}${PARTIAL_MARKER}-typed` };
}

/** SQLite's companions of a database file. */
const SQLITE_SUFFIXES = ['', '-journal', '-wal', '-shm'];

/**
 * Removes what one import of `dataFile` may have left (e.g. after its worker was killed), never
 * `dataFile` itself. Returns the names removed.
 */
export function removeImportFiles(dataFile: string): string[] {
  const { staging, typed } = importWorkFiles(dataFile);
  const removed: string[] = [];
  for (const base of [staging, typed]) {
    for (const suffix of SQLITE_SUFFIXES) {
      const file = base + suffix;
      if (removeIfFile(file)) removed.push(path.basename(file));
    }
  }
  return removed;
}

/**
 * Deletes the `*.partial*` files in `dir`: what imports leave behind when their worker is killed
 * (SIGKILL, power loss) before they can clean up. Called by the main process at start-up, before
 * any import runs. Returns the names of the files removed, sorted; a missing folder is fine.
 */
export function removeImportLeftovers(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const removed: string[] = [];
  for (const name of names.sort()) {
    if (name.indexOf(PARTIAL_MARKER) < 1) continue;
    if (removeIfFile(path.join(dir, name))) removed.push(name);
  }
  return removed;
}

function removeIfFile(file: string): boolean {
  try {
    if (!fs.lstatSync(file).isFile()) return false;
    fs.rmSync(file, { force: true });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
