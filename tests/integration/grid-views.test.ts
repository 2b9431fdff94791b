import { describe, expect, it } from 'vitest';
import type { RowsPage } from '../../src/shared/datasets';
import { createTestApp } from '../helpers/app';
import { importCsvInto } from '../helpers/import';
import { useCleanup, useTempDirs } from '../helpers/temp';

/**
 * Sorted and filtered grid views: many at once all succeed (their tables were once named by the
 * millisecond, and views made in the same one collided), each with the right rows.
 */

const tempDir = useTempDirs();
const cleanup = useCleanup();

type Sort = { column: string; direction: 'asc' | 'desc' }[];

const ROWS = 400;
const rowsOf = Array.from({ length: ROWS }, (_, k) => {
  const i = k + 1;
  return {
    id: i,
    word: ((i * 2654435761) % 4294967296).toString(36),
    amount: (i * 37) % 101,
    city: ['NY', 'LA', 'SF'][i % 3]!,
  };
});

/** Distinct sorts: every ordered choice of one or two columns, each way. */
function distinctSorts(): Sort[] {
  const columns = ['id', 'word', 'amount', 'city'];
  const sorts: Sort[] = [];
  for (const a of columns)
    for (const da of ['asc', 'desc'] as const) {
      sorts.push([{ column: a, direction: da }]);
      for (const b of columns)
        for (const db of ['asc', 'desc'] as const)
          if (b !== a)
            sorts.push([
              { column: a, direction: da },
              { column: b, direction: db },
            ]);
    }
  return sorts;
}

function expected(sort: Sort, min: number | null): number[] {
  const kept = rowsOf.filter((r) => min === null || r.amount > min);
  return [...kept]
    .sort((x, y) => {
      for (const s of sort) {
        const a = x[s.column as keyof typeof x];
        const b = y[s.column as keyof typeof y];
        if (a !== b) return (a < b ? -1 : 1) * (s.direction === 'asc' ? 1 : -1);
      }
      return x.id - y.id;
    })
    .map((r) => r.id);
}

describe('grid views', { timeout: 300_000 }, () => {
  it('200 concurrent sorted and filtered views all succeed, each with its own rows', async () => {
    const dir = tempDir();
    const app = await createTestApp(dir);
    cleanup(() => app.close());
    const csv = ['id,word,amount,city', ...rowsOf.map((r) => `${r.id},${r.word},${r.amount},${r.city}`)].join(
      '\n',
    );
    const { ws, dataset } = await importCsvInto(app, dir, { fileName: 'views.csv', csv });
    const scope = { workspaceId: ws.id, datasetId: dataset.id, versionId: dataset.rootVersionId! };
    const sorts = distinctSorts();
    // 150 distinct sorts (bounded: run at once) and 50 filtered views over 5 distinct filters
    // (run in the worker; callers asking for the same view share one computation).
    const views = Array.from({ length: 200 }, (_, i) =>
      i < 150
        ? { sort: sorts[i % sorts.length]!, min: null }
        : { sort: [{ column: 'word', direction: 'asc' as const }], min: i % 5 },
    );
    expect(new Set(views.slice(0, 150).map((v) => JSON.stringify(v.sort))).size).toBe(
      Math.min(150, sorts.length),
    );
    const pages = await Promise.all(
      views.map((v) =>
        app.handlers.invoke(
          'versions:rows',
          {
            ...scope,
            start: 0,
            limit: ROWS,
            view: { sort: v.sort, ...(v.min === null ? {} : { filter: `amount > ${v.min}` }) },
          },
          { transport: 'test' },
        ),
      ),
    );
    const failures = pages.filter((p) => !p.ok);
    expect(failures).toEqual([]);
    pages.forEach((page, i) => {
      const view = views[i]!;
      const got = (page.ok ? (page.value as RowsPage) : null)!;
      const ids = got.rows.map((r) => r[0]);
      expect(ids, JSON.stringify(view)).toEqual(expected(view.sort, view.min));
      expect(got.total).toBe(ids.length);
    });
  });

  it('pages deep into a sorted view by position, and a bad filter or column is a clear refusal', async () => {
    const dir = tempDir();
    const app = await createTestApp(dir);
    cleanup(() => app.close());
    const csv = ['id,word,amount,city', ...rowsOf.map((r) => `${r.id},${r.word},${r.amount},${r.city}`)].join(
      '\n',
    );
    const { ws, dataset } = await importCsvInto(app, dir, { fileName: 'views.csv', csv });
    const scope = { workspaceId: ws.id, datasetId: dataset.id, versionId: dataset.rootVersionId! };
    const sort: Sort = [{ column: 'word', direction: 'desc' }];
    const page = await app.services.datasets.rows({ ...scope, start: 390, limit: 50, view: { sort } });
    expect(page.rows.map((r) => r[0])).toEqual(expected(sort, null).slice(390));
    expect(page.total).toBe(ROWS);
    const badColumn = await app.handlers.invoke(
      'versions:rows',
      { ...scope, start: 0, limit: 10, view: { sort: [{ column: 'nope', direction: 'asc' }] } },
      { transport: 'test' },
    );
    expect(!badColumn.ok && badColumn.error).toMatchObject({
      code: 'VALIDATION',
      message: 'There is no column “nope” to sort by.',
    });
    const badFilter = await app.handlers.invoke(
      'versions:rows',
      { ...scope, start: 0, limit: 10, view: { sort: [], filter: 'amount >' } },
      { transport: 'test' },
    );
    expect(!badFilter.ok && badFilter.error.code).toBe('VALIDATION');
  });
});
