import { beforeEach, describe, expect, it } from 'vitest';
import { CairnError } from '../../src/shared/result';
import { workspacesChanged, type Workspace } from '../../src/shared/workspaces';
import type { OpenedDatabase } from '../../src/main/db/connection';
import { EventBus } from '../../src/main/events';
import { requireWorkspace } from '../../src/main/services/scope';
import { createWorkspacesService, type WorkspacesService } from '../../src/main/services/workspaces/service';
import { openTestDatabase, sequentialIds, steppingClock } from '../helpers/app';
import { useCleanup, useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const onCleanup = useCleanup();

let database: OpenedDatabase;
let service: WorkspacesService;
let published: { channel: string; payload: { reason: string; workspace: Workspace } }[];

const T = (seconds: number): string => new Date(Date.UTC(2030, 0, 1) + seconds * 1000).toISOString();
const ID = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const MISSING = '11111111-1111-4111-8111-111111111111';

beforeEach(async () => {
  database = await openTestDatabase(tempDir());
  onCleanup(() => database.close());
  const events = new EventBus();
  published = [];
  events.subscribe((channel, payload) => published.push({ channel, payload } as (typeof published)[number]));
  service = createWorkspacesService({
    db: database.db,
    publish: events.publish.bind(events),
    clock: steppingClock(),
    newId: sequentialIds(),
  });
});

function caught(fn: () => unknown): CairnError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CairnError) return error;
    throw error;
  }
  throw new Error('expected a CairnError');
}

