/**
 * Live Binance spot against the loopback impersonator: the app syncs its book from the WS-API
 * snapshot, its book agrees with Binance's own bookTickers, and after a lost depth frame it
 * detects the gap, resyncs and agrees again.
 */
import { expect, test } from '@playwright/test';
import { startImpersonator, type Impersonator } from '../impersonator/server';
import { expectLadderFilled, liveUrl, waitForStream } from './helpers';

let imp: Impersonator;

test.beforeEach(async () => {
  imp = await startImpersonator({ speed: 1 });
});

test.afterEach(async () => {
  await imp.close();
});

test('syncs, checks bookTickers, detects a dropped depth frame, resyncs', async ({ page }) => {
  await page.goto(liveUrl(imp));
  await expect(page.getByTestId('mode-banner')).toContainText(/live/i, { timeout: 30_000 });

  const live = await waitForStream(page, 'stream reaches live with bbo checks', (a) => a.state === 'live' && a.bboChecks >= 3, 45_000);
  expect(live.bboMismatches).toBe(0);
  expect(live.gaps).toBe(0);
  await expectLadderFilled(page);
  expect(imp.status().snapshots.wsapi + imp.status().snapshots.rest).toBeGreaterThanOrEqual(1);

  const before = await waitForStream(page, 'bbo checks keep growing', (a) => a.bboChecks >= live.bboChecks + 3, 30_000);
  expect(before.bboMismatches).toBe(0);

  imp.fault({ fault: 'dropDepth' });
  const gapped = await waitForStream(
    page,
    'the dropped frame is seen as a gap and the stream resyncs',
    (a) => a.gaps >= before.gaps + 1 && a.resyncs >= before.resyncs + 1,
    20_000,
  );
  expect(imp.status().dropped).toBe(1);

  const back = await waitForStream(page, 'back to live after the resync', (a) => a.state === 'live', 20_000);
  const after = await waitForStream(page, 'bbo checks grow again after the resync', (a) => a.state === 'live' && a.bboChecks >= Math.max(back.bboChecks, gapped.bboChecks) + 3, 30_000);
  expect(after.bboMismatches).toBe(0);
  test.info().annotations.push({
    type: 'stream',
    description: `live ${JSON.stringify(live)}; after gap ${JSON.stringify(gapped)}; end ${JSON.stringify(after)}; impersonator ${JSON.stringify(imp.status().snapshots)}`,
  });
  // The resync fetched a fresh snapshot: at least two snapshot requests reached the impersonator.
  expect(imp.status().snapshots.wsapi + imp.status().snapshots.rest).toBeGreaterThanOrEqual(2);
});
