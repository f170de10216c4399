import { describe, expect, it } from 'vitest';
import { loadCaptures, NaiveBook, newRun, type Run } from '../../cli/replay/harness';
import { STAT } from '../../core/series/stream-stats';
import type { RawFrame } from '../../core/types';
import { BinanceUsdmAdapter } from './adapter';
import { futuresDepthOf, restSnapshotFrame, snapshotOf, USDM_FIXTURES as F } from './testing';

/**
 * Real captures with one depth frame removed / duplicated / two swapped: the `pu` chain must break
 * (venues.md §3.3), nothing is presented across it, a snapshot is requested, the stream waits in
 * `resyncing` (replay has no requester) and comes back live — bookTickers matching again — when a
 * correct REST snapshot (built by a naive reference from the capture) is injected.
 */
const CASES = [
  { file: F.apr04, symbol: 'BTCUSDT' },
  { file: F.cf2021, symbol: 'CTKUSDT' },
] as const;

/** Indices of the symbol's depth frames after its snapshot frame. */
function depthIdx(frames: RawFrame[], symbol: string): number[] {
  const snapAt = frames.findIndex((f) => f.kind === 'rest' && (f.url === undefined || f.url.includes(`symbol=${symbol}`)));
  return frames.flatMap((f, i) => (i > snapAt && futuresDepthOf(f)?.symbol === symbol ? [i] : []));
}

/** The true book after update id `upTo`, from the capture's snapshot and events (futures rule). */
function referenceAt(frames: RawFrame[], symbol: string, upTo: number): NaiveBook {
  const ref = new NaiveBook();
  let lastId = NaN;
  const early: NonNullable<ReturnType<typeof futuresDepthOf>>[] = [];
  for (const f of frames) {
    const s = snapshotOf(f);
    if (s !== undefined && (s.symbol ?? symbol) === symbol) {
      ref.load(s.bids, s.asks);
      lastId = s.lastUpdateId;
      for (const d of early) if (d.u >= lastId && d.u <= upTo) ref.apply(d.b, d.a);
      continue;
    }
    const d = futuresDepthOf(f);
    if (d?.symbol !== symbol || d.u > upTo) continue;
    if (Number.isNaN(lastId)) early.push(d);
    else if (d.u >= lastId) ref.apply(d.b, d.a);
  }
  return ref;
}

const st = (run: Run, symbol: string) => run.pipeline.stream(`binance-usdm:${symbol}`)!;
const MUTATIONS = ['remove', 'duplicate', 'swap'] as const;

function mutate(frames: RawFrame[], idx: number[], m: (typeof MUTATIONS)[number]): RawFrame[] {
  const out = frames.slice();
  const k = idx[40]!; // well after the stream went live
  if (m === 'remove') out.splice(k, 1);
  else if (m === 'duplicate') out.splice(k + 1, 0, frames[k]!);
  else [out[k], out[idx[41]!]] = [out[idx[41]!]!, out[k]!];
  return out;
}

describe.each(CASES)('resync on $file ($symbol)', ({ file, symbol }) => {
  it('the clean capture asks as expected', () => expect(base).toBe(symbol === 'BTCUSDT' ? 0 : 1));
  const frames = loadCaptures(file);
  const idx = depthIdx(frames, symbol);
  const key = `binance-usdm:${symbol}` as const;
  // requests of the clean run: 1 for the cryptofeed symbols, 0 for hftbacktest 04-04 (its snapshot
  // was fetched before the first depth event arrived)
  const clean = newRun([new BinanceUsdmAdapter()]);
  for (const f of frames) clean.pipeline.push(f);
  const base = clean.requests.filter((r) => r.stream === key).length;

  for (const mutation of MUTATIONS) {
    it(`${mutation}: gap, nothing presented across it, waits in resyncing, recovers on an injected snapshot`, () => {
      const mutated = mutate(frames, idx, mutation);
      const injectAfter = mutated.indexOf(frames[idx[47]!]!); // 5+ depth events after the gap
      const run = newRun([new BinanceUsdmAdapter()]);
      let commitsAtGap = -1;
      let lastU = NaN;
      let checksBefore = 0;
      for (let i = 0; i < mutated.length; i++) {
        const f = mutated[i]!;
        run.pipeline.push(f);
        const d = futuresDepthOf(f);
        if (d?.symbol === symbol) lastU = d.u;
        const rt = st(run, symbol);
        if (commitsAtGap < 0 && rt.stats[STAT.gaps] === 1) {
          commitsAtGap = run.out.bookCommits[rt.idx]!;
          expect(rt.state).toBe('resyncing');
          expect(rt.book.isEmpty()).toBe(true);
          expect(run.requests.filter((r) => r.stream === key)).toHaveLength(base + 1); // + the gap's
          expect(run.out.nanRows[rt.idx]).toBe(1); // the chart breaks: no line across the gap
        }
        if (commitsAtGap >= 0 && i <= injectAfter) {
          expect(rt.state).toBe('resyncing');
          expect(run.out.bookCommits[rt.idx]).toBe(commitsAtGap);
          expect(rt.book.isEmpty()).toBe(true);
        }
        if (i === injectAfter) {
          checksBefore = rt.stats[STAT.bboChecks]!;
          const ref = referenceAt(frames, symbol, lastU);
          run.pipeline.push(restSnapshotFrame(symbol, lastU, ref.sorted('bids'), ref.sorted('asks'), f.tUs + 1));
        }
      }
      const rt = st(run, symbol);
      expect(commitsAtGap).toBeGreaterThan(0);
      expect(rt.stats[STAT.gaps]).toBe(1);
      expect(rt.stats[STAT.resyncs]).toBe(1);
      expect(rt.stats[STAT.snapshots]).toBe(2);
      expect(rt.state).toBe('live');
      expect(rt.stats[STAT.bboMismatches]).toBe(0);
      expect(rt.stats[STAT.bboChecks]!).toBeGreaterThan(checksBefore);
      expect(referenceAt(frames, symbol, Infinity).equals(rt.book)).toBe(true);
      expect(run.out.nanInLiveRows[rt.idx]).toBe(0);
    });

    it(`${mutation} without a snapshot in the session: stays resyncing, book empty, asked once`, () => {
      const run = newRun([new BinanceUsdmAdapter()]);
      for (const f of mutate(frames, idx, mutation)) run.pipeline.push(f);
      const rt = st(run, symbol);
      expect(rt.state).toBe('resyncing');
      expect(rt.book.isEmpty()).toBe(true);
      expect(rt.stats[STAT.gaps]).toBe(1);
      expect(run.requests.filter((r) => r.stream === key)).toHaveLength(base + 1); // never repeated
    });
  }

  it('other symbols of the capture are untouched by one symbol’s gap', () => {
    const run = newRun([new BinanceUsdmAdapter()]);
    for (const f of mutate(frames, idx, 'remove')) run.pipeline.push(f);
    for (const rt of run.pipeline.streams) if (rt.key !== key) expect([rt.key, rt.state, rt.stats[STAT.gaps]]).toEqual([rt.key, 'live', 0]);
  });
});