describe('workspaces service: create and read', () => {
  it('creates a workspace with an id, timestamps and no archive date, and announces it', () => {
    const created = service.create({ name: 'Sales 2024', description: 'Quarterly' });
    expect(created).toEqual({
      id: ID(1),
      name: 'Sales 2024',
      description: 'Quarterly',
      createdAt: T(0),
      updatedAt: T(0),
      archivedAt: null,
    });
    expect(service.get({ id: ID(1) })).toEqual(created);
    expect(published).toEqual([
      { channel: 'workspaces:changed', payload: { reason: 'created', workspace: created } },
    ]);
  });

  it('lists active workspaces oldest first, and archived ones only when asked', () => {
    service.create({ name: 'A', description: '' });
    service.create({ name: 'B', description: '' });
    service.create({ name: 'C', description: '' });
    service.archive({ id: ID(2) });
    expect(service.list({ includeArchived: false }).map((w) => w.name)).toEqual(['A', 'C']);
    expect(service.list({ includeArchived: true }).map((w) => w.name)).toEqual(['A', 'B', 'C']);
  });

  it('answers NOT_FOUND for an id that does not exist', () => {
    const error = caught(() => service.get({ id: MISSING }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('That workspace does not exist.');
  });

  it('gets an archived workspace too', () => {
    service.create({ name: 'Old', description: '' });
    service.archive({ id: ID(1) });
    expect(service.get({ id: ID(1) }).archivedAt).toBe(T(1));
  });
});

describe('workspaces service: unique names', () => {
  it('refuses a second active workspace with the same name in another case, as CONFLICT', () => {
    service.create({ name: 'Sales', description: '' });
    const error = caught(() => service.create({ name: 'SALES', description: '' }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('A workspace named "SALES" already exists. Choose another name.');
    expect(service.list({ includeArchived: true })).toHaveLength(1);
    expect(published).toHaveLength(1);
  });

  it('allows reusing the name of an archived workspace', () => {
    service.create({ name: 'Sales', description: '' });
    service.archive({ id: ID(1) });
    const again = service.create({ name: 'sales', description: '' });
    expect(again.name).toBe('sales');
    expect(service.list({ includeArchived: true }).map((w) => w.name)).toEqual(['Sales', 'sales']);
  });

  it('refuses renaming onto another active workspace’s name, leaving both unchanged', () => {
    service.create({ name: 'One', description: '' });
    service.create({ name: 'Two', description: '' });
    const error = caught(() => service.rename({ id: ID(2), name: 'one' }));
    expect(error.code).toBe('CONFLICT');
    expect(service.list({ includeArchived: false }).map((w) => w.name)).toEqual(['One', 'Two']);
  });

  it('allows renaming a workspace to another case of its own name', () => {
    service.create({ name: 'sales', description: '' });
    expect(service.rename({ id: ID(1), name: 'Sales' }).name).toBe('Sales');
  });

  it('enforces the rule in the database itself (partial unique index), not only in the service', () => {
    service.create({ name: 'Sales', description: '' });
    const insert = database.sqlite.prepare(
      `INSERT INTO workspaces (id, name, created_at, updated_at, archived_at) VALUES (?, ?, 't', 't', ?)`,
    );
    expect(() => insert.run('x1', 'sALES', null)).toThrow(/UNIQUE constraint failed/);
    expect(() => insert.run('x2', 'sALES', 'archived')).not.toThrow();
  });
});

describe('workspaces service: changes', () => {
  it('renames, bumping updatedAt and announcing it', () => {
    const created = service.create({ name: 'Draft', description: '' });
    const renamed = service.rename({ id: created.id, name: 'Final' });
    expect(renamed).toEqual({ ...created, name: 'Final', updatedAt: T(1) });
    expect(published.map((p) => p.payload.reason)).toEqual(['created', 'renamed']);
    expect(published[1]?.payload.workspace).toEqual(renamed);
  });

  it('describes, bumping updatedAt and announcing it', () => {
    const created = service.create({ name: 'W', description: '' });
    const described = service.describe({ id: created.id, description: 'All the data' });
    expect(described).toEqual({ ...created, description: 'All the data', updatedAt: T(1) });
    expect(published.map((p) => p.payload.reason)).toEqual(['created', 'described']);
  });

  it('archives once; archiving again changes and announces nothing', () => {
    service.create({ name: 'W', description: '' });
    const archived = service.archive({ id: ID(1) });
    expect(archived.archivedAt).toBe(T(1));
    expect(archived.updatedAt >= T(1)).toBe(true);
    const again = service.archive({ id: ID(1) });
    expect(again).toEqual(archived);
    expect(published.map((p) => p.payload.reason)).toEqual(['created', 'archived']);
  });

  it('refuses renaming or describing an archived workspace, as CONFLICT', () => {
    service.create({ name: 'W', description: '' });
    service.archive({ id: ID(1) });
    expect(caught(() => service.rename({ id: ID(1), name: 'X' })).code).toBe('CONFLICT');
    const error = caught(() => service.describe({ id: ID(1), description: 'x' }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('The workspace "W" is archived. Restore it first.');
    expect(service.get({ id: ID(1) }).name).toBe('W');
  });

  it('restores an archived workspace and announces it; restoring an active one is a no-op', () => {
    service.create({ name: 'W', description: '' });
    service.archive({ id: ID(1) });
    const restored = service.restore({ id: ID(1) });
    expect(restored.archivedAt).toBeNull();
    expect(service.list({ includeArchived: false }).map((w) => w.id)).toEqual([ID(1)]);
    expect(service.restore({ id: ID(1) })).toEqual(restored);
    expect(published.map((p) => p.payload.reason)).toEqual(['created', 'archived', 'restored']);
  });

  it('refuses restoring when an active workspace now has its name, as CONFLICT, keeping it archived', () => {
    service.create({ name: 'Sales', description: '' });
    service.archive({ id: ID(1) });
    service.create({ name: 'SALES', description: '' });
    const error = caught(() => service.restore({ id: ID(1) }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(
      'Another workspace is already named "Sales". Rename that one before restoring this.',
    );
    expect(service.get({ id: ID(1) }).archivedAt).not.toBeNull();
    expect(published.map((p) => p.payload.reason)).toEqual(['created', 'archived', 'created']);
  });

  it.each(['rename', 'describe', 'archive', 'restore'] as const)(
    '%s answers NOT_FOUND for an unknown id',
    (verb) => {
      const calls = {
        rename: () => service.rename({ id: MISSING, name: 'X' }),
        describe: () => service.describe({ id: MISSING, description: 'x' }),
        archive: () => service.archive({ id: MISSING }),
        restore: () => service.restore({ id: MISSING }),
      };
      expect(caught(calls[verb]).code).toBe('NOT_FOUND');
      expect(published).toEqual([]);
    },
  );

  it('every announced payload satisfies the workspaces:changed contract', () => {
    service.create({ name: 'W', description: '' });
    service.rename({ id: ID(1), name: 'V' });
    service.archive({ id: ID(1) });
    for (const p of published) {
      expect(p.channel).toBe(workspacesChanged.channel);
      expect(workspacesChanged.payload.safeParse(p.payload).success).toBe(true);
    }
  });
});

describe('requireWorkspace', () => {
  it('returns an active workspace, refuses an archived one unless allowed, and NOT_FOUND for unknown ids', () => {
    service.create({ name: 'W', description: '' });
    expect(requireWorkspace(database.db, ID(1)).name).toBe('W');
    service.archive({ id: ID(1) });
    expect(caught(() => requireWorkspace(database.db, ID(1))).code).toBe('CONFLICT');
    expect(requireWorkspace(database.db, ID(1), { allowArchived: true }).id).toBe(ID(1));
    expect(caught(() => requireWorkspace(database.db, MISSING)).code).toBe('NOT_FOUND');
  });
});
