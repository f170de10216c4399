import { SERIES_COL as SERIES_COL_IMPORT } from '../series/columns';
import { MultiWindowSum } from '../stats/multi-window-sum';
import { imbalance as imbalance_IMPORT } from './book-metrics';
import type { MetricParams } from './params';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const SERIES_COL = SERIES_COL_IMPORT;
const imbalance = imbalance_IMPORT;
const C = SERIES_COL;

/**
 * Trade-flow columns from the trade tape, over windows of local receive time.
 * Volumes are in base units (StreamMetrics converts venue sizes, e.g. OKX contracts, before
 * onTrade), taker side per the venue's aggressor flag.
 */
export class TradeFlow {
  /** (buyVol, sellVol) over window 0 = the rate window and windows 1..3 = imbWindowsSec, from
   * one ring; a window's row count is its trade count. */
  private readonly sums: MultiWindowSum;
  private readonly rateSec: number;
  private readonly rateUs: number;
  /** First event time since construction/reset: the rate columns warm up from here. */
  private startUs = NaN;

  constructor(p: MetricParams) {
    this.rateSec = p.rateWindowSec;
    this.rateUs = p.rateWindowSec * 1e6;
    const [a, b, c] = p.imbWindowsSec;
    this.sums = new MultiWindowSum([this.rateUs, a * 1e6, b * 1e6, c * 1e6], 2);
  }

  reset(): void {
    this.sums.clear();
    this.startUs = NaN;
  }

  onTrade(tUs: number, sz: number, takerBuy: boolean): void {
    if (this.startUs !== this.startUs) this.startUs = tUs;
    this.sums.push2(tUs, takerBuy ? sz : 0, takerBuy ? 0 : sz);
  }

  sample(tUs: number, row: Float64Array): void {
    if (this.startUs !== this.startUs) this.startUs = tUs;
    const r = this.sums;
    r.evict(tUs);
    // Rates = (count or Σ volume in the trailing window) / window length. Until one full window
    // has passed since start/reset the window is not covered: NaN (warm-up), not a low rate.
    if (tUs - this.startUs >= this.rateUs) {
      row[C.tradesPerSec] = r.count(0) / this.rateSec;
      row[C.buyVolPerSec] = r.sum(0, 0) / this.rateSec;
      row[C.sellVolPerSec] = r.sum(0, 1) / this.rateSec;
    } else {
      row[C.tradesPerSec] = row[C.buyVolPerSec] = row[C.sellVolPerSec] = NaN;
    }
    // trade imbalance = (buyVol − sellVol) / (buyVol + sellVol) over each window; NaN without trades
    row[C.tradeImb1s] = this.imbOf(1);
    row[C.tradeImb5s] = this.imbOf(2);
    row[C.tradeImb30s] = this.imbOf(3);
  }

  private imbOf(w: number): number {
    const r = this.sums;
    return r.count(w) === 0 ? NaN : imbalance(r.sum(w, 0), r.sum(w, 1));
  }
}
