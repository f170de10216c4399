import { describe, expect, it } from 'vitest';
import { BasisSeries, computeBasisSeries } from './basis-series';

const f = (xs: number[]) => Float64Array.from(xs);

describe('computeBasisSeries', () => {
  const perp = {
    tSec: f([10, 11, 12, 13, 20]),
    midPx: f([101, 101, NaN, 101, 102]), // row 12: perp resyncing
    markPx: f([100.5, 100.5, 100.5, 100.5, 100.5]), // mark seen at 10, then never refreshed
    indexPx: f([100, 100.1, 100.2, 100.3, 100.4]),
    n: 5,
  };
  const spot = { tSec: f([10.5, 12.5, 19]), midPx: f([100, 100, 100]), n: 3 };

  it('joins legs on the merged grid, with gaps where a leg is missing, not live or too old', () => {
    const out = new BasisSeries(16);
    computeBasisSeries(perp, spot, 0, 3, out);
    expect([...out.t.subarray(0, out.n)]).toEqual([10, 10.5, 11, 12, 12.5, 13, 19, 20]);
    const perpSpot = [...(out.bps[0] as Float64Array).subarray(0, out.n)];
    // t=10: no spot yet; t=12, 12.5: perp not live; t=19: perp's last row (13) is 6 s old.
    expect(perpSpot.map((x) => (Number.isNaN(x) ? null : Math.round(x)))).toEqual([null, 100, 100, null, null, 100, null, 200]);
    const perpMark = [...(out.bps[1] as Float64Array).subarray(0, out.n)];
    // The mark (first seen at 10, never changed) is older than 3 s from t=13.1 on: a gap, not a stale value.
    expect(Number.isNaN(perpMark[5] as number)).toBe(false); // t=13: 3 s exactly
    expect(Number.isNaN(perpMark[7] as number)).toBe(true); // t=20
  });

  it('never uses a later observation (no lookahead)', () => {
    const out = new BasisSeries(16);
    computeBasisSeries(perp, spot, 0, 100, out);
    // At t=10 spot's first row (10.5) is in the future: perp vs spot must be a gap there.
    expect(out.t[0]).toBe(10);
    expect(Number.isNaN(out.bps[0]![0] as number)).toBe(true);
  });

  it('without a spot stream, only the spot pairs are gaps', () => {
    const out = new BasisSeries(16);
    computeBasisSeries(perp, null, 0, 3, out);
    expect(out.n).toBe(5);
    expect(Number.isNaN(out.bps[0]![0] as number)).toBe(true);
    expect(out.bps[2]![0]).toBeCloseTo(100, 6); // perp vs index at t=10
  });
});
