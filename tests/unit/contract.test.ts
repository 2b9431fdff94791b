import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEvent, defineInvoke, defineRegistry, defineStream } from '../../src/shared/contract';
import { registry } from '../../src/shared/registry';
import { streamCancelSchema, streamFrameSchema, streamStartSchema, TRANSPORT } from '../../src/shared/stream';
import {
  WORKSPACE_DESCRIPTION_MAX,
  WORKSPACE_NAME_MAX,
  workspacesCreate,
  workspacesList,
  workspaceNameSchema,
  workspacesChanged,
} from '../../src/shared/workspaces';

const empty = z.object({});

describe('defineInvoke / defineEvent / defineStream', () => {
  it('builds a frozen invoke contract carrying its channel and schemas', () => {
    const input = z.object({ a: z.number() });
    const output = z.string();
    const c = defineInvoke('demo:run', { input, output });
    expect(c.kind).toBe('invoke');
    expect(c.channel).toBe('demo:run');
    expect(c.input).toBe(input);
    expect(c.output).toBe(output);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('builds event and stream contracts with their own kind', () => {
    const e = defineEvent('demo:changed', { payload: empty });
    const s = defineStream('demo:follow', { input: empty, chunk: z.number(), result: z.string() });
    expect(e.kind).toBe('event');
    expect(s.kind).toBe('stream');
    expect(s.chunk.parse(3)).toBe(3);
    expect(Object.isFrozen(e)).toBe(true);
    expect(Object.isFrozen(s)).toBe(true);
  });

  it.each([
    'demo',
    'Demo:run',
    'demo:Run',
    'demo:run:now',
    'demo-x:run',
    'demo:run!',
    ':run',
    'demo:',
    '1demo:run',
  ])('refuses the channel name %j that is not "domain:verb"', (channel) => {
    expect(() => defineInvoke(channel, { input: empty, output: empty })).toThrow(/domain:verb/);
    expect(() => defineEvent(channel, { payload: empty })).toThrow(/domain:verb/);
    expect(() => defineStream(channel, { input: empty, chunk: empty, result: empty })).toThrow(/domain:verb/);
  });

  it.each(['a:b', 'workspaces:list', 'datasetVersions:checkOut', 'x1:y2'])(
    'accepts the channel name %j',
    (channel) => {
      expect(defineInvoke(channel, { input: empty, output: empty }).channel).toBe(channel);
    },
  );
});

describe('defineRegistry', () => {
  const inv = defineInvoke('demo:run', { input: empty, output: empty });
  const ev = defineEvent('demo:changed', { payload: empty });
  const st = defineStream('demo:follow', { input: empty, chunk: empty, result: empty });

  it('sorts contracts by kind and lists their channels for the preload allowlist', () => {
    const r = defineRegistry([inv, ev, st] as const);
    expect(r.invoke['demo:run']).toBe(inv);
    expect(r.events['demo:changed']).toBe(ev);
    expect(r.streams['demo:follow']).toBe(st);
    expect(r.channels).toEqual({ invoke: ['demo:run'], events: ['demo:changed'], streams: ['demo:follow'] });
    expect(r.all).toEqual([inv, ev, st]);
    expect(Object.isFrozen(r)).toBe(true);
  });

  it('refuses two contracts sharing one channel, even of different kinds', () => {
    const sameName = defineEvent('demo:run', { payload: empty });
    expect(() => defineRegistry([inv, sameName])).toThrow('Two contracts share the channel "demo:run".');
    expect(() => defineRegistry([inv, inv])).toThrow(/demo:run/);
  });
});

describe('the app registry', () => {
  it('declares the system and workspace calls and the workspaces:changed event', () => {
    expect(registry.channels.invoke).toEqual(
      expect.arrayContaining([
        'system:info',
        'workspaces:archive',
        'workspaces:create',
        'workspaces:describe',
        'workspaces:get',
        'workspaces:list',
        'workspaces:rename',
        'workspaces:restore',
      ]),
    );
    expect(registry.channels.events).toContain('workspaces:changed');
    expect(registry.invoke['workspaces:create']).toBe(workspacesCreate);
    // A stream, not an invoke: it reports progress and can be cancelled.
    expect(registry.channels.streams).toContain('exports:csv');
    expect(registry.channels.invoke).not.toContain('exports:csv');
  });

  it('has every channel exactly once across kinds', () => {
    const all = registry.all.map((c) => c.channel);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('workspace contracts', () => {
  it('trims names and refuses blank or over-long ones', () => {
    expect(workspaceNameSchema.parse('  Sales  ')).toBe('Sales');
    expect(workspaceNameSchema.safeParse('   ').success).toBe(false);
    expect(workspaceNameSchema.safeParse('x'.repeat(WORKSPACE_NAME_MAX)).success).toBe(true);
    const tooLong = workspaceNameSchema.safeParse('x'.repeat(WORKSPACE_NAME_MAX + 1));
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues[0]?.message).toBe(
      `A workspace name has at most ${WORKSPACE_NAME_MAX} characters.`,
    );
  });

  it('defaults create.description to an empty string and caps its length', () => {
    expect(workspacesCreate.input.parse({ name: 'A' })).toEqual({ name: 'A', description: '' });
    expect(
      workspacesCreate.input.safeParse({ name: 'A', description: 'd'.repeat(WORKSPACE_DESCRIPTION_MAX + 1) })
        .success,
    ).toBe(false);
  });

  it('lets workspaces:list be called with no input at all', () => {
    expect(workspacesList.input.parse(undefined)).toEqual({ includeArchived: false });
    expect(workspacesList.input.parse({})).toEqual({ includeArchived: false });
  });

  it('refuses a workspaces:changed payload with an unknown reason', () => {
    const workspace = {
      id: '6f1c2b1e-4a7d-4c1e-9b2a-1f2e3d4c5b6a',
      name: 'A',
      description: '',
      createdAt: 't',
      updatedAt: 't',
      archivedAt: null,
    };
    expect(workspacesChanged.payload.safeParse({ reason: 'created', workspace }).success).toBe(true);
    expect(workspacesChanged.payload.safeParse({ reason: 'deleted', workspace }).success).toBe(false);
  });
});

describe('stream transport schemas', () => {
  it('accepts exactly the three frame types', () => {
    expect(streamFrameSchema.parse({ requestId: 'r', type: 'chunk', data: 1 })).toEqual({
      requestId: 'r',
      type: 'chunk',
      data: 1,
    });
    expect(
      streamFrameSchema.safeParse({
        requestId: 'r',
        type: 'error',
        error: { code: 'CANCELLED', message: 'x' },
      }).success,
    ).toBe(true);
    expect(
      streamFrameSchema.safeParse({ requestId: 'r', type: 'error', error: { code: 'NOPE', message: 'x' } })
        .success,
    ).toBe(false);
    expect(streamFrameSchema.safeParse({ requestId: 'r', type: 'done', data: 1 }).success).toBe(false);
  });

  it('bounds request ids to 1..100 characters', () => {
    expect(streamStartSchema.safeParse({ requestId: '', channel: 'a:b', input: null }).success).toBe(false);
    expect(streamStartSchema.safeParse({ requestId: 'r'.repeat(101), channel: 'a:b' }).success).toBe(false);
    expect(streamCancelSchema.safeParse({ requestId: 'r'.repeat(100) }).success).toBe(true);
  });

  it('uses fixed transport channel names outside the domain:verb space', () => {
    expect(Object.values(TRANSPORT).every((name) => name.startsWith('cairn:'))).toBe(true);
    expect(registry.all.some((c) => c.channel.startsWith('cairn:'))).toBe(false);
  });
});
