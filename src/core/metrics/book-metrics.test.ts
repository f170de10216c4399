import { describe, expect, it } from 'vitest';
import { L2Book } from '../book/l2-book';
import { SERIES_COL as C, SERIES_WIDTH } from '../series/columns';
import { BID, ASK } from '../types';
import { imbalance, sampleBook } from './book-metrics';
import { metricParams } from './params';

type Lv = [string, string];
function bookOf(bids: Lv[], asks: Lv[]): L2Book {
  const b = new L2Book();
  for (const [p, s] of bids) b.set(BID, p, s);
  for (const [p, s] of asks) b.set(ASK, p, s);
  return b;
}

const P = metricParams();
const BOOK_COLS = [
  'bestBidPx', 'bestAskPx', 'midPx', 'micropricePx', 'spreadBps',
  'depthBid10BpsQuote', 'depthAsk10BpsQuote', 'depthBid50BpsQuote', 'depthAsk50BpsQuote', 'obiTop5', 'obiTop10',
] as const;

describe('sampleBook', () => {
  // mid 100: ±10 bps = [99.9, 100.1], ±50 bps = [99.5, 100.5]
  const bids: Lv[] = [['99.99', '1'], ['99.9', '2'], ['99.6', '3'], ['99.4', '4']];
  const asks: Lv[] = [['100.01', '3'], ['100.1', '1'], ['100.5', '2'], ['101', '5']];
  it.each([
    ['bestBidPx', 99.99],
    ['bestAskPx', 100.01],
    ['midPx', 100],
    ['micropricePx', (99.99 * 3 + 100.01 * 1) / 4],
    ['spreadBps', 2],
    ['depthBid10BpsQuote', 99.99 + 99.9 * 2], // 99.9 is exactly on the band edge: included
    ['depthAsk10BpsQuote', 100.01 * 3 + 100.1],
    ['depthBid50BpsQuote', 99.99 + 99.9 * 2 + 99.6 * 3],
    ['depthAsk50BpsQuote', 100.01 * 3 + 100.1 + 100.5 * 2],
    ['obiTop5', (10 - 11) / 21],
    ['obiTop10', (10 - 11) / 21],
  ] as const)('%s', (col, expected) => {
    const row = new Float64Array(SERIES_WIDTH);
    sampleBook(bookOf(bids, asks), P, row);
    expect(row[C[col]]).toBeCloseTo(expected, 9);
  });

  it('top-N imbalance uses only the best N levels', () => {
    const b = bookOf(
      Array.from({ length: 12 }, (_, i): Lv => [String(100 - i - 1), i < 5 ? '1' : '10']),
      Array.from({ length: 12 }, (_, i): Lv => [String(100 + i + 1), '1']),
    );
    const row = new Float64Array(SERIES_WIDTH);
    sampleBook(b, P, row);
    expect(row[C.obiTop5]).toBe(0);
    expect(row[C.obiTop10]).toBeCloseTo((55 - 10) / 65, 12);
  });

  it.each([
    ['empty', [], []],
    ['bids only', [['99', '1']], []],
    ['asks only', [], [['101', '1']]],
  ] as [string, Lv[], Lv[]][])('%s book: undefined metrics are NaN', (_, bids, asks) => {
    const row = new Float64Array(SERIES_WIDTH).fill(7);
    sampleBook(bookOf(bids, asks), P, row);
    for (const col of BOOK_COLS) {
      if (col === 'bestBidPx' && bids.length) expect(row[C[col]]).toBe(99);
      else if (col === 'bestAskPx' && asks.length) expect(row[C[col]]).toBe(101);
      else expect(row[C[col]], col).toBeNaN();
    }
  });

  it('honours custom bands', () => {
    const row = new Float64Array(SERIES_WIDTH);
    sampleBook(bookOf(bids, asks), metricParams({ depthNearBps: 1, depthFarBps: 100 }), row);
    expect(row[C.depthBid10BpsQuote]).toBeCloseTo(99.99, 9);
    expect(row[C.depthAsk50BpsQuote]).toBeCloseTo(100.01 * 3 + 100.1 + 100.5 * 2 + 101 * 5, 9);
  });
});

describe('imbalance', () => {
  it.each([
    [1, 1, 0],
    [3, 1, 0.5],
    [0, 2, -1],
    [0, 0, NaN],
  ])('(%d, %d) → %d', (a, b, e) => {
    if (Number.isNaN(e)) expect(imbalance(a, b)).toBeNaN();
    else expect(imbalance(a, b)).toBe(e);
  });
});
