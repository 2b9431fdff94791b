import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CairnError } from '../../src/shared/result';
import { createNodeLauncher, type WorkerLauncher } from '../../src/main/workers/launcher';
import { WorkerSupervisor, type RunJobOptions } from '../../src/main/workers/supervisor';
import { workerFixture } from '../helpers/paths';
import { processExists, waitFor } from '../helpers/process';

const tsLauncher = createNodeLauncher({ execArgv: ['--import', 'tsx'] });

interface Harness {
  supervisor: WorkerSupervisor;
  /** Pids of every worker process launched, in launch order. */
  pids: number[];
  /** Every message the workers sent, as the supervisor received them. */
  messages: unknown[];
}

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * A supervisor whose workers are killed when the test ends. Takes the test's own
 * onTestFinished: tests here run concurrently, so file-wide hooks would hit other tests' workers.
 */
function harness(
  onTestFinished: (fn: () => void) => void,
  options: { cancelGraceMs?: number; defaultTimeoutMs?: number; afterReplyMs?: number } = {},
): Harness {
  const pids: number[] = [];
  const messages: unknown[] = [];
  const launcher: WorkerLauncher = (modulePath) => {
    const child = tsLauncher(modulePath);
    if (child.pid !== undefined) pids.push(child.pid);
    child.onMessage((message) => messages.push(message));
    return child;
  };
  const supervisor = new WorkerSupervisor({ launcher, ...options });
  onTestFinished(() => supervisor.shutdown());
  return { supervisor, pids, messages };
}

/** Runs a job and records how often its promise settled, and how. */
async function settleOf<O>(
  supervisor: WorkerSupervisor,
  fixture: string,
  input: unknown,
  options: RunJobOptions<unknown> = {},
): Promise<{ settles: number; value?: O; error?: CairnError }> {
  const record: { settles: number; value?: O; error?: CairnError } = { settles: 0 };
  const promise = supervisor.run<O>(workerFixture(fixture), input, options);
  await promise.then(
    (value) => {
      record.settles++;
      record.value = value;
    },
    (error: unknown) => {
      record.settles++;
      if (!(error instanceof CairnError)) throw error;
      record.error = error;
    },
  );
  // Give any late message or exit event a chance to (wrongly) settle a second time.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return record;
}

