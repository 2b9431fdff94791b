import { app, BrowserWindow, dialog } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CairnError } from '../shared/result';
import { createApp, type CairnApp } from './app';
import { bindElectronIpc } from './electron/ipc';
import { installMenu } from './electron/menu';
import { utilityLauncher } from './electron/utility-launcher';
import { createMainWindow, hardenSession, isAppUrl } from './electron/window';
import { appPaths } from './paths';

/**
 * The desktop shell. Only Electron wiring lives here and in ./electron: the window, its
 * security, the menu and the IPC transport. Everything else is the shared core (./app).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererFile = path.join(here, '..', 'renderer', 'index.html');
const preloadFile = path.join(here, '..', 'preload', 'index.cjs');
const rendererUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null;

function resourcePath(...parts: string[]): string {
  return app.isPackaged ? path.join(process.resourcesPath, ...parts) : path.join(here, '..', '..', ...parts);
}

/**
 * better-sqlite3 compiled against Electron's ABI, kept apart from node_modules' Node build so
 * that tests (Node) and the app (Electron) never overwrite each other. See docs/native-modules.md.
 */
function electronNativeBinding(): string | undefined {
  const file = resourcePath('native', `electron-${process.versions.electron}`, 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}

if (process.env.CAIRN_DATA_DIR) app.setPath('userData', path.resolve(process.env.CAIRN_DATA_DIR));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let core: CairnApp | null = null;
  let mainWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app
    .whenReady()
    .then(async () => {
      hardenSession();
      installMenu();
      const dataDir = app.getPath('userData');
      const nativeBinding = electronNativeBinding();
      core = await createApp({
        paths: appPaths(dataDir, resourcePath('drizzle')),
        shell: 'desktop',
        appVersion: app.getVersion(),
        launcher: utilityLauncher,
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
      open();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) open();
      });
    })
    .catch((error: unknown) => {
      const message = error instanceof CairnError || error instanceof Error ? error.message : String(error);
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
