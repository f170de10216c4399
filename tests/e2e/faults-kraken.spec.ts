/**
 * The misbehaving-exchange bench, Kraken v2 (tests/impersonator/kraken): the app's Kraken stream
 * against a loopback Kraken v2 that converts a real 2021 v1 `book-1000` capture into v2 frames
 * (number literals kept, CRC32 recomputed and checked against the capture's own) and misbehaves on
 * command. One page, every fault a step: detected and marked, back to `live` within a bound, and
 * then (market paused) the app's ladder equals the bench's naive reference book while checksums
 * verify again with no new failure. Kraken has no sequence numbers: `drop` and `reorder` hit only
 * updates whose loss the top-10 checksum can see (about 1 in 8 is undone by the next updates and
 * is invisible, and harmless: capture.ts faultVisibility), and `reorder` only two neighbours on
 * the wire — so one fault is one gap, never two.
 */
import { expect, test } from '@playwright/test';
import { commonSteps, runFaultSteps, waitIntegrity, type FaultStep } from './checksum-fault-step';
import { startKrakenBench, type KrakenBench } from '../impersonator/kraken/server';

const SYMBOL = 'BTC/USD';
const STREAM = `kraken:${SYMBOL}`;
let bench: KrakenBench;

test.beforeAll(async () => {
  bench = await startKrakenBench({ symbols: [SYMBOL], speed: 1 });
  expect(bench.capture.mismatches, 'recomputed checksums equal the capture’s own').toBe(0);
});
test.afterAll(async () => {
  await bench?.close();
});

const reference = () => {
  const r = bench.reference(SYMBOL);
  return { bids: r.top('bid', 20).map(([p, q]) => [p, q] as [string, string]), asks: r.top('ask', 20).map(([p, q]) => [p, q] as [string, string]) };
};

test('Kraken: every fault is detected, marked, recovered, and the book equals the reference', async ({ page }) => {
  test.setTimeout(200_000);
  await page.goto(`/?streams=${encodeURIComponent(STREAM)}&mode=live&ep.kraken.public=${encodeURIComponent(bench.endpoints.public)}`);
  await waitIntegrity(page, STREAM, 'live with verified checksums', (i) => i.state === 'live' && i.ckOk >= 5, 45_000);
  expect(bench.status().counts.snapshots).toBeGreaterThanOrEqual(1);

  const c = commonSteps(bench);
  const steps: FaultStep[] = [
    c.baseline,
    c.drop,
    {
      // Kraken levels are absolute quantities: a repeated update leaves the same book and a
      // matching checksum (venues.md §6.2). Tolerated: no false alarm.
      name: 'duplicate', inject: () => bench.fault({ fault: 'duplicate', count: 3 }), detectMs: 10_000,
      detected: (b, n) => bench.status().duplicated >= 3 && n.ckOk >= b.ckOk + 5 && n.ckFail === b.ckFail && n.gaps === b.gaps,
    },
    c.reorder,
    c.flipChecksum,
    c.garbage,
    {
      // More levels than any Kraken book: a malformed book message loses its changes, so the
      // book is dropped and resubscribed (KrakenBookSync.malformed).
      name: 'oversized', inject: () => bench.fault({ fault: 'oversized' }), detectMs: 10_000, problem: 'bad-message',
      detected: (b, n) => n.gaps > b.gaps && n.resyncs > b.resyncs,
    },
    {
      name: 'restartSnapshot', inject: () => bench.fault({ fault: 'restartSnapshot' }), detectMs: 10_000,
      detected: (b, n) => n.ckOk >= b.ckOk + 5 && n.ckFail === b.ckFail && n.gaps === b.gaps,
    },
    c.close,
    c.closeAbrupt,
    {
      // Nothing at all (no heartbeat, no pong) for longer than the app's 10 s staleness bound.
      name: 'stall', inject: () => bench.fault({ fault: 'stall', ms: 14_000 }), detectMs: 20_000, recoverMs: 25_000,
      detected: (b, n) => n.reconnects > b.reconnects,
    },
  ];
  const { results, report } = await runFaultSteps(page, STREAM, bench, reference, 20, steps, 'kraken faults');
  console.log(`${report}\n${JSON.stringify(bench.status().counts)}`);
  for (const r of results.filter((x) => x.name === 'drop' || x.name === 'reorder')) {
    expect(r.end.gaps - r.before.gaps, `${r.name}: one lost or late update, one gap`).toBe(1);
  }
});
