import type uPlot from 'uplot';

/**
 * The chart adapter: Float64 columns (oldest row first) → uPlot data.
 * uPlot treats only `null` as a gap, not NaN (DESIGN.md style), so NaN rows — the engine's
 * "stream was not live" marker — become null here and show as breaks, never bridged lines.
 * Arrays are reused between frames to avoid per-frame garbage.
 */
export class UplotColumns {
  private readonly x: number[] = [];
  private readonly ys: (number | null)[][];

  constructor(nSeries: number) {
    this.ys = Array.from({ length: nSeries }, () => []);
  }

  /** Rows `[from, n)` of `x` and each `ys[i]`; rows whose x is not finite are skipped. */
  fill(x: Float64Array, ys: readonly Float64Array[], from: number, n: number): uPlot.AlignedData {
    let out = 0;
    for (let r = from; r < n; r++) {
      const t = x[r] as number;
      if (!Number.isFinite(t)) continue;
      this.x[out] = t;
      for (let s = 0; s < this.ys.length; s++) {
        const v = (ys[s] as Float64Array)[r] as number;
        (this.ys[s] as (number | null)[])[out] = Number.isFinite(v) ? v : null;
      }
      out++;
    }
    this.x.length = out;
    for (const col of this.ys) col.length = out;
    return [this.x, ...this.ys] as uPlot.AlignedData;
  }
}

/** First row index whose time is >= `fromSec` (x ascending). */
export function firstRowAtOrAfter(x: Float64Array, n: number, fromSec: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((x[mid] as number) < fromSec) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
