import { z } from 'zod';

/**
 * Every call between the renderer and the main process is declared once, here in `src/shared`,
 * as one of three kinds of contract:
 * - invoke: request → one response (envelope);
 * - event: main → every window, fire-and-forget;
 * - stream: request → many chunks → one end (or error), keyed by a request id, cancellable.
 * The preload allowlist, the renderer client and the handler registry are all derived from the
 * registry of these contracts, so nothing can be called that is not declared.
 */

const CHANNEL_PATTERN = /^[a-z][a-zA-Z0-9]*:[a-z][a-zA-Z0-9]*$/;

function assertChannel(channel: string): void {
  if (!CHANNEL_PATTERN.test(channel)) {
    throw new Error(`Channel "${channel}" must look like "domain:verb" (camelCase on both sides).`);
  }
}

export interface InvokeContract<
  C extends string = string,
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
> {
  readonly kind: 'invoke';
  readonly channel: C;
  readonly input: I;
  readonly output: O;
}

export interface EventContract<C extends string = string, P extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly channel: C;
  readonly payload: P;
}

export interface StreamContract<
  C extends string = string,
  I extends z.ZodType = z.ZodType,
  K extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  readonly kind: 'stream';
  readonly channel: C;
  readonly input: I;
  readonly chunk: K;
  readonly result: R;
}

export type AnyContract = InvokeContract | EventContract | StreamContract;

export function defineInvoke<const C extends string, I extends z.ZodType, O extends z.ZodType>(
  channel: C,
  schemas: { input: I; output: O },
): InvokeContract<C, I, O> {
  assertChannel(channel);
  return Object.freeze({ kind: 'invoke', channel, input: schemas.input, output: schemas.output });
}

export function defineEvent<const C extends string, P extends z.ZodType>(
  channel: C,
  schemas: { payload: P },
): EventContract<C, P> {
  assertChannel(channel);
  return Object.freeze({ kind: 'event', channel, payload: schemas.payload });
}

export function defineStream<
  const C extends string,
  I extends z.ZodType,
  K extends z.ZodType,
  R extends z.ZodType,
>(channel: C, schemas: { input: I; chunk: K; result: R }): StreamContract<C, I, K, R> {
  assertChannel(channel);
  return Object.freeze({
    kind: 'stream',
    channel,
    input: schemas.input,
    chunk: schemas.chunk,
    result: schemas.result,
  });
}

type ByChannel<T extends readonly AnyContract[], K extends AnyContract['kind']> = {
  [X in Extract<T[number], { kind: K }> as X['channel']]: X;
};

export interface ContractRegistry<T extends readonly AnyContract[] = readonly AnyContract[]> {
  readonly all: T;
  readonly invoke: ByChannel<T, 'invoke'>;
  readonly events: ByChannel<T, 'event'>;
  readonly streams: ByChannel<T, 'stream'>;
  /** Channel names a renderer may use, per kind: the preload allowlist. */
  readonly channels: { invoke: string[]; events: string[]; streams: string[] };
}

/** Builds the registry, refusing two contracts with one channel name. */
export function defineRegistry<const T extends readonly AnyContract[]>(contracts: T): ContractRegistry<T> {
  const seen = new Set<string>();
  const invoke: Record<string, AnyContract> = {};
  const events: Record<string, AnyContract> = {};
  const streams: Record<string, AnyContract> = {};
  for (const contract of contracts) {
    if (seen.has(contract.channel)) {
      throw new Error(`Two contracts share the channel "${contract.channel}".`);
    }
    seen.add(contract.channel);
    const target = contract.kind === 'invoke' ? invoke : contract.kind === 'event' ? events : streams;
    target[contract.channel] = contract;
  }
  return Object.freeze({
    all: contracts,
    invoke: invoke as ByChannel<T, 'invoke'>,
    events: events as ByChannel<T, 'event'>,
    streams: streams as ByChannel<T, 'stream'>,
    channels: {
      invoke: Object.keys(invoke),
      events: Object.keys(events),
      streams: Object.keys(streams),
    },
  });
}
