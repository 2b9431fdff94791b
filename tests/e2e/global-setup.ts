import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Builds the app once per run so every test serves the same real renderer and backend. */
export default function globalSetup(): void {
  if (process.env.CAIRN_SKIP_BUILD === '1' && fs.existsSync('out/main/serve.js')) return;
  execFileSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
