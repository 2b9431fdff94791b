import { utilityProcess } from 'electron';
import type { WorkerLauncher } from '../workers/launcher';

/** Runs worker modules as Electron utility processes (Node without the app's privileges). */
export const utilityLauncher: WorkerLauncher = (modulePath) => {
  const child = utilityProcess.fork(modulePath, [], { serviceName: 'Cairn worker', stdio: 'inherit' });
  let alive = true;
  child.on('exit', () => {
    alive = false;
  });
  return {
    get pid() {
      return child.pid;
    },
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code) => listener(code, null)),
    kill: () => {
      if (alive) child.kill();
    },
  };
};
