import { describe, expect, it } from 'vitest';
import { depthOf, loadCaptures, NaiveBook, newRun, wsApiSnapshotFrame, type Run } from '../../cli/replay/harness';
import { STAT } from '../../core/series/stream-stats';
import type { RawFrame } from '../../core/types';

/**
 * Real captures with one depth frame removed / duplicated / two swapped: the §2.3 rule must see
 * the gap (or ignore the duplicate), present nothing across it, ask for a snapshot, wait in
 * `resyncing` (replay has no requester), and come back live — with bookTickers matching again —
 * when a correct snapshot frame (built by a naive reference from the capture) is injected.
 */
const CASES = [
  { file: 'binance/fixtures/BTCUSDT_2024-08-08T2354Z_depth100ms-trade-bookTicker_hftbacktest.jsonl.gz', symbol: 'BTCUSDT', bbo: true },
  { file: 'binance/fixtures/NKNUSDT-BLZETH-LRCBTC-RUNEEUR_2021-10-12_depth100ms-bookTicker-aggTrade-kline_cryptofeed.jsonl', symbol: 'NKNUSDT', bbo: true },
  { file: 'binance/fixtures/BTCUSDT-ETHUSDT-DOTUSDT_2021-04-04_depth100ms-aggTrade-kline_cryptofeed.jsonl', symbol: 'BTCUSDT', bbo: false },
] as const;

const load = (file: string): RawFrame[] => loadCaptures(file);

/** Indices of the symbol's depth frames that come after its snapshot frame. */
function depthIdx(frames: RawFrame[], symbol: string): number[] {
  const snapAt = frames.findIndex((f) => f.kind === 'rest' && (f.url === undefined || f.url.includes(`symbol=${symbol}`)));
  return frames.flatMap((f, i) => (i > snapAt && depthOf(f)?.symbol === symbol ? [i] : []));
}

/** The true book after update id `upTo`, from the capture's own snapshot and events. */
function referenceAt(frames: RawFrame[], symbol: string, upTo: number): NaiveBook {
  const ref = new NaiveBook();
  let lastId = NaN;
  const early: ReturnType<typeof depthOf>[] = [];
  for (const f of frames) {
    if (f.kind === 'rest' && (f.url === undefined || f.url.includes(`symbol=${symbol}`))) {
      const s = JSON.parse(f.text) as { lastUpdateId: number; bids: string[][]; asks: string[][] };
      ref.load(s.bids, s.asks);
      lastId = s.lastUpdateId;
      for (const d of early) if (d!.u > lastId && d!.u <= upTo) ref.apply(d!.b, d!.a);
      continue;
    }
    const d = depthOf(f);
    if (d?.symbol !== symbol || d.u > upTo) continue;
    if (Number.isNaN(lastId)) early.push(d);
    else if (d.u > lastId) ref.apply(d.b, d.a);
  }
  return ref;
}

const st = (run: Run, symbol: string) => run.pipeline.stream(`binance:${symbol}`)!;

