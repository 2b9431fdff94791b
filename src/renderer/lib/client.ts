import type {
  EventChannel,
  EventPayload,
  InvokeChannel,
  InvokeInput,
  InvokeOutput,
} from '../../shared/client-types';
import { CairnError } from '../../shared/result';
import { electronTransport, webTransport, type Transport } from './transport';

/**
 * The renderer's typed door to the main process. Channel names and payload types come from the
 * contract registry, so a typo or a wrong field is a compile error. Failures throw CairnError
 * with the envelope's code and message.
 */
export function createClient(transport: Transport) {
  return {
    transport,
    async invoke<C extends InvokeChannel>(channel: C, ...args: InvokeInputArgs<C>): Promise<InvokeOutput<C>> {
      const result = await transport.invoke(channel, args[0]);
      if (!result.ok) throw CairnError.fromInfo(result.error);
      return result.value as InvokeOutput<C>;
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
