import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from '../../src/main/electron/web-preferences';
import { contentSecurityPolicy } from '../../src/shared/csp';
import { repoRoot } from '../helpers/paths';

const windowSource = fs.readFileSync(path.join(repoRoot, 'src/main/electron/window.ts'), 'utf8');
const mainSources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? mainSources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });

describe("the desktop window's webPreferences (Electron security checklist)", () => {
  const prefs = secureWebPreferences('/app/out/preload/index.cjs');

  it('isolates the context, sandboxes the renderer and gives it no Node', () => {
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on: no insecure content, no experimental or Blink features, no <webview>', () => {
    expect(prefs).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      enableBlinkFeatures: '',
      webviewTag: false,
    });
  });

  it('is what the one window Cairn creates uses, with navigation, window.open, webview and permissions refused', () => {
    expect(windowSource).toContain('webPreferences: secureWebPreferences(options.preloadFile)');
    // No other BrowserWindow (or webPreferences) anywhere in the main process.
    const creators = mainSources(path.join(repoRoot, 'src/main')).filter((file) =>
      /new BrowserWindow\(|webPreferences:/.test(fs.readFileSync(file, 'utf8')),
    );
    expect(creators.map((f) => path.relative(repoRoot, f))).toEqual(['src/main/electron/window.ts']);
    for (const hook of [
      "on('will-navigate'",
      "on('will-redirect'",
      "on('will-attach-webview'",
      'setWindowOpenHandler(',
      "return { action: 'deny' }",
      'setPermissionRequestHandler(',
      'setPermissionCheckHandler(',
    ]) {
      expect(windowSource).toContain(hook);
    }
  });
});

describe('the production Content-Security-Policy', () => {
  const policy = contentSecurityPolicy();
  const directives = new Map(
    policy.split('; ').map((d) => {
      const [name, ...values] = d.split(' ');
      return [name, values.join(' ')] as const;
    }),
  );

  it('allows scripts, styles and connections only from the app itself', () => {
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('style-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('refuses plugins, <base>, form posts and framing', () => {
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('form-action')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
  });
});
