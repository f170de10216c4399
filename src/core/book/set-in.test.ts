import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BookSide } from './book-side';
import { DEC, parseDecimal, parseDecimalSpelled, scanDecimal, SPELL } from './decimal';

/**
 * `BookSide.setIn` (a frame reader's set: numbers parsed where they stand, strings sliced only
 * when kept) against `setStr` of the same strings: same answers, same levels, same strings.
 */

// prices on a small grid in several spellings (plain, padded, exponent, over 24 characters)
const pxArb = fc
  .tuple(fc.integer({ min: 9_990, max: 10_010 }), fc.constantFrom(0, 1, 2, 3, 4, 5))
  .map(([c, style]) => [(c / 100).toFixed(2), (c / 100).toFixed(8), String(c / 100), (c / 100).toExponential(), (c / 100).toFixed(2).padStart(26, '0'), (c / 100).toFixed(10)][style]!);
const szArb = fc.oneof(fc.constantFrom('0', '0.00000000', '0.0', '1e-3'), fc.integer({ min: 1, max: 5_000_000 }).map((n) => (n / 1e5).toFixed(8)));

/** `setIn` as the Kraken reader calls it (scan.ts): from the frame text when both numbers are
 * on scanDecimal's path, else as its generic path does (the parsed strings themselves). */
function setInLikeReader(side: BookSide, pre: string, px: string, sz: string): -1 | 0 | 1 {
  const text = `${pre}["${px}","${sz}"]`;
  const pxStart = pre.length + 2;
  const p = scanDecimal(text, pxStart);
  const pxEnd = DEC.end;
  const sp = DEC.code;
  if (p === p && pxEnd === pxStart + px.length) {
    const szStart = pxEnd + 3;
    const s = scanDecimal(text, szStart);
    if (s === s && DEC.end === szStart + sz.length) return side.setIn(text, pxStart, pxEnd, text, szStart, DEC.end, p, s, sp);
  }
  const gp = parseDecimalSpelled(px);
  return side.setIn(px, 0, px.length, sz, 0, sz.length, gp, parseDecimal(sz), SPELL.code);
}

const levels = (s: BookSide): string[] => {
  const out: string[] = [];
  for (let r = 0; r < s.depth; r++) {
    const l = s.at(r)!;
    out.push(`${l.pxStr}@${l.szStr}:${l.px}/${l.sz}`);
  }
  return out;
};

describe('BookSide.setIn', () => {
  it.each([true, false])('isBid=%s: the same answers and levels as setStr (property)', (isBid) => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 3 }), pxArb, szArb), { maxLength: 150 }), (ops) => {
        const a = new BookSide(isBid);
        const b = new BookSide(isBid);
        for (const [pre, px, sz] of ops) {
          expect(setInLikeReader(b, pre, px, sz)).toBe(a.setStr(px, sz));
        }
        expect(levels(b)).toEqual(levels(a));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps no kept string as a view into the frame (13+ characters are copied)', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const side = new BookSide(true);
    for (let k = 0; k < 20; k++) {
      // a 1 MB frame whose level has a 14-character price and a 13-character size
      const px = `${10_000 + k}.12345678`;
      const text = `["${px}","1234.56789012"]${' '.repeat(1 << 20)}`;
      const p = scanDecimal(text, 2);
      const sp = DEC.code;
      const pxEnd = DEC.end;
      const s = scanDecimal(text, pxEnd + 3);
      side.setIn(text, 2, pxEnd, text, pxEnd + 3, DEC.end, p, s, sp);
    }
    gc();
    expect(side.depth).toBe(20);
    expect(side.at(0)!.szStr).toBe('1234.56789012');
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(5e6); // 20 frames of 1 MB were not kept
  });
});
