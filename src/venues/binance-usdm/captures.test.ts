import { describe, expect, it } from 'vitest';
import { loadCaptures, NaiveBook, newRun, type Run } from '../../cli/replay/harness';
import { STAT } from '../../core/series/stream-stats';
import type { RawFrame } from '../../core/types';
import { RecordingSink } from '../testing/recording-sink';
import { BinanceUsdmAdapter } from './adapter';
import { futuresDepthOf, snapshotOf, USDM_FIXTURES as F, type RawFuturesDepth } from './testing';

/**
 * Every USD-M capture through the real pipeline: zero gaps, the bookTicker oracle matches with
 * the counts ../shared/fixtures/PROVENANCE.md §3 reports (310/310, 1,565/1,565, 215/215), no crossed
 * book, the final books equal an independent reference, trades and references as recorded.
 */
const run = (frames: readonly RawFrame[]): Run => {
  const r = newRun([new BinanceUsdmAdapter()]);
  for (const f of frames) r.pipeline.push(f);
  return r;
};
const st = (r: Run, sym: string) => r.pipeline.stream(`binance-usdm:${sym}`)!;
const stat = (r: Run, sym: string, f: keyof typeof STAT): number => st(r, sym).stats[STAT[f]]!;
const sum = (r: Run, f: keyof typeof STAT): number => r.pipeline.streams.reduce((s, rt) => s + rt.stats[STAT[f]]!, 0);

function expectClean(r: Run): void {
  for (const f of ['gaps', 'resyncs', 'bboMismatches', 'crossedEvents', 'problems', 'unknownMessages'] as const) expect(sum(r, f), f).toBe(0);
  expect(r.pipeline.totals.problems + r.pipeline.totals.unknown).toBe(0);
  expect(r.out.problems()).toEqual([]);
  for (const rt of r.pipeline.streams) {
    expect(rt.state, rt.key).toBe('live');
    expect(r.out.nanInLiveRows[rt.idx], rt.key).toBe(0);
    expect(r.out.nanRows[rt.idx], rt.key).toBe(0);
  }
}

/** Independent replay of venues.md §3.3 with plain Maps: per symbol, the final book and how many
 * events were applied, plus how many applied events ended exactly at lastUpdateId. */
function reference(frames: readonly RawFrame[]) {
  type Ref = { book: NaiveBook; lastId: number; applied: number; atLastId: number; prevU: number };
  const out = new Map<string, Ref>();
  const pending = new Map<string, RawFuturesDepth[]>();
  const step = (ref: Ref, d: RawFuturesDepth): void => {
    if (Number.isNaN(ref.prevU)) {
      if (d.u < ref.lastId) return; // step 3: strictly less
      expect(d.U <= ref.lastId && ref.lastId <= d.u, `${d.symbol} first event overlaps`).toBe(true);
      if (d.u === ref.lastId) ref.atLastId++;
    } else expect(d.pu, `${d.symbol} pu chain`).toBe(ref.prevU);
    ref.book.apply(d.b, d.a);
    ref.applied++;
    ref.prevU = d.u;
  };
  for (const f of frames) {
    const snap = snapshotOf(f);
    if (snap !== undefined) {
      const sym = snap.symbol ?? 'BTCUSDT'; // hftbacktest: no URL, one symbol
      const ref: Ref = { book: new NaiveBook(), lastId: snap.lastUpdateId, applied: 0, atLastId: 0, prevU: NaN };
      ref.book.load(snap.bids, snap.asks);
      for (const d of pending.get(sym) ?? []) step(ref, d);
      out.set(sym, ref);
      continue;
    }
    const d = futuresDepthOf(f);
    if (d === undefined) continue;
    const ref = out.get(d.symbol);
    if (ref === undefined) pending.set(d.symbol, [...(pending.get(d.symbol) ?? []), d]);
    else step(ref, d);
  }
  return out;
}

/** The `T` values of markPriceUpdate frames, in order, read from the text. */
const fundingTimes = (frames: readonly RawFrame[]): number[] =>
  frames.flatMap((f) => (f.text.includes('markPriceUpdate') ? [(JSON.parse(f.text) as { data: { T: number } }).data.T] : []));

