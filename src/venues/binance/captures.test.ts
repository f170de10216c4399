import { describe, expect, it } from 'vitest';
import { STAT } from '../../core/series/stream-stats';
import { depthOf, loadCaptures, NaiveBook, runFrames } from '../../cli/replay/harness';
import type { RawFrame } from '../../core/types';

/**
 * Every Binance spot capture replayed through the real pipeline: the rebuilt book must equal
 * every aligned bookTicker (same `u`), with the counts ../shared/fixtures/PROVENANCE.md reports,
 * no gap, no crossed book, no problem.
 */
const F = {
  aug08: 'binance/fixtures/BTCUSDT_2024-08-08T2354Z_depth100ms-trade-bookTicker_hftbacktest.jsonl.gz',
  aug09: 'binance/fixtures/BTCUSDT_2024-08-09T0000Z_continuation_depth100ms-trade-bookTicker_hftbacktest.jsonl.gz',
  cf2021: 'binance/fixtures/BTCUSDT-ETHUSDT-DOTUSDT_2021-04-04_depth100ms-aggTrade-kline_cryptofeed.jsonl',
  nkn: 'binance/fixtures/NKNUSDT-BLZETH-LRCBTC-RUNEEUR_2021-10-12_depth100ms-bookTicker-aggTrade-kline_cryptofeed.jsonl',
};

function stat(run: ReturnType<typeof runFrames>, symbol: string, field: keyof typeof STAT): number {
  const rt = run.pipeline.stream(`binance:${symbol}`);
  if (rt === undefined) throw new Error(`no stream ${symbol}`);
  return rt.stats[STAT[field]]!;
}

function sum(run: ReturnType<typeof runFrames>, field: keyof typeof STAT): number {
  return run.pipeline.streams.reduce((s, rt) => s + rt.stats[STAT[field]]!, 0);
}

function expectClean(run: ReturnType<typeof runFrames>): void {
  for (const f of ['gaps', 'resyncs', 'bboMismatches', 'crossedEvents', 'problems', 'unknownMessages'] as const) expect(sum(run, f), f).toBe(0);
  expect(run.pipeline.totals.problems).toBe(0);
  expect(run.out.problems()).toEqual([]);
  for (const rt of run.pipeline.streams) {
    expect(rt.state, rt.key).toBe('live');
    expect(run.out.nanInLiveRows[rt.idx]).toBe(0);
    expect(run.out.nanRows[rt.idx]).toBe(0);
  }
}

/** Differential check: replay the capture into the naive reference with the documented rule. */
function referenceBooks(frames: RawFrame[]): Map<string, NaiveBook> {
  const books = new Map<string, NaiveBook>();
  const lastId = new Map<string, number>();
  const pending = new Map<string, ReturnType<typeof depthOf>[]>();
  for (const f of frames) {
    if (f.kind === 'rest') {
      const snap = JSON.parse(f.text) as { lastUpdateId: number; bids: string[][]; asks: string[][] };
      const sym = /symbol=([A-Z]+)/.exec(f.url ?? '')?.[1] ?? 'BTCUSDT';
      const ref = new NaiveBook();
      ref.load(snap.bids, snap.asks);
      books.set(sym, ref);
      lastId.set(sym, snap.lastUpdateId);
      for (const d of pending.get(sym) ?? []) if (d!.u > snap.lastUpdateId) ref.apply(d!.b, d!.a);
      continue;
    }
    const d = depthOf(f);
    if (d === undefined) continue;
    const ref = books.get(d.symbol);
    if (ref === undefined) pending.set(d.symbol, [...(pending.get(d.symbol) ?? []), d]);
    else if (d.u > lastId.get(d.symbol)!) ref.apply(d.b, d.a);
  }
  return books;
}

