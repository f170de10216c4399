import { expect, test } from '@playwright/test';

test('the page is cross-origin isolated (COOP/COEP) and says so', async ({ page }) => {
  await page.goto('/');
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
  await expect(page.getByTestId('isolation-status')).toContainText('crossOriginIsolated: true');
  await expect(page.getByTestId('isolation-banner')).toHaveCount(0);
});
