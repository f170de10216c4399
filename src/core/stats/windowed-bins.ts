import { TimeRing } from './time-ring';

/**
 * Counts per bin over the last `windowUs` of event time (window `(nowUs − windowUs, nowUs]`):
 * each observation is remembered as (tUs, bin) in a ring, counted on add and uncounted on evict.
 * Counts are integers held in a Float64Array so the array can be copied to shared memory as is.
 */
export class WindowedBins {
  readonly counts: Float64Array;
  private readonly ring: TimeRing;
  private n = 0;

  constructor(
    readonly nBins: number,
    readonly windowUs: number,
    initialCapacity = 256,
  ) {
    this.counts = new Float64Array(nBins);
    this.ring = new TimeRing(1, initialCapacity);
  }

  get total(): number {
    return this.n;
  }

  clear(): void {
    this.ring.clear();
    this.counts.fill(0);
    this.n = 0;
  }

  add(tUs: number, bin: number): void {
    this.evict(tUs);
    this.ring.setV(this.ring.push(tUs), bin);
    this.counts[bin]!++;
    this.n++;
  }

  evict(nowUs: number): void {
    const r = this.ring;
    const limit = nowUs - this.windowUs;
    while (r.size > 0 && r.headT() <= limit) {
      this.counts[r.headV()]!--;
      this.n--;
      r.shift();
    }
  }

  /**
   * Bin holding the lower nearest-rank q-quantile: the element of rank max(1, ⌈q·n⌉) in
   * ascending order. −1 when empty. Walks from the nearer end of the bins.
   */
  quantileBin(q: number): number {
    const n = this.n;
    if (n === 0) return -1;
    const rank = Math.max(1, Math.ceil(q * n));
    const c = this.counts;
    if (rank <= n / 2) {
      let cum = 0;
      for (let b = 0; b < this.nBins; b++) {
        cum += c[b]!;
        if (cum >= rank) return b;
      }
    } else {
      // rank from the top: the element of ascending rank r is the (n − r + 1)-th from the top
      const top = n - rank + 1;
      let cum = 0;
      for (let b = this.nBins - 1; b >= 0; b--) {
        cum += c[b]!;
        if (cum >= top) return b;
      }
    }
    return this.nBins - 1; // unreachable while counts sum to n
  }
}
