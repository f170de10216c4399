import { describe, expect, it } from 'vitest';
import { L2Book } from '../core/book/l2-book';
import { SERIES_COL, SERIES_WIDTH } from '../core/series/columns';
import { LATENCY_BINS, STAT, STAT_WIDTH } from '../core/series/stream-stats';
import { ASK, BID } from '../core/types';
import { createBookView } from './book-slot';
import { DataPlane } from './data-plane';
import { EngineReader } from './reader';
import { createTradesOut, pushTrade } from './trades-ring';

function fill(plane: DataPlane, idx: number, rows: number) {
  const w = plane.writers(idx)!;
  const row = new Float64Array(SERIES_WIDTH);
  for (let i = 0; i < rows; i++) {
    row.fill(i);
    row[SERIES_COL.tSec] = 1000 + i;
    w.series.push(row);
  }
  const book = new L2Book();
  book.set(BID, '99.5', '2');
  book.set(ASK, '100.5', '3');
  w.book.writeBook(book, 42, 7);
  const stats = new Float64Array(STAT_WIDTH);
  stats[STAT.frames] = rows;
  w.stats.write(stats, new Float64Array(LATENCY_BINS).fill(1));
  for (let i = 0; i < 300; i++) pushTrade(w.trades, 1000 + i, 100 + i, 1, i % 2 === 0, 5 + i);
}

function check(reader: EngineReader, idx: number, rows: number) {
  const x = new Float64Array(rows);
  expect(reader.readSeries(idx, SERIES_COL.tSec, x)).toBe(rows);
  expect(x[rows - 1]).toBe(1000 + rows - 1);
  const v = createBookView();
  expect(reader.readBook(idx, v)).toBe(true);
  expect(v.bidPxStr[0]).toBe('99.5');
  expect(v.askPx[0]).toBe(100.5);
  expect(v.venueSeq).toBe(42);
  const s = new Float64Array(STAT_WIDTH);
  expect(reader.readStats(idx, s)).toBe(true);
  expect(s[STAT.frames]).toBe(rows);
  const h = new Float64Array(LATENCY_BINS);
  expect(reader.readLatencyHist(idx, h)).toBe(true);
  expect(h[0]).toBe(1);
  const t = createTradesOut();
  expect(reader.readTrades(idx, t)).toBe(256);
  expect(t.px[255]).toBe(399);
  expect(t.takerBuy[255]).toBe(0);
  expect(t.exchMs[0]).toBe(49);
}

describe('DataPlane + EngineReader', () => {
  it('shared: one layout, readers see writes as they happen; the stream set grows', () => {
    const plane = new DataPlane({ shared: true });
    expect(plane.ensureStream('binance', 'BTCUSDT')).toBe(0);
    expect(plane.ensureStream('binance', 'BTCUSDT')).toBe(0);
    const l1 = plane.layout();
    expect(l1.shared).toBe(true);
    expect(l1.series[0]).toBeInstanceOf(SharedArrayBuffer);
    const reader = new EngineReader(l1);
    fill(plane, 0, 50);
    check(reader, 0, 50);
    expect(plane.ensureStream('binance', 'ETHUSDT')).toBe(1);
    const l2 = plane.layout();
    expect(l2.version).toBeGreaterThan(l1.version);
    reader.setLayout(l2);
    expect(reader.streams().map((s) => s.key)).toEqual(['binance:BTCUSDT', 'binance:ETHUSDT']);
    fill(plane, 1, 20);
    check(reader, 1, 20);
    check(reader, 0, 50);
    expect(reader.readSeries(7, 0, new Float64Array(3))).toBe(0);
    expect(reader.readBook(7, createBookView())).toBe(false);
  });

  it('fallback: copies per frame feed the same reader; events are delivered once', () => {
    const plane = new DataPlane({ shared: false });
    plane.ensureStream('binance', 'BTCUSDT');
    fill(plane, 0, 30);
    plane.events.push({ type: 'info', detail: 'hello', tUs: 1 });
    const c1 = plane.copyLayout(100);
    expect(c1.layout.shared).toBe(false);
    expect(c1.transfer).toHaveLength(5);
    const reader = new EngineReader(c1.layout);
    check(reader, 0, 30);
    expect(reader.drainEvents()).toEqual([{ type: 'info', detail: 'hello', tUs: 1 }]);
    fill(plane, 0, 300);
    reader.setLayout(plane.copyLayout(100).layout);
    const x = new Float64Array(500);
    expect(reader.readSeries(0, SERIES_COL.tSec, x)).toBe(100);
    expect(x[99]).toBe(1299);
    expect(reader.drainEvents()).toEqual([]);
  });

  it('clearData forgets rows and empties books', () => {
    const plane = new DataPlane({ shared: true });
    plane.ensureStream('binance', 'BTCUSDT');
    fill(plane, 0, 10);
    plane.clearData(99);
    const reader = new EngineReader(plane.layout());
    expect(reader.readSeries(0, 0, new Float64Array(10))).toBe(0);
    const v = createBookView();
    expect(reader.readBook(0, v)).toBe(true);
    expect(v.bidCount).toBe(0);
    expect(reader.readTrades(0, createTradesOut())).toBe(0);
  });
});
