import { LogBins } from './log-bins';
import { WindowedBins } from './windowed-bins';

/**
 * Quantiles over the last `windowUs` of event time from a fine log-linear histogram
 * (LogBins, default α = 1 %): `quantile(q)` is within relative error α of the exact lower
 * nearest-rank quantile of the window (absolute error < minAbs near zero). Negative values are
 * valid. NaN inputs are ignored. Cost: O(1) per push/evict (no logarithm: the bin comes from the
 * float's bits), O(bins/64 + 64) per quantile query.
 *
 * With `nDisplayBins > 0` every push also counts a caller-chosen coarse bin (`displayCounts`,
 * e.g. a latency histogram for display) over the same window, from the same ring.
 */
export class WindowedQuantiles {
  readonly bins: LogBins;
  private readonly hist: WindowedBins;

  constructor(windowUs: number, relErr = 0.01, minAbs = 1e-3, maxAbs = 1e7, nDisplayBins = 0) {
    this.bins = new LogBins(relErr, minAbs, maxAbs);
    this.hist = new WindowedBins(this.bins.size, windowUs, 64, nDisplayBins);
  }

  get count(): number {
    return this.hist.total;
  }

  /** Counts per display bin over the window (length nDisplayBins; zeroed in place on clear). */
  get displayCounts(): Float64Array {
    return this.hist.counts2;
  }

  clear(): void {
    this.hist.clear();
  }

  push(tUs: number, x: number): void {
    if (x !== x) return;
    this.hist.add(tUs, this.bins.index(x));
  }

  /** `push`, also counting display bin `displayBin` (−1: none). */
  pushWithDisplay(tUs: number, x: number, displayBin: number): void {
    if (x !== x) return;
    this.hist.add2(tUs, this.bins.index(x), displayBin);
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
