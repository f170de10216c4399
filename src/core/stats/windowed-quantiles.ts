import { LogBins } from './log-bins';
import { WindowedBins } from './windowed-bins';

/**
 * Quantiles over the last `windowUs` of event time from a fine log-spaced histogram
 * (LogBins, default α = 1 %): `quantile(q)` is within relative error α of the exact lower
 * nearest-rank quantile of the window (absolute error < minAbs near zero). Negative values are
 * valid. NaN inputs are ignored. Cost: O(1) per push/evict, O(bins) per quantile query
 * (≈2.3k bins for the defaults; queries are meant for stats publishing, not per message).
 */
export class WindowedQuantiles {
  readonly bins: LogBins;
  private readonly hist: WindowedBins;

  constructor(windowUs: number, relErr = 0.01, minAbs = 1e-3, maxAbs = 1e7) {
    this.bins = new LogBins(relErr, minAbs, maxAbs);
    this.hist = new WindowedBins(this.bins.size, windowUs);
  }

  get count(): number {
    return this.hist.total;
  }

  clear(): void {
    this.hist.clear();
  }

  push(tUs: number, x: number): void {
    if (x !== x) return;
    this.hist.add(tUs, this.bins.index(x));
  }

  evict(nowUs: number): void {
    this.hist.evict(nowUs);
  }

  /** NaN when the window is empty. */
  quantile(q: number): number {
    const b = this.hist.quantileBin(q);
    return b < 0 ? NaN : this.bins.value(b);
  }
}