describe.concurrent('WorkerSupervisor.run', () => {
  it('resolves with the job’s result after delivering its progress in order', async ({ onTestFinished }) => {
    const { supervisor, pids } = harness(onTestFinished);
    const progress: unknown[] = [];
    const result = await supervisor.run<{ sum: number; pid: number }, { done: number; of: number }>(
      workerFixture('success'),
      { numbers: [1, 2, 3] },
      { onProgress: (p) => progress.push(p) },
    );
    expect(result.sum).toBe(6);
    expect(result.pid).toBe(pids[0]);
    expect(result.pid).not.toBe(process.pid);
    expect(progress).toEqual([
      { done: 1, of: 3 },
      { done: 2, of: 3 },
      { done: 3, of: 3 },
    ]);
    expect(await waitFor(() => supervisor.activeCount === 0)).toBe(true);
    expect(processExists(result.pid)).toBe(false);
  });

  it('runs each job in its own process, several at once', async ({ onTestFinished }) => {
    const { supervisor, pids } = harness(onTestFinished);
    const results = await Promise.all([
      supervisor.run<{ sum: number; pid: number }>(workerFixture('success'), { numbers: [1] }),
      supervisor.run<{ sum: number; pid: number }>(workerFixture('success'), { numbers: [2, 3] }),
    ]);
    expect(results.map((r) => r.sum)).toEqual([1, 5]);
    expect(new Set(results.map((r) => r.pid)).size).toBe(2);
    expect(pids).toHaveLength(2);
  });

  it('rejects with INTERNAL and the message of a plain Error the job threw', async ({ onTestFinished }) => {
    const { supervisor } = harness(onTestFinished);
    const outcome = await settleOf(supervisor, 'throws', { kind: 'plain' });
    expect(outcome.settles).toBe(1);
    expect(outcome.error?.code).toBe('INTERNAL');
    expect(outcome.error?.message).toBe('Parsing failed at row 17');
  });

  it('rejects with the code, message and details of a CairnError the job threw', async ({
    onTestFinished,
  }) => {
    const { supervisor } = harness(onTestFinished);
    const outcome = await settleOf(supervisor, 'throws', { kind: 'cairn' });
    expect(outcome.error?.toInfo()).toEqual({
      code: 'CONFLICT',
      message: 'The column is already typed.',
      details: { column: 'age' },
    });
    expect(supervisor.activeCount).toBe(0);
  });

  it('rejects with INTERNAL for a thrown string', async ({ onTestFinished }) => {
    const { supervisor } = harness(onTestFinished);
    const outcome = await settleOf(supervisor, 'throws', { kind: 'string' });
    expect(outcome.error?.toInfo()).toEqual({ code: 'INTERNAL', message: 'just a string' });
  });

  it('rejects with INTERNAL naming the exit code when the worker exits mid-job', async ({
    onTestFinished,
  }) => {
    const { supervisor } = harness(onTestFinished);
    const progress: unknown[] = [];
    const outcome = await settleOf(
      supervisor,
      'crash',
      { how: 'exit' },
      { onProgress: (p) => progress.push(p) },
    );
    expect(progress).toEqual(['started']);
    expect(outcome.error?.code).toBe('INTERNAL');
    expect(outcome.error?.message).toBe('The worker process stopped unexpectedly (exit code 3).');
    expect(supervisor.activeCount).toBe(0);
  });

  it('rejects with INTERNAL naming the signal when the worker is SIGKILLed', async ({ onTestFinished }) => {
    const { supervisor } = harness(onTestFinished);
    const outcome = await settleOf(supervisor, 'crash', { how: 'sigkill' });
    expect(outcome.error?.code).toBe('INTERNAL');
    expect(outcome.error?.message).toBe('The worker process stopped unexpectedly (signal SIGKILL).');
  });

  it('rejects with INTERNAL when the worker module does not exist', async ({ onTestFinished }) => {
    const { supervisor } = harness(onTestFinished);
    const outcome = await settleOf(supervisor, 'no-such-worker', {});
    expect(outcome.error?.code).toBe('INTERNAL');
    expect(outcome.error?.message).toMatch(/stopped unexpectedly \(exit code \d+\)/);
    expect(supervisor.activeCount).toBe(0);
  });

  it('ignores messages that are not part of the protocol', async ({ onTestFinished }) => {
    const { supervisor } = harness(onTestFinished);
    const outcome = await settleOf<string>(supervisor, 'misbehave', { mode: 'garbage-then-result' });
    expect(outcome).toEqual({ settles: 1, value: 'after the noise' });
  });
});

describe.concurrent('WorkerSupervisor limits', () => {
  it('stops a job that passes its time limit with TIMEOUT, and its process is gone', async ({
    onTestFinished,
  }) => {
    const { supervisor, pids } = harness(onTestFinished);
    const started = Date.now();
    let running = false;
    const outcome = await settleOf(
      supervisor,
      'hang',
      { cooperative: false },
      {
        // Long enough for a worker to start under tsx on a loaded 2-core machine.
        timeoutMs: 8000,
        onProgress: () => (running = true),
      },
    );
    expect(running).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(7900);
    expect(outcome.settles).toBe(1);
    expect(outcome.error?.code).toBe('TIMEOUT');
    expect(outcome.error?.message).toBe('The job took longer than its limit of 8 s and was stopped.');
    expect(pids).toHaveLength(1);
    expect(() => process.kill(pids[0] as number, 0)).toThrow(
      expect.objectContaining({ code: 'ESRCH' }) as Error,
    );
    expect(supervisor.activeCount).toBe(0);
  });

  it('uses the supervisor’s default time limit when the job names none', async ({ onTestFinished }) => {
    const { supervisor, pids } = harness(onTestFinished, { defaultTimeoutMs: 1000 });
    const outcome = await settleOf(supervisor, 'hang', { cooperative: false });
    expect(outcome.error?.code).toBe('TIMEOUT');
    expect(outcome.error?.message).toBe('The job took longer than its limit of 1 s and was stopped.');
    expect(processExists(pids[0] as number)).toBe(false);
  });
});

