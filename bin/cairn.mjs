#!/usr/bin/env node
// `npx cairn …` from the repository: the command line runs the TypeScript sources directly
// (through tsx), so it never goes stale against a forgotten build.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'src/main/cli.ts'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    cwd: process.cwd(),
  },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
