import { describe, expect, it } from 'vitest';
import { BASIS_PAIRS, basisBps, basisNow, type LegNow } from './basis';

describe('basisBps', () => {
  it('is (a − b) / b · 1e4', () => {
    expect(basisBps(100.1, 100)).toBeCloseTo(10, 9);
    expect(basisBps(99.9, 100)).toBeCloseTo(-10, 9);
  });
  it('is NaN for missing or non-positive legs', () => {
    expect(basisBps(NaN, 100)).toBeNaN();
    expect(basisBps(100, 0)).toBeNaN();
    expect(basisBps(100, Infinity)).toBeNaN();
  });
});

describe('basisNow', () => {
  const now = 10_000_000;
  const leg = (value: number, ageUs: number, live = true): LegNow => ({ value, tUs: now - ageUs, live });
  const fresh = { perpMid: leg(101, 100_000), spotMid: leg(100, 200_000), mark: leg(100.5, 500_000), index: leg(100, 900_000) };

  it('computes every pair when all legs are fresh', () => {
    const r = basisNow(fresh, now, 3e6);
    expect(r.map((x) => x.pair.id)).toEqual(BASIS_PAIRS.map((p) => p.id));
    expect(r.every((x) => !x.stale)).toBe(true);
    expect(r[0]!.bps).toBeCloseTo(100, 9); // perp vs spot
    expect(r[3]!.bps).toBeCloseTo(50, 9); // mark vs index
  });

  it('greys pairs with an old leg and says why, never a number', () => {
    const r = basisNow({ ...fresh, index: leg(100, 5e6) }, now, 3e6);
    const byId = Object.fromEntries(r.map((x) => [x.pair.id, x]));
    expect(byId.perpSpot!.stale).toBe(false);
    expect(byId.perpIndex!.stale).toBe(true);
    expect(byId.perpIndex!.bps).toBeNaN();
    expect(byId.perpIndex!.reason).toMatch(/index older than 3 s/);
  });

  it('greys pairs whose stream is not live even if the value is recent', () => {
    const r = basisNow({ ...fresh, spotMid: leg(100, 10, false) }, now, 3e6);
    expect(r.find((x) => x.pair.id === 'perpSpot')!.reason).toBe('spot mid not live');
    expect(r.find((x) => x.pair.id === 'spotIndex')!.stale).toBe(true);
    expect(r.find((x) => x.pair.id === 'perpMark')!.stale).toBe(false);
  });

  it('treats a leg never seen as missing', () => {
    const r = basisNow({ ...fresh, mark: { value: NaN, tUs: 0, live: true } }, now, 3e6);
    expect(r.find((x) => x.pair.id === 'markIndex')!.reason).toBe('no mark');
  });
});
