/**
 * The last trades of one stream: a ColumnRing with these columns. Venue strings are not kept
 * here (the tape shows numbers; the raw frames keep the strings for export).
 */
import { ColumnRingReader, columnRingBytes, initColumnRing } from './column-ring';

export const TRADE_COLUMNS = [
  'tSec', // local receive time, seconds since epoch (same x unit as the series)
  'px',
  'sz',
  'takerBuy', // 1 = the taker bought (lifted the ask), 0 = sold
  'exchMs', // venue trade/event time, ms since epoch
] as const;
export type TradeColumn = (typeof TRADE_COLUMNS)[number];
export const TRADE_COL: { readonly [K in TradeColumn]: number } = { tSec: 0, px: 1, sz: 2, takerBuy: 3, exchMs: 4 };
export const TRADE_WIDTH = TRADE_COLUMNS.length;
/** Rows held; readers see at most TRADES_CAPACITY - 1 (one slot is the one being written). */
export const TRADES_CAPACITY = 257;

export const tradesRingBytes = (capacity = TRADES_CAPACITY): number => columnRingBytes(capacity, TRADE_WIDTH);
export const initTradesRing = (buf: SharedArrayBuffer | ArrayBuffer, capacity = TRADES_CAPACITY): void =>
  initColumnRing(buf, capacity, TRADE_WIDTH);

/** Caller-owned destination of readTrades (create once, reuse). */
export interface TradesOut {
  readonly tSec: Float64Array;
  readonly px: Float64Array;
  readonly sz: Float64Array;
  readonly takerBuy: Float64Array;
  readonly exchMs: Float64Array;
}

export function createTradesOut(rows = TRADES_CAPACITY - 1): TradesOut {
  return {
    tSec: new Float64Array(rows),
    px: new Float64Array(rows),
    sz: new Float64Array(rows),
    takerBuy: new Float64Array(rows),
    exchMs: new Float64Array(rows),
  };
}

const ALL_COLS = [0, 1, 2, 3, 4] as const;

/** Read the last trades, oldest first, into `out` (all columns aligned). Returns the count. */
export function readTrades(reader: ColumnRingReader, out: TradesOut, outs: Float64Array[] = []): number {
  outs.length = 0;
  outs.push(out.tSec, out.px, out.sz, out.takerBuy, out.exchMs);
  return reader.readColumns(ALL_COLS, outs);
}

/** Writer helper: one trade row, allocation-free. */
export function pushTrade(
  w: { set(col: number, v: number): void; commit(): void },
  tSec: number,
  px: number,
  sz: number,
  takerBuy: boolean,
  exchMs: number,
): void {
  w.set(0, tSec);
  w.set(1, px);
  w.set(2, sz);
  w.set(3, takerBuy ? 1 : 0);
  w.set(4, exchMs);
  w.commit();
}
