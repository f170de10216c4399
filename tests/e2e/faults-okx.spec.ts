/**
 * The misbehaving-exchange bench, OKX v5 (tests/impersonator/okx): the app's OKX stream against a
 * loopback OKX that replays a real 2022 `books` capture (non-zero legacy checksums) and misbehaves
 * on command. One page, every fault a step: detected and marked, back to `live` within a bound,
 * and then (market paused) the app's ladder equals the bench's naive reference book while
 * checksums verify again with no new failure.
 */
import { expect, test } from '@playwright/test';
import { commonSteps, runFaultSteps, waitIntegrity, type FaultStep } from './checksum-fault-step';
import { startOkxBench, type OkxBench } from '../impersonator/okx/server';

const INST = 'BTC-USDT';
const STREAM = `okx:${INST}`;
let bench: OkxBench;

test.beforeAll(async () => {
  bench = await startOkxBench({ instIds: [INST], speed: 1 });
});
test.afterAll(async () => {
  await bench?.close();
});

const reference = () => {
  const r = bench.reference(INST);
  return { bids: r.bids.top(20).map((l) => [l[0]!, l[1]!] as [string, string]), asks: r.asks.top(20).map((l) => [l[0]!, l[1]!] as [string, string]) };
};

test('OKX: every fault is detected, marked, recovered, and the book equals the reference', async ({ page }) => {
  test.setTimeout(200_000);
  const e = bench.endpoints;
  await page.goto(`/?streams=${encodeURIComponent(STREAM)}&mode=live&ep.okx.public=${encodeURIComponent(e.public)}&ep.okx.rest=${encodeURIComponent(e.rest)}`);
  await waitIntegrity(page, STREAM, 'live with verified checksums', (i) => i.state === 'live' && i.ckOk >= 5, 45_000);
  expect(bench.status().counts.snapshots).toBeGreaterThanOrEqual(1);

  const conns = () => bench.status().connections.total;
  let connsBefore = 0;
  const c = commonSteps(bench);
  const steps: FaultStep[] = [
    c.baseline,
    c.drop,
    {
      // OKX updates carry absolute sizes and this capture has no seqId: a repeated update leaves
      // the same book and a matching checksum. Tolerated: no false alarm.
      name: 'duplicate', inject: () => bench.fault({ fault: 'duplicate' }), detectMs: 10_000,
      detected: (b, n) => bench.status().duplicated >= 1 && n.ckOk >= b.ckOk + 3 && n.ckFail === b.ckFail && n.gaps === b.gaps,
    },
    c.reorder,
    c.flipChecksum,
    c.garbage,
    {
      name: 'oversized', inject: () => bench.fault({ fault: 'oversized' }), detectMs: 5_000, problem: 'bad-message',
      detected: (b, n) => n.ckFail === b.ckFail,
    },
    {
      name: 'restartSnapshot', inject: () => bench.fault({ fault: 'restartSnapshot' }), detectMs: 10_000,
      detected: (b, n) => n.ckOk >= b.ckOk + 3 && n.ckFail === b.ckFail && n.gaps === b.gaps,
    },
    c.close,
    c.closeAbrupt,
    {
      name: 'notice', inject: () => { connsBefore = conns(); bench.fault({ fault: 'notice' }); }, detectMs: 15_000, problem: 'server-notice',
      detected: () => conns() > connsBefore,
    },
    {
      // A socket that stays open and silent, pongs included: past OKX's idle limit the app must
      // call it stale and reconnect (staleAfterSec 35, venues.md §4.1).
      name: 'stall', inject: () => bench.fault({ fault: 'stall', ms: 40_000 }), detectMs: 45_000, recoverMs: 50_000,
      detected: (b, n) => n.reconnects > b.reconnects,
    },
  ];
  const { report } = await runFaultSteps(page, STREAM, bench, reference, 20, steps, 'okx faults');
  console.log(report);
  console.log(JSON.stringify(bench.status().counts));
});
