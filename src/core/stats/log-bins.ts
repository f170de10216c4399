/**
 * Signed log-linear bins (HdrHistogram-style) for quantiles with a stated relative error,
 * indexed from the IEEE-754 bits of the value — no Math.log per sample.
 *
 * Each power-of-two octave [2^e, 2^(e+1)) is split into S = 2^s equal sub-bins, read straight
 * from the top s mantissa bits. Sub-bin [lo, hi) reports 2·lo·hi/(lo+hi), which is within
 *   (hi − lo)/(hi + lo) = 1/(2S + 2k + 1) ≤ 1/(2S + 1)
 * relative error of every value in it (k = the sub-bin's place in its octave), so S is the
 * smallest power of two with 1/(2S+1) ≤ relErr (S = 64 for 1 %).
 *
 * Negative values mirror the positive bins (latency can be negative under clock skew),
 * |x| < minAbs falls in one zero bin reported as 0 (absolute error < minAbs), and |x| beyond the
 * octave of maxAbs is clamped into the outermost bin (no error guarantee out there: choose maxAbs
 * generously). Bin indices are in ascending value order, so cumulative counts walk values in order.
 */
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Index of the 32-bit word holding sign, exponent and the top 20 mantissa bits. */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Biased IEEE exponent of a positive normal double. */
function biasedExponent(a: number): number {
  F64[0] = a;
  return U32[HI]! >>> 20;
}

export class LogBins {
  /** log2 of the sub-bins per octave. */
  private readonly subBits: number;
  private readonly subs: number;
  /** Biased exponent of the lowest octave (the one holding minAbs). */
  private readonly eMin: number;
  /** Number of magnitude bins per sign, minus one (largest magnitude index). */
  private readonly kMax: number;
  /** Index of the zero bin. */
  readonly zero: number;
  readonly size: number;

  constructor(
    readonly relErr = 0.01,
    readonly minAbs = 1e-3,
    readonly maxAbs = 1e7,
  ) {
    if (!(relErr > 0 && relErr < 1) || !(minAbs >= 2 ** -1000) || !(maxAbs > minAbs) || !(maxAbs < 2 ** 1000)) {
      throw new RangeError(`LogBins: bad parameters α=${relErr} min=${minAbs} max=${maxAbs}`);
    }
    let s = 0;
    while (1 / (2 * 2 ** s + 1) > relErr) s++;
    if (s > 20) throw new RangeError(`LogBins: relative error ${relErr} below what 20 mantissa bits resolve`);
    this.subBits = s;
    this.subs = 2 ** s;
    this.eMin = biasedExponent(minAbs);
    this.kMax = (biasedExponent(maxAbs) - this.eMin + 1) * this.subs - 1;
    this.zero = this.kMax + 1;
    this.size = 2 * this.kMax + 3;
    // powers of two are exact: the same doubles as computing 2 ** e per call, without the pow
    this.octaves = Float64Array.from({ length: Math.floor(this.kMax / this.subs) + 1 }, (_, o) => 2 ** (o + this.eMin - 1023));
  }

  /** Lower bound of each octave, by octave index (`value` per quantile query). */
  private readonly octaves: Float64Array;

  /** Bin of `x` (x must not be NaN). */
  index(x: number): number {
    const a = x < 0 ? -x : x;
    if (a < this.minAbs) return this.zero;
    F64[0] = a;
    const hi = U32[HI]!;
    let k = ((hi >>> 20) - this.eMin) * this.subs + ((hi & 0xfffff) >>> (20 - this.subBits));
    if (k > this.kMax) k = this.kMax; // also catches Infinity (exponent 2047)
    return x > 0 ? this.zero + 1 + k : this.zero - 1 - k;
  }

  /** The value a bin reports (within relErr of every value in it, except clamped ones). */
  value(bin: number): number {
    if (bin === this.zero) return 0;
    const k = bin > this.zero ? bin - this.zero - 1 : this.zero - 1 - bin;
    const octave = this.octaves[Math.floor(k / this.subs)]!;
    const sub = k % this.subs;
    const lo = octave * (1 + sub / this.subs);
    const hi = octave * (1 + (sub + 1) / this.subs);
    const rep = (2 * lo * hi) / (lo + hi);
    return bin > this.zero ? rep : -rep;
  }
}
