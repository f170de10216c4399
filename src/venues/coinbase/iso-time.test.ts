import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isoMs } from './messages';

describe('isoMs (digit-by-digit fast path)', () => {
  it('equals Date.parse on every time of the Exchange capture', () => {
    const text = readFileSync(new URL('./fixtures/COINBASE-exchange_10products_2021-04-17_level2-ticker-matches_cryptofeed.jsonl', import.meta.url), 'utf8');
    let n = 0;
    for (const m of text.matchAll(/"time":"([^"]*)"/g)) {
      expect(isoMs(m[1])).toBe(Date.parse(m[1]!));
      n++;
    }
    expect(n).toBeGreaterThan(1000);
  });

  it.each([
    '2026-08-09T21:05:48.228568804Z', // nanoseconds (Advanced Trade)
    '2021-04-17T16:43:30Z',
    '2021-04-17T16:43:30.5Z',
    '2021-02-28T23:59:59.9999Z',
    '2024-02-29T12:00:00Z',
    '2023-02-29T12:00:00Z', // no such day: NaN, as Date.parse
    '2021-02-30T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2021-04-31T00:00:00Z',
    '1969-12-31T23:59:59.999Z',
    '0100-03-01T00:00:00Z',
    '2021-13-01T00:00:00Z',
    '2021-04-17T24:00:00Z',
    '2021-04-17T16:43:30.Z',
    '0000-01-01T00:00:00Z',
    '2021-04-17T16:43:30.244075+00:00',
    'x',
    '',
  ])('%s as Date.parse', (s) => {
    expect(Object.is(isoMs(s), Date.parse(s))).toBe(true);
  });

  it('is NaN for a non-string', () => {
    expect(isoMs(undefined)).toBeNaN();
  });
});
