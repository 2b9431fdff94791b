import type { z } from 'zod';
import type { EventContract } from '../shared/contract';

export type EventListener = (channel: string, payload: unknown) => void;

/**
 * Main-process event fan-out. Services publish typed events; each transport subscribes once and
 * forwards to its windows or sockets. Payloads are validated so a window never sees a bad event.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  publish<E extends EventContract>(contract: E, payload: z.input<E['payload']>): void {
    const parsed = contract.payload.parse(payload);
    for (const listener of this.listeners) {
      try {
        listener(contract.channel, parsed);
      } catch (error) {
        console.error(`An event listener failed for ${contract.channel}`, error);
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** What services see of the bus: they can publish, not listen. */
export type Publish = EventBus['publish'];
