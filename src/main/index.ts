import { app, BrowserWindow, dialog } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CairnError } from '../shared/result';
import { createApp, type CairnApp } from './app';
import { bindElectronIpc } from './electron/ipc';
import { installMenu } from './electron/menu';
import { createSafeStorageCipher } from './electron/safe-storage';
import { exportPathChooser } from './electron/save-dialog';
import { utilityLauncher } from './electron/utility-launcher';
import { decideNavigation } from './electron/security-policy';
import { appPageUrl, createMainWindow, hardenSession, isAppUrl } from './electron/window';
import { appPaths } from './paths';

/**
 * The desktop shell. Only Electron wiring lives here and in ./electron: the window, its
 * security, the menu and the IPC transport. Everything else is the shared core (./app).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererFile = path.join(here, '..', 'renderer', 'index.html');
const preloadFile = path.join(here, '..', 'preload', 'index.cjs');
const rendererUrl =
  !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null;

function resourcePath(...parts: string[]): string {
  return app.isPackaged ? path.join(process.resourcesPath, ...parts) : path.join(here, '..', '..', ...parts);
}

/**
 * better-sqlite3 compiled against Electron's ABI, kept apart from node_modules' Node build so
 * that tests (Node) and the app (Electron) never overwrite each other. See docs/native-modules.md.
 */
function electronNativeBindingFile(): string {
  return resourcePath('native', `electron-${process.versions.electron}`, 'better_sqlite3.node');
}

/**
 * Without the Electron build, better-sqlite3 falls back to node_modules' Node build and fails with
 * an ABI message ("NODE_MODULE_VERSION 115 … requires 140") that names neither cause nor cure.
 */
function startupErrorMessage(error: unknown, nativeBindingFound: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  if (nativeBindingFound || error instanceof CairnError) return message;
  if (!/NODE_MODULE_VERSION|better_sqlite3\.node|bindings file/i.test(message)) return message;
  const version = process.versions.electron;
  return app.isPackaged
    ? `This installation of Cairn is incomplete: its database engine for Electron ${version} is missing. Reinstall Cairn.`
    : `better-sqlite3 has no build for Electron ${version} (expected ${electronNativeBindingFile()}). ` +
        'Run "npm run native:electron" on a machine with network access, then start Cairn again.';
}

// Must precede the single-instance lock, which Electron keys on the userData folder: end-to-end
// runs with their own data folders can then run side by side.
if (process.env.CAIRN_DATA_DIR) app.setPath('userData', path.resolve(process.env.CAIRN_DATA_DIR));

// Enforces the sandbox for every renderer, including any created later without explicit preferences.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let core: CairnApp | null = null;
  let mainWindow: BrowserWindow | null = null;
  let nativeBindingFound = false;
  let openWindow: (() => void) | null = null;

  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    } else {
      // macOS keeps running with no window; launching Cairn again should show one.
      openWindow?.();
    }
  });

  // Safe defaults for every webContents, so one created later without the main window's handlers
  // still cannot open windows or leave the app page. The main window installs the same rules.
  const appUrl = appPageUrl(rendererUrl, rendererFile);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('will-navigate', (event, url) => {
      if (decideNavigation(url, appUrl) === 'deny') event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app
    .whenReady()
    .then(async () => {
      hardenSession();
      installMenu();
      const dataDir = app.getPath('userData');
      const candidate = electronNativeBindingFile();
      nativeBindingFound = fs.existsSync(candidate);
      const nativeBinding = nativeBindingFound ? candidate : undefined;
      core = await createApp({
        paths: appPaths(dataDir, resourcePath('drizzle')),
        shell: 'desktop',
        appVersion: app.getVersion(),
        launcher: utilityLauncher,
        workerModules: {
          importCsv: path.join(here, 'workers', 'import-csv.js'),
          profileVersion: path.join(here, 'workers', 'profile-version.js'),
          applyOperation: path.join(here, 'workers', 'apply-operation.js'),
          querySql: path.join(here, 'workers', 'query-sql.js'),
        },
        samplesDir: resourcePath('samples'),
        // safeStorage only works once the app is ready, which is why the cipher is made here.
        cipher: createSafeStorageCipher(dataDir),
        chooseExportPath: exportPathChooser(() => mainWindow),
        ...(nativeBinding ? { nativeBinding } : {}),
      });
      bindElectronIpc({
        handlers: core.handlers,
        events: core.events,
        isTrustedSender: (frameUrl) => isAppUrl(frameUrl, rendererUrl, rendererFile),
      });
      const open = (): void => {
        mainWindow = createMainWindow({ preloadFile, rendererUrl, rendererFile });
        mainWindow.on('closed', () => {
          mainWindow = null;
        });
      };
      openWindow = open;
      open();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) open();
      });
    })
    .catch((error: unknown) => {
      const message = startupErrorMessage(error, nativeBindingFound);
      // Also on stderr: under `npm start` or a test run the dialog may be out of sight.
      console.error(`Cairn could not start: ${message}`);
      dialog.showErrorBox('Cairn could not start', message);
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    core?.close();
  });
}
