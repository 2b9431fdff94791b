import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths, resolveDataDir } from '../../src/main/paths';

describe('resolveDataDir', () => {
  const env = { CAIRN_DATA_DIR: '/env/cairn', XDG_DATA_HOME: '/xdg/data' };

  it('prefers --data-dir over everything, resolved to an absolute path', () => {
    expect(resolveDataDir('/argv/data', env)).toBe('/argv/data');
    expect(resolveDataDir('relative/data', env)).toBe(path.resolve('relative/data'));
  });

  it('uses CAIRN_DATA_DIR when there is no --data-dir', () => {
    expect(resolveDataDir(undefined, env)).toBe('/env/cairn');
    expect(resolveDataDir(undefined, { CAIRN_DATA_DIR: 'rel' })).toBe(path.resolve('rel'));
  });

  it('falls back to $XDG_DATA_HOME/cairn', () => {
    expect(resolveDataDir(undefined, { XDG_DATA_HOME: '/xdg/data' })).toBe('/xdg/data/cairn');
  });

  it('ignores a relative XDG_DATA_HOME, as the XDG spec requires, and uses ~/.local/share/cairn', () => {
    expect(resolveDataDir(undefined, { XDG_DATA_HOME: 'relative' })).toBe(
      path.join(os.homedir(), '.local', 'share', 'cairn'),
    );
  });

  it('uses ~/.local/share/cairn when nothing is set, treating empty values as unset', () => {
    const home = path.join(os.homedir(), '.local', 'share', 'cairn');
    expect(resolveDataDir(undefined, {})).toBe(home);
    expect(resolveDataDir('', { CAIRN_DATA_DIR: '', XDG_DATA_HOME: '' })).toBe(home);
  });
});

describe('appPaths', () => {
  it('keeps the database and its backups inside the data dir', () => {
    expect(appPaths('/data', '/app/drizzle')).toEqual({
      dataDir: '/data',
      databaseFile: '/data/cairn.db',
      backupsDir: '/data/backups',
      migrationsDir: '/app/drizzle',
      datasetsDir: '/data/datasets',
      uploadsDir: '/data/uploads',
      exportsDir: '/data/exports',
    });
  });
});
