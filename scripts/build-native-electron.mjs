// Builds better-sqlite3 for the installed Electron into native/electron-<version>/, leaving
// node_modules' Node build (used by tests and the web host) untouched. See docs/native-modules.md.
//
//   node scripts/build-native-electron.mjs [--force] [--from-source]
//
// CAIRN_ELECTRON_HEADERS=<dir> builds offline against already-extracted Electron headers
// (the folder holding include/node), instead of downloading them from electronjs.org.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rel = (file) => path.relative(root, file) || '.';
const args = new Set(process.argv.slice(2));

function fail(message) {
  console.error(`native:electron: ${message}`);
  process.exit(1);
}

function readVersion(pkg) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return fail(`${pkg} is not installed in node_modules. Run "npm install" first.`);
  }
}

const electron = readVersion('electron');
const betterSqlite = readVersion('better-sqlite3');
const arch = process.arch;
const targetDir = path.join(root, 'native', `electron-${electron}`);
const target = path.join(targetDir, 'better_sqlite3.node');
const infoFile = path.join(targetDir, 'build-info.json');

// The JS half of better-sqlite3 comes from node_modules, so a binary left over from another
// better-sqlite3 version must be rebuilt. A binary without build-info was placed by hand: trust it.
function upToDate() {
  if (!fs.existsSync(target)) return false;
  if (!fs.existsSync(infoFile)) return true;
  try {
    const info = JSON.parse(fs.readFileSync(infoFile, 'utf8'));
    return info.betterSqlite3 === betterSqlite && info.arch === arch;
  } catch {
    return false;
  }
}

if (!args.has('--force') && upToDate()) process.exit(0);

// npm exports its whole config to scripts, and a user-level `nodedir` (this machine has one)
// would make node-gyp quietly compile against Node's headers instead of Electron's.
const env = { ...process.env };
for (const key of Object.keys(env)) {
  if (
    /^npm_config_(nodedir|target|target_arch|arch|runtime|disturl|dist_url|devdir|build_from_source)$/i.test(
      key,
    )
  ) {
    delete env[key];
  }
}

const cacheDir = path.join(root, '.cache', 'native-build');
const work = path.join(
  cacheDir,
  `better-sqlite3-${betterSqlite}-electron-${electron}-${process.platform}-${arch}`,
);
const log = `${work}.log`;
const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
const source = path.join(root, 'node_modules', 'better-sqlite3');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(cacheDir, { recursive: true });
// Without build/: node-gyp must never see (or overwrite) the Node build's intermediate files.
fs.cpSync(source, work, { recursive: true, filter: (from) => from !== path.join(source, 'build') });
fs.writeFileSync(log, '');

/** Runs a step in the work folder, appending its output to the log; returns the output if it failed. */
function run(command, commandArgs) {
  fs.appendFileSync(log, `\n$ ${[command, ...commandArgs].join(' ')}\n`);
  const result = spawnSync(command, commandArgs, {
    cwd: work,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  fs.appendFileSync(log, `${output}\n`);
  return result.status === 0 && fs.existsSync(built) ? null : output;
}

function nodeGypScript() {
  const candidates = [];
  try {
    candidates.push(createRequire(path.join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed locally; npm's bundled copy is next
  }
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  try {
    const globalRoot = execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['root', '-g'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      shell: process.platform === 'win32',
    }).trim();
    candidates.push(path.join(globalRoot, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  } catch {
    // no npm on PATH
  }
  return candidates.find((file) => fs.existsSync(file)) ?? null;
}

let how = null;
console.log(
  `Building better-sqlite3 ${betterSqlite} for Electron ${electron} (${process.platform}-${arch}); log: ${rel(log)}`,
);

// better-sqlite3 publishes Electron builds on GitHub; using one needs no compiler.
const prebuild = path.join(root, 'node_modules', 'prebuild-install', 'bin.js');
if (!args.has('--from-source') && !process.env.CAIRN_ELECTRON_HEADERS && fs.existsSync(prebuild)) {
  const failed = run(process.execPath, [
    prebuild,
    '--runtime=electron',
    `--target=${electron}`,
    `--arch=${arch}`,
    `--platform=${process.platform}`,
  ]);
  if (failed === null) how = 'prebuilt';
}

if (!how) {
  const gyp = nodeGypScript();
  if (!gyp)
    fail(`node-gyp was not found (neither in node_modules nor bundled with npm). Full log: ${rel(log)}`);
  const headers = process.env.CAIRN_ELECTRON_HEADERS
    ? [`--nodedir=${path.resolve(process.env.CAIRN_ELECTRON_HEADERS)}`]
    : ['--dist-url=https://electronjs.org/headers', `--devdir=${path.join(cacheDir, 'headers')}`];
  const gypArgs = [
    gyp,
    'rebuild',
    '--release',
    '--runtime=electron',
    `--target=${electron}`,
    `--arch=${arch}`,
    ...headers,
  ];
  const failed = run(process.execPath, gypArgs);
  if (failed === null) {
    how = 'source';
  } else {
    const offline =
      /network connectivity|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo/i.test(failed);
    const lastError = failed
      .split('\n')
      .filter((line) => /gyp ERR! stack Error:|\berror\b/i.test(line))
      .pop()
      ?.trim();
    const reason = offline
      ? 'no prebuilt binary could be fetched and the Electron headers could not be downloaded from electronjs.org (no network access?)'
      : `compiling from source failed${lastError ? ` (${lastError.slice(0, 200)})` : ''}`;
    fail(`could not build better-sqlite3 for Electron ${electron}: ${reason}. Full log: ${rel(log)}`);
  }
}

// A binary Node can load was compiled for Node's ABI: shipping it would crash the app at start-up.
const probe = spawnSync(process.execPath, ['-e', 'process.dlopen({ exports: {} }, process.argv[1])', built], {
  encoding: 'utf8',
});
if (probe.status === 0) {
  fail(
    `the result loads in Node ${process.version}, so it was built for Node rather than Electron ${electron}. Full log: ${rel(log)}`,
  );
}

fs.mkdirSync(targetDir, { recursive: true });
const partial = `${target}.partial`;
fs.copyFileSync(built, partial);
fs.renameSync(partial, target);
fs.writeFileSync(
  infoFile,
  `${JSON.stringify({ electron, betterSqlite3: betterSqlite, arch, platform: process.platform, how }, null, 2)}\n`,
);
fs.rmSync(work, { recursive: true, force: true });
console.log(`better-sqlite3 for Electron ${electron} is ready: ${rel(target)} (${how})`);
