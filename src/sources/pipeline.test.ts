import { describe, expect, it } from 'vitest';
import { newRun, SpyOutput } from '../cli/replay/harness';
import { SERIES_COL } from '../core/series/columns';
import { STAT } from '../core/series/stream-stats';
import type { FrameKind, RawFrame } from '../core/types';
import { BinanceSpotAdapter } from '../venues/binance/adapter';
import { Pipeline, PARSE_TIMING_EVERY, SAMPLE_INTERVAL_US } from './pipeline';

const T0 = 1_700_000_000_000_000; // µs
let t = T0;
const fr = (kind: FrameKind, text: string, extra: Partial<RawFrame> = {}): RawFrame => ({ tUs: (t += 1000), kind, conn: 'ws', text, ...extra });
const depth = (U: number, u: number, b: string[][] = [], a: string[][] = [], E = 0) =>
  fr('ws', JSON.stringify({ stream: 'x@depth@100ms', data: { e: 'depthUpdate', E: E || (t + 1000) / 1000 - 5, s: 'BTCUSDT', U, u, b, a } }));
const snap = (id: number, bids: string[][], asks: string[][]) =>
  fr('rest', JSON.stringify({ lastUpdateId: id, bids, asks }), { conn: 'http', url: 'https://x/api/v3/depth?symbol=BTCUSDT' });
const bbo = (u: number, b: string, B: string, a: string, A: string) => fr('ws', JSON.stringify({ stream: 'x@bookTicker', data: { u, s: 'BTCUSDT', b, B, a, A } }));
const K = 'binance:BTCUSDT' as const;

function live() {
  const run = newRun();
  for (const f of [fr('ws_open', '', { url: 'wss://x/stream?streams=btcusdt@depth@100ms' }), depth(1, 10), snap(9, [['100', '1']], [['101', '2']])]) run.pipeline.push(f);
  return { ...run, rt: run.pipeline.stream(K)! };
}

