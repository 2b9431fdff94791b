import { expect, test } from './host';

test.describe('app shell', () => {
  test('without the access token the browser gets an explanation, not the app', async ({ page, host }) => {
    const response = await page.goto(host.origin + '/');
    expect(response?.status()).toBe(401);
    await expect(page.getByRole('heading', { name: 'Cairn needs its access link' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  });

  test('the token leaves the address bar after the first load', async ({ page, host }) => {
    await host.open(page);
    expect(page.url()).not.toContain('token=');
  });

  test('the theme follows the choice in the sidebar and is remembered', async ({ page, host }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await host.open(page);
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-theme', 'light');
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(html).toHaveAttribute('data-theme', 'light');
  });

  test('sidebar navigation reaches Boards and Settings, and Settings shows the data folder', async ({
    page,
    host,
  }) => {
    await host.open(page);
    await page.getByRole('link', { name: 'Boards' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Boards' })).toBeVisible();
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(page.getByRole('definition').filter({ hasText: host.dataDir })).toBeVisible();
  });

  test('the page runs under a strict CSP with no inline script allowed', async ({ page, host }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await host.open(page);
    const csp = await page.evaluate(async () => {
      const res = await fetch('/', { credentials: 'same-origin' });
      return res.headers.get('content-security-policy');
    });
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const ranInline = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.appendChild(script);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ranInline).toBe(false);
    expect(violations.length).toBeGreaterThan(0);
  });

  test('when the backend stops, the window says the connection is lost', async ({ page, host }) => {
    await host.open(page);
    await host.stop();
    await expect(page.getByRole('status').filter({ hasText: 'Lost the connection' })).toBeVisible();
  });
});
