import { TimeRing } from './time-ring';

/**
 * Sums of `width` channels over several trailing windows of event time at once, from ONE ring
 * (the rows of the longest window): each window keeps how many rows at the ring's head it has
 * already left behind, and its own running sums. One push per row, whatever the number of windows.
 * Window `w` at `nowUs` holds the rows with `nowUs − windowsUs[w] < tUs <= nowUs`, as RollingSum.
 *
 * Numerics as RollingSum: a window's sums are set to exactly 0 when it empties and recomputed from
 * its rows after every `capacity` evictions (bounded drift, amortised O(1) per row).
 */
export class MultiWindowSum {
  private readonly ring: TimeRing;
  /** Per window: rows at the ring head that are no longer in it. */
  private readonly skip: Int32Array;
  private readonly evictions: Int32Array;
  /** Per window, `width` running sums: window w channel c at [w * width + c]. */
  private readonly sums: Float64Array;

  constructor(
    readonly windowsUs: readonly number[],
    readonly width = 1,
    initialCapacity = 64,
  ) {
    this.ring = new TimeRing(width, initialCapacity);
    this.skip = new Int32Array(windowsUs.length);
    this.evictions = new Int32Array(windowsUs.length);
    this.sums = new Float64Array(windowsUs.length * width);
  }

  /** Rows in window `w` (as of the last push/evict). */
  count(w: number): number {
    return this.ring.size - this.skip[w]!;
  }

  /** Sum of channel `col` in window `w` (call `evict(nowUs)` first to move the windows). */
  sum(w: number, col = 0): number {
    return this.sums[w * this.width + col]!;
  }

  clear(): void {
    this.ring.clear();
    this.skip.fill(0);
    this.evictions.fill(0);
    this.sums.fill(0);
  }

  /** Add a two-channel row (e.g. buy volume, sell volume). */
  push2(tUs: number, v0: number, v1: number): void {
    this.evict(tUs);
    const o = this.ring.push(tUs);
    this.ring.setV(o, v0);
    this.ring.setV(o + 1, v1);
    const s = this.sums;
    const w2 = this.width;
    for (let w = 0; w < this.skip.length; w++) {
      s[w * w2]! += v0;
      s[w * w2 + 1]! += v1;
    }
  }

  /** Drop rows that have left each window at `nowUs`. */
  evict(nowUs: number): void {
    const r = this.ring;
    const n = r.size;
    if (n === 0) return;
    const width = this.width;
    let minSkip = n;
    for (let w = 0; w < this.skip.length; w++) {
      let k = this.skip[w]!;
      const limit = nowUs - this.windowsUs[w]!;
      if (k < n && r.timeAt(k) <= limit) {
        const base = w * width;
        do {
          for (let c = 0; c < width; c++) this.sums[base + c]! -= r.valueAt(k, c);
          k++;
          this.evictions[w]!++;
        } while (k < n && r.timeAt(k) <= limit);
        this.skip[w] = k;
        if (k === n) for (let c = 0; c < width; c++) this.sums[base + c] = 0;
        else if (this.evictions[w]! >= r.capacity) this.resum(w);
      }
      if (k < minSkip) minSkip = k;
    }
    // rows every window has left go out of the ring
    if (minSkip > 0) {
      for (let i = 0; i < minSkip; i++) r.shift();
      for (let w = 0; w < this.skip.length; w++) this.skip[w]! -= minSkip;
    }
  }

  private resum(w: number): void {
    const r = this.ring;
    this.evictions[w] = 0;
    const base = w * this.width;
    for (let c = 0; c < this.width; c++) {
      let s = 0;
      for (let i = this.skip[w]!; i < r.size; i++) s += r.valueAt(i, c);
      this.sums[base + c] = s;
    }
  }
}