describe('Pipeline', () => {
  it('creates streams lazily and reports them; counts frames once each', () => {
    const { rt, out, pipeline } = live();
    expect(out.keys).toEqual([K]);
    expect(rt.state).toBe('live');
    expect(rt.stats[STAT.frames]).toBe(3); // ws_open, depth, snapshot
    expect(pipeline.totals.frames).toBe(3);
    expect(rt.stats[STAT.snapshots]).toBe(1);
    expect(rt.stats[STAT.seq]).toBe(10);
  });

  it('bookTicker oracle: the ticker may come before or after the depth event with its u', () => {
    const { rt, pipeline, out } = live();
    pipeline.push(bbo(12, '100', '3', '101', '2')); // before its depth event
    pipeline.push(depth(11, 12, [['100', '3']]));
    expect(rt.stats[STAT.bboChecks]).toBe(1);
    pipeline.push(depth(13, 14, [], [['101', '5']]));
    pipeline.push(bbo(14, '100', '3', '101', '5')); // after
    expect(rt.stats[STAT.bboChecks]).toBe(2);
    expect(rt.stats[STAT.bboMismatches]).toBe(0);
    pipeline.push(bbo(15, '100', '3', '101', '9'));
    pipeline.push(depth(15, 15, [], [['101', '6']]));
    expect(rt.stats[STAT.bboChecks]).toBe(3);
    expect(rt.stats[STAT.bboMismatches]).toBe(1);
    expect(out.problems('bbo-mismatch')).toHaveLength(1);
    pipeline.push(bbo(13, '1', '1', '2', '2')); // older than the book: cannot be checked
    expect(rt.stats[STAT.bboChecks]).toBe(3);
  });

  it('a crossed live book is counted once and reported', () => {
    const { rt, pipeline, out } = live();
    pipeline.push(depth(11, 11, [['102', '1']]));
    pipeline.push(depth(12, 12, [['102', '2']]));
    expect(rt.stats[STAT.crossedEvents]).toBe(1);
    expect(out.problems('crossed-book')).toHaveLength(1);
  });

  it('rows: at most one per SAMPLE_INTERVAL_US of frame time; latency in the epoch domain, parse time in the perf domain', () => {
    const out = new SpyOutput();
    const rows: Float64Array[] = [];
    const books: number[] = [];
    out.row = (idx: number, row: Float64Array) => void rows.push(row.slice());
    out.bookChanged = (_idx: number, _book: unknown, seq: number) => void books.push(seq);
    let perf = 0;
    const p = new Pipeline({
      adapters: [new BinanceSpotAdapter()],
      out,
      nowPerfMs: () => (perf += 0.25),
      requester: { request: () => {} },
      parseTimingEvery: 1,
    });
    p.push(depth(1, 10));
    p.push(snap(9, [['100', '1']], [['101', '2']]));
    p.push(depth(11, 11, [['100', '2']], [], 0)); // 1 ms later: applied and shown, not sampled
    expect(rows).toHaveLength(1); // the snapshot's commit (the buffered event shares its instant)
    expect(books).toEqual([9, 10, 11]); // every commit still reaches the book slot
    t += SAMPLE_INTERVAL_US;
    const f = depth(12, 12, [['100', '3']], [], 0);
    const E = JSON.parse(f.text).data.E as number;
    p.push(f);
    expect(rows).toHaveLength(2);
    const r = rows[1]!;
    expect(r[SERIES_COL.tSec]).toBe(f.tUs / 1e6);
    expect(r[SERIES_COL.latencyMs]).toBeCloseTo(f.tUs / 1000 - E, 6);
    expect(r[SERIES_COL.parseUs]).toBeCloseTo(250, 6);
    expect(r[SERIES_COL.bestBidPx]).toBe(100);
  });

  it('times the parse of one frame in PARSE_TIMING_EVERY by default (every frame is still parsed)', () => {
    let clockReads = 0;
    const p = new Pipeline({ adapters: [new BinanceSpotAdapter()], out: new SpyOutput(), nowPerfMs: () => ++clockReads, requester: { request: () => {} } });
    p.push(depth(1, 10));
    p.push(snap(9, [['100', '1']], [['101', '2']]));
    for (let u = 11; u < 11 + 4 * PARSE_TIMING_EVERY - 2; u++) p.push(depth(u, u, [['100', String(u)]]));
    expect(p.totals.frames).toBe(4 * PARSE_TIMING_EVERY);
    expect(clockReads).toBe(2 * 4); // two clock reads per timed frame
    expect(p.stream(K)!.stats[STAT.bookUpdates]).toBe(4 * PARSE_TIMING_EVERY - 2 + 1);
  });

  it('gap: counted, a NaN row (tSec set) marks the break, metrics restart, requester asked', () => {
    const { rt, pipeline, out, requests } = live();
    pipeline.push(fr('ws', '{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"100","q":"1","T":1,"m":true}'));
    const g = depth(20, 21);
    pipeline.push(g);
    expect(rt.stats[STAT.gaps]).toBe(1);
    expect(rt.stats[STAT.lastGapTUs]).toBe(g.tUs);
    expect(rt.stats[STAT.resyncs]).toBe(1);
    expect(rt.state).toBe('resyncing');
    expect(out.nanRows[rt.idx]).toBe(1);
    expect(requests.map((r) => r.stream)).toEqual([K, K]);
    expect(out.events.filter((e) => e.type === 'gap')).toHaveLength(1);
    expect([...rt.metrics.latencyHist].every((c) => c === 0)).toBe(true);
  });

  it('ws_close counts a reconnect; markStale puts streams in stale until the next commit', () => {
    const { rt, pipeline, out } = live();
    pipeline.push(depth(11, 11)); // a market frame tells the pipeline the stream's connection
    pipeline.markStale({ conn: 'http' }, 'no frames for 30 s', t);
    expect(rt.state).toBe('live');
    pipeline.markStale({ conn: 'ws' }, 'no frames for 30 s', t);
    expect(rt.state).toBe('stale');
    expect(out.nanRows[rt.idx]).toBe(1);
    pipeline.push(depth(12, 12));
    expect(rt.state).toBe('live');
    pipeline.push(fr('ws_close', '{"code":1006,"reason":""}'));
    expect(rt.state).toBe('connecting');
    expect(rt.stats[STAT.reconnects]).toBe(1);
    expect(rt.book.isEmpty()).toBe(true);
    pipeline.markStale('all', 'x', t); // connecting streams are not "stale"
    expect(rt.state).toBe('connecting');
  });

  it('never throws: bad JSON, unroutable frames, a throwing adapter', () => {
    const out = new SpyOutput();
    // a second venue id, as a future catalog would have
    const bad = { venue: 'other' as 'binance', parse: (s: string) => s, onFrame: () => { throw new Error('boom'); } };
    const p = new Pipeline({ adapters: [new BinanceSpotAdapter(), bad], venueOfConn: (c) => (c === 'ws' ? 'binance' : c === 'bad' ? ('other' as 'binance') : undefined), out, nowPerfMs: () => 0, requester: { request: () => {} } });
    expect(() => p.push(fr('ws', '{oops'))).not.toThrow();
    expect(() => p.push(fr('ws', '{}', { conn: 'elsewhere' }))).not.toThrow();
    expect(() => p.push(fr('ws', '{}', { conn: 'bad' }))).not.toThrow();
    const q = new Pipeline({ adapters: [bad], out, nowPerfMs: () => 0, requester: { request: () => {} } });
    expect(() => q.push(fr('ws', '{}'))).not.toThrow();
    expect(out.problems()).toEqual(['bad-json', 'unroutable-frame', 'adapter-error', 'adapter-error']);
    expect(p.totals.problems).toBe(3);
    expect(p.totals.unknown).toBe(0);
  });

  it('unknown messages are all counted but reported at 1, 2, 4, 8…', () => {
    const { pipeline, out } = live();
    for (let i = 0; i < 9; i++) pipeline.push(fr('ws', '{"mystery":true}'));
    expect(pipeline.totals.unknown).toBe(9);
    expect(out.problems('unknown-message')).toHaveLength(4);
  });
});
