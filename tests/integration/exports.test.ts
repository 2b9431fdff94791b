import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CairnApp } from '../../src/main/app';
import type { ExportProgress, ExportResult } from '../../src/shared/datasets';
import { CairnError } from '../../src/shared/result';
import type { StreamFrame } from '../../src/shared/stream';
import { createTestApp } from '../helpers/app';
import { useCleanup, useTempDirs } from '../helpers/temp';

/**
 * CSV export as the `exports:csv` stream: progress, cancel, the web host's exports folder and the
 * desktop's save dialog (injected as `chooseExportPath`).
 */

const tempDir = useTempDirs();
const cleanup = useCleanup();
const ctx = { transport: 'test' as const };

const BIG_ROWS = 250_000;

interface Imported {
  app: CairnApp;
  scope: { workspaceId: string; datasetId: string; versionId: string };
  exportsDir: string;
}

async function importInto(app: CairnApp, dir: string, fileName: string, csv: string): Promise<Imported> {
  const ws = app.services.workspaces.create({ name: `Exports ${fileName}`, description: '' });
  const file = path.join(dir, fileName);
  fs.writeFileSync(file, csv);
  const s = app.services.datasets;
  s.startImport({ workspaceId: ws.id, source: { kind: 'path', path: file }, options: {} });
  await s.idle();
  const dataset = s.list({ workspaceId: ws.id, includeArchived: false })[0];
  if (!dataset?.rootVersionId) throw new Error(`The import of ${fileName} failed.`);
  return {
    app,
    scope: { workspaceId: ws.id, datasetId: dataset.id, versionId: dataset.rootVersionId },
    exportsDir: path.join(dir, 'exports'),
  };
}

function bigCsv(rows: number): string {
  const lines = ['id,value,label'];
  for (let i = 1; i <= rows; i++) lines.push(`${i},${i % 1000}.5,row ${i}`);
  return `${lines.join('\n')}\n`;
}

/** Starts the stream through the handlers, as both transports do, collecting every frame. */
function startExport(app: CairnApp, input: unknown, onFrame: (frame: StreamFrame) => void = () => undefined) {
  const frames: StreamFrame[] = [];
  let finish: (frame: StreamFrame) => void = () => undefined;
  const done = new Promise<StreamFrame>((resolve) => (finish = resolve));
  const running = app.handlers.startStream('exports:csv', 'req-1', input, ctx, (frame) => {
    frames.push(frame);
    onFrame(frame);
    if (frame.type !== 'chunk') finish(frame);
  });
  return { frames, done, cancel: () => running.cancel() };
}

const chunksOf = (frames: StreamFrame[]): ExportProgress[] =>
  frames.filter((f) => f.type === 'chunk').map((f) => f.data as ExportProgress);

/** Everything in `dir` (recursively), so a stray `.partial` anywhere is seen. */
function filesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) =>
    fs.statSync(path.join(dir, f)).isFile(),
  );
}

/**
 * A cancelled stream answers at once; the export notices between two chunks and then removes its
 * file. Waits for that, then a little longer, so a late rename would be caught too.
 */
