import { describe, expect, it } from 'vitest';
import {
  decideNavigation,
  decidePermission,
  decideSender,
  decideWindowOpen,
} from '../../src/main/electron/security-policy';

describe('decideNavigation', () => {
  const fileApp = 'file:///opt/Cairn/resources/app/out/renderer/index.html';
  const devApp = 'http://localhost:5173/';

  it('allows reloading the app page itself, with another hash route or query', () => {
    expect(decideNavigation(fileApp, fileApp)).toBe('allow');
    expect(decideNavigation(`${fileApp}#/workspaces/1`, fileApp)).toBe('allow');
    expect(decideNavigation(`${devApp}#/settings`, devApp)).toBe('allow');
    expect(decideNavigation(`${devApp}?x=1`, devApp)).toBe('allow');
  });

  it.each([
    ['an external site', 'https://example.com/'],
    ['another local file', 'file:///etc/passwd'],
    ['another file next to the app', 'file:///opt/Cairn/resources/app/out/renderer/other.html'],
    ['the dev server on another port', 'http://localhost:5174/'],
    ['the dev server under another host name', 'http://127.0.0.1:5173/'],
    ['another path on the dev server', 'http://localhost:5173/admin'],
    ['https on the dev host', 'https://localhost:5173/'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['an unparsable URL', 'not a url'],
  ])('denies navigating to %s', (_what, target) => {
    const app = target.startsWith('file:') ? fileApp : devApp;
    expect(decideNavigation(target, app)).toBe('deny');
  });

  it('denies everything when the app URL itself is unparsable', () => {
    expect(decideNavigation('http://localhost:5173/', '::nonsense')).toBe('deny');
  });
});

describe('decideWindowOpen', () => {
  it('never opens a window, but hands plain https links to the OS browser', () => {
    expect(decideWindowOpen('https://example.com/docs?q=1#x')).toEqual({
      action: 'deny',
      openExternally: 'https://example.com/docs?q=1#x',
    });
  });

  it.each([
    'http://example.com/',
    'https://user:pass@example.com/',
    'https://user@example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'mailto:a@example.com',
    'not a url',
  ])('refuses to open %s anywhere', (target) => {
    expect(decideWindowOpen(target)).toEqual({ action: 'deny', openExternally: null });
  });
});

describe('decidePermission', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen'])(
    'refuses the %s permission',
    (permission) => {
      expect(decidePermission(permission)).toBe(false);
    },
  );
});

describe('decideSender (the IPC sender check)', () => {
  const app = 'file:///opt/Cairn/resources/app/out/renderer/index.html';
  const isApp = (url: string) => decideNavigation(url, app) === 'allow';

  it('answers the main frame of a window Cairn created, showing the app page', () => {
    expect(
      decideSender({ tracked: true, frame: { isMainFrame: true, url: `${app}#/datasets` } }, isApp),
    ).toBe(true);
  });

  it.each([
    [
      'a webContents Cairn did not create (devtools)',
      { tracked: false, frame: { isMainFrame: true, url: app } },
    ],
    ['a subframe, even of the app page', { tracked: true, frame: { isMainFrame: false, url: app } }],
    ['a frame that is gone', { tracked: true, frame: null }],
    [
      'a window navigated to another page',
      { tracked: true, frame: { isMainFrame: true, url: 'https://example.com/' } },
    ],
    ['another local file', { tracked: true, frame: { isMainFrame: true, url: 'file:///etc/passwd' } }],
  ])('refuses %s', (_what, sender) => {
    expect(decideSender(sender, isApp)).toBe(false);
  });
});
