import { SERIES_COL as C } from '../series/columns';
import { RollingSum } from '../stats/rolling-sum';
import { imbalance } from './book-metrics';
import type { MetricParams } from './params';

/**
 * Trade-flow columns from the trade tape, over windows of local receive time.
 * Volumes are in base units (the trade's size), taker side per the venue's aggressor flag.
 */
export class TradeFlow {
  /** (buyVol, sellVol) over the rate window; its row count is the trade count. */
  private readonly rate: RollingSum;
  private readonly imb: readonly [RollingSum, RollingSum, RollingSum];
  private readonly rateSec: number;
  /** First event time since construction/reset: the rate columns warm up from here. */
  private startUs = NaN;

  constructor(p: MetricParams) {
    this.rateSec = p.rateWindowSec;
    this.rate = new RollingSum(p.rateWindowSec * 1e6, 2);
    const [a, b, c] = p.imbWindowsSec;
    this.imb = [new RollingSum(a * 1e6, 2), new RollingSum(b * 1e6, 2), new RollingSum(c * 1e6, 2)];
  }

  reset(): void {
    this.rate.clear();
    for (const r of this.imb) r.clear();
    this.startUs = NaN;
  }

  onTrade(tUs: number, sz: number, takerBuy: boolean): void {
    if (this.startUs !== this.startUs) this.startUs = tUs;
    const buy = takerBuy ? sz : 0;
    const sell = takerBuy ? 0 : sz;
    this.rate.push2(tUs, buy, sell);
    this.imb[0].push2(tUs, buy, sell);
    this.imb[1].push2(tUs, buy, sell);
    this.imb[2].push2(tUs, buy, sell);
  }

  sample(tUs: number, row: Float64Array): void {
    if (this.startUs !== this.startUs) this.startUs = tUs;
    const r = this.rate;
    r.evict(tUs);
    // Rates = (count or Σ volume in the trailing window) / window length. Until one full window
    // has passed since start/reset the window is not covered: NaN (warm-up), not a low rate.
    if (tUs - this.startUs >= r.windowUs) {
      row[C.tradesPerSec] = r.count / this.rateSec;
      row[C.buyVolPerSec] = r.sum(0) / this.rateSec;
      row[C.sellVolPerSec] = r.sum(1) / this.rateSec;
    } else {
      row[C.tradesPerSec] = row[C.buyVolPerSec] = row[C.sellVolPerSec] = NaN;
    }
    // trade imbalance = (buyVol − sellVol) / (buyVol + sellVol) over each window; NaN without trades
    row[C.tradeImb1s] = this.imbOf(this.imb[0], tUs);
    row[C.tradeImb5s] = this.imbOf(this.imb[1], tUs);
    row[C.tradeImb30s] = this.imbOf(this.imb[2], tUs);
  }

  private imbOf(s: RollingSum, tUs: number): number {
    s.evict(tUs);
    return s.count === 0 ? NaN : imbalance(s.sum(0), s.sum(1));
  }
}
