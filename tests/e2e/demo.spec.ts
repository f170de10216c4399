/** Default URL, no network (every non-loopback host is NOTFOUND): the built-in demo session plays. */
import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { expectLadderFilled, numberIn } from './helpers';

const screenshot = fileURLToPath(new URL('../artifacts/main-view.png', import.meta.url));

test('falls back to the built-in demo session and shows book, metrics and charts', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('mode-banner')).toContainText(/demo/i, { timeout: 60_000 });
  await expectLadderFilled(page, 60_000);
  await expect
    .poll(async () => numberIn(await page.getByTestId('metric-midPx').textContent()), {
      message: 'metric-midPx shows a number',
      timeout: 30_000,
    })
    .toBeGreaterThan(0);
  // Both in one DOM read: the replay moves the book between two separate reads.
  const best = await page.evaluate(() => ['best-bid', 'best-ask'].map((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null));
  const [bestBid, bestAsk] = best.map(numberIn) as [number, number];
  expect(bestBid).toBeGreaterThan(0);
  expect(bestAsk).toBeGreaterThan(bestBid);
  const charts = page.locator('[data-testid^="chart-"]');
  expect(await charts.count()).toBeGreaterThan(0);
  await expect(charts.first().locator('canvas').first()).toBeAttached();
  await page.waitForTimeout(1_500); // let the charts draw a few frames of series
  await page.screenshot({ path: screenshot, fullPage: false });
});
