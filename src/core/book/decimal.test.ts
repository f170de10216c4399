import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal } from './decimal';

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
