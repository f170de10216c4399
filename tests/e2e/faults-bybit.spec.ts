/**
 * The misbehaving-exchange bench, Bybit v5 (venues.md §7): the app runs against the loopback
 * impersonator (tests/impersonator/bybit) replaying the 2026 linear + spot capture, and for each
 * fault, on both streams at once: it is detected (gap + resync, or reconnect), the stream is
 * marked, it is `live` again within a bound, and with the market paused the ladder equals the
 * impersonator's naive reference book; the book is never crossed. Linear tickers reach the
 * basis panel. One page, the faults as sequential steps.
 */
import { expect, test } from '@playwright/test';
import { startBybitImpersonator, type BybitImpersonator } from '../impersonator/bybit/server';
import type { VenueFault } from '../impersonator/common/venue-faults';
import { faultStep, liveStreamsUrl, waitAll, type Expect } from './fault-bench';

const LINEAR = 'bybit-linear:BTCUSDT';
const SPOT = 'bybit-spot:BTCUSDT';
const STREAMS = [LINEAR, SPOT];
/** Bybit's stale limit (src/venues/bybit/meta.ts staleAfterSec 45) plus margin: a stall must outlast it. */
const STALL_MS = 48_000;

let imp: BybitImpersonator;

test.beforeAll(async () => {
  imp = await startBybitImpersonator({ speed: 1 });
});
test.afterAll(async () => {
  await imp?.close();
});

test('Bybit linear + spot: every fault is detected, marked and recovered; the book equals the reference', async ({ page }) => {
  test.setTimeout(180_000);
  const e = imp.endpoints;
  await page.goto(liveStreamsUrl(STREAMS, { 'bybit-linear': { public: e['bybit-linear'] }, 'bybit-spot': { public: e['bybit-spot'] } }));
  await waitAll(page, STREAMS, 'both streams live', (r) => r.state === 'live', 30_000);

  await test.step('linear tickers reach the basis panel (mark, index, funding)', async () => {
    const panel = page.getByTestId('basis-panel');
    await expect(panel).toHaveAttribute('data-perp', LINEAR);
    await expect(panel).toHaveAttribute('data-spot', SPOT);
    await expect(page.getByTestId('funding')).toHaveAttribute('data-rate', '0.0001', { timeout: 10_000 });
    for (const pair of ['perpMark', 'perpIndex', 'perpSpot']) {
      const row = page.locator(`[data-testid="basis-value"][data-pair="${pair}"]`);
      await expect(row).toHaveAttribute('data-stale', 'false', { timeout: 10_000 });
      await expect(row).toHaveAttribute('data-bps', /^-?\d+\.\d{4}$/);
    }
  });

  const ref = (stream: string) => imp.book(stream === LINEAR ? 'linear' : 'spot', 'BTCUSDT', 10)!;
  const steps: [string, VenueFault, Expect][] = [
    ['drop', { fault: 'drop' }, 'resync'],
    ['duplicate', { fault: 'duplicate' }, 'resync'],
    ['reorder', { fault: 'reorder' }, 'resync'],
    ['garbage', { fault: 'garbage' }, 'resync'],
    ['oversized (4 MiB)', { fault: 'oversized' }, 'resync'],
    ['service restart (snapshot u = 1)', { fault: 'restart' }, 'snapshot'],
    ['close (1001)', { fault: 'close', code: 1001 }, 'reconnect'],
    ['abrupt close (TCP reset)', { fault: 'close', abrupt: true }, 'reconnect'],
    [`stall ${STALL_MS / 1000} s`, { fault: 'stall', ms: STALL_MS }, 'reconnect'],
  ];
  const times: string[] = [];
  for (const [name, f, mark] of steps) {
    const ms = await faultStep({
      page, streams: STREAMS, name, expectMark: mark,
      inject: () => imp.fault(f),
      detectMs: mark === 'reconnect' && f.fault === 'stall' ? STALL_MS + 10_000 : 10_000,
      recoverMs: 10_000,
      // After a restart, let renumbered deltas (u = 2, 3, …) flow before the check.
      settleMs: mark === 'snapshot' ? 1_000 : 0,
      pause: () => imp.fault({ fault: 'pause' }),
      resume: () => imp.fault({ fault: 'resume' }),
      ref,
    });
    times.push(`${name} ${ms} ms`);
  }
  const st = imp.status();
  expect(st.ended, 'the capture must not run out during the bench').toBe(false);
  test.info().annotations.push({ type: 'bench', description: `${times.join('; ')}; impersonator ${JSON.stringify(st.counts)} played ${st.framesPlayed}/${st.framesTotal}` });
});
