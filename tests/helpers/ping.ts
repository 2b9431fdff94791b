import type { CairnApp } from '../../src/main/app';

export interface PingReport<T> {
  /** The slowest `system:info` answer while the work ran, in ms. */
  slowestMs: number;
  pings: number;
  outcome: { ok: true; value: T } | { ok: false; error: unknown };
}

/**
 * Asks `system:info` through the app's Handlers every 10 ms for as long as `work` runs: whatever
 * the work does, another caller must still get answers. A ping is timed from the moment it was
 * due (as a caller's request would arrive) to its answer, so a main process blocked by the work
 * shows as one slow ping even though the call itself is quick once it runs.
 */
export async function pingWhile<T>(app: CairnApp, work: () => Promise<T>): Promise<PingReport<T>> {
  let done = false;
  let slowestMs = 0;
  let pings = 0;
  const pinger = (async () => {
    while (!done) {
      const due = performance.now() + 10;
      await new Promise((resolve) => setTimeout(resolve, 10));
      const answer = await app.handlers.invoke('system:info', {}, { transport: 'test' });
      if (!answer.ok) throw new Error(`system:info failed: ${answer.error.message}`);
      slowestMs = Math.max(slowestMs, performance.now() - due);
      pings += 1;
    }
  })();
  // The first ping is already due in 10 ms: a work that blocks at once makes it late.
  const outcome = await work().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  done = true;
  await pinger;
  return { slowestMs, pings, outcome };
}