async function expectNoFilesSoon(dir: string): Promise<void> {
  await vi.waitFor(() => expect(filesIn(dir)).toEqual([]), { timeout: 20_000, interval: 50 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(filesIn(dir)).toEqual([]);
}

describe('CSV export of a large version (web host: exports folder)', () => {
  let big: Imported;
  let bigDir: string;

  beforeAll(async () => {
    bigDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-export-big-'));
    const app = await createTestApp(bigDir);
    big = await importInto(app, bigDir, 'big.csv', bigCsv(BIG_ROWS));
  }, 180_000);

  afterAll(() => {
    big?.app.close();
    fs.rmSync(bigDir, { recursive: true, force: true });
  });

  it('reports progress with growing counts, ends with the total, and writes every row', async () => {
    const run = startExport(big.app, { ...big.scope });
    const end = await run.done;
    expect(end.type).toBe('end');
    const result = (end as Extract<StreamFrame, { type: 'end' }>).data as ExportResult;
    expect(result).toMatchObject({
      saved: 'download',
      rows: BIG_ROWS,
      fileName: 'big-v1-' + big.scope.versionId.slice(0, 8) + '.csv',
    });
    if (result.saved !== 'download') throw new Error('expected a download');
    expect(result.downloadPath).toBe(`/api/exports/${encodeURIComponent(result.fileName)}`);
    // The browser gets no path of the host's file system.
    expect(result).not.toHaveProperty('file');

    const chunks = chunksOf(run.frames);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks[0]).toEqual({ rowsWritten: 0, totalRows: BIG_ROWS, bytesWritten: 0 });
    for (const [i, chunk] of chunks.entries()) {
      expect(chunk.totalRows).toBe(BIG_ROWS);
      if (i === 0) continue;
      const before = chunks[i - 1]!;
      expect(chunk.rowsWritten).toBeGreaterThan(before.rowsWritten);
      expect(chunk.bytesWritten).toBeGreaterThan(before.bytesWritten);
    }
    expect(chunks.some((c) => c.rowsWritten > 0 && c.rowsWritten < BIG_ROWS)).toBe(true);
    const file = path.join(big.exportsDir, result.fileName);
    const last = chunks.at(-1)!;
    expect(last).toEqual({
      rowsWritten: BIG_ROWS,
      totalRows: BIG_ROWS,
      bytesWritten: fs.statSync(file).size,
    });
    expect(result.bytes).toBe(fs.statSync(file).size);

    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('id,value,label');
    expect(lines[1]).toBe('1,1.5,row 1');
    expect(lines[BIG_ROWS]).toBe(`${BIG_ROWS},0.5,row ${BIG_ROWS}`);
    expect(lines).toHaveLength(BIG_ROWS + 2);
    expect(filesIn(big.exportsDir)).toEqual([result.fileName]);
    fs.rmSync(file);
  }, 120_000);

  it('cancelled mid-export through the stream: CANCELLED, and neither the file nor a .partial is left', async () => {
    let cancel: () => void = () => undefined;
    const run = startExport(big.app, { ...big.scope }, (frame) => {
      const p = frame.type === 'chunk' ? (frame.data as ExportProgress) : null;
      if (p && p.rowsWritten > 0 && p.rowsWritten < BIG_ROWS) cancel();
    });
    cancel = run.cancel;
    const end = await run.done;
    expect(end).toEqual({
      requestId: 'req-1',
      type: 'error',
      error: { code: 'CANCELLED', message: 'Cancelled.' },
    });
    // It really was stopped part-way.
    expect(chunksOf(run.frames).at(-1)!.rowsWritten).toBeLessThan(BIG_ROWS);
    await expectNoFilesSoon(big.exportsDir);
  }, 120_000);

  it('cancelled through the service signal: rejects only once the partial file is gone', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const exporting = big.app.services.datasets.exportCsv(
      { ...big.scope, escapeFormulas: true },
      {
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p.rowsWritten);
          if (p.rowsWritten > 0) controller.abort();
        },
      },
    );
    await expect(exporting).rejects.toMatchObject({ code: 'CANCELLED', message: 'Export cancelled.' });
    expect(seen.at(-1)).toBeLessThan(BIG_ROWS);
    expect(filesIn(big.exportsDir)).toEqual([]);
  }, 120_000);
});

const PEOPLE = 'name,score\n=HYPERLINK("x"),-5\n"a,b",7\nCy,\n';
const PEOPLE_CSV = 'name,score\r\n"\'=HYPERLINK(""x"")",-5\r\n"a,b",7\r\nCy,\r\n';

/** An app whose "save dialog" answers whatever the test sets. */
async function desktopSetup() {
  const dir = tempDir();
  const asked: string[] = [];
  const chooser: { answer: (suggestedName: string) => Promise<string | null> } = {
    answer: () => Promise.resolve(null),
  };
  const app = await createTestApp(dir, {
    shell: 'desktop',
    chooseExportPath: (suggestedName) => {
      asked.push(suggestedName);
      return chooser.answer(suggestedName);
    },
  });
  cleanup(() => app.close());
  const imported = await importInto(app, dir, 'people.csv', PEOPLE);
  const saveDir = tempDir('cairn-export-chosen-');
  return { ...imported, dir, asked, chooser, saveDir };
}

