import { describe, expect, it } from 'vitest';
import { consolidate, niceStep, type VenueBook } from './consolidated';
import { depthShares } from './depth-share';

const book = (bids: [number, number][], asks: [number, number][]): VenueBook => ({
  bidPx: bids.map((b) => b[0]),
  bidSz: bids.map((b) => b[1]),
  bidN: bids.length,
  askPx: asks.map((a) => a[0]),
  askSz: asks.map((a) => a[1]),
  askN: asks.length,
});

describe('consolidate', () => {
  const a = book([[100, 1], [99, 2]], [[101, 1], [102, 3]]);
  const b = book([[100, 0.5], [98, 4]], [[101.5, 2], [103, 1]]);

  it('sums by exact price keeping each venue\'s share', () => {
    const c = consolidate([a, b], 0, 20, 10);
    expect(c.bids.map((l) => [l.px, l.total, ...l.byVenue])).toEqual([
      [100, 1.5, 1, 0.5],
      [99, 2, 2, 0],
      [98, 4, 0, 4],
    ]);
    expect(c.asks[0]).toMatchObject({ px: 101, total: 1 });
    expect(c.crossed).toBe(false);
  });

  it('buckets bids down and asks up', () => {
    const c = consolidate([a, b], 2, 20, 10);
    expect(c.bids.map((l) => l.px)).toEqual([100, 98]);
    expect(c.asks.map((l) => l.px)).toEqual([102, 104]);
    expect(c.asks[0]!.byVenue).toEqual([4, 2]);
  });

  it('flags levels beyond what every full venue covers as partial', () => {
    const c = consolidate([a, b], 0, 2, 10); // both books are "full" at depth 2
    expect(c.bids.map((l) => l.partial)).toEqual([false, false, true]); // 98 is below a's last bid (99)
    expect(c.asks.map((l) => l.partial)).toEqual([false, false, false, true]);
  });

  it('reports a cross-venue cross', () => {
    expect(consolidate([a, book([[101.2, 1]], [[102, 1]])], 0, 20, 5).crossed).toBe(true);
  });

  it('picks a readable bucket', () => {
    expect(niceStep(60_000, 1)).toBe(5);
    expect(niceStep(3000, 1)).toBe(0.2);
    expect(niceStep(NaN, 1)).toBe(0);
  });
});

describe('depthShares', () => {
  it('shares sum to 1 and HHI = Σ share²', () => {
    const d = depthShares([3, 1, NaN, 0]);
    expect(d.shares).toEqual([0.75, 0.25, 0, 0]);
    expect(d.hhi).toBeCloseTo(0.625, 12);
  });
  it('HHI is 1/n for equal venues and NaN without depth', () => {
    expect(depthShares([5, 5, 5, 5]).hhi).toBeCloseTo(0.25, 12);
    expect(depthShares([0, NaN]).hhi).toBeNaN();
  });
});
