/**
 * Navigation and window-opening decisions for the desktop window, as pure functions so they are
 * unit-tested without Electron. The app page may never be replaced; external https links go to
 * the OS browser; everything else is refused.
 */

export type NavigationDecision = 'allow' | 'deny';
export type WindowOpenDecision = { action: 'deny'; openExternally: string | null };

export function decideNavigation(targetUrl: string, appUrl: string): NavigationDecision {
  try {
    const target = new URL(targetUrl);
    const app = new URL(appUrl);
    // Reloading the app page itself (same document, maybe another hash route) is fine.
    if (target.protocol === app.protocol && target.host === app.host && target.pathname === app.pathname) {
      return 'allow';
    }
  } catch {
    return 'deny';
  }
  return 'deny';
}

export function decideWindowOpen(targetUrl: string): WindowOpenDecision {
  try {
    const target = new URL(targetUrl);
    if (target.protocol === 'https:' && target.username === '' && target.password === '') {
      return { action: 'deny', openExternally: target.toString() };
    }
  } catch {
    // fall through: unparsable URLs are refused
  }
  return { action: 'deny', openExternally: null };
}

/** Permission requests (camera, notifications, geolocation…) are all refused: Cairn needs none. */
export function decidePermission(_permission: string): boolean {
  return false;
}

/** What the IPC transport knows of a message's sender (see electron/ipc.ts). */
export interface SenderFacts {
  /** The webContents is one Cairn created (not devtools, not a helper view). */
  tracked: boolean;
  /** The sending frame, or null when it is already gone. */
  frame: { isMainFrame: boolean; url: string } | null;
}

/**
 * Whether IPC from this sender is answered: only the main frame of a window Cairn created,
 * showing the app page. A subframe, a page navigated elsewhere or an unknown webContents is not.
 */
export function decideSender(sender: SenderFacts, isAppPage: (url: string) => boolean): boolean {
  if (!sender.tracked || sender.frame === null || !sender.frame.isMainFrame) return false;
  return isAppPage(sender.frame.url);
}