describe('CSV export on the desktop (save dialog)', () => {
  it('writes exactly to the path the person chose, through a .partial file, and says where', async () => {
    const { app, scope, asked, chooser, saveDir, exportsDir } = await desktopSetup();
    const target = path.join(saveDir, 'nested', 'my export.csv');
    chooser.answer = () => Promise.resolve(target);
    const run = startExport(app, { ...scope });
    const end = await run.done;
    expect(end).toEqual({
      requestId: 'req-1',
      type: 'end',
      data: {
        saved: 'path',
        file: target,
        fileName: 'my export.csv',
        rows: 3,
        bytes: Buffer.byteLength(PEOPLE_CSV),
      },
    });
    expect(asked).toEqual([`people-v1-${scope.versionId.slice(0, 8)}.csv`]);
    expect(fs.readFileSync(target, 'utf8')).toBe(PEOPLE_CSV);
    expect(filesIn(saveDir)).toEqual([path.join('nested', 'my export.csv')]);
    // Nothing went through the exports folder.
    expect(filesIn(exportsDir)).toEqual([]);
    expect(chunksOf(run.frames).at(-1)).toEqual({
      rowsWritten: 3,
      totalRows: 3,
      bytesWritten: Buffer.byteLength(PEOPLE_CSV),
    });
  }, 60_000);

  it('replaces a file the person chose to overwrite', async () => {
    const { app, scope, chooser, saveDir } = await desktopSetup();
    const target = path.join(saveDir, 'old.csv');
    fs.writeFileSync(
      target,
      'old content that is longer than the export itself, by quite a bit\n'.repeat(10),
    );
    chooser.answer = () => Promise.resolve(target);
    const end = await startExport(app, { ...scope, escapeFormulas: false }).done;
    expect(end.type).toBe('end');
    expect(fs.readFileSync(target, 'utf8')).toBe(PEOPLE_CSV.replace(`"'=HYPERLINK`, '"=HYPERLINK'));
    expect(filesIn(saveDir)).toEqual(['old.csv']);
  }, 60_000);

  it('dismissing the dialog ends the export as cancelled, with no file anywhere', async () => {
    const { app, scope, chooser, saveDir, exportsDir, asked } = await desktopSetup();
    chooser.answer = () => Promise.resolve(null);
    const run = startExport(app, { ...scope });
    expect(await run.done).toEqual({
      requestId: 'req-1',
      type: 'error',
      error: { code: 'CANCELLED', message: 'Export cancelled.' },
    });
    expect(asked).toHaveLength(1);
    expect(chunksOf(run.frames)).toEqual([]);
    expect(filesIn(saveDir)).toEqual([]);
    expect(filesIn(exportsDir)).toEqual([]);
  }, 60_000);

  it('cancelled while the dialog is still open: nothing is written once a path comes back', async () => {
    const { app, scope, chooser, saveDir, asked } = await desktopSetup();
    let answer: (file: string) => void = () => undefined;
    chooser.answer = () => new Promise<string>((resolve) => (answer = resolve));
    const run = startExport(app, { ...scope });
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    run.cancel();
    expect((await run.done).type).toBe('error');
    answer(path.join(saveDir, 'late.csv'));
    await expectNoFilesSoon(saveDir);
  }, 60_000);

  it('a path that cannot be written is a readable error and leaves no file', async () => {
    const { app, scope, chooser, saveDir } = await desktopSetup();
    // A "folder" that is really a file: the export cannot even start its .partial there.
    fs.writeFileSync(path.join(saveDir, 'not-a-folder'), 'x');
    const target = path.join(saveDir, 'not-a-folder', 'out.csv');
    chooser.answer = () => Promise.resolve(target);
    const end = await startExport(app, { ...scope }).done;
    expect(end.type).toBe('error');
    const error = (end as Extract<StreamFrame, { type: 'error' }>).error;
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain(target);
    expect(filesIn(saveDir)).toEqual(['not-a-folder']);
  }, 60_000);

  it('the CLI-style target skips the dialog and writes there', async () => {
    const { app, scope, asked, saveDir } = await desktopSetup();
    const target = path.join(saveDir, 'cli.csv');
    const result = await app.services.datasets.exportCsv({ ...scope, escapeFormulas: true }, { target });
    expect(result).toMatchObject({ saved: 'path', file: target, rows: 3 });
    expect(asked).toEqual([]);
    expect(fs.readFileSync(target, 'utf8')).toBe(PEOPLE_CSV);
  }, 60_000);
});

describe('exports:csv input validation', () => {
  it.each([
    ['no version', (s: Imported['scope']) => ({ workspaceId: s.workspaceId, datasetId: s.datasetId })],
    ['a version id that is not an id', (s: Imported['scope']) => ({ ...s, versionId: '../../etc/passwd' })],
    ['escapeFormulas not a boolean', (s: Imported['scope']) => ({ ...s, escapeFormulas: 'yes' })],
    ['not an object', () => 'people.csv'],
  ])(
    'refuses %s with VALIDATION, before asking for a path',
    async (_name, make) => {
      const { app, scope, asked, exportsDir } = await desktopSetup();
      const run = startExport(app, make(scope));
      const end = await run.done;
      expect(end.type).toBe('error');
      expect((end as Extract<StreamFrame, { type: 'error' }>).error.code).toBe('VALIDATION');
      expect(run.frames).toHaveLength(1);
      expect(asked).toEqual([]);
      expect(filesIn(exportsDir)).toEqual([]);
    },
    60_000,
  );

  it('a version of another dataset is NOT_FOUND and asks for no path', async () => {
    const { app, scope, asked } = await desktopSetup();
    const end = await startExport(app, { ...scope, versionId: '00000000-0000-4000-8000-000000000999' }).done;
    expect(end).toMatchObject({ type: 'error', error: { code: 'NOT_FOUND' } });
    expect(asked).toEqual([]);
    await expect(
      app.services.datasets.exportCsv({
        ...scope,
        versionId: '00000000-0000-4000-8000-000000000999',
        escapeFormulas: true,
      }),
    ).rejects.toBeInstanceOf(CairnError);
  }, 60_000);
});

describe('the web host’s exports folder', () => {
  it('keeps exports of the last day and removes older ones when Cairn starts', async () => {
    const dir = tempDir();
    const exportsDir = path.join(dir, 'exports');
    fs.mkdirSync(exportsDir, { recursive: true });
    const old = path.join(exportsDir, 'people-v1-00000000.csv');
    const fresh = path.join(exportsDir, 'people-v2-11111111.csv');
    fs.writeFileSync(old, 'a\n1\n');
    fs.writeFileSync(fresh, 'a\n2\n');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    fs.utimesSync(old, twoDaysAgo, twoDaysAgo);

    const app = await createTestApp(dir);
    cleanup(() => app.close());
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.readFileSync(fresh, 'utf8')).toBe('a\n2\n');
  });
});
