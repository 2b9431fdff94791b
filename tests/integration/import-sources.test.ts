import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportJobProgress, ImportJobResult } from '../../src/main/jobs/import';
import { createNodeLauncher } from '../../src/main/workers/launcher';
import { WorkerSupervisor } from '../../src/main/workers/supervisor';
import { CairnError } from '../../src/shared/result';
import { createTestApp } from '../helpers/app';
import { repoRoot } from '../helpers/paths';
import { useCleanup, useTempDirs } from '../helpers/temp';

/**
 * Sources an import must refuse, each run in a real import worker: a file that changes while it
 * is read, devices and pipes, and a file whose one line is too long (a length, not a quote).
 * Nothing is left behind: the folder holds only the source file afterwards.
 */

const IMPORT_WORKER = path.join(repoRoot, 'src', 'main', 'workers', 'import-csv.ts');
const launcher = createNodeLauncher({ execArgv: ['--import', 'tsx'] });
const tempDir = useTempDirs();
const cleanup = useCleanup();

/** Imports `sourcePath` in a worker; `onReading` runs once, when the worker starts reading. */
async function runImport(
  dir: string,
  sourcePath: string,
  onReading?: () => void,
): Promise<{ result?: ImportJobResult; error?: CairnError }> {
  const supervisor = new WorkerSupervisor({ launcher });
  cleanup(() => supervisor.shutdown());
  let seen = false;
  try {
    const result = await supervisor.run<ImportJobResult, ImportJobProgress>(
      IMPORT_WORKER,
      {
        sourcePath,
        dataFile: path.join(dir, 'data.sqlite'),
        table: 't',
        fileName: path.basename(sourcePath),
        options: {},
      },
      {
        onProgress: (p) => {
          if (p.phase === 'reading' && !seen) {
            seen = true;
            onReading?.();
          }
        },
      },
    );
    return { result };
  } catch (error) {
    if (!(error instanceof CairnError)) throw error;
    return { error };
  }
}

/** A CSV of about `mb` megabytes, so reading it takes a while. */
function bigCsv(file: string, mb: number): void {
  const line = `${'x'.repeat(60)},${'y'.repeat(36)}\n`;
  const chunk = line.repeat(10_000);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'a,b\n');
  for (let written = 0; written < mb * 1024 * 1024; written += chunk.length) fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

describe('imports refuse sources that are not a stable file', { timeout: 300_000 }, () => {
  it('a file truncated while it is imported is refused, and nothing is left behind', async () => {
    const dir = tempDir();
    const source = path.join(dir, 'growing.csv');
    bigCsv(source, 40);
    const size = fs.statSync(source).size;
    const { result, error } = await runImport(dir, source, () =>
      fs.truncateSync(source, Math.floor(size / 4)),
    );
    expect(result).toBeUndefined();
    expect(error?.toInfo()).toEqual({
      code: 'VALIDATION',
      message:
        '"growing.csv" changed while it was being imported (its size or modification time is not what it was at the start). Nothing was imported: import it again once it is complete.',
    });
    expect(fs.readdirSync(dir)).toEqual(['growing.csv']);
  });

  it('a file written to while it is imported is refused too', async () => {
    const dir = tempDir();
    const source = path.join(dir, 'appended.csv');
    bigCsv(source, 40);
    const { error } = await runImport(dir, source, () => fs.appendFileSync(source, 'late,row\n'));
    expect(error?.code).toBe('VALIDATION');
    expect(error?.message).toMatch(/^"appended.csv" changed while it was being imported/);
    expect(fs.readdirSync(dir)).toEqual(['appended.csv']);
  });

  it('a device and a pipe are named as such, in the worker and by the service', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const device = await runImport(dir, '/dev/zero');
    expect(device.error?.toInfo()).toEqual({
      code: 'VALIDATION',
      message: '"zero" is a device, not a file: only files can be imported.',
    });
    const pipe = await runImport(dir, fifo);
    expect(pipe.error?.toInfo()).toEqual({
      code: 'VALIDATION',
      message: '"pipe.csv" is a pipe (FIFO), not a file: only files can be imported.',
    });
    expect(fs.readdirSync(dir)).toEqual(['pipe.csv']);

    // The desktop's path sources are checked before any job is queued.
    const app = await createTestApp(tempDir());
    cleanup(() => app.close());
    const ws = app.services.workspaces.create({ name: 'A', description: '' });
    const start = (p: string) => () =>
      app.services.datasets.startImport({
        workspaceId: ws.id,
        source: { kind: 'path', path: p },
        options: {},
      });
    expect(start('/dev/zero')).toThrow(
      expect.objectContaining({
        code: 'VALIDATION',
        message: '/dev/zero is a device, not a file: only files can be imported.',
      }),
    );
    expect(start(fifo)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION',
        message: `${fifo} is a pipe (FIFO), not a file: only files can be imported.`,
      }),
    );
    expect(start(os.tmpdir())).toThrow(
      expect.objectContaining({
        code: 'VALIDATION',
        message: `${os.tmpdir()} is a folder, not a file: only files can be imported.`,
      }),
    );
    expect(app.services.datasets.list({ workspaceId: ws.id, includeArchived: false })).toEqual([]);
  });

  it('one line longer than the limit, without quotes, is refused for its length', async () => {
    const dir = tempDir();
    const source = path.join(dir, 'one-line.csv');
    const fd = fs.openSync(source, 'w');
    const block = 'abcdefgh,'.repeat(100_000);
    for (let written = 0; written < 34 * 1024 * 1024; written += block.length) fs.writeSync(fd, block);
    fs.closeSync(fd);
    const { error } = await runImport(dir, source);
    expect(error?.toInfo()).toEqual({
      code: 'VALIDATION',
      message:
        'Line 1 is longer than 32 MB, the longest row Cairn reads. Is this a CSV file with one row per line? If its rows end in another way, save it with line breaks and import again.',
    });
    expect(fs.readdirSync(dir)).toEqual(['one-line.csv']);
  });
});
