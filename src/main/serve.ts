import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createApp } from './app';
import { startWebHost } from './ipc/web-host';
import { appPaths, resolveDataDir } from './paths';
import { createNodeLauncher } from './workers/launcher';
import { CairnError } from '../shared/result';

/**
 * `npm run serve`: Cairn without Electron. The same services as the desktop app, served to a
 * browser on this machine through the local web host.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

const DEFAULT_PORT = 5817;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(
      'Usage: npm run serve -- [--port N] [--data-dir DIR]\n  CAIRN_PORT and CAIRN_DATA_DIR work too. --port 0 picks a free port.',
    );
    return;
  }
  const portText = values.port ?? process.env.CAIRN_PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CairnError('VALIDATION', `"${portText}" is not a port number (0–65535).`);
  }
  const dataDir = resolveDataDir(values['data-dir'], process.env);
  const paths = appPaths(dataDir, path.join(root, 'drizzle'));
  const version = (
    JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const app = await createApp({
    paths,
    shell: 'web',
    appVersion: version,
    launcher: createNodeLauncher(),
    workerModules: {
      importCsv: path.join(here, 'workers', 'import-csv.js'),
      profileVersion: path.join(here, 'workers', 'profile-version.js'),
      applyOperation: path.join(here, 'workers', 'apply-operation.js'),
      querySql: path.join(here, 'workers', 'query-sql.js'),
    },
    samplesDir: path.join(root, 'samples'),
  });
  if (app.database.migration.backupFile) {
    console.log(
      `Database upgraded (${app.database.migration.applied.join(', ')}); backup at ${app.database.migration.backupFile}`,
    );
  }
  let host;
  try {
    host = await startWebHost({
      handlers: app.handlers,
      events: app.events,
      rendererDir: path.join(root, 'out', 'renderer'),
      port,
      uploadsDir: paths.uploadsDir,
      exportsDir: paths.exportsDir,
    });
  } catch (error) {
    app.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CairnError(
        'UNAVAILABLE',
        `Port ${port} is already in use. Pass --port with another number (or 0 for any free port).`,
      );
    }
    throw error;
  }
  console.log(`Cairn data: ${dataDir}`);
  console.log(`Cairn is running. Open this address in a browser on this machine:\n\n    ${host.url}\n`);
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void host.close().finally(() => {
      app.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message =
    error instanceof CairnError ? error.message : error instanceof Error ? error.message : String(error);
  console.error(`Cairn could not start: ${message}`);
  process.exit(1);
});
