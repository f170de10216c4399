import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MultiWindowSum } from './multi-window-sum';

describe('MultiWindowSum', () => {
  it('keeps each window like its own RollingSum (half-open windows, exact zero when empty)', () => {
    const s = new MultiWindowSum([1000, 5000], 2);
    s.push2(0, 1, 10);
    s.push2(600, 2, 20);
    s.evict(1000);
    expect([s.count(0), s.sum(0, 0), s.sum(0, 1)]).toEqual([1, 2, 20]);
    expect([s.count(1), s.sum(1, 0), s.sum(1, 1)]).toEqual([2, 3, 30]);
    s.evict(100_000);
    expect([s.count(0), s.sum(0, 0), s.count(1), s.sum(1, 1)]).toEqual([0, 0, 0, 0]);
  });

  it('matches a naive recomputation for every window (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 3000 }), a: fc.double({ min: -1e3, max: 1e3, noNaN: true }), b: fc.integer({ min: 0, max: 9 }), evictOnly: fc.boolean() }), { maxLength: 300 }),
        fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 4 }),
        (ops, windows) => {
          const s = new MultiWindowSum(windows, 2, 2);
          const rows: [number, number, number][] = [];
          let t = 1_700_000_000_000_000;
          for (const op of ops) {
            t += op.dt;
            if (op.evictOnly) s.evict(t);
            else {
              s.push2(t, op.a, op.b);
              rows.push([t, op.a, op.b]);
            }
            for (let w = 0; w < windows.length; w++) {
              const inWin = rows.filter(([rt]) => rt > t - windows[w]!);
              if (s.count(w) !== inWin.length) return false;
              const a = inWin.reduce((x, r) => x + r[1], 0);
              const b = inWin.reduce((x, r) => x + r[2], 0);
              if (Math.abs(s.sum(w, 0) - a) > 1e-9 * (1 + rows.length * 1e3) || Math.abs(s.sum(w, 1) - b) > 1e-9) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 200 },
    );
  });
});
