import type { L2Book } from '../book/l2-book';
import { SERIES_COL } from '../series/columns';
import type { MetricParams } from './params';

/** Module-local alias: hot paths read a local binding, not the import (which some loaders,
 * e.g. tsx's CommonJS transform, turn into a getter call per access). */
const C = SERIES_COL;

/**
 * Fill the book columns of one series row from the book as it stands. Allocation-free; costs
 * O(levels within the far band + obiFarLevels) per call.
 * Anything undefined on an empty or one-sided book is NaN (charts draw NaN as a gap).
 */
export function sampleBook(book: L2Book, p: MetricParams, row: Float64Array): void {
  const bid = book.bids.at(0);
  const ask = book.asks.at(0);
  const bidPx = bid === undefined ? NaN : bid.px;
  const askPx = ask === undefined ? NaN : ask.px;
  row[C.bestBidPx] = bidPx;
  row[C.bestAskPx] = askPx;
  if (bid === undefined || ask === undefined) {
    // One-sided/empty: mid, spread, bands (relative to mid) and the imbalances are undefined.
    // OBI on one side would be a meaningless ±1, so it is NaN too.
    row[C.midPx] = NaN;
    row[C.micropricePx] = NaN;
    row[C.spreadBps] = NaN;
    row[C.depthBid10BpsQuote] = row[C.depthAsk10BpsQuote] = NaN;
    row[C.depthBid50BpsQuote] = row[C.depthAsk50BpsQuote] = NaN;
    row[C.obiTop5] = row[C.obiTop10] = NaN;
    return;
  }
  // mid = (bidPx + askPx) / 2
  const mid = (bidPx + askPx) / 2;
  row[C.midPx] = mid;
  // microprice = (bidPx·askSz + askPx·bidSz) / (bidSz + askSz)  (size-weighted toward the thin side)
  row[C.micropricePx] = (bidPx * ask.sz + askPx * bid.sz) / (bid.sz + ask.sz);
  // spreadBps = (askPx − bidPx) / mid · 1e4  (negative if crossed: the pipeline flags that)
  row[C.spreadBps] = ((askPx - bidPx) / mid) * 1e4;
  // depth within ±b bps: Σ px·sz over bids with px ≥ mid·(1 − b/1e4), asks with px ≤ mid·(1 + b/1e4)
  // (+1e-12 relative slack: a level exactly on the band edge counts despite rounding of mid·(1±b))
  const near = p.depthNearBps / 1e4 + 1e-12;
  const far = p.depthFarBps / 1e4 + 1e-12;
  // (both bands in one walk per side: notionalWithin2 returns far, leaves near in nearNotional)
  row[C.depthBid50BpsQuote] = book.bids.notionalWithin2(mid * (1 - near), mid * (1 - far));
  row[C.depthBid10BpsQuote] = book.bids.nearNotional;
  row[C.depthAsk50BpsQuote] = book.asks.notionalWithin2(mid * (1 + near), mid * (1 + far));
  row[C.depthAsk10BpsQuote] = book.asks.nearNotional;
  // OBI top-N = (Σ bidSz − Σ askSz) / (Σ bidSz + Σ askSz) over the best N levels of each side
  row[C.obiTop5] = imbalance(book.bids.sizeTop(p.obiNearLevels), book.asks.sizeTop(p.obiNearLevels));
  row[C.obiTop10] = imbalance(book.bids.sizeTop(p.obiFarLevels), book.asks.sizeTop(p.obiFarLevels));
}

/** (a − b) / (a + b); NaN when a + b is 0 (nothing to weigh). */
export function imbalance(a: number, b: number): number {
  const t = a + b;
  return t > 0 ? (a - b) / t : NaN;
}
