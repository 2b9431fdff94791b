// `npm start`: the desktop app from a fresh checkout. Checks for the Electron binary, makes sure
// better-sqlite3 has an Electron build, builds if the sources changed, then runs the built app.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronVite = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');

/** The Electron executable, or null. The npm package installs fine without it (ELECTRON_SKIP_BINARY_DOWNLOAD). */
function electronBinary() {
  if (process.env.ELECTRON_EXEC_PATH)
    return fs.existsSync(process.env.ELECTRON_EXEC_PATH) ? process.env.ELECTRON_EXEC_PATH : null;
  try {
    const file = createRequire(path.join(root, 'package.json'))('electron');
    return typeof file === 'string' && fs.existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

function newestMtime(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(entry)
    .reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

function buildIsCurrent() {
  const outputs = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].map((file) =>
    path.join(root, file),
  );
  if (!outputs.every((file) => fs.existsSync(file))) return false;
  const built = Math.min(...outputs.map((file) => fs.statSync(file).mtimeMs));
  const inputs = [
    'src',
    'electron.vite.config.ts',
    'package.json',
    'tsconfig.node.json',
    'tsconfig.web.json',
  ];
  return Math.max(...inputs.map((entry) => newestMtime(path.join(root, entry)))) <= built;
}

const electron = electronBinary();
if (!electron) {
  console.error(
    'Cairn\'s desktop shell needs the Electron binary, which is not installed here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD). Run "npm run serve" to use Cairn in a browser instead.',
  );
  process.exit(1);
}

const native = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-native-electron.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
if (native.status !== 0) process.exit(native.status ?? 1);

const previewArgs = [electronVite, 'preview'];
if (buildIsCurrent()) previewArgs.push('--skipBuild');
// electron-vite finds Electron on its own unless told; telling it keeps ELECTRON_OVERRIDE_DIST_PATH working.
const child = spawn(process.execPath, previewArgs, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: electron },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
