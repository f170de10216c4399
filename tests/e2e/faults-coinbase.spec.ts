/**
 * The misbehaving-exchange bench, Coinbase Advanced Trade (venues.md §5.2): the app runs against
 * the loopback impersonator (tests/impersonator/coinbase) replaying the 2026 BTC-USD + ETH-USD
 * capture with `sequence_num` counted per connection, and for each fault: it is detected (a
 * `sequence_num` break or an unusable `l2_data` ⇒ gap + resync of every book on the socket, or a
 * reconnect), the streams are marked, they are `live` again within a bound, and with the market
 * paused the ladder equals the impersonator's naive reference book; never crossed. One page,
 * the faults as sequential steps.
 */
import { expect, test } from '@playwright/test';
import { startCoinbaseImpersonator, type CoinbaseImpersonator } from '../impersonator/coinbase/server';
import type { VenueFault } from '../impersonator/common/venue-faults';
import { faultStep, liveStreamsUrl, waitAll, type Expect } from './fault-bench';

const STREAMS = ['coinbase:BTC-USD', 'coinbase:ETH-USD'];
/** Coinbase's stale limit (src/venues/coinbase/meta.ts staleAfterSec 10: heartbeats are 1/s) plus margin. */
const STALL_MS = 13_000;

let imp: CoinbaseImpersonator;

test.beforeAll(async () => {
  imp = await startCoinbaseImpersonator({ speed: 1 });
});
test.afterAll(async () => {
  await imp?.close();
});

test('Coinbase BTC-USD + ETH-USD: every fault is detected, marked and recovered; the book equals the reference', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(liveStreamsUrl(STREAMS, { coinbase: { public: imp.endpoints.coinbase } }));
  await waitAll(page, STREAMS, 'both streams live', (r) => r.state === 'live', 30_000);

  const ref = (stream: string) => imp.book(stream.slice('coinbase:'.length), 10)!;
  // An unusable `l2_data` whose `sequence_num` is intact loses one product's changes: only that
  // book must resync (src/venues/coinbase/advanced.ts); a number missing breaks the whole socket.
  const steps: [string, VenueFault, Expect, boolean?][] = [
    ['drop (sequence_num jump)', { fault: 'drop' }, 'resync'],
    ['duplicate', { fault: 'duplicate' }, 'resync'],
    ['reorder', { fault: 'reorder' }, 'resync'],
    ['garbage', { fault: 'garbage' }, 'resync'],
    ['oversized (12 MiB)', { fault: 'oversized' }, 'resync', true],
    ['close (1001)', { fault: 'close', code: 1001 }, 'reconnect'],
    ['abrupt close (TCP reset)', { fault: 'close', abrupt: true }, 'reconnect'],
    [`stall ${STALL_MS / 1000} s`, { fault: 'stall', ms: STALL_MS }, 'reconnect'],
  ];
  const times: string[] = [];
  for (const [name, f, mark, markAny] of steps) {
    const ms = await faultStep({
      page, streams: STREAMS, name, expectMark: mark, markAny,
      inject: () => imp.fault(f),
      detectMs: f.fault === 'stall' ? STALL_MS + 10_000 : 10_000,
      recoverMs: 10_000,
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
