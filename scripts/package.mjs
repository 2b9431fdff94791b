// `npm run package [-- <electron-builder options>]`: installers in release/. Prepares the Electron
// build of better-sqlite3 first (the likeliest step to fail offline), then builds, then packages.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function step(script, args) {
  const result = spawnSync(process.execPath, [path.join(root, script), ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

step('scripts/build-native-electron.mjs', []);
step('node_modules/electron-vite/bin/electron-vite.js', ['build']);
// Read only now: the native step has already reported a missing Electron package in one line.
const electron = JSON.parse(
  fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
).version;

// Output is passed through as it comes and also kept, to name the cause if the download fails.
let tail = '';
const keep = (chunk, stream) => {
  stream.write(chunk);
  tail = (tail + chunk.toString()).slice(-64 * 1024);
};
const builder = spawn(
  process.execPath,
  [
    path.join(root, 'node_modules', 'electron-builder', 'cli.js'),
    '--config',
    'electron-builder.yml',
    '--publish',
    'never',
    ...process.argv.slice(2),
  ],
  // electron-builder.yml names the native folder through this variable: it has no Electron-version macro.
  {
    cwd: root,
    stdio: ['inherit', 'pipe', 'pipe'],
    env: { ...process.env, CAIRN_ELECTRON_VERSION: electron },
  },
);
builder.stdout.on('data', (chunk) => keep(chunk, process.stdout));
builder.stderr.on('data', (chunk) => keep(chunk, process.stderr));
builder.on('exit', (code) => {
  if (code === 0) {
    console.log('Cairn is packaged in release/');
    process.exit(0);
  }
  const offline =
    /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|unable to (download|get)|cannot download/i.test(
      tail,
    );
  console.error(
    offline
      ? `package: electron-builder could not download Electron ${electron} (or its packaging tools) from github.com; run "npm run package" where that is reachable, or set ELECTRON_MIRROR to a mirror you can reach.`
      : 'package: electron-builder failed; its output above names the cause.',
  );
  process.exit(code || 1);
});