describe('Binance USD-M captures through the pipeline', () => {
  const apr04 = loadCaptures(F.apr04);
  const apr05 = loadCaptures(F.apr05);

  it('2023-04-04 hftbacktest: bookTicker oracle 310/310, zero gaps, book equals the reference', () => {
    const r = run(apr04);
    expect(stat(r, 'BTCUSDT', 'bboChecks')).toBe(310);
    expect(stat(r, 'BTCUSDT', 'bboMismatches')).toBe(0);
    expect(stat(r, 'BTCUSDT', 'snapshots')).toBe(1);
    const ref = reference(apr04).get('BTCUSDT')!;
    expect(apr04.filter((f) => futuresDepthOf(f) !== undefined)).toHaveLength(4322);
    expect(stat(r, 'BTCUSDT', 'bookUpdates')).toBe(ref.applied);
    expect(ref.applied).toBeGreaterThan(4300);
    expect(stat(r, 'BTCUSDT', 'trades')).toBe(2197); // every print is X=MARKET here
    expectClean(r);
    expect(ref.book.equals(st(r, 'BTCUSDT').book)).toBe(true);
  });

  it('2023-04-04 + 04-05 back to back: contiguous via pu, 1,565/1,565, one INSURANCE_FUND print dropped', () => {
    const both = [...apr04, ...apr05];
    const r = run(both);
    expect(stat(r, 'BTCUSDT', 'bboChecks')).toBe(1565);
    expect(stat(r, 'BTCUSDT', 'bboMismatches')).toBe(0);
    const ref = reference(both).get('BTCUSDT')!;
    expect(stat(r, 'BTCUSDT', 'bookUpdates')).toBe(ref.applied);
    expect(ref.applied - reference(apr04).get('BTCUSDT')!.applied).toBe(11788); // every continuation event
    // 2,197 + 10,738 trade frames; line 12,840 of the continuation is X=INSURANCE_FUND (tardis drops it)
    expect(stat(r, 'BTCUSDT', 'trades')).toBe(2197 + 10738 - 1);
    expectClean(r);
    expect(ref.book.equals(st(r, 'BTCUSDT').book)).toBe(true);
  });

  it('markPrice@1s feeds mark/index/funding; the funding-time rollover shows in nextFundingMs', () => {
    expect(fundingTimes(apr04).every((t) => t === 1680652800000)).toBe(true);
    const t05 = fundingTimes(apr05);
    expect(t05[0]).toBe(1680652800000);
    expect(t05.slice(1).every((t) => t === 1680681600000)).toBe(true);
    const r = newRun([new BinanceUsdmAdapter()]);
    for (const f of apr04) r.pipeline.push(f);
    const rt = st(r, 'BTCUSDT');
    expect(rt.stats[STAT.nextFundingMs]).toBe(1680652800000);
    expect(rt.stats[STAT.fundingRate]).toBe(0.00002754); // r of the last 04-04 markPriceUpdate
    expect(rt.stats[STAT.markPx]).toBe(28157.1);
    expect(rt.stats[STAT.indexPx]).toBe(28165.04309524);
    expect(rt.stats[STAT.markPx]).toBeGreaterThan(28000);
    expect(rt.stats[STAT.indexPx]).toBeGreaterThan(28000);
    const seen: number[] = [];
    for (const f of apr05) {
      r.pipeline.push(f);
      const t = rt.stats[STAT.nextFundingMs]!;
      if (seen[seen.length - 1] !== t) seen.push(t);
    }
    expect(seen).toEqual([1680652800000, 1680681600000]);
    expect(rt.stats[STAT.fundingRate]).toBe(0.00002846); // r drifts 0.00002760 → 0.00002846
  });

  it('the 04-05 continuation alone never goes live (no snapshot): it waits, bounded', () => {
    const r = run(apr05);
    const rt = st(r, 'BTCUSDT');
    expect(rt.state).toBe('syncing');
    expect(rt.book.isEmpty()).toBe(true);
    expect(rt.stats[STAT.bookUpdates]).toBe(0);
    expect(r.requests.length).toBeGreaterThanOrEqual(1);
    expect(r.out.problems('depth-buffer-overflow').length).toBe(5); // 11,788 events, 2,000 at a time
  });

  it('SAND/CHR/NEO/CTK/BAT 2021-04-05 cryptofeed: 215/215 over 5 symbols, 5 snapshots, zero gaps', () => {
    const frames = loadCaptures(F.cf2021);
    const r = run(frames);
    // PROVENANCE.md counts 215 checks after applied EVENTS; the pipeline also checks the snapshot
    // commit itself, and BATUSDT has a bookTicker with u == its lastUpdateId: 215 + 1.
    expect(sum(r, 'bboChecks')).toBe(216);
    expect(stat(r, 'BATUSDT', 'bboChecks')).toBe(34);
    expect(sum(r, 'bboMismatches')).toBe(0);
    expect(sum(r, 'snapshots')).toBe(5);
    expect(sum(r, 'trades')).toBe(574); // aggTrade only (no @trade subscribed)
    expectClean(r);
    const refs = reference(frames);
    for (const sym of ['SANDUSDT', 'CHRUSDT', 'NEOUSDT', 'CTKUSDT', 'BATUSDT']) {
      expect(refs.get(sym)!.book.equals(st(r, sym).book), sym).toBe(true);
      expect(stat(r, sym, 'bookUpdates'), sym).toBe(refs.get(sym)!.applied);
    }
    // PROVENANCE.md §3/§4.1: CTKUSDT and CHRUSDT each buffer an event with u == lastUpdateId
    // exactly; the futures rule applies it (spot's `u <= lastUpdateId` would drop it).
    for (const sym of ['CTKUSDT', 'CHRUSDT']) expect(refs.get(sym)!.atLastId, sym).toBe(1);
    for (const sym of ['SANDUSDT', 'NEOUSDT', 'BATUSDT']) expect(refs.get(sym)!.atLastId, sym).toBe(0);
    const a = new BinanceUsdmAdapter();
    const sink = new RecordingSink();
    for (const f of frames) a.onFrame(f, f.kind === 'ws' || f.kind === 'rest' ? a.parse(f.text) : undefined, sink);
    for (const sym of ['CTKUSDT', 'CHRUSDT', 'SANDUSDT', 'NEOUSDT', 'BATUSDT']) {
      const books = sink.of('book').filter((b) => b.stream === `binance-usdm:${sym}`);
      const snapIdx = books.findIndex((b) => b.isSnapshot);
      expect(snapIdx, sym).toBe(0);
      // the first delta committed after the snapshot ends exactly at lastUpdateId for CTK/CHR
      expect(books[1]!.seq === books[0]!.seq, sym).toBe(sym === 'CTKUSDT' || sym === 'CHRUSDT');
    }
    // PROVENANCE's own method: bookTickers whose u equals the u of an applied delta → 215/215.
    const deltaSeqs = new Set(sink.of('book').filter((b) => !b.isSnapshot).map((b) => `${b.stream}/${b.seq}`));
    const onDeltas = sink.of('bbo').filter((b) => deltaSeqs.has(`${b.stream}/${b.seq}`));
    expect(onDeltas).toHaveLength(215);
  });
});
