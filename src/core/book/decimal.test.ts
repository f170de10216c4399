import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEC, parseDecimal, parseDecimalSpelled, scanDecimal, spelling } from './decimal';

describe('parseDecimal', () => {
  it.each([
    '61837.63000000', '0.00000000', '0', '0.0', '3.78826000', '0.1', '123', '00012.5000', '9007199254740991',
    '9007199254740993', '1e5', '-1.5', '+2', '', ' 1', '1.', '.5', '1.2.3', 'abc', '0.30000000000000004', '1234567890.12345678',
  ])('%j is bit-identical to +s', (s) => {
    expect(Object.is(parseDecimal(s), +s)).toBe(true);
  });

  it('is bit-identical to +s on random decimal strings (property)', () => {
    const dec = fc
      .tuple(fc.stringMatching(/^[0-9]{1,12}$/), fc.option(fc.stringMatching(/^[0-9]{0,12}$/)))
      .map(([a, b]) => (b === null ? a : `${a}.${b}`));
    fc.assert(fc.property(fc.oneof(dec, fc.string()), (s) => Object.is(parseDecimal(s), +s)), { numRuns: 5000 });
  });
});

describe('parseDecimalSpelled', () => {
  const spelled = (s: string): [number, number] => {
    const v = parseDecimalSpelled(s);
    return [v, spelling];
  };

  it('parses like parseDecimal, and spells plain decimals only', () => {
    for (const s of ['61837.63000000', '0.0', '100', '100.0', '0100.00', '1e2', '-1', '', '1.', '.5', 'abc', '1'.repeat(25)]) {
      const [v, sp] = spelled(s);
      expect(Object.is(v, parseDecimal(s))).toBe(true);
      expect(sp !== 0).toBe(/^[0-9]+(\.[0-9]+)?$/.test(s) && s.length <= 24);
    }
    expect(spelled('4503599627370494')[1]).not.toBe(0); // 2^52 - 2: still spelled
    expect(spelled('4503599627370495')[1]).toBe(0); // beyond: compare strings instead
  });

  it('equal value and equal non-zero spelling means the same string (property)', () => {
    // short strings over a small alphabet, so equal values with different spellings are common
    const dec = fc
      .tuple(fc.stringMatching(/^[01]{1,5}$/), fc.option(fc.stringMatching(/^[01]{1,5}$/)))
      .map(([a, b]) => (b === null ? a : `${a}.${b}`));
    fc.assert(
      fc.property(dec, dec, (a, b) => {
        const [va, sa] = spelled(a);
        const [vb, sb] = spelled(b);
        if (a === b) return sa === sb;
        return !(va === vb && sa === sb && sa !== 0);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('scanDecimal', () => {
  it('reads the run where it stands: parseDecimalSpelled of it and its spelling, or NaN off the fast path (property)', () => {
    const dec = fc
      .tuple(fc.stringMatching(/^[0-9]{0,14}$/), fc.option(fc.stringMatching(/^[0-9]{0,14}$/)))
      .map(([a, b]) => (b === null ? a : `${a}.${b}`));
    fc.assert(
      fc.property(fc.string({ maxLength: 4 }), fc.oneof(dec, fc.stringMatching(/^[0-9.]{0,30}$/)), fc.constantFrom('"', ',', 'x', '-', ''), (pre, s, stop) => {
        const t = pre + s + stop;
        DEC.end = -1;
        const v = scanDecimal(t, pre.length);
        // the run is s up to its second '.' (or the stop character)
        const second = s.indexOf('.', s.indexOf('.') + 1);
        const run = second < 0 ? s : s.slice(0, second);
        const plain = /^[0-9]+(\.[0-9]+)?$/.test(run) && run.length <= 24 && !(Number(run.replace('.', '')) > 9007199254740991);
        if (!plain) return v !== v && DEC.end === -1;
        const expected = parseDecimalSpelled(run);
        return Object.is(v, expected) && DEC.code === spelling && DEC.end === pre.length + run.length;
      }),
      { numRuns: 5000 },
    );
    expect(scanDecimal('["58719.80000",', 2)).toBe(58719.8);
    expect(DEC.end).toBe(13);
    expect(scanDecimal('"1."', 1)).toBeNaN(); // a trailing dot: +"1." is 1, but off the fast path
    expect(scanDecimal('".5"', 1)).toBeNaN();
    expect(scanDecimal('""', 1)).toBeNaN();
  });
});