describe.concurrent('WorkerSupervisor cancellation', () => {
  it('rejects at once with CANCELLED for an already aborted signal, starting no process', async ({
    onTestFinished,
  }) => {
    const { supervisor, pids } = harness(onTestFinished);
    const controller = new AbortController();
    controller.abort();
    const outcome = await settleOf(supervisor, 'success', { numbers: [1] }, { signal: controller.signal });
    expect(outcome.error?.code).toBe('CANCELLED');
    expect(pids).toEqual([]);
  });

  it('a job that honours its signal stops promptly with CANCELLED, well before the grace period', async ({
    onTestFinished,
  }) => {
    const { supervisor, pids } = harness(onTestFinished, { cancelGraceMs: 10_000 });
    const controller = new AbortController();
    let abortedAt = 0;
    const outcome = await settleOf(
      supervisor,
      'hang',
      { cooperative: true },
      {
        signal: controller.signal,
        onProgress: () => {
          abortedAt = Date.now();
          controller.abort();
        },
      },
    );
    expect(abortedAt).toBeGreaterThan(0);
    expect(Date.now() - abortedAt).toBeLessThan(5000);
    expect(outcome.settles).toBe(1);
    expect(outcome.error?.toInfo()).toEqual({ code: 'CANCELLED', message: 'Cancelled.' });
    expect(processExists(pids[0] as number)).toBe(false);
    expect(supervisor.activeCount).toBe(0);
  });

  it('a job that ignores cancel is killed after the grace period, then rejects CANCELLED', async ({
    onTestFinished,
  }) => {
    const { supervisor, pids } = harness(onTestFinished, { cancelGraceMs: 300 });
    const controller = new AbortController();
    let abortedAt = 0;
    let aliveDuringGrace = false;
    const outcome = await settleOf(
      supervisor,
      'hang',
      { cooperative: false },
      {
        signal: controller.signal,
        onProgress: () => {
          abortedAt = Date.now();
          controller.abort();
          setTimeout(() => (aliveDuringGrace = processExists(pids[0] as number)), 100);
        },
      },
    );
    expect(aliveDuringGrace).toBe(true);
    expect(Date.now() - abortedAt).toBeGreaterThanOrEqual(290);
    expect(outcome.error?.code).toBe('CANCELLED');
    expect(processExists(pids[0] as number)).toBe(false);
    expect(supervisor.activeCount).toBe(0);
  });
});