describe.each(CASES)('resync on $file', ({ file, symbol, bbo }) => {
  const frames = load(file);
  const idx = depthIdx(frames, symbol);
  const k = idx[40]!; // well after the stream went live

  for (const mutation of ['remove', 'swap'] as const) {
    it(`${mutation}: gap, nothing presented across it, waits in resyncing, recovers on an injected snapshot`, () => {
      const mutated = frames.slice();
      if (mutation === 'remove') mutated.splice(k, 1);
      else [mutated[k], mutated[idx[41]!]] = [mutated[idx[41]!]!, mutated[k]!];
      const injectAfter = mutated.indexOf(frames[idx[47]!]!); // 5+ depth events after the gap
      const run = newRun();
      const key = `binance:${symbol}` as const;
      let commitsAtGap = -1;
      let lastU = NaN;
      for (let i = 0; i < mutated.length; i++) {
        const f = mutated[i]!;
        run.pipeline.push(f);
        const d = depthOf(f);
        if (d?.symbol === symbol) lastU = d.u;
        const rt = st(run, symbol);
        if (commitsAtGap < 0 && rt.stats[STAT.gaps] === 1) {
          commitsAtGap = run.out.bookCommits[rt.idx]!;
          expect(rt.state).toBe('resyncing');
          expect(rt.book.isEmpty()).toBe(true);
          // one at the start (answered by the capture's snapshot), one for the gap
          expect(run.requests.filter((r) => r.stream === key)).toHaveLength(2);
          expect(run.out.nanRows[rt.idx]).toBe(1); // the chart breaks: no line across the gap
        }
        if (commitsAtGap >= 0 && i <= injectAfter) {
          expect(rt.state).toBe('resyncing');
          expect(run.out.bookCommits[rt.idx]).toBe(commitsAtGap);
          expect(rt.book.isEmpty()).toBe(true);
        }
        if (i === injectAfter) {
          const checksBefore = rt.stats[STAT.bboChecks]!;
          run.pipeline.push(wsApiSnapshotFrame(symbol, 2, lastU, referenceAt(frames, symbol, lastU), f.tUs + 1));
          (rt as { checksBefore?: number }).checksBefore = checksBefore;
        }
      }
      const rt = st(run, symbol);
      expect(commitsAtGap).toBeGreaterThan(0);
      expect(rt.stats[STAT.gaps]).toBe(1);
      expect(rt.stats[STAT.resyncs]).toBe(1);
      // applied when the next event crosses lastUpdateId (every buffered one was inside it)
      expect(rt.stats[STAT.snapshots]).toBe(2);
      expect(rt.state).toBe('live');
      expect(rt.stats[STAT.bboMismatches]).toBe(0);
      if (bbo) expect(rt.stats[STAT.bboChecks]!).toBeGreaterThan((rt as { checksBefore?: number }).checksBefore!);
      expect(referenceAt(frames, symbol, Infinity).equals(rt.book)).toBe(true);
      expect(run.out.nanInLiveRows[rt.idx]).toBe(0);
    });

    it(`${mutation} without a snapshot in the session: stays resyncing, book empty, asked once`, () => {
      const mutated = frames.slice();
      if (mutation === 'remove') mutated.splice(k, 1);
      else [mutated[k], mutated[idx[41]!]] = [mutated[idx[41]!]!, mutated[k]!];
      const run = newRun();
      for (const f of mutated) run.pipeline.push(f);
      const rt = st(run, symbol);
      expect(rt.state).toBe('resyncing');
      expect(rt.book.isEmpty()).toBe(true);
      expect(rt.stats[STAT.gaps]).toBe(1);
      expect(run.requests.filter((r) => r.stream === `binance:${symbol}`)).toHaveLength(2); // start + gap, never repeated
    });
  }

  it('adjacent duplicate: re-applied idempotently (u == bookId is not stale under §2.3), no gap', () => {
    const mutated = frames.slice();
    mutated.splice(k + 1, 0, frames[k]!);
    const run = newRun();
    for (const f of mutated) run.pipeline.push(f);
    const rt = st(run, symbol);
    expect(rt.stats[STAT.gaps]).toBe(0);
    expect(rt.state).toBe('live');
    expect(rt.stats[STAT.bboMismatches]).toBe(0);
    expect(referenceAt(frames, symbol, Infinity).equals(rt.book)).toBe(true);
  });

  it('late duplicate of an older event: u < bookId ⇒ ignored (counted), no gap', () => {
    const mutated = frames.slice();
    mutated.splice(idx[44]! + 1, 0, frames[k]!);
    const run = newRun();
    for (const f of mutated) run.pipeline.push(f);
    const rt = st(run, symbol);
    expect(rt.stats[STAT.gaps]).toBe(0);
    expect(run.out.problems('depth-stale-ignored')).toHaveLength(1);
    expect(rt.state).toBe('live');
    expect(rt.stats[STAT.bboMismatches]).toBe(0);
    expect(referenceAt(frames, symbol, Infinity).equals(rt.book)).toBe(true);
  });
});
