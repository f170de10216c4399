import { describe, expect, it } from 'vitest';
import { L2Book } from '../book/l2-book';
import { SERIES_COL as C, SERIES_WIDTH } from '../series/columns';
import { STAT, STAT_WIDTH } from '../series/stream-stats';
import { ASK, BID } from '../types';
import { StreamMetrics } from './stream-metrics';

const T0 = 1_723_161_253_000_000;
const S = 1_000_000;

function simpleBook(): L2Book {
  const b = new L2Book();
  b.set(BID, '100', '1');
  b.set(ASK, '101', '1');
  return b;
}

function rowAt(m: StreamMetrics, tUs: number, book = simpleBook()): Float64Array {
  const row = new Float64Array(SERIES_WIDTH);
  m.sample(book, tUs, row);
  return row;
}

describe('StreamMetrics trade flow', () => {
  // trades: (offset µs, size, takerBuy)
  const trades: [number, number, boolean][] = [
    [0, 1, true],
    [0.5 * S, 2, false],
    [3 * S, 1, true],
    [3.2 * S, 1, true],
    [3.9 * S, 4, false],
  ];
  it.each([
    // [sample offset, column, expected]
    [0.9 * S, 'tradesPerSec', NaN], // warm-up: less than one rate window since the first event
    [1.0 * S, 'tradesPerSec', 1], // (0.0, 1.0] holds only the 0.5 s trade
    [1.0 * S, 'sellVolPerSec', 2],
    [1.0 * S, 'tradeImb1s', -1],
    [2.0 * S, 'tradeImb1s', NaN], // no trades in (1, 2]
    [2.0 * S, 'tradesPerSec', 0],
    [4.0 * S, 'tradesPerSec', 2], // (3, 4]: the trade at exactly 3 s has left
    [4.0 * S, 'buyVolPerSec', 1],
    [4.0 * S, 'sellVolPerSec', 4],
    [4.0 * S, 'tradeImb1s', (1 - 4) / 5],
    [4.0 * S, 'tradeImb5s', (3 - 6) / 9],
    [4.0 * S, 'tradeImb30s', (3 - 6) / 9],
    [5.2 * S, 'tradeImb5s', (2 - 6) / 8], // (0.2, 5.2]
    [40 * S, 'tradeImb30s', NaN],
  ] as const)('at +%d µs %s = %d', (at, col, expected) => {
    const m = new StreamMetrics();
    for (const [dt, sz, buy] of trades) if (dt <= at) m.onTrade(T0 + dt, 100, sz, buy);
    const v = rowAt(m, T0 + at)[C[col]];
    if (Number.isNaN(expected)) expect(v).toBeNaN();
    else expect(v).toBeCloseTo(expected, 12);
  });
});

describe('StreamMetrics latency, parse, stats', () => {
  it('latencyMs/parseUs columns are the last values; NaN before any', () => {
    const m = new StreamMetrics();
    expect(rowAt(m, T0)[C.latencyMs]).toBeNaN();
    m.onLatency(T0, 12);
    m.onLatency(T0 + 1, -3); // clock skew is valid
    m.onParse(T0 + 1, 42);
    const row = rowAt(m, T0 + 2);
    expect(row[C.latencyMs]).toBe(-3);
    expect(row[C.parseUs]).toBe(42);
    expect(row[C.tSec]).toBe((T0 + 2) / 1e6);
  });

  it('writes windowed quantiles within the relative error and NaN when empty', () => {
    const m = new StreamMetrics({ latencyWindowSec: 10 });
    const stats = new Float64Array(STAT_WIDTH);
    m.writeStats(stats);
    expect(stats[STAT.latencyP50Ms]).toBeNaN();
    expect(stats[STAT.parseP99Us]).toBeNaN();
    for (let i = 1; i <= 100; i++) {
      m.onLatency(T0 + i * 1000, i);
      m.onParse(T0 + i * 1000, i * 10);
    }
    m.writeStats(stats);
    const near = (v: number | undefined, e: number) => expect(Math.abs(v! - e)).toBeLessThanOrEqual(0.01 * e + 1e-9);
    near(stats[STAT.latencyP50Ms], 50);
    near(stats[STAT.latencyP95Ms], 95);
    near(stats[STAT.latencyP99Ms], 99);
    near(stats[STAT.parseP50Us], 500);
    near(stats[STAT.parseP99Us], 990);
    // 11 s later everything left the window
    rowAt(m, T0 + 11 * S);
    m.writeStats(stats);
    expect(stats[STAT.latencyP50Ms]).toBeNaN();
  });

  it('latencyHist counts the display bins over the window', () => {
    const m = new StreamMetrics({ latencyWindowSec: 1 });
    m.onLatency(T0, -5); // bin 0 "< 0"
    m.onLatency(T0 + 10, 3); // [0,5)
    m.onLatency(T0 + 20, 7000); // ≥ 5000
    expect(m.latencyHist[0]).toBe(1);
    expect(m.latencyHist[1]).toBe(1);
    expect(m.latencyHist[m.latencyHist.length - 1]).toBe(1);
    rowAt(m, T0 + S + 15); // first two left the window
    expect(Array.from(m.latencyHist).reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('reset restarts windows and warm-ups but keeps the histogram array', () => {
    const m = new StreamMetrics();
    const hist = m.latencyHist;
    m.onTrade(T0, 100, 1, true);
    m.onLatency(T0, 5);
    m.onParse(T0, 5);
    expect(rowAt(m, T0 + 2 * S)[C.tradesPerSec]).toBe(0);
    m.reset();
    expect(m.latencyHist).toBe(hist);
    expect(Array.from(hist).every((c) => c === 0)).toBe(true);
    const row = rowAt(m, T0 + 2.5 * S);
    expect(row[C.tradesPerSec]).toBeNaN(); // warm-up again
    expect(row[C.tradeImb30s]).toBeNaN();
    expect(row[C.latencyMs]).toBeNaN();
    expect(row[C.parseUs]).toBeNaN();
    expect(rowAt(m, T0 + 3.5 * S)[C.tradesPerSec]).toBe(0);
  });

  it('rejects bad params and fills defaults', () => {
    expect(() => new StreamMetrics({ rateWindowSec: -1 })).toThrow();
    expect(new StreamMetrics({ depthNearBps: 5 }).params).toMatchObject({ depthNearBps: 5, depthFarBps: 50 });
  });

  it('samples a one-sided book without throwing: book columns NaN, flow columns still set', () => {
    const m = new StreamMetrics();
    const b = new L2Book();
    b.set(BID, '100', '1');
    m.onTrade(T0, 100, 1, true);
    const row = rowAt(m, T0 + 1, b);
    expect(row[C.midPx]).toBeNaN();
    expect(row[C.tradeImb1s]).toBe(1);
  });
});