describe.concurrent('WorkerSupervisor settles exactly once', () => {
  it('a worker that posts its result and then crashes resolves with the result', async ({
    onTestFinished,
  }) => {
    const { supervisor } = harness(onTestFinished);
    const outcome = await settleOf<string>(supervisor, 'misbehave', { mode: 'result-then-crash' });
    expect(outcome).toEqual({ settles: 1, value: 'first' });
    expect(await waitFor(() => supervisor.activeCount === 0)).toBe(true);
  });

  it('a worker with work after its reply answers first, then finishes that work before it exits', async ({
    onTestFinished,
  }) => {
    const { supervisor, pids } = harness(onTestFinished);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-after-')), 'mark');
    onTestFinished(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
    const outcome = await settleOf<string>(supervisor, 'misbehave', { mode: 'result-then-work', file });
    expect(outcome).toEqual({ settles: 1, value: 'answered' });
    // Answered before the work after the reply was done (1.5 s), and that work was not cut short.
    expect(fs.existsSync(file)).toBe(false);
    expect(await waitFor(() => supervisor.activeCount === 0)).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('done');
    expect(processExists(pids[0] as number)).toBe(false);
  });

  it('a worker that answers and then never exits is killed after the time it gets for work after the reply', async ({
    onTestFinished,
  }) => {
    const { supervisor, pids } = harness(onTestFinished, { afterReplyMs: 300 });
    const outcome = await settleOf<string>(supervisor, 'misbehave', { mode: 'result-then-hang' });
    expect(outcome).toEqual({ settles: 1, value: 'answered' });
    expect(await waitFor(() => supervisor.activeCount === 0)).toBe(true);
    expect(processExists(pids[0] as number)).toBe(false);
  });

  it('a worker that posts an error and then exits non-zero rejects with that error, not the exit', async ({
    onTestFinished,
  }) => {
    const { supervisor } = harness(onTestFinished);
    const outcome = await settleOf(supervisor, 'misbehave', { mode: 'error-then-exit' });
    expect(outcome.settles).toBe(1);
    expect(outcome.error?.toInfo()).toEqual({ code: 'CONFLICT', message: 'first outcome' });
    expect(supervisor.activeCount).toBe(0);
  });

  it('a worker that posts an error and then hangs is killed after the grace period and rejects with that error', async ({
    onTestFinished,
  }) => {
    const { supervisor, pids } = harness(onTestFinished, { cancelGraceMs: 200 });
    const outcome = await settleOf(supervisor, 'misbehave', { mode: 'error-then-hang' });
    expect(outcome.settles).toBe(1);
    expect(outcome.error?.toInfo()).toEqual({ code: 'UNAVAILABLE', message: 'gave up' });
    expect(processExists(pids[0] as number)).toBe(false);
    expect(supervisor.activeCount).toBe(0);
  });

  it('cancelling after the job failed keeps the first outcome', async ({ onTestFinished }) => {
    const { supervisor, messages } = harness(onTestFinished, { cancelGraceMs: 1500 });
    const controller = new AbortController();
    const promise = settleOf(
      supervisor,
      'misbehave',
      { mode: 'error-then-hang' },
      { signal: controller.signal },
    );
    expect(await waitFor(() => messages.some((m) => (m as { type?: string }).type === 'error'), 10_000)).toBe(
      true,
    );
    controller.abort();
    const outcome = await promise;
    expect(outcome.settles).toBe(1);
    expect(outcome.error?.toInfo()).toEqual({ code: 'UNAVAILABLE', message: 'gave up' });
  });
});

describe.concurrent('WorkerSupervisor.shutdown', () => {
  it('kills every running job; their promises reject and no process is left', async ({ onTestFinished }) => {
    const { supervisor, pids } = harness(onTestFinished);
    let started = 0;
    const onProgress = (): void => {
      started++;
    };
    const jobs = [1, 2].map(() =>
      supervisor.run(workerFixture('hang'), { cooperative: false }, { onProgress }).then(
        () => null,
        (error: unknown) => error,
      ),
    );
    expect(await waitFor(() => started === 2, 10_000)).toBe(true);
    expect(supervisor.activeCount).toBe(2);
    supervisor.shutdown();
    const errors = await Promise.all(jobs);
    for (const error of errors) {
      expect(error).toBeInstanceOf(CairnError);
      expect((error as CairnError).message).toContain('SIGKILL');
    }
    expect(pids.every((pid) => !processExists(pid))).toBe(true);
    expect(supervisor.activeCount).toBe(0);
  });
});

// Not concurrent: it spies on console.error, which concurrent tests would share.
describe('WorkerSupervisor progress listeners', () => {
  it('keeps going when a progress listener throws, and logs it', async ({ onTestFinished }) => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { supervisor } = harness(onTestFinished);
    const result = await supervisor.run<{ sum: number }>(
      workerFixture('success'),
      { numbers: [4, 5] },
      {
        onProgress: () => {
          throw new Error('listener broke');
        },
      },
    );
    expect(result.sum).toBe(9);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(spy.mock.calls[0]?.[0]).toBe('A progress listener failed');
  });
});

