import type { RawFrame, VenueId } from '../../core/types';

/**
 * A seeded, large synthetic Binance spot stream (venues.md §2): `ws_open` on a combined-stream
 * URL, one buffered diff, a WS-API depth snapshot with thousands of levels per side, then many
 * contiguous (`U = previous u + 1`) diffs with many levels each — prices as Binance-style
 * 8-decimal strings, deletes as "0.00000000" (some of absent levels, which Binance also sends),
 * the touch drifting — with occasional bookTicker and trade frames consistent with the book.
 *
 * Model: integer ticks, bids < c < asks around a drifting empty centre tick c, so the book is
 * never crossed; when c moves, the level it lands on is deleted in the same diff.
 */
export interface SyntheticSpec {
  readonly seed: number;
  readonly levelsPerSide: number;
  readonly diffs: number;
  readonly levelsPerDiffSide: number;
}

export const DEFAULT_SYNTHETIC: SyntheticSpec = { seed: 42, levelsPerSide: 4000, diffs: 3000, levelsPerDiffSide: 60 };

export const SYNTHETIC_SYMBOL = 'SYNUSDT';
const STREAM_URL = 'wss://data-stream.binance.vision/stream?streams=synusdt@depth@100ms/synusdt@trade/synusdt@bookTicker';
const TICK = 0.01;

/** mulberry32: tiny, fast, good enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pxStr = (tick: number): string => (tick * TICK).toFixed(8);

export function syntheticBinanceFrames(spec: SyntheticSpec = DEFAULT_SYNTHETIC): RawFrame[] {
  const rnd = prng(spec.seed);
  const sizeStr = (): string => (Math.floor(rnd() * 500_000 + 1) / 1e5).toFixed(8);
  /** Distance from the touch, concentrated near it (geometric-ish), bounded by the book depth. */
  const dist = (): number => Math.min(spec.levelsPerSide * 2, Math.floor(-Math.log(1 - rnd()) * spec.levelsPerSide * 0.15));
  const bids = new Map<number, string>();
  const asks = new Map<number, string>();
  let c = 6_000_000; // centre tick: 60000.00
  for (let i = 1; i <= spec.levelsPerSide; i++) {
    bids.set(c - i, sizeStr());
    asks.set(c + i, sizeStr());
  }
  const frames: RawFrame[] = [];
  let tUs = 1_723_161_253_000_000;
  let id = 1_000_000;
  const push = (kind: RawFrame['kind'], conn: string, text: string, url?: string): void => {
    frames.push(url === undefined ? { tUs, kind, conn, text } : { tUs, kind, conn, url, text });
  };
  const levelsJson = (m: Map<number, string>, desc: boolean): string =>
    JSON.stringify([...m.entries()].sort((x, y) => (desc ? y[0] - x[0] : x[0] - y[0])).map(([t, s]) => [pxStr(t), s]));

  push('ws_open', 'ws', '', STREAM_URL);
  const diffText = (U: number, u: number, b: string[][], a: string[][]): string =>
    `{"stream":"synusdt@depth@100ms","data":{"e":"depthUpdate","E":${Math.floor(tUs / 1000) + 5},"s":"${SYNTHETIC_SYMBOL}","U":${U},"u":${u},"b":${JSON.stringify(b)},"a":${JSON.stringify(a)}}}`;
  // One event buffered before the snapshot, overlapping it (U <= lastUpdateId+1 <= u).
  const lastId = id + 3;
  push('ws', 'ws', diffText(id, id + 6, [], []));
  id += 6;
  tUs += 50_000;
  push(
    'ws',
    'wsapi',
    `{"id":"snap:${SYNTHETIC_SYMBOL}:1","status":200,"result":{"lastUpdateId":${lastId},"bids":${levelsJson(bids, true)},"asks":${levelsJson(asks, false)}},"rateLimits":[]}`,
  );

  for (let d = 0; d < spec.diffs; d++) {
    tUs += 100_000;
    const b: string[][] = [];
    const a: string[][] = [];
    const r = rnd();
    if (r < 0.15) {
      c++; // centre moves up: the old ask at the new centre goes
      if (asks.delete(c)) a.push([pxStr(c), '0.00000000']);
    } else if (r < 0.3) {
      c--;
      if (bids.delete(c)) b.push([pxStr(c), '0.00000000']);
    }
    for (const [side, out, sign] of [[bids, b, -1], [asks, a, 1]] as const) {
      for (let k = 0; k < spec.levelsPerDiffSide; k++) {
        const tick = c + sign * (1 + dist());
        const u = rnd();
        if (u < 0.25) {
          side.delete(tick); // may be absent: Binance sends those too
          out.push([pxStr(tick), '0.00000000']);
        } else {
          const s = sizeStr();
          side.set(tick, s);
          out.push([pxStr(tick), s]);
        }
      }
    }
    const n = 1 + Math.floor(rnd() * 20);
    push('ws', 'ws', diffText(id + 1, id + n, b, a));
    id += n;
    if (d % 4 === 0) {
      tUs += 10;
      let bb = c - 1;
      while (!bids.has(bb)) bb--;
      let ba = c + 1;
      while (!asks.has(ba)) ba++;
      push(
        'ws',
        'ws',
        `{"stream":"synusdt@bookTicker","data":{"u":${id},"s":"${SYNTHETIC_SYMBOL}","b":"${pxStr(bb)}","B":"${bids.get(bb)}","a":"${pxStr(ba)}","A":"${asks.get(ba)}"}}`,
      );
      tUs += 10;
      const buy = rnd() < 0.5;
      push(
        'ws',
        'ws',
        `{"stream":"synusdt@trade","data":{"e":"trade","E":${Math.floor(tUs / 1000) + 5},"s":"${SYNTHETIC_SYMBOL}","t":${d},"p":"${pxStr(buy ? ba : bb)}","q":"${sizeStr()}","T":${Math.floor(tUs / 1000) + 4},"m":${!buy},"M":true}}`,
      );
    }
  }
  return frames;
}

/** The synthetic set as a bench entry (same shape as the per-venue entries in ./venues). */
export const syntheticBench = {
  name: `synthetic-binance-${DEFAULT_SYNTHETIC.levelsPerSide}lvl-${DEFAULT_SYNTHETIC.levelsPerDiffSide}per-diff`,
  load: (): RawFrame[] => syntheticBinanceFrames(DEFAULT_SYNTHETIC),
  venues: ['binance'] as VenueId[],
};
