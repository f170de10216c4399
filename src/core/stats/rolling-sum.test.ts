import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingSum } from './rolling-sum';
import { TimeRing } from './time-ring';

/** Ops over non-decreasing time: push a value after dt, or just move the window after dt. */
const opsArb = fc.array(
  fc.record({
    dtUs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: 50_000 })),
    v: fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 10 })),
    evictOnly: fc.boolean(),
  }),
  { maxLength: 400 },
);

describe('TimeRing', () => {
  it('grows by doubling and keeps FIFO order across the wrap', () => {
    const r = new TimeRing(2, 4);
    for (let i = 0; i < 3; i++) r.setV(r.push(i), i * 10);
    r.shift();
    r.shift(); // head moved: next pushes wrap
    for (let i = 3; i < 12; i++) {
      const o = r.push(i);
      r.setV(o, i * 10);
      r.setV(o + 1, -i);
    }
    expect(r.capacity).toBe(16);
    expect(r.size).toBe(10);
    for (let i = 0; i < r.size; i++) {
      expect(r.timeAt(i)).toBe(i + 2);
      expect(r.valueAt(i)).toBe((i + 2) * 10);
    }
    expect(r.valueAt(9, 1)).toBe(-11);
  });

  it('reports NaN for the head time of an empty ring and ignores shift when empty', () => {
    const r = new TimeRing();
    expect(r.headT()).toBeNaN();
    r.shift();
    expect(r.size).toBe(0);
  });
});

describe('RollingSum', () => {
  it.each([
    // [windowUs, rows (tUs, v), nowUs, expected sum, expected count]
    [1_000_000, [[0, 1], [500_000, 2], [999_999, 3]], 999_999, 6, 3],
    [1_000_000, [[0, 1], [500_000, 2], [999_999, 3]], 1_000_000, 5, 2], // t=0 leaves at exactly W
    [1_000_000, [[0, 1], [500_000, 2]], 5_000_000, 0, 0],
    [1_000_000, [], 0, 0, 0],
    [10, [[5, -2], [6, 2.5]], 14, 0.5, 2],
  ] as const)('window %d rows %j at %d → sum %d, count %d', (w, rows, now, sum, count) => {
    const s = new RollingSum(w);
    for (const [t, v] of rows) s.push(t, v);
    s.evict(now);
    expect(s.sum()).toBeCloseTo(sum, 12);
    expect(s.count).toBe(count);
  });

  it('two channels stay independent', () => {
    const s = new RollingSum(1000, 2);
    s.push2(0, 1, 10);
    s.push2(600, 2, 20);
    s.evict(1000);
    expect([s.sum(0), s.sum(1), s.count]).toEqual([2, 20, 1]);
  });

  it('is exactly zero after the window empties (no drift residue)', () => {
    const s = new RollingSum(1000);
    s.push(0, 0.1);
    s.push(1, 0.2);
    s.push(2, 1e17);
    s.evict(10_000);
    expect(s.sum()).toBe(0);
  });

  it('does not allocate in steady state: capacity stops growing', () => {
    const s = new RollingSum(1_000_000, 1, 8);
    for (let i = 0; i < 100_000; i++) s.push(i * 1000, 1); // 1000 rows per window
    expect(s.count).toBe(1000);
    expect(s.sum()).toBe(1000);
  });

  it('matches a naive recomputation (property)', () => {
    fc.assert(
      fc.property(opsArb, fc.integer({ min: 1, max: 3_000_000 }), (ops, windowUs) => {
        const s = new RollingSum(windowUs, 1, 2);
        const rows: [number, number][] = [];
        let t = 1_700_000_000_000_000;
        let absTotal = 0;
        for (const op of ops) {
          t += op.dtUs;
          if (op.evictOnly) s.evict(t);
          else {
            s.push(t, op.v);
            rows.push([t, op.v]);
            absTotal += Math.abs(op.v);
          }
          const inWin = rows.filter(([rt]) => rt > t - windowUs);
          const naive = inWin.reduce((a, [, v]) => a + v, 0);
          if (s.count !== inWin.length) return false;
          if (Math.abs(s.sum() - naive) > 1e-9 * (1 + absTotal)) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
