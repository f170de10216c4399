import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asofJoin, changePoints, mergeTimes } from './asof';

const f = (xs: number[]) => Float64Array.from(xs);

describe('asofJoin', () => {
  it('takes the last observation at or before each grid time, never a later one', () => {
    const leg = { tSec: f([1, 2, 4]), v: f([10, 20, 40]), n: 3 };
    const grid = f([0.5, 1, 1.5, 3.99, 4, 9]);
    const out = new Float64Array(6);
    const age = new Float64Array(6);
    asofJoin(grid, 6, leg, 10, out, age);
    expect([...out]).toEqual([NaN, 10, 10, 20, 40, 40]);
    expect(age[0]).toBe(Infinity);
    expect(age[3]).toBeCloseTo(1.99, 9);
  });

  it('gives NaN when the last observation is older than maxAge or is a gap row', () => {
    const leg = { tSec: f([1, 2, 3]), v: f([10, NaN, 30]), n: 3 };
    const out = new Float64Array(4);
    asofJoin(f([1.5, 2.5, 3.5, 7]), 4, leg, 3, out);
    expect([...out]).toEqual([10, NaN, 30, NaN]);
  });

  it('matches a brute-force as-of join (property)', () => {
    const sortedTimes = fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 60 }).map((a) => [...a].sort((x, y) => x - y));
    fc.assert(
      fc.property(sortedTimes, sortedTimes, fc.integer({ min: 0, max: 50 }), (lt, gt, maxAge) => {
        const v = f(lt.map((_, i) => (i % 7 === 3 ? NaN : i)));
        const out = new Float64Array(gt.length);
        asofJoin(f(gt), gt.length, { tSec: f(lt), v, n: lt.length }, maxAge, out);
        gt.forEach((t, i) => {
          let j = -1;
          lt.forEach((x, k) => {
            if (x <= t) j = k;
          });
          const want = j < 0 || t - (lt[j] as number) > maxAge ? NaN : (v[j] as number);
          expect(out[i]).toEqual(want);
        });
      }),
    );
  });
});

describe('changePoints', () => {
  it('keeps the first row of each run (the time a value was first seen), NaN runs too', () => {
    const t = f([1, 2, 3, 4, 5, 6]);
    const v = f([5, 5, 6, NaN, NaN, 6]);
    const ot = new Float64Array(6);
    const ov = new Float64Array(6);
    const m = changePoints(t, v, 6, ot, ov);
    expect([...ot.subarray(0, m)]).toEqual([1, 3, 4, 6]);
    expect([...ov.subarray(0, m)]).toEqual([5, 6, NaN, 6]);
  });
});

describe('mergeTimes', () => {
  it('is the sorted union from fromSec, duplicates and NaN dropped', () => {
    const out = new Float64Array(10);
    const m = mergeTimes(f([1, 3, 5, 7]), 4, f([2, 3, NaN, 6]), 4, 2, out);
    expect([...out.subarray(0, m)]).toEqual([2, 3, 5, 6, 7]);
  });
});
