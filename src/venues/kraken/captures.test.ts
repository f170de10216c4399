import { describe, expect, it } from 'vitest';
import { loadCaptures, newRun, type Run } from '../../cli/replay/harness';
import { STAT } from '../../core/series/stream-stats';
import type { RawFrame } from '../../core/types';
import { KrakenAdapter } from './adapter';
import { referenceV1 } from './reference';

/**
 * The Kraken v1 cryptofeed captures through the real pipeline: every checksum the venue sent must
 * verify, with the counts ../shared/fixtures/PROVENANCE.md §3 reports (14,496/14,496 and
 * 4,269/4,269), zero gaps, every stream live — and the final books must equal an independent
 * reference replay (reference.ts: naive Maps + §8.4's string-building CRC, no adapter code).
 */
const F = {
  apr05: 'kraken/fixtures/KRAKEN-v1_XBTUSD+9pairs_2021-04-05_book1000_cryptofeed.jsonl',
  apr17: 'kraken/fixtures/KRAKEN-v1_10pairs_2021-04-17_book1000-trade-ticker_cryptofeed.jsonl',
};

function runKraken(frames: readonly RawFrame[]): Run {
  const run = newRun([new KrakenAdapter()]);
  for (const f of frames) run.pipeline.push(f);
  return run;
}

const sum = (run: Run, field: keyof typeof STAT): number => run.pipeline.streams.reduce((s, rt) => s + rt.stats[STAT[field]]!, 0);

function expectClean(run: Run): void {
  for (const f of ['gaps', 'resyncs', 'checksumFail', 'crossedEvents', 'problems', 'unknownMessages'] as const) expect(sum(run, f), f).toBe(0);
  expect(run.pipeline.totals).toMatchObject({ problems: 0, unknown: 0 });
  expect(run.out.problems()).toEqual([]);
  for (const rt of run.pipeline.streams) {
    expect(rt.state, rt.key).toBe('live');
    expect(run.out.nanInLiveRows[rt.idx], rt.key).toBe(0);
    expect(run.out.nanRows[rt.idx], rt.key).toBe(0);
  }
}

describe('Kraken v1 captures through the pipeline', () => {
  it('2021-04-05 XBT/USD + 9 pairs: cksum 14,496/14,496, 10 snapshots, XBT/USD 5,788 updates', () => {
    const frames = loadCaptures(F.apr05);
    const run = runKraken(frames);
    expect(sum(run, 'checksumOk')).toBe(14496);
    expect(sum(run, 'snapshots')).toBe(10);
    expect(sum(run, 'bookUpdates')).toBe(14496);
    expect(run.pipeline.stream('kraken:XBT/USD')!.stats[STAT.bookUpdates]).toBe(5788);
    expect(run.pipeline.streams).toHaveLength(10);
    expectClean(run);
    const ref = referenceV1(frames);
    expect(ref).toMatchObject({ verified: 14496, mismatched: 0 });
    for (const [pair, book] of ref.books) expect(book.equals(run.pipeline.stream(`kraken:${pair}`)!.book), pair).toBe(true);
    expect(run.pipeline.stream('kraken:XBT/USD')!.book.bids.depth).toBe(1000); // truncated to book-1000
  });

  it('2021-04-17 10 pairs, three sockets: cksum 4,269/4,269, 10 trades with taker sides', () => {
    const frames = loadCaptures(F.apr17);
    const run = runKraken(frames);
    expect(sum(run, 'checksumOk')).toBe(4269);
    expect(sum(run, 'snapshots')).toBe(10);
    expect(sum(run, 'trades')).toBe(10); // 8 trade frames, two of them with 2 trades
    expectClean(run);
    const ref = referenceV1(frames);
    expect(ref).toMatchObject({ verified: 4269, mismatched: 0 });
    for (const [pair, book] of ref.books) expect(book.equals(run.pipeline.stream(`kraken:${pair}`)!.book), pair).toBe(true);
  });

  it('v1 trades: "b"/"s" (triggering = taker side), time in ms from epoch seconds', () => {
    const frames = loadCaptures(F.apr17).filter((f) => f.conn === 'ws_trade');
    const run = newRun([new KrakenAdapter()]);
    const seen: { px: string; buy: boolean; exchMs: number }[] = [];
    const out = run.out as unknown as { trade: (i: number, t: number, e: number, p: string, s: string, b: boolean) => void };
    out.trade = (_i, _t, exchMs, px, _sz, buy) => void seen.push({ px, buy, exchMs });
    for (const f of frames) run.pipeline.push(f);
    expect(seen[0]).toEqual({ px: '354.11000000', buy: false, exchMs: 1618678142557.535 });
    expect(seen[1]).toMatchObject({ px: '354.55000000', buy: true });
    expect(seen.filter((t) => t.buy)).toHaveLength(5);
  });
});
