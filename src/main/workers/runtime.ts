import { CairnError, type ErrorInfo } from '../../shared/result';
import type { FromWorker, ToWorker } from './protocol';

export interface JobContext<P> {
  progress(data: P): void;
  /** Aborted when the supervisor asks the job to stop; check it between chunks of work. */
  signal: AbortSignal;
  /**
   * Work that must happen but that the caller need not wait for (a WAL checkpoint): run after the
   * outcome is sent, before the process exits. It must not fail the job, so errors are only logged.
   */
  afterReply(task: () => void): void;
}

export type Job<I, O, P> = (input: I, ctx: JobContext<P>) => Promise<O> | O;

interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/** Electron's utilityProcess exposes `process.parentPort`; Node's fork uses `process.send`. */
function channel(): {
  send(message: FromWorker): Promise<void>;
  onMessage(listener: (m: ToWorker) => void): void;
} {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      send: (message) => {
        parentPort.postMessage(message);
        return Promise.resolve();
      },
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ToWorker)),
    };
  }
  return {
    send: (message) =>
      new Promise<void>((resolve) => {
        if (!process.send) {
          resolve();
          return;
        }
        process.send(message, undefined, undefined, () => resolve());
      }),
    onMessage: (listener) => process.on('message', (message) => listener(message as ToWorker)),
  };
}

function toInfo(error: unknown): ErrorInfo {
  if (error instanceof CairnError) return error.toInfo();
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

export interface WorkerOptions {
  /**
   * Runs the job's code once on made-up input while the process waits as a standby, so the first
   * real job does not pay for compiling it (~8 ms of a 20 ms query). Skipped if a job came first.
   */
  warmUp?: () => void;
}

/** The entry of a worker module: `runWorker(async (input, { progress, signal }) => result)`. */
export function runWorker<I, O, P = unknown>(job: Job<I, O, P>, options: WorkerOptions = {}): void {
  const port = channel();
  const controller = new AbortController();
  let started = false;
  const { warmUp } = options;
  if (warmUp) {
    setImmediate(() => {
      if (started) return;
      try {
        warmUp();
      } catch (error) {
        // Only a lost head start: the real job reports its own errors.
        console.error('Worker warm-up failed', error);
      }
    });
  }
  port.onMessage((message) => {
    if (message.type === 'cancel') {
      controller.abort();
      return;
    }
    if (message.type !== 'run' || started) return;
    started = true;
    void port.send({ type: 'started' });
    const after: (() => void)[] = [];
    void (async () => {
      let outcome: FromWorker;
      try {
        const data = await job(message.input as I, {
          progress: (progress) => void port.send({ type: 'progress', data: progress }),
          signal: controller.signal,
          afterReply: (task) => void after.push(task),
        });
        outcome = controller.signal.aborted
          ? { type: 'error', error: { code: 'CANCELLED', message: 'Cancelled.' } }
          : { type: 'result', data };
      } catch (error) {
        outcome = {
          type: 'error',
          error: controller.signal.aborted ? { code: 'CANCELLED', message: 'Cancelled.' } : toInfo(error),
        };
      }
      await port.send(outcome);
      for (const task of after) {
        try {
          task();
        } catch (error) {
          console.error('Work after the reply failed', error);
        }
      }
      process.exit(0);
    })();
  });
}
