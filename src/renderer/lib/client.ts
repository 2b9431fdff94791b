import type {
  EventChannel,
  EventPayload,
  InvokeChannel,
  InvokeInput,
  InvokeOutput,
  StreamChannel,
  StreamChunk,
  StreamInput,
  StreamResult,
} from '../../shared/client-types';
import { CairnError } from '../../shared/result';
import { electronTransport, webTransport, type Transport } from './transport';

/**
 * The renderer's typed door to the main process. Channel names and payload types come from the
 * contract registry, so a typo or a wrong field is a compile error. Failures throw CairnError
 * with the envelope's code and message.
 */
let streamCount = 0;

export function createClient(transport: Transport) {
  return {
    transport,
    async invoke<C extends InvokeChannel>(channel: C, ...args: InvokeInputArgs<C>): Promise<InvokeOutput<C>> {
      const result = await transport.invoke(channel, args[0]);
      if (!result.ok) throw CairnError.fromInfo(result.error);
      return result.value as InvokeOutput<C>;
    },
    /**
     * Starts a stream: `onChunk` sees every chunk, `result` settles with the end (or rejects with
     * the error; CANCELLED after `cancel()`).
     */
    stream<C extends StreamChannel>(
      channel: C,
      input: StreamInput<C>,
      onChunk: (chunk: StreamChunk<C>) => void,
    ): { result: Promise<StreamResult<C>>; cancel(): void } {
      // Only unique per window (the transports key streams by window or socket): a counter will do.
      const requestId = `${channel}-${++streamCount}`;
      let running: { cancel(): void } = { cancel: () => undefined };
      const result = new Promise<StreamResult<C>>((resolve, reject) => {
        running = transport.stream(channel, requestId, input, (frame) => {
          if (frame.type === 'chunk') onChunk(frame.data as StreamChunk<C>);
          else if (frame.type === 'end') resolve(frame.data as StreamResult<C>);
          else reject(CairnError.fromInfo(frame.error));
        });
      });
      return { result, cancel: () => running.cancel() };
    },
    on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
      return transport.on(channel, (payload) => listener(payload as EventPayload<C>));
    },
  };
}

/** Input may be omitted when the contract's input has a default. */
type InvokeInputArgs<C extends InvokeChannel> =
  undefined extends InvokeInput<C> ? [input?: InvokeInput<C>] : [input: InvokeInput<C>];

export type CairnClient = ReturnType<typeof createClient>;

export const client: CairnClient = createClient(
  window.cairn ? electronTransport(window.cairn) : webTransport(),
);
