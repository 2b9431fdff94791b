import type { WebPreferences } from 'electron';

/**
 * The desktop window's webPreferences, kept apart from window.ts (which needs Electron at run
 * time) so a unit test asserts every item of Electron's security checklist that lives here.
 */
export function secureWebPreferences(preloadFile: string): WebPreferences {
  return {
    preload: preloadFile,
    // The preload's `window.cairn` bridge lives in its own JavaScript world.
    contextIsolation: true,
    // The renderer and the preload run in Chromium's OS sandbox, without Node.
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    webviewTag: false,
    // Local-first: what a person types is not sent to a spelling service.
    spellcheck: false,
  };
}
