import { SideStore } from './side-store';

/**
 * The notional and size sums of a `BookSide` (see side-store.ts for the class chain).
 *
 * Band notionals: the side keeps a running Σ px·sz, so a band that covers most of the side is
 * computed as the total minus the (shorter) sum over what lies outside it; and the arrays are cut
 * into 16-slot blocks whose Σ px·sz is cached until a slot of the block is written, so either sum
 * walks its two partial end blocks and adds whole blocks' totals.
 *
 * Every write (side-slots.ts, book-side.ts) keeps `tot` current and marks the blocks it touches
 * dirty; tombstones hold size 0, so the sums never need to skip them.
 */

/** Changes between exact recomputations of a side's running notional total. */
export const EXACT_EVERY = 4096;
/** Slots per block of cached band notionals (see `bandSum`). */
export const SUM_BITS = 4;
const SUM_BLOCK = 1 << SUM_BITS;

export class SideSums extends SideStore {
  /**
   * Σ px·sz over the side, kept up to date by every change (so a band covering most of the side
   * costs a walk of what it leaves out) and recomputed exactly every EXACT_EVERY changes and on
   * every compaction, which bounds the rounding drift to ~EXACT_EVERY ulps of the total.
   */
  protected tot = 0;
  protected sinceExact = 0;

  /** Per SUM_BLOCK-slot block of the arrays: Σ px·sz of its slots while `blkDirty` is 0 (else stale). */
  protected blkSum = new Float64Array(this.pxs.length >> SUM_BITS);
  protected blkDirty = new Uint8Array(this.pxs.length >> SUM_BITS).fill(1);

  /** Sum of size over the best `n` levels. */
  sizeTop(n: number): number {
    let s = 0;
    const szs = this.szs;
    const lo = this.lo;
    let i = this.hi - 1;
    if (this.dead === 0) {
      const stop = Math.max(lo, this.hi - n);
      for (; i >= stop; i--) s += szs[i]!;
      return s;
    }
    const ids = this.ids;
    // tombstones hold size 0: add every slot, count only the live ones
    for (let k = 0; k < n && i >= lo; i--) {
      s += szs[i]!;
      if (ids[i]! >= 0) k++;
    }
    return s;
  }

  /**
   * `sizeTop(near)` and `sizeTop(far)` (near ≤ far) in one walk: returns the far sum and leaves
   * the near one in `nearSize`.
   */
  sizeTop2(near: number, far: number): number {
    let s = 0;
    let sNear = near <= 0 ? 0 : NaN;
    const szs = this.szs;
    const ids = this.ids;
    const lo = this.lo;
    let i = this.hi - 1;
    if (this.dead === 0) {
      const stopNear = Math.max(lo, this.hi - near);
      const stop = Math.max(lo, this.hi - far);
      for (; i >= stopNear; i--) s += szs[i]!;
      sNear = s;
      for (; i >= stop; i--) s += szs[i]!;
      this.nearSize = sNear;
      return s;
    }
    // tombstones hold size 0: add every slot, count only the live ones
    let k = 0;
    for (; k < far && i >= lo; i--) {
      s += szs[i]!;
      if (ids[i]! >= 0 && ++k === near) sNear = s;
    }
    this.nearSize = sNear === sNear ? sNear : s; // fewer than `near` levels: all of them
    return s;
  }

  /** Out-value of `sizeTop2`. */
  nearSize = 0;

  /**
   * Quote-currency notional Σ px·sz of levels at or better than `limitPx`
   * (bids: px >= limitPx; asks: px <= limitPx). Bisects the band edge, then sums the levels
   * inside it: costs the number of slots inside the band, not the side. (Tombstones add 0.)
   */
  notionalWithin(limitPx: number): number {
    const j = (this.nearHint = this.bandStart(limitPx, this.nearHint));
    const t = this.tot;
    // the side's running total minus the outside, when the outside is the shorter walk
    if (j - this.lo < this.hi - j && t - t === 0) return t - this.bandSum(this.lo, j);
    return this.bandSum(j, this.hi);
  }

  /**
   * Two nested bands: returns the notional within `farPx` and stores the notional within
   * `nearPx` (at or inside `farPx`) in `nearNotional` — walking the band or, when shorter, the
   * outside (subtracted from the side's running total).
   */
  notionalWithin2(nearPx: number, farPx: number): number {
    const lo = this.lo;
    const hi = this.hi;
    const jNear = (this.nearHint = this.bandStart(nearPx, this.nearHint));
    const jFar = Math.min(jNear, (this.farHint = this.bandStart(farPx, this.farHint)));
    const t = this.tot;
    if (jFar - lo < hi - jFar && t - t === 0) {
      const far = t - this.bandSum(lo, jFar);
      this.nearNotional = hi - jNear <= jNear - jFar ? this.bandSum(jNear, hi) : far - this.bandSum(jFar, jNear);
      return far;
    }
    const near = this.bandSum(jNear, hi);
    this.nearNotional = near;
    return near + this.bandSum(jFar, jNear);
  }

