import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../../src/shared/csp';
import { expect, test } from './host';

/**
 * The production page's Content-Security-Policy, as the desktop window loads it (the built
 * out/renderer/index.html over file://) and as the web host serves it: the exact policy of
 * src/shared/csp.ts, enforced by Chromium (no inline script).
 */
const builtPage = path.resolve('out', 'renderer', 'index.html');

test.describe('content security policy of the production page', () => {
  test('the built index.html carries the production policy, without the dev relaxations', () => {
    const html = fs.readFileSync(builtPage, 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(contentSecurityPolicy({ meta: true }));
    expect(meta).not.toContain('unsafe-inline');
    expect(meta).not.toContain('unsafe-eval');
    // Nothing inline that the policy would have to allow.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  test('Chromium refuses inline script on the page the desktop window loads', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    await page.goto(pathToFileURL(builtPage).href);
    await expect(page.addScriptTag({ content: 'window.__inline = 1;' })).rejects.toThrow();
    expect(await page.evaluate(() => (window as { __inline?: number }).__inline)).toBeUndefined();
    expect(violations.length).toBeGreaterThan(0);
  });

  test('the web host sends the same policy (plus its own socket) as a header', async ({ page, host }) => {
    const response = await page.goto(host.url);
    const header = response?.headers()['content-security-policy'] ?? '';
    expect(header).toContain("script-src 'self'");
    expect(header).toContain("object-src 'none'");
    expect(header).toContain("frame-ancestors 'none'");
    expect(header).not.toContain('unsafe-inline');
    await expect(page.addScriptTag({ content: 'window.__inline = 1;' })).rejects.toThrow();
  });
});
