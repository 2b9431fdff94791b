import { fork } from 'node:child_process';

/** The part of a child process the supervisor needs; Node's fork and Electron's utilityProcess both fit. */
export interface WorkerProcess {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

export type WorkerLauncher = (modulePath: string) => WorkerProcess;

export interface NodeLauncherOptions {
  /** Extra Node flags, e.g. a memory cap, or a TypeScript loader in tests. */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
}

/** Runs a worker module with `child_process.fork` (plain Node: the web host, the CLI, tests). */
export function createNodeLauncher(options: NodeLauncherOptions = {}): WorkerLauncher {
  return (modulePath) => {
    const child = fork(modulePath, [], {
      execArgv: options.execArgv ?? [],
      env: options.env ?? process.env,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return {
      pid: child.pid,
      postMessage: (message) => {
        if (child.connected) child.send(message as never);
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => {
        // 'close', not 'exit': 'exit' can come before the child's last IPC message has been read
        // (seen under load: a job's error lost to "stopped unexpectedly"); 'close' waits for the
        // IPC channel to be drained and closed.
        child.on('close', (code, signal) => listener(code, signal));
        // A failed spawn emits 'error' and possibly no 'exit'.
        child.on('error', () => listener(null, 'spawn-error'));
      },
      kill: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  };
}
