import { test as base, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A running `npm run serve` equivalent on a private data dir, restartable on the same data. */
export interface CairnHost {
  url: string;
  origin: string;
  dataDir: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Opens the tokenised address (the host swaps it for a cookie) and waits for the shell. */
  open(page: Page): Promise<void>;
}

async function launch(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['out/main/serve.js', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running (and loading the machine) after the test has given up on it.
      child.kill('SIGKILL');
      reject(new Error(`The web host did not start:\n${output}`));
    }, 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The web host exited with ${code}:\n${output}`));
    });
  });
  return { child, url };
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

export const test = base.extend<{ host: CairnHost }>({
  // Playwright reads a fixture's dependencies from this destructuring, so it must stay an object pattern.
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-'));
    let running = await launch(dataDir);
    const host: CairnHost = {
      get url() {
        return running.url;
      },
      get origin() {
        return new URL(running.url).origin;
      },
      dataDir,
      restart: async () => {
        await kill(running.child);
        running = await launch(dataDir);
      },
      stop: () => kill(running.child),
      open: async (page) => {
        await page.goto(running.url);
        await page.getByRole('navigation', { name: 'Main' }).waitFor();
      },
    };
    await use(host);
    await kill(running.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
