import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LATENCY_BIN_EDGES_MS, LATENCY_BINS } from '../series/stream-stats';
import { latencyBinLinear, latencyBinOf } from './latency-bins';
import { LogBins } from './log-bins';
import { WindowedBins } from './windowed-bins';
import { WindowedQuantiles } from './windowed-quantiles';

/** Exact lower nearest-rank quantile: element of rank max(1, ⌈q·n⌉). */
function exactQuantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(1, Math.ceil(q * s.length)) - 1]!;
}

const within = (est: number, exact: number, b: LogBins): boolean =>
  Math.abs(est - exact) <= b.relErr * Math.abs(exact) * (1 + 1e-9) + b.minAbs;

describe('LogBins', () => {
  const b = new LogBins(0.01, 1e-3, 1e7);

  it('is monotone and keeps every value within the relative error', () => {
    let prev = -Infinity;
    for (let x = -2e4; x <= 2e4; x += 0.37) {
      const i = b.index(x);
      expect(i).toBeGreaterThanOrEqual(prev === -Infinity ? 0 : b.index(prev));
      expect(within(b.value(i), x, b)).toBe(true);
      prev = x;
    }
  });

  it.each([
    [0, 0],
    [1e-4, 0],
    [-1e-4, 0],
    [1, 1],
    [-1, -1],
    [5000, 5000],
  ])('value(index(%d)) ≈ %d', (x, exp) => {
    expect(within(b.value(b.index(x)), exp, b)).toBe(true);
  });

  it('reports each bin as 2·lo·hi/(lo+hi) of its sub-bin, bit for bit (octave bounds from a table)', () => {
    for (const [a, lo, hi] of [[0.01, 1e-3, 1e7], [0.05, 1e-6, 1e3], [0.001, 1, 1e9]] as const) {
      const bins = new LogBins(a, lo, hi);
      let s = 0;
      while (1 / (2 * 2 ** s + 1) > a) s++;
      const subs = 2 ** s;
      const eMin = (new Uint32Array(new Float64Array([lo]).buffer)[1]! >>> 20);
      for (let bin = 0; bin < bins.size; bin++) {
        if (bin === bins.zero) continue;
        const k = bin > bins.zero ? bin - bins.zero - 1 : bins.zero - 1 - bin;
        const octave = 2 ** (Math.floor(k / subs) + eMin - 1023);
        const l = octave * (1 + (k % subs) / subs);
        const h = octave * (1 + ((k % subs) + 1) / subs);
        const rep = (2 * l * h) / (l + h);
        expect(bins.value(bin)).toBe(bin > bins.zero ? rep : -rep);
      }
    }
  });

  it('clamps beyond maxAbs into the outer bins', () => {
    expect(b.index(1e12)).toBe(b.size - 1);
    expect(b.index(-Infinity)).toBe(0);
  });

  it('rejects nonsense parameters', () => {
    expect(() => new LogBins(0)).toThrow(RangeError);
    expect(() => new LogBins(0.01, 1, 1)).toThrow(RangeError);
  });
});

