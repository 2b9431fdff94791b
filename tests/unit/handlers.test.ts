import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEvent, defineInvoke, defineRegistry, defineStream } from '../../src/shared/contract';
import { CairnError, type Result } from '../../src/shared/result';
import type { StreamFrame } from '../../src/shared/stream';
import { Handlers, toErrorInfo, type CallContext } from '../../src/main/ipc/handlers';

const echo = defineInvoke('test:echo', {
  input: z.object({ text: z.string().min(1), times: z.number().int().default(1) }),
  output: z.object({ text: z.string() }),
});
const other = defineInvoke('test:other', { input: z.object({}).default({}), output: z.number() });
const ticks = defineStream('test:ticks', {
  input: z.object({ count: z.number().int().min(0) }),
  chunk: z.object({ n: z.number() }),
  result: z.object({ total: z.number() }),
});
const changed = defineEvent('test:changed', { payload: z.object({}) });
const testRegistry = defineRegistry([echo, other, ticks, changed] as const);

const ctx: CallContext = { transport: 'test' };

function recordingLogger(): {
  logged: { message: string; error: unknown }[];
  error(m: string, e: unknown): void;
} {
  const logged: { message: string; error: unknown }[] = [];
  return { logged, error: (message, error) => logged.push({ message, error }) };
}

function setup() {
  const logger = recordingLogger();
  const handlers = new Handlers(testRegistry, logger);
  return { handlers, logger };
}

