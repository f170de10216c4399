/**
 * Binance USD-M against the misbehaving-exchange bench (tests/impersonator/binance-usdm, the
 * 2023-04-04/05 hftbacktest capture on the 2026 `/public` + `/market` routes and REST depth): the
 * fault matrix (binance-fault-matrix.ts), and mark/index/funding reaching the basis panel.
 */
import { expect, test, type Page } from '@playwright/test';
import { startUsdmImpersonator, type UsdmImpersonator } from '../impersonator/binance-usdm/server';
import { runMatrix } from './binance-fault-matrix';
import { pollUntil, waitRow } from './binance-fault-steps';

const STREAM = 'binance-usdm:BTCUSDT';
let imp: UsdmImpersonator;

test.beforeEach(async () => {
  const log = process.env.IMP_LOG === '1' ? (l: string) => console.log(`[imp ${Date.now() % 100000}] ${l}`) : undefined;
  imp = await startUsdmImpersonator({ speed: 1, snapshotDelayMs: 600, ...(log ? { log } : {}) });
});
test.afterEach(async () => {
  await imp.close();
});

const basisOf = (page: Page) =>
  page.evaluate(() => {
    const q = (sel: string): Element | null => document.querySelector(sel);
    const attr = (sel: string, a: string): string | null => q(sel)?.getAttribute(a) ?? null;
    return {
      perp: attr('[data-testid="basis-panel"]', 'data-perp'),
      rate: attr('[data-testid="funding"]', 'data-rate'),
      markIndexBps: attr('[data-testid="basis-value"][data-pair="markIndex"]', 'data-bps'),
      perpMarkBps: attr('[data-testid="basis-value"][data-pair="perpMark"]', 'data-bps'),
      perpIndexBps: attr('[data-testid="basis-value"][data-pair="perpIndex"]', 'data-bps'),
      markStale: attr('[data-testid="basis-leg"][data-leg="mark"]', 'data-stale'),
      indexStale: attr('[data-testid="basis-leg"][data-leg="index"]', 'data-stale'),
      countdownMs: attr('[data-testid="funding-countdown"]', 'data-ms'),
    };
  });

test('binance USD-M: every fault is detected, marked, recovered from, and the book equals the reference', async ({ page }) => {
  test.setTimeout(240_000);
  const e = imp.endpoints;
  const ep = (name: string, url: string): string => `ep.binance-usdm.${name}=${encodeURIComponent(url)}`;
  await page.goto(`/?streams=${encodeURIComponent(STREAM)}&mode=live&${ep('public', e.public)}&${ep('market', e.market)}&${ep('rest', e.rest)}`);

  await test.step('mark, index and funding reach the basis panel', async () => {
    await waitRow(page, STREAM, 'live', (r) => r.state === 'live' && r.bboChecks >= 3, 45_000);
    // Right after a markPrice frame, freeze the market: the panel then shows exactly that frame
    // (legs count as fresh for 3 s, basis-panel.tsx LEG_MAX_AGE_SEC).
    const e0 = imp.status().lastMark?.E;
    await pollUntil('a new markPrice frame', async () => ({ ok: imp.status().lastMark?.E !== e0, value: imp.status().lastMark }), 5_000);
    imp.fault({ fault: 'pause' });
    try {
      const mark = imp.status().lastMark!;
      const ref = imp.referenceBook(1);
      const mid = (Number(ref.bids[0]![0]) + Number(ref.asks[0]![0])) / 2;
      const [p, i] = [Number(mark.p), Number(mark.i)];
      const want = { markIndex: ((p - i) / i) * 1e4, perpMark: ((mid - p) / p) * 1e4, perpIndex: ((mid - i) / i) * 1e4 };
      const got = await pollUntil('basis panel shows this mark/index/funding', async () => {
        const b = await basisOf(page);
        const near = (s: string | null, x: number, tol: number): boolean => s !== null && s !== '' && Math.abs(Number(s) - x) <= tol;
        const ok = b.perp === STREAM && Number(b.rate) === Number(mark.r) && b.markStale === 'false' && b.indexStale === 'false' &&
          near(b.markIndexBps, want.markIndex, 1e-3) && near(b.perpMarkBps, want.perpMark, 0.5) && near(b.perpIndexBps, want.perpIndex, 0.5);
        return { ok, value: { b, want, mark } };
      }, 2_000);
      test.info().annotations.push({ type: 'basis', description: JSON.stringify(got) });
    } finally {
      imp.fault({ fault: 'resume' });
    }
  });

  const results = await runMatrix(page, {
    fault: (f) => imp.fault(f),
    referenceBook: (limit) => imp.referenceBook(limit),
    answers: () => imp.status().answers,
    streamOpens: () => imp.status().connections.publicTotal,
    closes: () => imp.status().closes,
  }, { stream: STREAM, tooOldCode: 'snapshot-no-overlap', duplicateIsGap: true, staleAfterMs: 30_000, rateLimitedRecoverMs: 25_000 });
  expect(imp.status().connections.market, 'the /market socket is open').toBeGreaterThanOrEqual(1);
  test.info().annotations.push({ type: 'fault-matrix', description: JSON.stringify(results) });
  console.log(results.map((r) => `${r.step}: detected ${r.detectedMs} ms, live again ${r.liveAgainMs} ms, states ${r.states.join('→')}`).join('\n'));
});
