import { TimeRing } from './time-ring';

/**
 * Sums of `width` channels over the last `windowUs` of event time: the window at `nowUs` holds
 * the rows with `nowUs - windowUs < tUs <= nowUs` (half-open, so a 1 s window never counts one
 * row twice across adjacent seconds).
 *
 * Numerics: running sums with add-on-push / subtract-on-evict are O(1) but accumulate rounding
 * in proportion to everything that ever passed through. To keep the error bounded by the window's
 * own content, the sums are set to exactly 0 when the window empties and recomputed from the ring
 * after every `capacity` evictions (amortised O(1) per row).
 */
export class RollingSum {
  private readonly ring: TimeRing;
  private readonly sums: Float64Array;
  private evictions = 0;

  constructor(
    readonly windowUs: number,
    readonly width = 1,
    initialCapacity = 64,
  ) {
    this.ring = new TimeRing(width, initialCapacity);
    this.sums = new Float64Array(width);
  }

  /** Rows currently in the window (as of the last push/evict). */
  get count(): number {
    return this.ring.size;
  }

  clear(): void {
    this.ring.clear();
    this.sums.fill(0);
    this.evictions = 0;
  }

  /** Add a one-channel row. */
  push(tUs: number, v: number): void {
    this.evict(tUs);
    const o = this.ring.push(tUs);
    this.ring.setV(o, v);
    this.sums[0]! += v;
  }

  /** Add a two-channel row (e.g. buy volume, sell volume). */
  push2(tUs: number, v0: number, v1: number): void {
    this.evict(tUs);
    const o = this.ring.push(tUs);
    this.ring.setV(o, v0);
    this.ring.setV(o + 1, v1);
    this.sums[0]! += v0;
    this.sums[1]! += v1;
  }

  /** Sum of channel `col` in the window (call `evict(nowUs)` first to move the window). */
  sum(col = 0): number {
    return this.sums[col]!;
  }

  /** Drop rows that have left the window at `nowUs`. */
  evict(nowUs: number): void {
    const r = this.ring;
    const limit = nowUs - this.windowUs;
    if (!(r.headT() <= limit)) return; // fast path (also NaN-safe when empty)
    while (r.size > 0 && r.headT() <= limit) {
      for (let c = 0; c < this.width; c++) this.sums[c]! -= r.headV(c);
      r.shift();
      this.evictions++;
    }
    if (r.size === 0) this.sums.fill(0);
    else if (this.evictions >= r.capacity) this.resum();
  }

  private resum(): void {
    const r = this.ring;
    this.evictions = 0;
    for (let c = 0; c < this.width; c++) {
      let s = 0;
      for (let i = 0; i < r.size; i++) s += r.valueAt(i, c);
      this.sums[c] = s;
    }
  }
}
