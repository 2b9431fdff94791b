import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../helpers/paths';

const SERVE = path.join(repoRoot, 'out', 'main', 'serve.js');

export interface AppProcess {
  child: ChildProcess;
  port: number;
  token: string;
  /** Resolves with the exit code or signal once the app's own process is gone. */
  exited: Promise<string>;
  /** SIGKILL to the whole group: the app and every worker it started, as a power cut would. */
  kill(): Promise<string>;
  /** SIGTERM, and wait for the clean exit. */
  stop(): Promise<string>;
  output(): string;
}

/**
 * Starts the built web host (`out/main/serve.js`, what `npm run serve` runs) on a free port over
 * `dataDir`, in a process group of its own, and waits for the address it prints.
 */
export function startAppProcess(dataDir: string): Promise<AppProcess> {
  const child = spawn(process.execPath, [SERVE, '--port', '0', '--data-dir', dataDir], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-50_000);
  };
  child.stderr.on('data', keep);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? String(code))),
  );
  const group = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      keep(chunk);
      const found = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+)/.exec(output);
      if (!found) return;
      resolve({
        child,
        port: Number(found[1]),
        token: found[2] as string,
        exited,
        kill: () => {
          group('SIGKILL');
          return exited;
        },
        stop: () => {
          group('SIGTERM');
          return exited;
        },
        output: () => output,
      });
    });
    void exited.then((how) => reject(new Error(`The app ended (${how}) before it was ready:\n${output}`)));
  });
}
