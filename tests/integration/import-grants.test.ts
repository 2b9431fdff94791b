import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app';
import { useCleanup, useTempDirs } from '../helpers/temp';

/**
 * A path source is honoured only for a transport that grants `localPaths` (the desktop, whose
 * paths come from the file picker or a drop). Without the grant the answer is the same whether
 * or not the file exists, and nothing is imported.
 */
const tempDir = useTempDirs();
const onCleanup = useCleanup();

describe('imports:start from a path', () => {
  it('imports with the desktop grant; refuses without it, whatever the path, before touching the disk', async () => {
    const dir = tempDir();
    const app = await createTestApp(path.join(dir, 'data'));
    onCleanup(() => app.close());
    const ws = app.services.workspaces.create({ name: 'W', description: '' });
    const file = path.join(dir, 'people.csv');
    fs.writeFileSync(file, 'name,age\nAda,36\n');
    const start = (p: string) => ({ workspaceId: ws.id, source: { kind: 'path', path: p } });

    const refusals = [];
    for (const p of [file, path.join(dir, 'missing.csv'), dir]) {
      refusals.push(await app.handlers.invoke('imports:start', start(p), { transport: 'test' }));
      refusals.push(await app.handlers.invoke('imports:start', start(p), { transport: 'web', grants: {} }));
    }
    expect(new Set(refusals.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(refusals[0]).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await app.services.datasets.idle();
    expect(app.services.datasets.list({ workspaceId: ws.id, includeArchived: true })).toEqual([]);

    const granted = await app.handlers.invoke('imports:start', start(file), {
      transport: 'electron',
      grants: { localPaths: true },
    });
    expect(granted.ok).toBe(true);
    await app.services.datasets.idle();
    const [dataset] = app.services.datasets.list({ workspaceId: ws.id, includeArchived: false });
    expect(dataset).toMatchObject({ name: 'people', rowCount: 1 });
  });
});
