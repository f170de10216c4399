import type { BookSide } from '../book/book-side';
import type { L2Book } from '../book/l2-book';
import { SERIES_COL as SERIES_COL_IMPORT } from '../series/columns';
import type { MetricParams } from './params';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const SERIES_COL = SERIES_COL_IMPORT;
const C = SERIES_COL;

/**
 * Fill the book columns of one series row from the book as it stands. Allocation-free; costs
 * O(levels within the far band + obiFarLevels) per call.
 * Anything undefined on an empty or one-sided book is NaN (charts draw NaN as a gap).
 */
export function sampleBook(book: L2Book, p: MetricParams, row: Float64Array): void {
  const bids = book.bids;
  const asks = book.asks;
  // best prices and sizes straight from the sides' arrays (NaN on an empty side)
  const bidPx = bids.bestPx();
  const askPx = asks.bestPx();
  row[C.bestBidPx] = bidPx;
  row[C.bestAskPx] = askPx;
  if (bids.depth === 0 || asks.depth === 0) {
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
  const bidSz = bids.bestSz();
  const askSz = asks.bestSz();
  row[C.micropricePx] = (bidPx * askSz + askPx * bidSz) / (bidSz + askSz);
  // spreadBps = (askPx − bidPx) / mid · 1e4  (negative if crossed: the pipeline flags that)
  row[C.spreadBps] = ((askPx - bidPx) / mid) * 1e4;
  // depth within ±b bps: Σ px·sz over bids with px ≥ mid·(1 − b/1e4), asks with px ≤ mid·(1 + b/1e4)
  // (+1e-12 relative slack: a level exactly on the band edge counts despite rounding of mid·(1±b))
  const near = p.depthNearBps / 1e4 + 1e-12;
  const far = p.depthFarBps / 1e4 + 1e-12;
  // (both bands in one walk per side: notionalWithin2 returns far, leaves near in nearNotional)
  row[C.depthBid50BpsQuote] = bids.notionalWithin2(mid * (1 - near), mid * (1 - far));
  row[C.depthBid10BpsQuote] = bids.nearNotional;
  row[C.depthAsk50BpsQuote] = asks.notionalWithin2(mid * (1 + near), mid * (1 + far));
  row[C.depthAsk10BpsQuote] = asks.nearNotional;
  // OBI top-N = (Σ bidSz − Σ askSz) / (Σ bidSz + Σ askSz) over the best N levels of each side
  // (both depths in one walk per side when near ≤ far: sizeTop2 returns far, leaves near in nearSize)
  if (p.obiNearLevels <= p.obiFarLevels) {
    const bFar = bids.sizeTop2(p.obiNearLevels, p.obiFarLevels);
    const aFar = asks.sizeTop2(p.obiNearLevels, p.obiFarLevels);
    row[C.obiTop5] = imbalance(bids.nearSize, asks.nearSize);
    row[C.obiTop10] = imbalance(bFar, aFar);
  } else {
    row[C.obiTop5] = imbalance(bids.sizeTop(p.obiNearLevels), asks.sizeTop(p.obiNearLevels));
    row[C.obiTop10] = imbalance(bids.sizeTop(p.obiFarLevels), asks.sizeTop(p.obiFarLevels));
  }
}

/**
 * Depth columns of an INVERSE contract book (AdapterSink.onInstrument: each size unit is worth
 * `quotePerSz` quote units whatever its price, e.g. OKX BTC-USD-SWAP 100 USD per contract): the
 * quote notional within each band is Σ sz × quotePerSz over the very bands sampleBook uses. Call
 * it after sampleBook (it reads the row's mid; a one-sided book keeps sampleBook's NaN).
 */
export function sampleInverseDepth(book: L2Book, p: MetricParams, quotePerSz: number, row: Float64Array): void {
  const mid = row[C.midPx] as number;
  if (mid !== mid) return;
  const near = p.depthNearBps / 1e4 + 1e-12;
  const far = p.depthFarBps / 1e4 + 1e-12;
  row[C.depthBid10BpsQuote] = sizeWithin(book.bids, mid * (1 - near)) * quotePerSz;
  row[C.depthBid50BpsQuote] = sizeWithin(book.bids, mid * (1 - far)) * quotePerSz;
  row[C.depthAsk10BpsQuote] = sizeWithin(book.asks, mid * (1 + near)) * quotePerSz;
  row[C.depthAsk50BpsQuote] = sizeWithin(book.asks, mid * (1 + far)) * quotePerSz;
}

/** Σ sz of the levels at or better than `limitPx` (bids: px ≥ limit; asks: px ≤ limit), walked
 * from the touch (sequential `at` reads are O(1) each and allocate nothing). */
function sizeWithin(side: BookSide, limitPx: number): number {
  let s = 0;
  for (let r = 0; ; r++) {
    const l = side.at(r);
    if (l === undefined || (side.isBid ? l.px < limitPx : l.px > limitPx)) return s;
    s += l.sz;
  }
}

/** (a − b) / (a + b); NaN when a + b is 0 (nothing to weigh). */
export function imbalance(a: number, b: number): number {
  const t = a + b;
  return t > 0 ? (a - b) / t : NaN;
}