  /** Out-value of `notionalWithin2` (a field, so the hot path returns two numbers without allocating). */
  nearNotional = 0;

  protected exactTotal(): void {
    this.tot = this.sumFrom(this.lo, this.hi);
    this.sinceExact = 0;
  }

  /** The arrays were reallocated at capacity `cap`: every block's cached total is stale. */
  protected resetBlocks(cap: number): void {
    this.blkSum = new Float64Array(cap >> SUM_BITS);
    this.blkDirty = new Uint8Array(cap >> SUM_BITS).fill(1);
  }

  /** Slots [from, to) were written: their blocks' cached totals are stale. */
  protected markDirty(from: number, to: number): void {
    const d = this.blkDirty;
    for (let b = from >> SUM_BITS, e = (to - 1) >> SUM_BITS; b <= e; b++) d[b] = 1;
  }

  /**
   * Σ px·sz over indices [from, to) inside the window: the whole SUM_BLOCK-slot blocks in between
   * from their cached totals (recomputed only when a slot of the block was written since: a commit
   * touches a few blocks, while a band of a deep book spans many), the partial blocks at the ends
   * walked. A whole block inside [lo, hi) holds only live levels and tombstones (size 0), so its
   * total is exactly its levels' notional; slots outside the window can hold stale values, but a
   * block is read whole only when it lies inside the range.
   */
  private bandSum(from: number, to: number): number {
    const bf = (from + SUM_BLOCK - 1) >> SUM_BITS;
    const bt = to >> SUM_BITS;
    if (bt - bf < 2) return this.sumFrom(from, to);
    let s = this.sumFrom(from, bf << SUM_BITS) + this.sumFrom(bt << SUM_BITS, to);
    const sums = this.blkSum;
    const dirty = this.blkDirty;
    for (let b = bf; b < bt; b++) {
      if (dirty[b] === 1) {
        sums[b] = this.sumFrom(b << SUM_BITS, (b + 1) << SUM_BITS);
        dirty[b] = 0;
      }
      s += sums[b]!;
    }
    return s;
  }

  /** Last answers of `bandStart` for the near and the far band edge (hints only: any value gives
   * the same answer). A book moves little between two samples, so the edge is usually a few slots
   * from where it was: galloping from there costs a few steps where bisecting the side costs ~11
   * hard-to-predict ones (on the 1000-level Kraken books the bisections were most of the band
   * lookups' CPU time). */
  private nearHint = 0;
  private farHint = 0;

  /**
   * First index (worst→best order) of the slots at or better than `limitPx` (bids: not below it,
   * asks: not above it), searched from `hint` outward, then bisected. `inside(i)` below is
   * !(s·px[i] < s·limitPx) with s = +1 for bids, −1 for asks (negation is exact), which is false
   * then true over [lo, hi).
   */
  private bandStart(limitPx: number, hint: number): number {
    const a = this.pxs;
    const s = this.isBid ? 1 : -1;
    const lim = s * limitPx;
    let lo = this.lo;
    let hi = this.hi;
    if (hint > lo && hint < hi) {
      if (!(s * a[hint - 1]! < lim)) {
        // inside at hint − 1: the answer is at or below it
        hi = hint - 1;
        for (let step = 1; hi - step >= lo; step *= 2) {
          if (s * a[hi - step]! < lim) {
            lo = hi - step + 1;
            break;
          }
          hi -= step;
        }
      } else {
        // outside at hint − 1: the answer is at or above hint
        lo = hint;
        for (let step = 1; lo + step <= hi; step *= 2) {
          if (!(s * a[lo + step - 1]! < lim)) {
            hi = lo + step - 1;
            break;
          }
          lo += step;
        }
      }
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s * a[mid]! < lim) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Σ px·sz over indices [from, to), four independent accumulators (the add chain, not the
   * loads, bounds a single-accumulator loop). */
  private sumFrom(from: number, to: number): number {
    const p = this.pxs;
    const z = this.szs;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = from;
    for (; i + 3 < to; i += 4) {
      s0 += p[i]! * z[i]!;
      s1 += p[i + 1]! * z[i + 1]!;
      s2 += p[i + 2]! * z[i + 2]!;
      s3 += p[i + 3]! * z[i + 3]!;
    }
    for (; i < to; i++) s0 += p[i]! * z[i]!;
    return s0 + s1 + (s2 + s3);
  }
}