describe('Binance spot captures through the pipeline', () => {
  it('2024-08-08 hftbacktest: bookTicker oracle 564/564, no gap', () => {
    const frames = loadCaptures(F.aug08);
    const run = runFrames(frames);
    expect(stat(run, 'BTCUSDT', 'bboChecks')).toBe(564);
    expect(stat(run, 'BTCUSDT', 'bboMismatches')).toBe(0);
    expect(stat(run, 'BTCUSDT', 'snapshots')).toBe(1);
    // 3,451 events; the snapshot lands after 3: 2 dropped, 1 applied (PROVENANCE.md)
    expect(stat(run, 'BTCUSDT', 'bookUpdates')).toBe(3451 - 2);
    expect(stat(run, 'BTCUSDT', 'trades')).toBe(9757);
    expectClean(run);
    expect(referenceBooks(frames).get('BTCUSDT')!.equals(run.pipeline.stream('binance:BTCUSDT')!.book)).toBe(true);
  });

  it('2024-08-08 + 08-09 back to back: 1,072/1,072, 6,493 events, no gap', () => {
    const frames = loadCaptures(F.aug08, F.aug09);
    const run = runFrames(frames);
    expect(stat(run, 'BTCUSDT', 'bboChecks')).toBe(1072);
    expect(stat(run, 'BTCUSDT', 'bboMismatches')).toBe(0);
    expect(stat(run, 'BTCUSDT', 'bookUpdates')).toBe(3451 + 3044 - 2); // = the 6,493 applied events PROVENANCE.md counts
    expectClean(run);
    expect(referenceBooks(frames).get('BTCUSDT')!.equals(run.pipeline.stream('binance:BTCUSDT')!.book)).toBe(true);
  });

  it('NKN 2021-10-12 cryptofeed: 26/26 over four symbols, 4 snapshots', () => {
    const frames = loadCaptures(F.nkn);
    const run = runFrames(frames);
    expect(sum(run, 'bboChecks')).toBe(26);
    expect(sum(run, 'bboMismatches')).toBe(0);
    expect(sum(run, 'snapshots')).toBe(4);
    expectClean(run);
    const refs = referenceBooks(frames);
    for (const sym of ['NKNUSDT', 'BLZETH', 'LRCBTC', 'RUNEEUR']) expect(refs.get(sym)!.equals(run.pipeline.stream(`binance:${sym}`)!.book), sym).toBe(true);
  });

  it('2021-04-04 cryptofeed (no bookTicker): U = u+1 throughout, zero gaps, 10/13/9 dropped', () => {
    const frames = loadCaptures(F.cf2021);
    const prevU = new Map<string, number>();
    const counts = new Map<string, number>();
    for (const f of frames) {
      const d = depthOf(f);
      if (d === undefined) continue;
      if (prevU.has(d.symbol)) expect(d.U).toBe(prevU.get(d.symbol)! + 1);
      prevU.set(d.symbol, d.u);
      counts.set(d.symbol, (counts.get(d.symbol) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ BTCUSDT: 899, ETHUSDT: 909, DOTUSDT: 880 });
    const run = runFrames(frames);
    expectClean(run);
    expect(sum(run, 'bboChecks')).toBe(0);
    expect(sum(run, 'snapshots')).toBe(3);
    expect(stat(run, 'BTCUSDT', 'bookUpdates')).toBe(899 - 10);
    expect(stat(run, 'ETHUSDT', 'bookUpdates')).toBe(909 - 13);
    expect(stat(run, 'DOTUSDT', 'bookUpdates')).toBe(880 - 9);
    const refs = referenceBooks(frames);
    for (const sym of ['BTCUSDT', 'ETHUSDT', 'DOTUSDT']) expect(refs.get(sym)!.equals(run.pipeline.stream(`binance:${sym}`)!.book), sym).toBe(true);
  });

  it('the 08-09 continuation alone never goes live (no snapshot): it waits, bounded', () => {
    const run = runFrames(loadCaptures(F.aug09));
    const rt = run.pipeline.stream('binance:BTCUSDT')!;
    expect(rt.state).toBe('syncing');
    expect(rt.book.isEmpty()).toBe(true);
    expect(rt.stats[STAT.bookUpdates]).toBe(0);
    expect(run.requests.length).toBeGreaterThanOrEqual(1);
    expect(run.out.problems('depth-buffer-overflow').length).toBe(1); // 3,044 events > 2,000 buffered
  });
});
