import { describe, expect, it } from 'vitest';
import type { CairnApp } from '../../src/main/app';
import type { ErrorInfo, Result } from '../../src/shared/result';
import { createTestApp } from '../helpers/app';
import { importCsvInto } from '../helpers/import';
import { pingWhile } from '../helpers/ping';
import { useCleanup, useTempDirs } from '../helpers/temp';

/**
 * No call a caller controls can stall the others: while each hostile case runs through the
 * Handlers, `system:info` keeps answering within 100 ms, and the hostile call either finishes or
 * is stopped with a clear error (never INTERNAL). Time limits are short here so that the stopped
 * ones end quickly; in the app they are 60 s (previews, views) and an hour (applies).
 */

const tempDir = useTempDirs();
const cleanup = useCleanup();

async function setup(csv: string) {
  const dir = tempDir();
  const app = await createTestApp(dir, {
    previewTimeoutMs: 4_000,
    viewTimeoutMs: 4_000,
    applyTimeoutMs: 4_000,
  });
  cleanup(() => app.close());
  const { ws, dataset } = await importCsvInto(app, dir, { fileName: 'data.csv', csv });
  await app.services.analysis.idle();
  const scope = { workspaceId: ws.id, datasetId: dataset.id, versionId: dataset.rootVersionId! };
  // As in a session: the code has run once and a worker stands by (a process start blocks the
  // main process for its fork, a fixed cost that no input controls).
  const benign = { op: 'derive_column', name: 'warm', expression: 'id + 1' };
  await call(app, 'versions:preview', { ...scope, operation: benign })();
  await call(app, 'versions:rows', { ...scope, start: 0, limit: 10, view: { sort: [], filter: 'id > 1' } })();
  await app.services.analysis.idle();
  return { app, scope };
}

function call(app: CairnApp, channel: string, input: unknown): () => Promise<Result<unknown>> {
  return () => app.handlers.invoke(channel, input, { transport: 'test' });
}

/** Finished, or stopped with a clear error: a time limit or a refusal of the input. */
function expectFinishedOrStopped(result: Result<unknown>): void {
  if (result.ok) return;
  const error: ErrorInfo = result.error;
  expect(['TIMEOUT', 'VALIDATION']).toContain(error.code);
  expect(error.message.length).toBeGreaterThan(10);
}

async function hostile(app: CairnApp, work: () => Promise<Result<unknown>>): Promise<Result<unknown>> {
  const report = await pingWhile(app, work);
  if (!report.outcome.ok) throw report.outcome.error;
  expect(report.pings).toBeGreaterThan(0);
  expect(report.slowestMs, `the slowest of ${report.pings} pings`).toBeLessThan(100);
  return report.outcome.value;
}

const nestedReplace = (depth: number): string => {
  let expr = 'word';
  for (let i = 0; i < depth; i++) expr = `replace(${expr}, 'a', 'aaaaaaaa')`;
  return expr;
};

describe('hostile calls never stall the others', { timeout: 240_000 }, () => {
  it('a catastrophic-backtracking regex over long cells, previewed and applied', async () => {
    const lines = ['id,word'];
    for (let i = 1; i <= 200; i++) lines.push(`${i},${'a'.repeat(2_000)}${i % 2 === 0 ? '!' : ''}`);
    const { app, scope } = await setup(`${lines.join('\n')}\n`);
    const operation = {
      op: 'find_replace',
      columns: ['word'],
      find: '^(a+)+$',
      replace: 'only a',
      mode: 'regex',
    };
    const preview = await hostile(app, call(app, 'versions:preview', { ...scope, operation }));
    expect(preview.ok).toBe(true);
    expect(preview.ok && (preview.value as { affectedRows: number }).affectedRows).toBe(100);
    const applied = await hostile(app, call(app, 'versions:apply', { ...scope, operation }));
    expect(applied.ok).toBe(true);
  });

  it('eight nested replace() in a derived column, previewed and applied', async () => {
    const lines = ['id,word'];
    for (let i = 1; i <= 300; i++) lines.push(`${i},aaaa`);
    const { app, scope } = await setup(`${lines.join('\n')}\n`);
    const operation = { op: 'derive_column', name: 'big', expression: `length(${nestedReplace(8)})` };
    const preview = await hostile(app, call(app, 'versions:preview', { ...scope, operation }));
    expectFinishedOrStopped(preview);
    const applied = await hostile(app, call(app, 'versions:apply', { ...scope, operation }));
    expectFinishedOrStopped(applied);
    // Stopped or not, the app goes on: a plain page reads at once.
    const page = await call(app, 'versions:rows', { ...scope, start: 0, limit: 10 })();
    expect(page.ok).toBe(true);
  });

  it('a big sort and a filter of a grid view', async () => {
    const lines = ['id,word,amount'];
    for (let i = 1; i <= 60_000; i++)
      lines.push(`${i},${((i * 2654435761) % 4294967296).toString(36)},${i % 977}`);
    const { app, scope } = await setup(`${lines.join('\n')}\n`);
    const sorted = await hostile(
      app,
      call(app, 'versions:rows', {
        ...scope,
        start: 0,
        limit: 100,
        view: {
          sort: [
            { column: 'word', direction: 'desc' },
            { column: 'amount', direction: 'asc' },
          ],
        },
      }),
    );
    expect(sorted.ok).toBe(true);
    expect(sorted.ok && (sorted.value as { total: number }).total).toBe(60_000);
    const filtered = await hostile(
      app,
      call(app, 'versions:rows', {
        ...scope,
        start: 0,
        limit: 100,
        view: { sort: [{ column: 'word', direction: 'asc' }], filter: `length(${nestedReplace(8)}) > 5` },
      }),
    );
    expectFinishedOrStopped(filtered);
  });
});
