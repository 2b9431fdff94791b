import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AnyContract } from '../../src/shared/contract';
import { registry } from '../../src/shared/registry';
import { CairnError } from '../../src/shared/result';
import { readJournal } from '../../src/main/db/migrate';
import type { CairnApp } from '../../src/main/app';
import { createTestApp } from '../helpers/app';
import { realMigrationsDir } from '../helpers/paths';
import { useCleanup, useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const onCleanup = useCleanup();

async function app(dataDir = tempDir()): Promise<CairnApp> {
  const built = await createTestApp(dataDir);
  onCleanup(() => built.close());
  return built;
}

const ctx = { transport: 'test' as const };

describe('createApp', () => {
  it('registers exactly one handler for every invoke and stream contract of the registry', async () => {
    const { handlers } = await app();
    expect(handlers.missing()).toEqual([]);
    const expected = [...registry.channels.invoke, ...registry.channels.streams].sort();
    const registered = handlers.registeredChannels();
    expect([...registered].sort()).toEqual(expected);
    expect(new Set(registered).size).toBe(registered.length);
    expect(registered).not.toContain(registry.channels.events[0]);
  });

  it('refuses a second handler for any registered contract', async () => {
    const { handlers } = await app();
    // Widened to every kind: the registry may have no stream yet, but the check must cover them.
    for (const contract of registry.all as readonly AnyContract[]) {
      if (contract.kind === 'invoke') {
        expect(() => handlers.handle(contract, () => undefined as never)).toThrow(
          `A handler for "${contract.channel}" is already registered.`,
        );
      } else if (contract.kind === 'stream') {
        expect(() => handlers.handleStream(contract, async () => undefined as never)).toThrow(
          /already registered/,
        );
      }
    }
  });

  it('answers system:info with the shell, the data paths and the schema version', async () => {
    const dataDir = tempDir();
    const { handlers } = await app(dataDir);
    const newest = readJournal(realMigrationsDir).at(-1)?.tag;
    expect(await handlers.invoke('system:info', undefined, ctx)).toEqual({
      ok: true,
      value: {
        appVersion: '0.0.0-test',
        shell: 'web',
        dataDir,
        databaseFile: path.join(dataDir, 'cairn.db'),
        schemaVersion: newest,
      },
    });
    expect(fs.existsSync(path.join(dataDir, 'cairn.db'))).toBe(true);
  });

  it('serves the workspaces contracts end to end, from validation to the database and the event bus', async () => {
    const built = await app();
    const events: [string, unknown][] = [];
    built.events.subscribe((channel, payload) => events.push([channel, payload]));

    const created = await built.handlers.invoke('workspaces:create', { name: '  Trips  ' }, ctx);
    expect(created.ok).toBe(true);
    const workspace = (created as { ok: true; value: { id: string; name: string; description: string } })
      .value;
    expect(workspace.name).toBe('Trips');
    expect(workspace.description).toBe('');
    expect(z.uuid().safeParse(workspace.id).success).toBe(true);
    expect(events).toEqual([['workspaces:changed', { reason: 'created', workspace }]]);

    const duplicate = await built.handlers.invoke('workspaces:create', { name: 'TRIPS' }, ctx);
    expect(!duplicate.ok && duplicate.error.code).toBe('CONFLICT');

    const blank = await built.handlers.invoke('workspaces:create', { name: '   ' }, ctx);
    expect(!blank.ok && blank.error).toEqual({
      code: 'VALIDATION',
      message: 'name: A workspace needs a name.',
      details: [{ path: 'name', message: 'A workspace needs a name.' }],
    });

    const badId = await built.handlers.invoke('workspaces:get', { id: 'not-a-uuid' }, ctx);
    expect(!badId.ok && badId.error.code).toBe('VALIDATION');

    const list = await built.handlers.invoke('workspaces:list', undefined, ctx);
    expect(list).toEqual({ ok: true, value: [workspace] });
  });

  it('keeps its data across a restart on the same data dir, without a backup or migration', async () => {
    const dataDir = tempDir();
    const first = await createTestApp(dataDir);
    await first.handlers.invoke('workspaces:create', { name: 'Persisted' }, ctx);
    first.close();

    const second = await app(dataDir);
    expect(second.database.migration.applied).toEqual([]);
    expect(second.database.migration.backupFile).toBeNull();
    const list = await second.handlers.invoke('workspaces:list', {}, ctx);
    expect(list.ok && (list.value as { name: string }[]).map((w) => w.name)).toEqual(['Persisted']);
  });

  it('close() closes the database and stops the workers', async () => {
    const built = await createTestApp(tempDir());
    built.close();
    expect(built.database.sqlite.open).toBe(false);
    expect(built.workers.activeCount).toBe(0);
  });

  it('refuses to start on a database written by a newer Cairn', async () => {
    const dataDir = tempDir();
    const first = await createTestApp(dataDir);
    first.database.sqlite
      .prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)')
      .run('future', Number.MAX_SAFE_INTEGER);
    first.close();
    const error: unknown = await createTestApp(dataDir).then(
      (a) => {
        a.close();
        return null;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CairnError);
    expect((error as CairnError).code).toBe('UNAVAILABLE');
  });
});
