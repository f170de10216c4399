import { TimeRing } from './time-ring';

/**
 * Mean and variance over the last `windowUs` of event time (window `(nowUs - windowUs, nowUs]`).
 *
 * Numeric choice: shifted sums. We keep s1 = Σ(x−K) and s2 = Σ(x−K)² around a reference K
 * (the first value of a fresh window, re-centred to the window mean on every recompute), so
 *   mean = K + s1/n,   var = (s2 − s1²/n) / (n − 1).
 * Shifting removes the catastrophic cancellation of raw Σx² − (Σx)²/n for series far from zero
 * (prices ~6e4 with bp-sized moves). Windowed Welford (add/remove) is exact in theory but its
 * remove step is also subject to drift and costs divisions per row; shifted sums are cheaper and,
 * with the same drift control as RollingSum (exact zero when empty, exact recompute after every
 * `capacity` evictions), as accurate. The variance is clamped at 0 against rounding.
 */
export class RollingMoments {
  private readonly ring: TimeRing;
  private k = 0;
  private s1 = 0;
  private s2 = 0;
  private evictions = 0;

  constructor(
    readonly windowUs: number,
    initialCapacity = 64,
  ) {
    this.ring = new TimeRing(1, initialCapacity);
  }

  get count(): number {
    return this.ring.size;
  }

  clear(): void {
    this.ring.clear();
    this.s1 = this.s2 = this.k = 0;
    this.evictions = 0;
  }

  push(tUs: number, x: number): void {
    this.evict(tUs);
    if (this.ring.size === 0) this.k = x;
    this.ring.setV(this.ring.push(tUs), x);
    const d = x - this.k;
    this.s1 += d;
    this.s2 += d * d;
  }

  evict(nowUs: number): void {
    const r = this.ring;
    const limit = nowUs - this.windowUs;
    if (!(r.headT() <= limit)) return;
    while (r.size > 0 && r.headT() <= limit) {
      const d = r.headV() - this.k;
      this.s1 -= d;
      this.s2 -= d * d;
      r.shift();
      this.evictions++;
    }
    if (r.size === 0) this.s1 = this.s2 = 0;
    else if (this.evictions >= r.capacity) this.recompute();
  }

  /** NaN when the window is empty. */
  mean(): number {
    const n = this.ring.size;
    return n === 0 ? NaN : this.k + this.s1 / n;
  }

  /** Sample variance (n − 1 denominator); NaN with fewer than 2 rows. */
  variance(): number {
    const n = this.ring.size;
    if (n < 2) return NaN;
    const v = (this.s2 - (this.s1 * this.s1) / n) / (n - 1);
    return v > 0 ? v : 0;
  }

  std(): number {
    return Math.sqrt(this.variance());
  }

  private recompute(): void {
    const r = this.ring;
    const n = r.size;
    this.evictions = 0;
    let m = 0;
    for (let i = 0; i < n; i++) m += r.valueAt(i);
    this.k = m / n;
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const d = r.valueAt(i) - this.k;
      s1 += d;
      s2 += d * d;
    }
    this.s1 = s1;
    this.s2 = s2;
  }
}