describe('WorkerSupervisor.prewarm', () => {
  it('starts a process that the next job of that module uses, then nothing more until asked', async ({
    onTestFinished,
  }) => {
    const { supervisor, pids } = harness(onTestFinished);
    supervisor.prewarm(workerFixture('success'));
    supervisor.prewarm(workerFixture('success'));
    // One standby per module, and it is not a running job.
    expect(pids).toHaveLength(1);
    expect(supervisor.activeCount).toBe(0);
    const result = await supervisor.run<{ sum: number; pid: number }>(workerFixture('success'), {
      numbers: [2, 3],
    });
    expect(result).toEqual({ sum: 5, pid: pids[0] });
    expect(pids).toHaveLength(1);
    // The next job starts its own process.
    const next = await supervisor.run<{ sum: number; pid: number }>(workerFixture('success'), {
      numbers: [1],
    });
    expect(pids).toHaveLength(2);
    expect(next.pid).toBe(pids[1]);
  });

  it('keeps as many standbys as asked for; jobs take them oldest first', async ({ onTestFinished }) => {
    const { supervisor, pids } = harness(onTestFinished);
    supervisor.prewarm(workerFixture('success'), 2);
    // One starts at once, the next a turn later (each start pauses this process).
    expect(pids).toHaveLength(1);
    supervisor.prewarm(workerFixture('success'), 2);
    expect(await waitFor(() => pids.length === 2)).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(pids).toHaveLength(2);
    const first = await supervisor.run<{ pid: number }>(workerFixture('success'), { numbers: [1] });
    const second = await supervisor.run<{ pid: number }>(workerFixture('success'), { numbers: [2] });
    expect([first.pid, second.pid]).toEqual([pids[0], pids[1]]);
    // Asked again, it starts only what is missing.
    supervisor.prewarm(workerFixture('success'), 2);
    supervisor.prewarm(workerFixture('success'), 1);
    expect(await waitFor(() => pids.length === 4)).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(pids).toHaveLength(4);
    supervisor.shutdown();
    expect(await waitFor(() => pids.every((pid) => !processExists(pid)))).toBe(true);
  });

  it('a standby killed before its job reached it: the job runs on a freshly started process', async ({
    onTestFinished,
  }) => {
    const { supervisor, pids } = harness(onTestFinished);
    supervisor.prewarm(workerFixture('success'));
    const idle = pids[0] as number;
    // Killed, and the job handed to it in the same turn: this process has not seen the exit yet.
    process.kill(idle, 'SIGKILL');
    const result = await supervisor.run<{ sum: number; pid: number }>(workerFixture('success'), {
      numbers: [4, 5],
    });
    expect(result).toEqual({ sum: 9, pid: pids[1] });
    expect(pids).toHaveLength(2);
    expect(await waitFor(() => supervisor.activeCount === 0)).toBe(true);
  });

  it('a job its worker had begun is not run again when the worker dies', async ({ onTestFinished }) => {
    const { supervisor, pids } = harness(onTestFinished);
    supervisor.prewarm(workerFixture('crash'));
    const progress: unknown[] = [];
    const outcome = await settleOf(
      supervisor,
      'crash',
      { how: 'exit' },
      { onProgress: (p) => progress.push(p) },
    );
    expect(progress).toEqual(['started']);
    expect(outcome.error?.message).toBe('The worker process stopped unexpectedly (exit code 3).');
    expect(pids).toHaveLength(1);
  });

  it('starts that can wait go one per turn of the event loop, whoever asks', async ({ onTestFinished }) => {
    const { supervisor, pids } = harness(onTestFinished);
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    supervisor.prewarmSoon(workerFixture('success'));
    supervisor.prewarmSoon(workerFixture('hang'));
    const background = supervisor.launchTurn().then(() => pids.length);
    expect(pids).toHaveLength(0);
    await turn();
    expect(pids).toHaveLength(1);
    await turn();
    expect(pids).toHaveLength(2);
    // The third waiter's turn comes after both starts, never in the same turn as one.
    expect(await background).toBe(2);
    await turn();
    expect(pids).toHaveLength(2);
  });

  it('does not hand out a standby that died while idle; shutdown kills the standby', async ({
    onTestFinished,
  }) => {
    const { supervisor, pids } = harness(onTestFinished);
    supervisor.prewarm(workerFixture('success'));
    const idle = pids[0] as number;
    process.kill(idle, 'SIGKILL');
    expect(await waitFor(() => !processExists(idle))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const result = await supervisor.run<{ sum: number; pid: number }>(workerFixture('success'), {
      numbers: [4],
    });
    expect(result.sum).toBe(4);
    expect(result.pid).not.toBe(idle);

    supervisor.prewarm(workerFixture('success'));
    const standby = pids.at(-1) as number;
    expect(processExists(standby)).toBe(true);
    supervisor.shutdown();
    expect(await waitFor(() => !processExists(standby))).toBe(true);
    // After shutdown nothing new is started.
    const count = pids.length;
    supervisor.prewarm(workerFixture('success'));
    expect(pids).toHaveLength(count);
  });
});
