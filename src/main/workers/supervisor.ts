import { CairnError } from '../../shared/result';
import type { WorkerLauncher, WorkerProcess } from './launcher';
import { isFromWorker } from './protocol';

export interface RunJobOptions<P> {
  onProgress?: (progress: P) => void;
  signal?: AbortSignal;
  /** Hard limit for the whole job; the process is killed when it passes. */
  timeoutMs?: number;
  /** Overrides the supervisor's grace after a cancel (0: a job that cannot hear it is killed at once). */
  cancelGraceMs?: number;
}

export interface SupervisorOptions {
  launcher: WorkerLauncher;
  defaultTimeoutMs?: number;
  /** How long a cancelled worker gets to stop by itself before it is killed. */
  cancelGraceMs?: number;
  /**
   * How long a worker that has answered gets to finish its work after the reply (a WAL
   * checkpoint) and exit by itself before it is killed.
   */
  afterReplyMs?: number;
}

/**
 * Runs jobs in separate processes, one process per job, so a job can be killed at any moment
 * without harming the main process. Every job settles exactly once: with its result, or with
 * an error once its process is gone (cancelled, timed out, crashed, or failed), never both.
 */
export class WorkerSupervisor {
  private readonly running = new Set<WorkerProcess>();
  /** Started processes waiting for their first job, oldest first, per module (see prewarm). */
  private readonly standby = new Map<string, { child: WorkerProcess; alive: boolean }[]>();
  private closed = false;
  private readonly launchTurns: (() => void)[] = [];
  private readonly launcher: WorkerLauncher;
  private readonly defaultTimeoutMs: number;
  private readonly cancelGraceMs: number;
  private readonly afterReplyMs: number;

  constructor(options: SupervisorOptions) {
    this.launcher = options.launcher;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 10 * 60_000;
    this.cancelGraceMs = options.cancelGraceMs ?? 2_000;
    this.afterReplyMs = options.afterReplyMs ?? 30_000;
  }

  get activeCount(): number {
    return this.running.size;
  }

