import { z } from 'zod';
import type { AnyContract, ContractRegistry, InvokeContract, StreamContract } from '../../shared/contract';
import { CairnError, fail, ok, type ErrorInfo, type Result } from '../../shared/result';
import { describeIssues, firstIssueMessage } from '../../shared/result-schema';
import type { StreamFrame } from '../../shared/stream';

/** Who is calling. Transports fill it; handlers may use `transport` for logging, never for trust. */
export interface CallContext {
  transport: 'electron' | 'web' | 'test';
  /**
   * What the transport lets its caller do beyond the contract, decided by the transport alone
   * (absent: nothing). `localPaths`: the caller may name a file on this machine by path. Only
   * the desktop grants it (its paths come from the file picker or a drop, via the preload); a
   * browser's files arrive as uploads, so the web host never does.
   */
  grants?: { localPaths?: boolean };
}

export interface StreamContext<K> extends CallContext {
  signal: AbortSignal;
  send(chunk: K): void;
}

type InvokeFn<C extends InvokeContract> = (
  input: z.output<C['input']>,
  ctx: CallContext,
) => Promise<z.input<C['output']>> | z.input<C['output']>;

type StreamFn<C extends StreamContract> = (
  input: z.output<C['input']>,
  ctx: StreamContext<z.input<C['chunk']>>,
) => Promise<z.input<C['result']>>;

/**
 * The most one stream frame (a chunk or the end) may carry, serialized. Chunks are progress and
 * answer parts, and results are bounded where they are made (a query's rows at 1 MB), so a
 * larger frame means something asked for far too much: it ends the stream with a message instead
 * of tying up the process and the transport with it.
 */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

/** The serialized size of a frame's data in bytes. */
function frameBytes(data: unknown): number {
  const text = JSON.stringify(data) as string | undefined;
  return text === undefined ? 0 : Buffer.byteLength(text);
}

const tooLargeFrame = (limit: number): ErrorInfo => ({
  code: 'VALIDATION',
  message: `The answer grew larger than the ${Math.round(limit / (1024 * 1024))} MB one message may carry and was stopped. Ask for less (fewer rows or columns) and try again.`,
});

interface Logger {
  error(message: string, error: unknown): void;
}

/** Turns anything thrown into an envelope error. Stacks and internals never leave the process. */
export function toErrorInfo(error: unknown, logger?: Logger, channel?: string): ErrorInfo {
  // Input is validated before a handler runs; a ZodError from inside one is Cairn's own bug.
  if (error instanceof CairnError) return error.toInfo();
  logger?.error(`Unexpected error in ${channel ?? 'a handler'}`, error);
  return { code: 'INTERNAL', message: 'Something went wrong inside Cairn. The details are in its log.' };
}

export interface RunningStream {
  cancel(): void;
}

/**
 * The one door into the main process. Handlers are registered only through `handle` and
 * `handleStream`, each contract exactly once; transports only call `invoke` and `startStream`,
 * which validate input, call the service and wrap every outcome in the envelope.
 */
export class Handlers {
  private readonly invokeFns = new Map<string, { contract: InvokeContract; fn: InvokeFn<InvokeContract> }>();
  private readonly streamFns = new Map<string, { contract: StreamContract; fn: StreamFn<StreamContract> }>();

  constructor(
    private readonly registry: ContractRegistry,
    private readonly logger: Logger = { error: (m, e) => console.error(m, e) },
    private readonly maxFrameBytes: number = MAX_FRAME_BYTES,
  ) {}

  handle<C extends InvokeContract>(contract: C, fn: InvokeFn<C>): void {
    this.assertRegistrable(contract);
    this.invokeFns.set(contract.channel, {
      contract,
      fn: fn as unknown as InvokeFn<InvokeContract>,
    });
  }

  handleStream<C extends StreamContract>(contract: C, fn: StreamFn<C>): void {
    this.assertRegistrable(contract);
    this.streamFns.set(contract.channel, {
      contract,
      fn: fn as unknown as StreamFn<StreamContract>,
    });
  }

  /** Contracts of the registry that still have no handler (invoke and stream). */
  missing(): string[] {
    const missing: string[] = [];
    for (const contract of this.registry.all) {
      if (contract.kind === 'invoke' && !this.invokeFns.has(contract.channel)) missing.push(contract.channel);
      if (contract.kind === 'stream' && !this.streamFns.has(contract.channel)) missing.push(contract.channel);
    }
    return missing;
  }

