import { describe, expect, it } from 'vitest';
import type { CairnApp } from '../../src/main/app';
import type { CallContext } from '../../src/main/ipc/handlers';
import { createTestApp } from '../helpers/app';
import { importCsvInto } from '../helpers/import';
import { useCleanup, useTempDirs } from '../helpers/temp';

/**
 * NUL and other control characters in a name are refused by the contract as VALIDATION, and
 * nothing is written. (SQLite's `trim()` stops at NUL, so `"\u0000"` used to pass the length
 * check of the name's column constraint and fail later as INTERNAL.)
 */
const tempDir = useTempDirs();
const onCleanup = useCleanup();
const ctx: CallContext = { transport: 'test' };
const BAD_NAMES = ['\u0000', 'a\u0000b', 'line\nbreak', 'tab\there', '\u001b[31mred', 'del\u007f', '\u0085'];

async function app(): Promise<CairnApp> {
  const instance = await createTestApp(tempDir());
  onCleanup(() => instance.close());
  return instance;
}

const profile = (name: string) => ({
  name,
  ai: { provider: 'builtin', baseUrl: '', model: '', temperature: 0.2, maxTokens: 500, timeoutMs: 30_000 },
  prompts: { systemPrompt: '', editingInstructions: '', userTemplate: '{{question}}' },
});

describe('names with control characters', () => {
  it('workspaces:create and workspaces:rename answer VALIDATION and change nothing', async () => {
    const a = await app();
    const kept = a.services.workspaces.create({ name: 'Kept', description: '' });
    for (const name of BAD_NAMES) {
      const created = await a.handlers.invoke('workspaces:create', { name }, ctx);
      expect(created).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: expect.stringContaining('control characters') as string },
      });
      const renamed = await a.handlers.invoke('workspaces:rename', { id: kept.id, name }, ctx);
      expect(renamed).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(a.services.workspaces.list({ includeArchived: true }).map((w) => w.name)).toEqual(['Kept']);
  });

  it('profiles:create and a space name answer VALIDATION and change nothing', async () => {
    const a = await app();
    const before = (await a.handlers.invoke('profiles:list', {}, ctx)) as { ok: true; value: unknown[] };
    expect((await a.handlers.invoke('profiles:create', profile('Fine'), ctx)).ok).toBe(true);
    for (const name of BAD_NAMES) {
      const created = await a.handlers.invoke('profiles:create', profile(name), ctx);
      expect(created).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      const space = await a.handlers.invoke(
        'profiles:create',
        { ...profile(`With space ${BAD_NAMES.indexOf(name)}`), spaces: [{ name }] },
        ctx,
      );
      expect(space).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    const after = (await a.handlers.invoke('profiles:list', {}, ctx)) as { ok: true; value: unknown[] };
    expect(after.value.length).toBe(before.value.length + 1);
  });

  it('datasets:rename, an import name and an upload file name answer VALIDATION', async () => {
    const a = await app();
    const { ws, dataset } = await importCsvInto(a, tempDir(), { fileName: 'data.csv', csv: 'a\n1\n' });
    for (const name of BAD_NAMES) {
      const renamed = await a.handlers.invoke(
        'datasets:rename',
        { workspaceId: ws.id, datasetId: dataset.id, name },
        ctx,
      );
      expect(renamed).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      const named = await a.handlers.invoke(
        'imports:start',
        { workspaceId: ws.id, source: { kind: 'sample', sample: 'customers' }, options: { name } },
        ctx,
      );
      expect(named).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      const upload = await a.handlers.invoke(
        'imports:start',
        { workspaceId: ws.id, source: { kind: 'upload', uploadId: 'abcdefgh1234', fileName: `${name}.csv` } },
        ctx,
      );
      expect(upload).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(
      a.services.datasets.list({ workspaceId: ws.id, includeArchived: true }).map((d) => d.name),
    ).toEqual([dataset.name]);
  });
});
