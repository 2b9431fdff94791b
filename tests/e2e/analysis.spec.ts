import type { Locator, Page, Request } from '@playwright/test';
import { expect, test } from './host';
import { importCsv, newWorkspace } from './steps';

/**
 * Profiling, quality score and insights as a person meets them in the dataset view: the score
 * badge in the header, the Profile and Insights tabs of the side panel, and the mini charts in
 * the grid's column headers.
 */

/*
 * A small CSV with problems: two exact duplicate rows (Ann, Bob), a missing age and a missing
 * amount, a city with surrounding whitespace (" LA") and a case variant ("ny").
 * amount without the missing value: 10 20 30 40 10 20 80 → mean 30, median 20, p25 15, p75 35.
 */
const ORDERS = [
  'name,age,city,amount',
  'Ann,34,NY,10',
  'Bob,25, LA,20',
  'Cid,41,NY,30',
  'Dee,,SF,40',
  'Eve,29,NY,',
  'Ann,34,NY,10',
  'Bob,25, LA,20',
  'Fay,52,ny,80',
  '',
].join('\n');

const badge = (page: Page) => page.getByRole('group', { name: 'Quality' });
const scoreMeter = (page: Page) => badge(page).getByRole('meter', { name: 'Quality score' });
const sideTab = (page: Page, name: 'Versions' | 'Profile' | 'Insights') =>
  page.getByRole('tablist', { name: 'Side panel' }).getByRole('tab', { name: new RegExp(`^${name}`) });
const insightsPanel = (page: Page) => page.getByRole('region', { name: /^Insights on / });
const profilePanel = (page: Page) => page.getByRole('region', { name: /^Profile of / });
const versionsList = (page: Page) => page.getByRole('list', { name: 'Versions' });

async function score(page: Page): Promise<number> {
  await expect(scoreMeter(page)).toBeVisible({ timeout: 15_000 });
  return Number(await scoreMeter(page).getAttribute('aria-valuenow'));
}

/** The value next to a term in a description list (a profile fact). */
function fact(scope: Locator, term: string): Locator {
  return scope
    .locator('.profile-fact')
    .filter({ has: scope.page().getByRole('term').getByText(term, { exact: true }) })
    .getByRole('definition');
}

function analysisRequests(page: Page): { versionId: string; goalType: string }[] {
  const seen: { versionId: string; goalType: string }[] = [];
  page.on('request', (request: Request) => {
    if (!request.url().includes('/api/invoke/analysis%3Aget')) return;
    const body = request.postDataJSON() as { versionId: string; goalType: string };
    seen.push({ versionId: body.versionId, goalType: body.goalType });
  });
  return seen;
}

/** What `analysis:get` answers for a version whose profiling failed. */
function failedAnalysis(versionId = '00000000-0000-4000-8000-000000000003') {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    datasetId: '00000000-0000-4000-8000-000000000002',
    versionId,
    goalType: 'data_quality',
    status: 'failed',
    qualityScore: null,
    quality: null,
    startedAt: null,
    completedAt: null,
    error: 'The profiling worker ran out of memory.',
    insights: [],
  };
}

test.describe.configure({ mode: 'parallel' });

