import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineEvent } from '../../src/shared/contract';
import { EventBus } from '../../src/main/events';

const pinged = defineEvent('test:pinged', {
  payload: z.object({ n: z.number(), note: z.string().default('') }),
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('EventBus', () => {
  it('delivers the parsed payload (defaults applied) to every subscriber with the channel name', () => {
    const bus = new EventBus();
    const a: unknown[] = [];
    const b: unknown[] = [];
    bus.subscribe((channel, payload) => a.push([channel, payload]));
    bus.subscribe((channel, payload) => b.push([channel, payload]));
    bus.publish(pinged, { n: 1 });
    expect(a).toEqual([['test:pinged', { n: 1, note: '' }]]);
    expect(b).toEqual(a);
  });

  it('refuses to publish a payload that breaks the contract, delivering nothing', () => {
    const bus = new EventBus();
    const got: unknown[] = [];
    bus.subscribe((_c, p) => got.push(p));
    expect(() => bus.publish(pinged, { n: 'x' } as unknown as { n: number })).toThrow(z.ZodError);
    expect(got).toEqual([]);
  });

  it('stops delivering to a listener once it unsubscribes', () => {
    const bus = new EventBus();
    const got: number[] = [];
    const off = bus.subscribe((_c, p) => got.push((p as { n: number }).n));
    bus.publish(pinged, { n: 1 });
    off();
    bus.publish(pinged, { n: 2 });
    expect(got).toEqual([1]);
  });

  it('keeps delivering to other listeners when one throws, and logs the failure', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const bus = new EventBus();
    const got: number[] = [];
    bus.subscribe(() => {
      throw new Error('listener broke');
    });
    bus.subscribe((_c, p) => got.push((p as { n: number }).n));
    expect(() => bus.publish(pinged, { n: 5 })).not.toThrow();
    expect(got).toEqual([5]);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]?.[0]).toBe('An event listener failed for test:pinged');
  });
});
