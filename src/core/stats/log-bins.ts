/**
 * Signed log-spaced bins (the DDSketch mapping) for quantiles with a stated relative error.
 *
 * With γ = (1+α)/(1−α), magnitude bin k ≥ 0 covers (minAbs·γ^(k−1), minAbs·γ^k] and reports
 * 2·minAbs·γ^k/(γ+1); every value in the bin is within relative error α of that report:
 *   (rep − lo)/lo = (hi − rep)/hi = (γ−1)/(γ+1) = α.
 * Negative values mirror the positive bins (latency can be negative under clock skew),
 * |x| < minAbs falls in one zero bin reported as 0 (absolute error < minAbs), and |x| > maxAbs
 * is clamped into the outermost bin (no error guarantee out there: choose maxAbs generously).
 * Bin indices are in ascending value order, so cumulative counts walk values in order.
 */
export class LogBins {
  readonly gamma: number;
  private readonly lnGamma: number;
  /** Number of magnitude bins per sign. */
  private readonly kMax: number;
  /** Index of the zero bin. */
  readonly zero: number;
  readonly size: number;

  constructor(
    readonly relErr = 0.01,
    readonly minAbs = 1e-3,
    readonly maxAbs = 1e7,
  ) {
    if (!(relErr > 0 && relErr < 1) || !(minAbs > 0) || !(maxAbs > minAbs)) {
      throw new RangeError(`LogBins: bad parameters α=${relErr} min=${minAbs} max=${maxAbs}`);
    }
    this.gamma = (1 + relErr) / (1 - relErr);
    this.lnGamma = Math.log(this.gamma);
    this.kMax = Math.ceil(Math.log(maxAbs / minAbs) / this.lnGamma);
    this.zero = this.kMax + 1;
    this.size = 2 * this.kMax + 3;
  }

  /** Bin of `x` (x must not be NaN). */
  index(x: number): number {
    const a = x < 0 ? -x : x;
    if (a < this.minAbs) return this.zero;
    let k = Math.ceil(Math.log(a / this.minAbs) / this.lnGamma);
    if (k > this.kMax) k = this.kMax;
    return x > 0 ? this.zero + 1 + k : this.zero - 1 - k;
  }

  /** The value a bin reports (within relErr of every value in it, except clamped ones). */
  value(bin: number): number {
    if (bin === this.zero) return 0;
    const k = bin > this.zero ? bin - this.zero - 1 : this.zero - 1 - bin;
    const rep = (2 * this.minAbs * Math.pow(this.gamma, k)) / (this.gamma + 1);
    return bin > this.zero ? rep : -rep;
  }
}