test.describe('analysis', () => {
  test('Fix on the duplicates insight makes a new version with a higher score, and the insight is gone', async ({
    page,
    host,
  }) => {
    const requests = analysisRequests(page);
    await host.open(page);
    await newWorkspace(page, 'Orders');
    await importCsv(page, 'Orders', 'orders.csv', ORDERS);

    const before = await score(page);
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(100);
    // The root has no parent to compare with.
    await expect(badge(page).getByText('root')).toBeVisible();

    await sideTab(page, 'Insights').click();
    const panel = insightsPanel(page);
    await expect(panel).toBeVisible();
    const duplicates = panel.getByRole('article', { name: /^Duplicate rows$/ });
    await expect(duplicates).toBeVisible();
    await expect(duplicates.getByText('2 rows (25.0%) repeat an earlier row exactly.')).toBeVisible();
    await duplicates.getByText('pandas suggestion').click();
    await expect(duplicates.getByRole('code')).toContainText('drop_duplicates');
    // Create task opens a prefilled task (tests/e2e/boards.spec.ts follows it onto the board).
    await expect(duplicates.getByRole('button', { name: 'Create task' })).toBeEnabled();

    await duplicates.getByRole('button', { name: 'Fix' }).click();

    // A new current version, profiled, scored higher than its parent.
    await expect(panel).toHaveAccessibleName('Insights on v2');
    await expect.poll(() => score(page), { timeout: 15_000 }).toBeGreaterThan(before);
    const after = await score(page);
    await expect(badge(page).getByText('▲')).toBeVisible();
    await expect(badge(page).getByText(String(Math.round((after - before) * 10) / 10))).toBeVisible();
    await expect(
      badge(page).getByRole('img', { name: /^Quality trend from the root: v1 \d+, v2 \d+$/ }),
    ).toBeVisible();
    await expect(panel.getByRole('article', { name: /^Duplicate rows$/ })).toHaveCount(0);
    await expect(panel.getByRole('article').first()).toBeVisible();

    await sideTab(page, 'Versions').click();
    await expect(versionsList(page).getByRole('listitem')).toHaveCount(2);
    await expect(versionsList(page).getByRole('button', { name: /^v2 .*current/ })).toBeVisible();

    // Back on v1: its stored score shows at once, and it is not asked for again.
    const asked = requests.filter((r) => r.goalType === 'data_quality').length;
    await versionsList(page).getByRole('button', { name: /^v1 / }).click();
    await expect(scoreMeter(page)).toHaveAttribute('aria-valuenow', String(before));
    await expect(badge(page).getByText('root')).toBeVisible();
    expect(requests.filter((r) => r.goalType === 'data_quality')).toHaveLength(asked);

    // On v1 the applied insight is hidden, and shown (marked applied) on request.
    await sideTab(page, 'Insights').click();
    await expect(panel).toHaveAccessibleName('Insights on v1');
    await expect(panel.getByRole('article', { name: /^Duplicate rows$/ })).toHaveCount(0);
    await panel.getByRole('checkbox', { name: /Show dismissed and applied/ }).check();
    await expect(panel.getByRole('article', { name: /^Duplicate rows$/ }).getByText('applied')).toBeVisible();
  });

  test('the diff shows both quality scores, the change, and the missing shares a fix moved', async ({
    page,
    host,
  }) => {
    const requests = analysisRequests(page);
    await host.open(page);
    await newWorkspace(page, 'Scores');
    await importCsv(page, 'Scores', 'orders.csv', ORDERS);
    const before = await score(page);
    const root = requests[0]?.versionId;
    expect(root).toBeTruthy();

    await sideTab(page, 'Insights').click();
    await insightsPanel(page)
      .getByRole('article', { name: /^Duplicate rows$/ })
      .getByRole('button', { name: 'Fix' })
      .click();
    await expect(insightsPanel(page)).toHaveAccessibleName('Insights on v2');
    await expect.poll(() => score(page), { timeout: 15_000 }).toBeGreaterThan(before);
    const after = await score(page);

    await sideTab(page, 'Versions').click();
    await versionsList(page).getByRole('button', { name: /^v1 / }).click();
    await page.getByRole('button', { name: 'Diff with current' }).click();
    const diff = page.getByRole('dialog', { name: 'Differences from v1 to v2 (current)' });
    const quality = diff.getByRole('region', { name: 'Quality change' });
    await expect(quality.getByRole('term')).toHaveText(['v1', 'v2 (current)', 'Change']);
    await expect(quality.getByRole('definition')).toHaveText([
      String(before),
      String(after),
      `▲ ${Math.round((after - before) * 10) / 10} up`,
    ]);
    // Two of eight rows removed: the one missing age and the one missing amount weigh more.
    await expect(
      quality.getByRole('list', { name: 'Missing values changed' }).getByRole('listitem'),
    ).toHaveText(['age: 12.5% → 16.7% missing', 'amount: 12.5% → 16.7% missing']);
    await expect(diff.getByRole('region', { name: 'Row count change' })).toContainText('8 → 6 (−2)');
    await diff.getByRole('button', { name: 'Close' }).first().click();

    // A side without a score says why: here the root's profiling failed, or has not run yet.
    let mode: 'failed' | 'profiling' = 'failed';
    await page.route('**/api/invoke/analysis%3Aget', async (route) => {
      const body = route.request().postDataJSON() as { versionId: string };
      if (body.versionId !== root) return route.continue();
      const failed = failedAnalysis(body.versionId);
      const value = {
        profile: null,
        analysis: mode === 'failed' ? failed : null,
        parentScore: null,
        trend: [],
      };
      return route.fulfill({ json: { ok: true, value } });
    });
    for (const [state, text] of [
      ['failed', 'Profiling failed'],
      ['profiling', 'Not profiled yet'],
    ] as const) {
      mode = state;
      await page.reload();
      await expect(scoreMeter(page)).toHaveAttribute('aria-valuenow', String(after));
      await sideTab(page, 'Versions').click();
      await versionsList(page).getByRole('button', { name: /^v1 / }).click();
      await page.getByRole('button', { name: 'Diff with current' }).click();
      await expect(quality.getByRole('definition')).toHaveText([text, String(after), '—']);
      await expect(quality.getByRole('list', { name: 'Missing values changed' })).toHaveCount(0);
      await diff.getByRole('button', { name: 'Close' }).first().click();
    }
  });

  test('the goal changes the findings; a dismissed insight is hidden until asked for', async ({
    page,
    host,
  }) => {
    await host.open(page);
    await newWorkspace(page, 'Goals');
    await importCsv(page, 'Goals', 'orders.csv', ORDERS);
    await sideTab(page, 'Insights').click();
    const panel = insightsPanel(page);
    const articles = panel.getByRole('article');
    await expect(articles.first()).toBeVisible({ timeout: 15_000 });
    const titles = () => panel.getByRole('heading', { level: 4 }).allTextContents();
    const dataQuality = await titles();
    expect(dataQuality).toEqual(
      expect.arrayContaining(['Duplicate rows', 'Surrounding whitespace: city', 'Case variants: city']),
    );

    // Exploratory analysis does not look at formatting; the duplicates become milder.
    const goal = panel.getByRole('combobox', { name: 'Goal' });
    await expect(goal).toHaveValue('data_quality');
    await expect(panel.getByRole('region', { name: /^Critical/ }).getByRole('article')).toHaveCount(1);
    await goal.selectOption({ label: 'Exploratory analysis' });
    await expect(panel.getByRole('article', { name: 'Surrounding whitespace: city' })).toHaveCount(0);
    await expect(panel.getByRole('article', { name: 'Case variants: city' })).toHaveCount(0);
    await expect(panel.getByRole('article', { name: 'Duplicate rows' })).toBeVisible();
    await expect(panel.getByRole('region', { name: /^Critical/ })).toHaveCount(0);
    await goal.selectOption({ label: 'Data quality' });
    await expect.poll(titles).toEqual(dataQuality);

    // Grouped by severity, most severe first.
    const headings = await panel.getByRole('heading', { level: 3 }).allTextContents();
    const order = ['Critical', 'High', 'Medium', 'Low', 'Info'];
    const ranks = headings.map((h) => order.findIndex((s) => h.startsWith(s)));
    expect(ranks.every((r) => r >= 0)).toBe(true);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);

    const first = articles.first();
    const title = (await first.getByRole('heading', { level: 4 }).textContent()) ?? '';
    const count = await articles.count();
    await first.getByRole('button', { name: 'Dismiss' }).click();
    await expect(articles).toHaveCount(count - 1);
    await expect(panel.getByRole('heading', { level: 4, name: title, exact: true })).toHaveCount(0);

    const toggle = panel.getByRole('checkbox', { name: /Show dismissed and applied \(1\)/ });
    await toggle.check();
    await expect(articles).toHaveCount(count);
    const dismissed = panel.getByRole('article', { name: title, exact: true });
    await expect(dismissed.getByText('dismissed')).toBeVisible();
    await expect(dismissed.getByRole('button', { name: 'Dismiss' })).toHaveCount(0);

    // Still dismissed after a reload (the backend kept it).
    await page.reload();
    await sideTab(page, 'Insights').click();
    await expect(panel.getByRole('article').first()).toBeVisible({ timeout: 15_000 });
    await expect(panel.getByRole('article')).toHaveCount(count - 1);
  });

  test('the profile panel shows exact statistics; headers show mini histograms and null bars', async ({
    page,
    host,
  }) => {
    await host.open(page);
    await newWorkspace(page, 'Profiles');
    await importCsv(page, 'Profiles', 'orders.csv', ORDERS);

    // The side panel's tabs work from the keyboard.
    await sideTab(page, 'Versions').focus();
    await page.keyboard.press('ArrowRight');
    await expect(sideTab(page, 'Profile')).toHaveAttribute('aria-selected', 'true');
    await expect(sideTab(page, 'Profile')).toBeFocused();
    const panel = profilePanel(page);
    await expect(panel).toHaveAccessibleName('Profile of v1');
    const summary = panel.getByRole('group', { name: 'Dataset summary' });
    await expect(summary).toBeVisible({ timeout: 15_000 });
    await expect(fact(summary, 'Rows')).toHaveText('8');
    await expect(fact(summary, 'Columns')).toHaveText('4');
    await expect(fact(summary, 'Duplicate rows')).toHaveText('2');
    await expect(fact(summary, 'Missing cells')).toHaveText('2 (6.3%)');

    const amount = panel.getByRole('article', { name: 'amount' });
    await expect(fact(amount, 'Nulls')).toHaveText('1 (12.5%)');
    await expect(fact(amount, 'Mean')).toHaveText('30');
    await expect(fact(amount, 'Median')).toHaveText('20');
    await expect(fact(amount, '25th percentile')).toHaveText('15');
    await expect(fact(amount, '75th percentile')).toHaveText('35');
    await expect(fact(amount, 'Min')).toHaveText('10');
    await expect(fact(amount, 'Max')).toHaveText('80');
    await expect(fact(amount, 'Distinct')).toHaveText(/^5 /);
    await expect(
      amount.getByRole('img', { name: /^Histogram of amount: \d+ bins, 7 values$/ }),
    ).toBeVisible();

    const city = panel.getByRole('article', { name: 'city' });
    const top = city.getByRole('list', { name: 'Top values of city' });
    await expect(top.getByRole('listitem').first()).toContainText('NY');
    await expect(top.getByRole('listitem').first()).toContainText('4');
    await expect(city.getByRole('list', { name: 'Patterns in city' })).toContainText(
      'surrounding whitespace',
    );

    // Correlation heatmap: values in the cells' names.
    await expect(panel.getByRole('group', { name: /^Correlation heatmap/ })).toBeVisible();
    await expect(panel.getByRole('img', { name: 'age and age: 1.00' })).toBeAttached();

    // Headers: a mini histogram for numbers, top-value bars for text, a null bar for each.
    const grid = page.getByRole('grid');
    await expect(
      grid.getByRole('img', { name: /^amount: 12\.5% missing, histogram in \d+ bins$/ }),
    ).toBeVisible();
    await expect(grid.getByRole('img', { name: /^city: 0% missing, top values NY 4/ })).toBeVisible();

    // The popover explains the score and shows this version's components.
    await badge(page).getByRole('button', { name: 'How is this computed?' }).click();
    const popover = page.getByRole('dialog', { name: 'How the quality score is computed' });
    await expect(popover).toBeVisible();
    const table = popover.getByRole('table', { name: 'Quality components' });
    for (const name of ['Completeness', 'Validity', 'Uniqueness', 'Consistency']) {
      await expect(table.getByRole('rowheader', { name: new RegExp(`^${name}`) })).toBeVisible();
    }
    await expect(table.getByRole('row', { name: /^Uniqueness/ })).toContainText('75%');
    await page.keyboard.press('Escape');
    await expect(popover).toBeHidden();
    await expect(badge(page).getByRole('button', { name: 'How is this computed?' })).toBeFocused();
  });

  test('while a version is profiled the panels say so, then fill in; a failed profile is explained', async ({
    page,
    host,
  }) => {
    // The backend profiles an 8-row file in milliseconds, so the wait is held open here: the
    // first answers say "not profiled yet", as they do while the worker runs.
    let mode: 'profiling' | 'failed' | 'real' = 'profiling';
    await page.route('**/api/invoke/analysis%3Aget', async (route) => {
      if (mode === 'real') return route.continue();
      const failed = failedAnalysis();
      const value = {
        profile: null,
        analysis: mode === 'failed' ? failed : null,
        parentScore: null,
        trend: [],
      };
      return route.fulfill({ json: { ok: true, value } });
    });
    await host.open(page);
    await newWorkspace(page, 'Waiting');
    await importCsv(page, 'Waiting', 'orders.csv', ORDERS);

    await expect(badge(page).getByRole('status')).toHaveText('Profiling…');
    await sideTab(page, 'Profile').click();
    await expect(profilePanel(page).getByRole('progressbar', { name: 'Profiling v1' })).toBeVisible();
    // Nothing made up in the headers while there is no profile.
    await expect(page.getByRole('grid').getByRole('img')).toHaveCount(0);

    // The profile arrives (asked for again while profiling): everything fills in.
    mode = 'real';
    await expect(scoreMeter(page)).toBeVisible({ timeout: 10_000 });
    await expect(profilePanel(page).getByRole('group', { name: 'Dataset summary' })).toBeVisible();
    await expect(page.getByRole('grid').getByRole('img', { name: /^amount: / })).toBeVisible();

    // A version whose profiling failed says why, in the badge and in both panels.
    mode = 'failed';
    await page.reload();
    await expect(badge(page).getByText('Profiling failed')).toBeVisible();
    await sideTab(page, 'Profile').click();
    await expect(profilePanel(page).getByRole('alert')).toHaveText(
      'Profiling failed: The profiling worker ran out of memory.',
    );
    await sideTab(page, 'Insights').click();
    await expect(insightsPanel(page).getByRole('alert')).toContainText('ran out of memory');
  });
});