  registeredChannels(): string[] {
    return [...this.invokeFns.keys(), ...this.streamFns.keys()];
  }

  async invoke(channel: string, rawInput: unknown, ctx: CallContext): Promise<Result<unknown>> {
    const entry = this.invokeFns.get(channel);
    if (!entry) return fail('NOT_FOUND', `There is no call named "${channel}".`);
    const parsed = entry.contract.input.safeParse(rawInput);
    if (!parsed.success) {
      return fail('VALIDATION', firstIssueMessage(parsed.error), describeIssues(parsed.error));
    }
    try {
      const value = await entry.fn(parsed.data, ctx);
      // Checking our own output catches a service drifting from its contract before the renderer does.
      const checked = entry.contract.output.safeParse(value);
      if (!checked.success) {
        this.logger.error(`Handler for ${channel} returned data that breaks its contract`, checked.error);
        return fail('INTERNAL', 'Something went wrong inside Cairn. The details are in its log.');
      }
      return ok(checked.data);
    } catch (error) {
      return { ok: false, error: toErrorInfo(error, this.logger, channel) };
    }
  }

  /**
   * Runs a stream, sending exactly one terminal frame (`end` or `error`) after any chunks.
   * Cancelling aborts the handler's signal and ends the stream with a CANCELLED error.
   */
  startStream(
    channel: string,
    requestId: string,
    rawInput: unknown,
    ctx: CallContext,
    sink: (frame: StreamFrame) => void,
  ): RunningStream {
    const controller = new AbortController();
    let settled = false;
    const settle = (frame: StreamFrame): void => {
      if (settled) return;
      settled = true;
      sink(frame);
    };
    const entry = this.streamFns.get(channel);
    if (!entry) {
      settle({
        requestId,
        type: 'error',
        error: { code: 'NOT_FOUND', message: `There is no stream named "${channel}".` },
      });
      return { cancel: () => undefined };
    }
    const parsed = entry.contract.input.safeParse(rawInput);
    if (!parsed.success) {
      settle({
        requestId,
        type: 'error',
        error: {
          code: 'VALIDATION',
          message: firstIssueMessage(parsed.error),
          details: describeIssues(parsed.error),
        },
      });
      return { cancel: () => undefined };
    }
    const send = (chunk: unknown): void => {
      if (settled) return;
      const checked = entry.contract.chunk.safeParse(chunk);
      if (!checked.success) {
        this.logger.error(`Stream ${channel} produced a chunk that breaks its contract`, checked.error);
        return;
      }
      if (frameBytes(checked.data) > this.maxFrameBytes) {
        controller.abort();
        settle({ requestId, type: 'error', error: tooLargeFrame(this.maxFrameBytes) });
        return;
      }
      sink({ requestId, type: 'chunk', data: checked.data });
    };
    void (async () => {
      try {
        const result = await entry.fn(parsed.data, { ...ctx, signal: controller.signal, send });
        if (controller.signal.aborted) throw new CairnError('CANCELLED', 'Cancelled.');
        // Like invoke's output check: a result drifting from its contract is our bug, not the caller's.
        const checked = entry.contract.result.safeParse(result);
        if (!checked.success) {
          this.logger.error(`Stream ${channel} returned a result that breaks its contract`, checked.error);
          settle({
            requestId,
            type: 'error',
            error: {
              code: 'INTERNAL',
              message: 'Something went wrong inside Cairn. The details are in its log.',
            },
          });
          return;
        }
        if (frameBytes(checked.data) > this.maxFrameBytes) {
          settle({ requestId, type: 'error', error: tooLargeFrame(this.maxFrameBytes) });
          return;
        }
        settle({ requestId, type: 'end', data: checked.data });
      } catch (error) {
        const info = controller.signal.aborted
          ? { code: 'CANCELLED' as const, message: 'Cancelled.' }
          : toErrorInfo(error, this.logger, channel);
        settle({ requestId, type: 'error', error: info });
      }
    })();
    return {
      cancel: () => {
        if (settled) return;
        controller.abort();
        settle({ requestId, type: 'error', error: { code: 'CANCELLED', message: 'Cancelled.' } });
      },
    };
  }

  private assertRegistrable(contract: AnyContract): void {
    const known = this.registry.all.some((c) => c === contract);
    if (!known) throw new Error(`Contract "${contract.channel}" is not in the registry.`);
    if (this.invokeFns.has(contract.channel) || this.streamFns.has(contract.channel)) {
      throw new Error(`A handler for "${contract.channel}" is already registered.`);
    }
  }
}