describe('WindowedQuantiles', () => {
  it.each([
    // [values, q, exact]
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.99, 10],
    [[-30, -20, -10], 0.5, -20], // clock skew: negative latencies are fine
    [[-5, 0, 5], 0.5, 0],
    [[42], 0.01, 42],
  ])('%j q=%d ≈ %d', (xs, q, exact) => {
    const w = new WindowedQuantiles(1e9);
    xs.forEach((x, i) => w.push(i, x));
    expect(within(w.quantile(q), exact, w.bins)).toBe(true);
  });

  it('is NaN when empty and ignores NaN input', () => {
    const w = new WindowedQuantiles(1000);
    w.push(0, NaN);
    expect(w.count).toBe(0);
    expect(w.quantile(0.5)).toBeNaN();
  });

  it('forgets values that left the window', () => {
    const w = new WindowedQuantiles(1000);
    w.push(0, 1000);
    w.push(500, 1);
    w.evict(1000);
    expect(w.count).toBe(1);
    expect(within(w.quantile(0.99), 1, w.bins)).toBe(true);
  });

  it('matches the exact windowed quantile within the stated error (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 400 }),
            fc.oneof(fc.double({ min: -1e4, max: 1e5, noNaN: true }), fc.integer({ min: -50, max: 500 })),
          ),
          { minLength: 1, maxLength: 300 },
        ),
        fc.constantFrom(0.01, 0.5, 0.95, 0.99, 1),
        fc.integer({ min: 1, max: 5000 }),
        (rows, q, windowUs) => {
          const w = new WindowedQuantiles(windowUs);
          const seen: [number, number][] = [];
          let t = 0;
          for (const [dt, x] of rows) {
            t += dt;
            w.push(t, x);
            seen.push([t, x]);
            const exact = exactQuantile(seen.filter(([rt]) => rt > t - windowUs).map(([, v]) => v), q);
            if (!within(w.quantile(q), exact, w.bins)) return false;
          }
          return true;
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('WindowedBins', () => {
  it('adds and subtracts counts as rows enter and leave', () => {
    const h = new WindowedBins(3, 100);
    h.add(0, 0);
    h.add(50, 2);
    h.add(60, 2);
    expect([...h.counts]).toEqual([1, 0, 2]);
    h.evict(100);
    expect([...h.counts]).toEqual([0, 0, 2]);
    expect(h.total).toBe(2);
    h.evict(1000);
    expect([...h.counts]).toEqual([0, 0, 0]);
    expect(h.quantileBin(0.5)).toBe(-1);
  });
});

describe('latencyBinOf', () => {
  it.each([
    [-3, 0],
    [-0.001, 0],
    [0, 1],
    [4.99, 1],
    [5, 2],
    [99.9, 7],
    [1999, 14],
    [2000, 15],
    [4999, 15],
    [5000, 16],
    [1e9, 16],
    [NaN, -1],
  ])('%d ms → bin %d', (ms, bin) => {
    expect(latencyBinOf(ms)).toBe(bin);
  });

  it('covers exactly LATENCY_BINS bins', () => {
    expect(latencyBinOf(Infinity)).toBe(LATENCY_BINS - 1);
  });

  it('the lookup table answers as the edge walk does, edges and their neighbours included (property)', () => {
    const near = fc.constantFrom(...LATENCY_BIN_EDGES_MS).chain((e) => fc.constantFrom(e, e - 1e-9, e + 1e-9, e - 0.5, e * (1 - Number.EPSILON)));
    fc.assert(fc.property(fc.oneof(near, fc.double({ min: -10, max: 6000, noNaN: true })), (ms) => latencyBinOf(ms) === latencyBinLinear(ms)), { numRuns: 5000 });
  });
});

describe('WindowedBins second histogram and block skipping', () => {
  it('counts a display bin from the same ring and forgets it with the row', () => {
    const w = new WindowedQuantiles(1000, 0.01, 1e-3, 1e7, 3);
    w.pushWithDisplay(0, 5, 1);
    w.pushWithDisplay(500, 7, 2);
    expect([...w.displayCounts]).toEqual([0, 1, 1]);
    w.evict(1000);
    expect([...w.displayCounts]).toEqual([0, 0, 1]);
    w.clear();
    expect([...w.displayCounts]).toEqual([0, 0, 0]);
  });

  it('finds quantiles across many blocks from either end', () => {
    const h = new WindowedBins(1000, 1e9);
    const bins = [3, 64, 65, 300, 301, 640, 999];
    bins.forEach((b, i) => h.add(i, b));
    for (let r = 1; r <= bins.length; r++) expect(h.quantileBin(r / bins.length)).toBe(bins[r - 1]);
    expect(h.quantileBin(0)).toBe(3);
  });
});
