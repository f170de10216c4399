/**
 * Binance spot against the misbehaving-exchange bench (tests/impersonator, the 2024-08-08/09
 * hftbacktest capture): every fault of the matrix (binance-fault-matrix.ts) is detected, marked,
 * recovered from within a bound, and the book then equals the impersonator's reference book.
 */
import { test } from '@playwright/test';
import { DEFAULT_CAPTURE } from '../impersonator/capture';
import { startImpersonator, type Impersonator } from '../impersonator/server';
import { runMatrix } from './binance-fault-matrix';

const CONTINUATION = DEFAULT_CAPTURE.replace('2024-08-08T2354Z_', '2024-08-09T0000Z_continuation_');
let imp: Impersonator;

test.beforeEach(async () => {
  const log = process.env.IMP_LOG === '1' ? (l: string) => console.log(`[imp ${Date.now() % 100000}] ${l}`) : undefined;
  imp = await startImpersonator({ speed: 1, snapshotDelayMs: 600, captures: [DEFAULT_CAPTURE, CONTINUATION], ...(log ? { log } : {}) });
});
test.afterEach(async () => {
  await imp.close();
});

test('binance spot: every fault is detected, marked, recovered from, and the book equals the reference', async ({ page }) => {
  test.setTimeout(240_000);
  const e = imp.endpoints;
  if (process.env.IMP_LOG === '1') {
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => console.log(`[app→ ${Date.now() % 100000}] ${String(f.payload).slice(0, 120)}`));
      ws.on('framereceived', (f) => {
        const t = String(f.payload);
        if (t.includes('lastUpdateId')) console.log(`[→app ${Date.now() % 100000}] ${t.slice(0, 100)}`);
      });
      ws.on('close', () => console.log(`[ws close ${Date.now() % 100000}] ${ws.url()}`));
    });
  }
  const ep = (name: string, url: string): string => `ep.binance.${name}=${encodeURIComponent(url)}`;
  await page.goto(`/?streams=${encodeURIComponent('binance:BTCUSDT')}&mode=live&${ep('streamBase', e.streamBase)}&${ep('wsApi', e.wsApi)}&${ep('rest', e.rest)}`);
  const results = await runMatrix(page, {
    fault: (f) => imp.fault(f),
    referenceBook: (limit) => imp.referenceBook(limit),
    answers: () => imp.status().answers,
    streamOpens: () => imp.status().connections.streamTotal,
    closes: () => imp.status().closes,
  }, { stream: 'binance:BTCUSDT', tooOldCode: 'snapshot-too-old', duplicateIsGap: false, staleAfterMs: 30_000, rateLimitedRecoverMs: 25_000 });
  test.info().annotations.push({ type: 'fault-matrix', description: JSON.stringify(results) });
  console.log(results.map((r) => `${r.step}: detected ${r.detectedMs} ms, live again ${r.liveAgainMs} ms, states ${r.states.join('→')}`).join('\n'));
});
