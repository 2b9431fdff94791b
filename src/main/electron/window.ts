import { BrowserWindow, nativeTheme, session, shell } from 'electron';
import { pathToFileURL } from 'node:url';
import { decideNavigation, decidePermission, decideWindowOpen } from './security-policy';
import { trackWindowContents } from './ipc';
import { secureWebPreferences } from './web-preferences';

export interface WindowOptions {
  preloadFile: string;
  /** A dev-server URL (electron-vite dev) or the built index.html. */
  rendererUrl: string | null;
  rendererFile: string;
}

/** Session-wide refusals: no permission is ever granted to web content. */
export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(decidePermission(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => decidePermission(permission));
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 520,
    show: false,
    title: 'Cairn',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181d' : '#ffffff',
    webPreferences: secureWebPreferences(options.preloadFile),
  });
  trackWindowContents(window.webContents);

  const appUrl = appPageUrl(options.rendererUrl, options.rendererFile);
  window.webContents.on('will-navigate', (event, url) => {
    if (decideNavigation(url, appUrl) === 'deny') event.preventDefault();
  });
  window.webContents.on('will-redirect', (event, url) => {
    if (decideNavigation(url, appUrl) === 'deny') event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.openExternally) void shell.openExternal(decision.openExternally);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());

  if (options.rendererUrl) void window.loadURL(options.rendererUrl);
  else void window.loadFile(options.rendererFile);
  return window;
}

/**
 * The URL the app page has once loaded. pathToFileURL rather than string concatenation: it
 * percent-encodes the path and writes Windows drive letters correctly, so the comparison with the
 * URL Chromium reports still matches when the install folder has spaces, `#` or `%` in its name.
 */
export function appPageUrl(rendererUrl: string | null, rendererFile: string): string {
  return rendererUrl ?? pathToFileURL(rendererFile).href;
}

export function isAppUrl(
  frameUrl: string | undefined,
  rendererUrl: string | null,
  rendererFile: string,
): boolean {
  if (!frameUrl) return false;
  return decideNavigation(frameUrl, appPageUrl(rendererUrl, rendererFile)) === 'allow';
}