/** Collects frames and resolves once the terminal frame arrives. */
function collect(): { frames: StreamFrame[]; sink: (f: StreamFrame) => void; done: Promise<StreamFrame[]> } {
  const frames: StreamFrame[] = [];
  let finish: (f: StreamFrame[]) => void = () => undefined;
  const done = new Promise<StreamFrame[]>((resolve) => (finish = resolve));
  return {
    frames,
    done,
    sink: (frame) => {
      frames.push(frame);
      if (frame.type !== 'chunk') finish(frames);
    },
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('Handlers registration', () => {
  it('reports registry contracts without a handler until each is registered', () => {
    const { handlers } = setup();
    expect(handlers.missing()).toEqual(['test:echo', 'test:other', 'test:ticks']);
    handlers.handle(echo, (input) => ({ text: input.text }));
    handlers.handleStream(ticks, async () => ({ total: 0 }));
    expect(handlers.missing()).toEqual(['test:other']);
    handlers.handle(other, () => 1);
    expect(handlers.missing()).toEqual([]);
    expect(handlers.registeredChannels().sort()).toEqual(['test:echo', 'test:other', 'test:ticks']);
  });

  it('refuses a second handler for the same channel', () => {
    const { handlers } = setup();
    handlers.handle(echo, (input) => ({ text: input.text }));
    expect(() => handlers.handle(echo, (input) => ({ text: input.text }))).toThrow(
      'A handler for "test:echo" is already registered.',
    );
  });

  it('refuses a contract that is not in its registry, even one with a known channel name', () => {
    const { handlers } = setup();
    const lookalike = defineInvoke('test:echo', { input: z.object({}), output: z.object({}) });
    expect(() => handlers.handle(lookalike, () => ({}))).toThrow(
      'Contract "test:echo" is not in the registry.',
    );
    const stranger = defineStream('test:stranger', {
      input: z.object({}),
      chunk: z.null(),
      result: z.null(),
    });
    expect(() => handlers.handleStream(stranger, async () => null)).toThrow(/not in the registry/);
    expect(handlers.registeredChannels()).toEqual([]);
  });
});

describe('Handlers.invoke', () => {
  it('validates the input, applies its defaults and wraps the value in an ok envelope', async () => {
    const { handlers } = setup();
    const seen: unknown[] = [];
    handlers.handle(echo, (input, c) => {
      seen.push(input, c);
      return { text: input.text.repeat(input.times) };
    });
    const result = await handlers.invoke('test:echo', { text: 'ab' }, ctx);
    expect(result).toStrictEqual({ ok: true, value: { text: 'ab' } });
    expect(seen).toEqual([{ text: 'ab', times: 1 }, { transport: 'test' }]);
  });

  it('strips fields the output contract does not declare', async () => {
    const { handlers } = setup();
    handlers.handle(echo, () => ({ text: 'x', secret: 'do not leak' }) as { text: string });
    expect(await handlers.invoke('test:echo', { text: 'a' }, ctx)).toStrictEqual({
      ok: true,
      value: { text: 'x' },
    });
  });

  it('answers NOT_FOUND for an unknown channel without calling anything', async () => {
    const { handlers } = setup();
    expect(await handlers.invoke('test:nope', {}, ctx)).toStrictEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'There is no call named "test:nope".' },
    });
  });

  it('answers NOT_FOUND when a stream channel is invoked', async () => {
    const { handlers } = setup();
    handlers.handleStream(ticks, async () => ({ total: 0 }));
    const result = await handlers.invoke('test:ticks', { count: 1 }, ctx);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('NOT_FOUND');
  });

  it('refuses invalid input with VALIDATION, naming the field, and never calls the handler', async () => {
    const { handlers } = setup();
    let calls = 0;
    handlers.handle(echo, (input) => {
      calls++;
      return { text: input.text };
    });
    const result = (await handlers.invoke('test:echo', { text: '', times: 1.5 }, ctx)) as Extract<
      Result<unknown>,
      { ok: false }
    >;
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.message.startsWith('text: ')).toBe(true);
    expect((result.error.details as { path: string }[]).map((d) => d.path)).toEqual(['text', 'times']);
    expect(calls).toBe(0);
  });

  it('lists at most five issues, each cut to 200 characters, and counts the rest in the message', async () => {
    const list = defineInvoke('test:list', {
      input: z.object({ items: z.array(z.string().max(3, 'y'.repeat(5000))) }),
      output: z.null(),
    });
    const handlers = new Handlers(defineRegistry([list] as const), recordingLogger());
    handlers.handle(list, () => null);
    const result = await handlers.invoke('test:list', { items: new Array<string>(1000).fill('long') }, ctx);
    if (result.ok) throw new Error('expected a refusal');
    const details = result.error.details as { path: string; message: string }[];
    expect(details).toHaveLength(5);
    expect(details.every((d) => d.message.length === 200 && d.message.endsWith('…'))).toBe(true);
    expect(result.error.message).toMatch(/^items\.0: y+… \(and 999 more problems\)$/);
    expect(JSON.stringify(result).length).toBeLessThan(2000);
  });

  it('refuses a missing input object with VALIDATION', async () => {
    const { handlers } = setup();
    handlers.handle(echo, (input) => ({ text: input.text }));
    const result = await handlers.invoke('test:echo', undefined, ctx);
    expect(!result.ok && result.error.code).toBe('VALIDATION');
  });

  it('passes a CairnError through with its code, message and details', async () => {
    const { handlers, logger } = setup();
    handlers.handle(echo, () => {
      throw new CairnError('CONFLICT', 'Already there.', { id: 7 });
    });
    expect(await handlers.invoke('test:echo', { text: 'a' }, ctx)).toStrictEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'Already there.', details: { id: 7 } },
    });
    expect(logger.logged).toEqual([]);
  });

  it('reports an unexpected error as INTERNAL without its message or stack, and logs it', async () => {
    const { handlers, logger } = setup();
    const boom = new Error('SQLITE_CORRUPT at /home/someone/secret.db');
    handlers.handle(echo, async () => {
      await tick();
      throw boom;
    });
    const result = await handlers.invoke('test:echo', { text: 'a' }, ctx);
    expect(result).toStrictEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong inside Cairn. The details are in its log.' },
    });
    const wire = JSON.stringify(result);
    expect(wire).not.toContain('secret');
    expect(wire).not.toContain('SQLITE');
    expect(wire).not.toMatch(/\bat\s/);
    expect(logger.logged).toEqual([{ message: 'Unexpected error in test:echo', error: boom }]);
  });

  it('reports a thrown non-Error value as INTERNAL', async () => {
    const { handlers } = setup();
    handlers.handle(echo, () => {
      throw 'a string';
    });
    const result = await handlers.invoke('test:echo', { text: 'a' }, ctx);
    expect(!result.ok && result.error.code).toBe('INTERNAL');
  });

  it('reports output that breaks the contract as INTERNAL and logs the drift', async () => {
    const { handlers, logger } = setup();
    handlers.handle(echo, () => ({ text: 42 }) as unknown as { text: string });
    const result = await handlers.invoke('test:echo', { text: 'a' }, ctx);
    expect(result).toStrictEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong inside Cairn. The details are in its log.' },
    });
    expect(logger.logged.map((l) => l.message)).toEqual([
      'Handler for test:echo returned data that breaks its contract',
    ]);
  });
});

