import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingMoments } from './rolling-moments';

function naive(xs: number[]): { mean: number; variance: number } {
  const n = xs.length;
  if (n === 0) return { mean: NaN, variance: NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, variance: NaN };
  return { mean, variance: xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1) };
}

describe('RollingMoments', () => {
  it.each([
    // [rows (tUs, x), windowUs, mean, variance]
    [[[0, 1], [1, 2], [2, 3], [3, 4]], 100, 2.5, 5 / 3],
    [[[0, 1], [1, 2], [2, 3], [3, 4]], 2, 3.5, 0.5], // window (1, 3] keeps t=2,3
    [[[0, 7]], 100, 7, NaN],
    [[], 100, NaN, NaN],
    [[[0, 5], [1, 5], [2, 5]], 100, 5, 0],
  ] as const)('rows %j window %d → mean %d var %d', (rows, w, mean, variance) => {
    const m = new RollingMoments(w);
    for (const [t, x] of rows) m.push(t, x);
    if (Number.isNaN(mean)) expect(m.mean()).toBeNaN();
    else expect(m.mean()).toBeCloseTo(mean, 12);
    if (Number.isNaN(variance)) expect(m.variance()).toBeNaN();
    else expect(m.variance()).toBeCloseTo(variance, 12);
  });

  it('keeps precision for prices far from zero (no Σx² cancellation)', () => {
    const m = new RollingMoments(1e12);
    const xs = [61837.63, 61837.64, 61837.62, 61837.65, 61837.63];
    xs.forEach((x, i) => m.push(i, x));
    const ref = naive(xs);
    expect(Math.abs(m.variance() - ref.variance)).toBeLessThan(1e-12);
  });

  it('matches a naive recomputation, including after many evictions (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.double({ min: -1e3, max: 1e3, noNaN: true })), {
          maxLength: 500,
        }),
        fc.double({ min: -1e5, max: 1e5, noNaN: true }),
        fc.integer({ min: 1, max: 2000 }),
        (rows, offset, w) => {
          const m = new RollingMoments(w, 2);
          const seen: [number, number][] = [];
          let t = 0;
          for (const [dt, x0] of rows) {
            t += dt;
            const x = x0 + offset;
            m.push(t, x);
            seen.push([t, x]);
            const ref = naive(seen.filter(([rt]) => rt > t - w).map(([, v]) => v));
            if (m.count === 0 || Math.abs(m.mean() - ref.mean) > 1e-9 * (1 + Math.abs(ref.mean))) return false;
            const v = m.variance();
            if (Number.isNaN(ref.variance) !== Number.isNaN(v)) return false;
            if (!Number.isNaN(v) && Math.abs(v - ref.variance) > 1e-7 * (1 + ref.variance)) return false;
          }
          return true;
        },
      ),
      { numRuns: 200 },
    );
  });
});