  run<O, P = unknown>(modulePath: string, input: unknown, options: RunJobOptions<P> = {}): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new CairnError('CANCELLED', 'Cancelled.'));
        return;
      }
      let settled = false;
      let exited = false;
      // The outcome decided while the process is still alive; delivered once it has exited.
      let pendingFailure: CairnError | null = null;
      let graceTimer: NodeJS.Timeout | undefined;

      const standby = this.takeStandby(modulePath);
      let child = standby ?? this.launcher(modulePath);
      // A standby can have died while it waited (killed from outside, out of memory) without this
      // process having seen its exit yet. Until the worker says it has the job, nothing of it has
      // run: the job is given once more to a freshly started process instead of failing.
      let mayRelaunch = standby !== null;
      let acknowledged = false;

      const cleanup = (): void => {
        clearTimeout(timeout);
        clearTimeout(graceTimer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const succeed = (value: O): void => {
        if (settled) return;
        settled = true;
        cleanup();
        resolve(value);
        // The worker exits by itself once its work after the reply is done; one that does not
        // (stuck, or a job that never exits) is killed. Until then it counts as running.
        if (!exited) {
          const worker = child;
          const reaper = setTimeout(() => worker.kill(), this.afterReplyMs);
          reaper.unref();
          worker.onExit(() => clearTimeout(reaper));
        }
      };
      const failNow = (error: CairnError): void => {
        if (settled) return;
        settled = true;
        cleanup();
        reject(error);
      };
      /** Fails once the process is gone, so callers can clean up knowing nothing still writes. */
      const failAfterExit = (error: CairnError, killAfterMs: number): void => {
        if (settled || pendingFailure) return;
        pendingFailure = error;
        if (exited) {
          failNow(error);
          return;
        }
        if (killAfterMs <= 0) child.kill();
        else graceTimer = setTimeout(() => child.kill(), killAfterMs);
      };

      const onAbort = (): void => {
        child.postMessage({ type: 'cancel' });
        failAfterExit(new CairnError('CANCELLED', 'Cancelled.'), options.cancelGraceMs ?? this.cancelGraceMs);
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });

      const limit = options.timeoutMs ?? this.defaultTimeoutMs;
      const timeout = setTimeout(() => {
        failAfterExit(
          new CairnError(
            'TIMEOUT',
            `The job took longer than its limit of ${formatMs(limit)} and was stopped.`,
          ),
          0,
        );
      }, limit);

      const watch = (worker: WorkerProcess): void => {
        this.running.add(worker);
        worker.onMessage((message) => {
          if (worker !== child || settled || pendingFailure || !isFromWorker(message)) return;
          if (message.type === 'started') {
            acknowledged = true;
          } else if (message.type === 'progress') {
            try {
              options.onProgress?.(message.data as P);
            } catch (error) {
              console.error('A progress listener failed', error);
            }
          } else if (message.type === 'result') {
            succeed(message.data as O);
          } else {
            failAfterExit(CairnError.fromInfo(message.error), this.cancelGraceMs);
          }
        });
        worker.onExit((code, signal) => {
          this.running.delete(worker);
          if (worker !== child) return;
          if (mayRelaunch && !acknowledged && !settled && !pendingFailure && !this.closed) {
            mayRelaunch = false;
            child = this.launcher(modulePath);
            watch(child);
            child.postMessage({ type: 'run', input });
            return;
          }
          exited = true;
          if (pendingFailure) {
            failNow(pendingFailure);
            return;
          }
          const how = signal ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`;
          failNow(new CairnError('INTERNAL', `The worker process stopped unexpectedly (${how}).`));
        });
      };
      watch(child);
      child.postMessage({ type: 'run', input });
    });
  }

  /**
   * Resolves on a later turn of the event loop in which no other caller of it is resumed: each
   * process start (a fork) pauses this process for 15–120 ms, and starts that can wait (standbys,
   * background profiles) go one per turn so that calls arriving in between are answered between
   * two of them rather than after both.
   */
  launchTurn(): Promise<void> {
    return new Promise((resolve) => {
      this.launchTurns.push(resolve);
      if (this.launchTurns.length === 1) setImmediate(() => this.nextLaunchTurn());
    });
  }

  private nextLaunchTurn(): void {
    const next = this.launchTurns.shift();
    next?.();
    if (this.launchTurns.length > 0) setImmediate(() => this.nextLaunchTurn());
  }

  /**
   * Starts processes for `modulePath` until `count` wait for it, so that the next `run`s of it
   * skip the start-up (~0.2 s of CPU: Node, then the module's imports; seconds on a busy machine).
   * One now and the rest a launch turn apart: each start (a fork) pauses this process, and calls
   * waiting in between are answered. An idle one costs ~40 MB, so only callers expecting more jobs
   * soon ask. Killed at shutdown.
   */
  prewarm(modulePath: string, count = 1): void {
    if (this.closed) return;
    const waiting = this.standby.get(modulePath) ?? [];
    this.standby.set(modulePath, waiting);
    if (waiting.length >= count) return;
    const child = this.launcher(modulePath);
    const entry = { child, alive: true };
    child.onExit(() => {
      entry.alive = false;
      const at = waiting.indexOf(entry);
      if (at >= 0) waiting.splice(at, 1);
    });
    waiting.push(entry);
    if (waiting.length < count) void this.launchTurn().then(() => this.prewarm(modulePath, count));
  }

  /**
   * `prewarm`, once the caller's answer is on its way: starting a process blocks this one for
   * 15–120 ms (the fork), which a caller that asked for the standby in a `finally` paid before its
   * result reached anyone (a chat question answered in ~70 ms waited for it).
   */
  prewarmSoon(modulePath: string, count = 1): void {
    void this.launchTurn().then(() => this.prewarm(modulePath, count));
  }

  /** The longest-waiting standby (the most likely to have finished starting), if one is alive. */
  private takeStandby(modulePath: string): WorkerProcess | null {
    const waiting = this.standby.get(modulePath);
    const entry = waiting?.shift();
    return entry?.alive ? entry.child : null;
  }

  /** Kills every running job (their promises reject) and every standby. Used when the app quits. */
  shutdown(): void {
    this.closed = true;
    for (const child of this.running) child.kill();
    for (const waiting of this.standby.values()) for (const { child } of waiting) child.kill();
    this.standby.clear();
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