describe('toErrorInfo', () => {
  it('treats a ZodError thrown inside a handler as an internal fault, not as the caller’s invalid request', () => {
    const parsed = z.object({ n: z.number() }).safeParse({ n: 'x' });
    const info = toErrorInfo(parsed.error);
    expect(info.code).toBe('INTERNAL');
    expect(info.details).toBeUndefined();
  });

  it('never copies the message, name or stack of an unexpected error', () => {
    const info = toErrorInfo(new TypeError('cannot read x of undefined'));
    expect(Object.keys(info).sort()).toEqual(['code', 'message']);
    expect(info.code).toBe('INTERNAL');
    expect(info.message).not.toContain('undefined');
  });
});

describe('Handlers.startStream', () => {
  it('sends validated chunks in order, then exactly one end frame with the result', async () => {
    const { handlers } = setup();
    handlers.handleStream(ticks, async (input, c) => {
      for (let n = 1; n <= input.count; n++) {
        c.send({ n });
        await tick();
      }
      return { total: input.count };
    });
    const out = collect();
    handlers.startStream('test:ticks', 'r1', { count: 3 }, ctx, out.sink);
    const frames = await out.done;
    await tick();
    expect(frames).toEqual([
      { requestId: 'r1', type: 'chunk', data: { n: 1 } },
      { requestId: 'r1', type: 'chunk', data: { n: 2 } },
      { requestId: 'r1', type: 'chunk', data: { n: 3 } },
      { requestId: 'r1', type: 'end', data: { total: 3 } },
    ]);
  });

  it('drops a chunk that breaks the contract and logs it, keeping the stream alive', async () => {
    const { handlers, logger } = setup();
    handlers.handleStream(ticks, async (_input, c) => {
      c.send({ n: 'one' } as unknown as { n: number });
      c.send({ n: 2 });
      return { total: 1 };
    });
    const out = collect();
    handlers.startStream('test:ticks', 'r', { count: 0 }, ctx, out.sink);
    expect((await out.done).map((f) => f.type)).toEqual(['chunk', 'end']);
    expect(out.frames[0]).toEqual({ requestId: 'r', type: 'chunk', data: { n: 2 } });
    expect(logger.logged.map((l) => l.message)).toEqual([
      'Stream test:ticks produced a chunk that breaks its contract',
    ]);
  });

  it('refuses an unknown stream with one NOT_FOUND error frame', () => {
    const { handlers } = setup();
    const out = collect();
    handlers.startStream('test:none', 'r', {}, ctx, out.sink);
    expect(out.frames).toEqual([
      {
        requestId: 'r',
        type: 'error',
        error: { code: 'NOT_FOUND', message: 'There is no stream named "test:none".' },
      },
    ]);
  });

  it('refuses invalid input with one VALIDATION error frame and never runs the handler', () => {
    const { handlers } = setup();
    let ran = false;
    handlers.handleStream(ticks, async () => {
      ran = true;
      return { total: 0 };
    });
    const out = collect();
    handlers.startStream('test:ticks', 'r', { count: -1 }, ctx, out.sink);
    expect(out.frames).toHaveLength(1);
    expect(out.frames[0]?.type).toBe('error');
    expect(out.frames[0]?.type === 'error' && out.frames[0].error.code).toBe('VALIDATION');
    expect(ran).toBe(false);
  });

  it('ends with the CairnError a handler throws, after the chunks it sent', async () => {
    const { handlers } = setup();
    handlers.handleStream(ticks, async (_input, c) => {
      c.send({ n: 1 });
      await tick();
      throw new CairnError('UNAVAILABLE', 'The file went away.');
    });
    const out = collect();
    handlers.startStream('test:ticks', 'r', { count: 1 }, ctx, out.sink);
    expect(await out.done).toEqual([
      { requestId: 'r', type: 'chunk', data: { n: 1 } },
      { requestId: 'r', type: 'error', error: { code: 'UNAVAILABLE', message: 'The file went away.' } },
    ]);
  });

  it('turns a handler that throws synchronously into an INTERNAL error frame', async () => {
    const { handlers } = setup();
    handlers.handleStream(ticks, (() => {
      throw new Error('sync boom');
    }) as unknown as () => Promise<{ total: number }>);
    const out = collect();
    handlers.startStream('test:ticks', 'r', { count: 1 }, ctx, out.sink);
    const frames = await out.done;
    expect(frames).toHaveLength(1);
    expect(frames[0]?.type === 'error' && frames[0].error.code).toBe('INTERNAL');
    expect(JSON.stringify(frames)).not.toContain('sync boom');
  });

  it('reports a result that breaks the contract as INTERNAL (not as the caller’s VALIDATION) and logs it', async () => {
    const { handlers, logger } = setup();
    handlers.handleStream(ticks, async () => ({ total: 'many' }) as unknown as { total: number });
    const out = collect();
    handlers.startStream('test:ticks', 'r', { count: 0 }, ctx, out.sink);
    expect(await out.done).toEqual([
      {
        requestId: 'r',
        type: 'error',
        error: {
          code: 'INTERNAL',
          message: 'Something went wrong inside Cairn. The details are in its log.',
        },
      },
    ]);
    expect(logger.logged.map((l) => l.message)).toEqual([
      'Stream test:ticks returned a result that breaks its contract',
    ]);
  });

  it('cancelling aborts the handler’s signal and ends with one CANCELLED frame; later output is dropped', async () => {
    const { handlers } = setup();
    let signal: AbortSignal | undefined;
    let finish: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (finish = resolve));
    handlers.handleStream(ticks, async (_input, c) => {
      signal = c.signal;
      c.send({ n: 1 });
      await released;
      c.send({ n: 2 });
      return { total: 2 };
    });
    const out = collect();
    const running = handlers.startStream('test:ticks', 'r', { count: 2 }, ctx, out.sink);
    await tick();
    expect(signal?.aborted).toBe(false);
    running.cancel();
    expect(signal?.aborted).toBe(true);
    expect(out.frames).toEqual([
      { requestId: 'r', type: 'chunk', data: { n: 1 } },
      { requestId: 'r', type: 'error', error: { code: 'CANCELLED', message: 'Cancelled.' } },
    ]);
    finish();
    running.cancel();
    await tick();
    await tick();
    expect(out.frames).toHaveLength(2);
  });

  it('ignores cancel after the stream has ended', async () => {
    const { handlers } = setup();
    let signal: AbortSignal | undefined;
    handlers.handleStream(ticks, async (_input, c) => {
      signal = c.signal;
      return { total: 0 };
    });
    const out = collect();
    const running = handlers.startStream('test:ticks', 'r', { count: 0 }, ctx, out.sink);
    await out.done;
    running.cancel();
    expect(signal?.aborted).toBe(false);
    expect(out.frames.map((f) => f.type)).toEqual(['end']);
  });

  it('gives the handler the caller’s context plus signal and send', async () => {
    const { handlers } = setup();
    let keys: string[] = [];
    handlers.handleStream(ticks, async (_input, c) => {
      keys = Object.keys(c).sort();
      return { total: c.transport === 'test' ? 1 : 0 };
    });
    const out = collect();
    handlers.startStream('test:ticks', 'r', { count: 0 }, ctx, out.sink);
    expect(await out.done).toEqual([{ requestId: 'r', type: 'end', data: { total: 1 } }]);
    expect(keys).toEqual(['send', 'signal', 'transport']);
  });
  it('ends a stream whose chunk or result is larger than a frame may be, with a message, and stops its handler', async () => {
    const words = defineStream('test:words', {
      input: z.object({ size: z.number().int(), inResult: z.boolean() }),
      chunk: z.object({ text: z.string() }),
      result: z.object({ text: z.string() }),
    });
    const handlers = new Handlers(defineRegistry([words] as const), recordingLogger(), 1_000);
    let aborted = false;
    handlers.handleStream(words, async (input, c) => {
      c.send({ text: 'small' });
      if (input.inResult) return { text: 'x'.repeat(input.size) };
      c.send({ text: 'x'.repeat(input.size) });
      aborted = c.signal.aborted;
      c.send({ text: 'after' });
      return { text: 'done' };
    });
    const big = collect();
    handlers.startStream('test:words', 'a', { size: 2_000, inResult: false }, ctx, big.sink);
    const frames = await big.done;
    await tick();
    expect(frames.map((f) => f.type)).toEqual(['chunk', 'error']);
    expect(frames[1]).toMatchObject({ requestId: 'a', error: { code: 'VALIDATION' } });
    expect(frames[1]?.type === 'error' && frames[1].error.message).toMatch(
      /larger than .* one message may carry/,
    );
    expect(aborted).toBe(true);

    const bigResult = collect();
    handlers.startStream('test:words', 'b', { size: 2_000, inResult: true }, ctx, bigResult.sink);
    expect((await bigResult.done).map((f) => f.type)).toEqual(['chunk', 'error']);

    const fits = collect();
    handlers.startStream('test:words', 'c', { size: 900, inResult: false }, ctx, fits.sink);
    expect((await fits.done).map((f) => f.type)).toEqual(['chunk', 'chunk', 'chunk', 'end']);
  });
});
