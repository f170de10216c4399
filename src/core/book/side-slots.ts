import { SideSums, SUM_BITS as SUM_BITS_IMPORT } from './side-sums';

/** Module-local copy of an import used per level (some loaders, e.g. tsx's CommonJS transform,
 * turn each read of an import into a getter call). */
const SUM_BITS = SUM_BITS_IMPORT;

/**
 * The writes of a `BookSide`: inserting and deleting slots, moving them, growing the arrays
 * (see side-store.ts for the class chain). Every write keeps the running total and the block
 * sums of `SideSums` current.
 *
 * Deletes leave tombstones: the slot keeps its price (the array stays sorted, so bisection still
 * works), gets size 0 (so notional sums need not skip it) and id -1. An insert that lands next to
 * a tombstone reuses it; otherwise it shifts toward the nearest tombstone within a short window,
 * or toward the nearer end of the window [lo, hi) — there is slack on both sides, so levels far
 * from the touch (Binance deletes and inserts those too, and snapshots arrive best-first) cost no
 * more than levels at the touch. Dead slots at either end are trimmed at once (the best level is
 * always `hi - 1`, O(1)); the rest are compacted away in one pass once they exceed a fraction of
 * the window, which keeps walks and bisection within a constant factor of the live depth.
 *
 * Level objects and slots are recycled through free lists and the arrays grow by doubling, so
 * steady-state updates allocate nothing.
 */

/** An insert looks this far on each side for a tombstone to shift into. */
const TOMBSTONE_WINDOW = 16;

export class SideSlots extends SideSums {
  /** Delete the live level at index i: leave a tombstone, or trim it at either end. */
  protected kill(i: number): void {
    const ids = this.ids;
    this.freeSlots.push(ids[i]!);
    ids[i] = -1;
    this.tot -= this.pxs[i]! * this.szs[i]!;
    this.szs[i] = 0;
    this.blkDirty[i >> SUM_BITS] = 1;
    this.n--;
    this.dead++;
    this.ver++;
    if (this.n === 0) {
      this.lo = this.hi = this.pxs.length >> 1;
      this.dead = 0;
      this.tot = 0;
      return;
    }
    if (i === this.hi - 1) {
      let h = i;
      while (ids[h - 1]! < 0) h--;
      this.dead -= this.hi - h;
      this.hi = h;
    } else if (i === this.lo) {
      let l = i + 1;
      while (ids[l]! < 0) l++;
      this.dead -= l - this.lo;
      this.lo = l;
    } else if (this.dead > 32 && this.dead * 4 > this.hi - this.lo) {
      this.compact();
    }
  }

  /** Insert a new level whose insertion index is `p`. */
  protected insertAt(p: number, pxStr: string, szStr: string, px: number, sz: number, sp: number): void {
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.pool.length;
      this.pool.push({ px, sz, pxStr, szStr });
      if (slot >= this.gens.length) {
        const g = new Int32Array(this.gens.length * 2);
        g.set(this.gens);
        this.gens = g;
      }
    } else {
      const l = this.pool[slot]!;
      l.px = px;
      l.sz = sz;
      l.pxStr = pxStr;
      l.szStr = szStr;
    }
    this.gens[slot]!++;
    this.n++;
    this.ver++;
    const ids = this.ids;
    const lo = this.lo;
    const hi = this.hi;
    let i: number;
    if (p > lo && ids[p - 1]! < 0) {
      // reuse the tombstone just before: it is at or below px, its neighbours stay in order
      i = p - 1;
      this.dead--;
    } else if (p < hi && ids[p]! < 0) {
      i = p;
      this.dead--;
    } else if (this.dead > 0 && (i = this.shiftIntoTombstone(p)) >= 0) {
      this.dead--;
    } else {
      // shift toward the nearer end of the window, making room there first if needed
      const cap = this.pxs.length;
      if (hi - p <= p - lo) {
        if (hi === cap) p = this.makeRoom(px);
        const h = this.hi;
        if (p < h) {
          this.move(p + 1, p, h);
        }
        this.hi = h + 1;
        i = p;
      } else {
        if (lo === 0) p = this.makeRoom(px);
        const l = this.lo;
        if (l < p) {
          this.move(l - 1, l, p);
        }
        this.lo = l - 1;
        i = p - 1;
      }
    }
    this.pxs[i] = px;
    this.szs[i] = sz;
    this.blkDirty[i >> SUM_BITS] = 1;
    this.ids[i] = slot;
    this.tot += px * sz;
    this.sps[i] = sp;
  }

  /** Squeeze the tombstones out, keeping `lo`. */
  private compact(): void {
    const pxs = this.pxs;
    const szs = this.szs;
    const ids = this.ids;
    const sps = this.sps;
    let w = this.lo;
    for (let r = this.lo; r < this.hi; r++) {
      const slot = ids[r]!;
      if (slot < 0) continue;
      if (w !== r) {
        pxs[w] = pxs[r]!;
        szs[w] = szs[r]!;
        ids[w] = slot;
        sps[w] = sps[r]!;
      }
      w++;
    }
    this.markDirty(this.lo, this.hi);
    this.hi = w;
    this.dead = 0;
    this.exactTotal();
  }

  /** Move slots [start, end) to `target` in all the parallel arrays (`copyWithin` semantics). */
  private move(target: number, start: number, end: number): void {
    const len = end - start;
    if (len > 0) this.markDirty(target, target + len);
    if (len <= 8) {
      // short moves (the common tombstone shift): a loop beats four builtin calls
      const pxs = this.pxs;
      const szs = this.szs;
      const ids = this.ids;
      const sps = this.sps;
      if (target < start) {
        for (let k = 0; k < len; k++) {
          pxs[target + k] = pxs[start + k]!;
          szs[target + k] = szs[start + k]!;
          ids[target + k] = ids[start + k]!;
          sps[target + k] = sps[start + k]!;
        }
      } else {
        for (let k = len - 1; k >= 0; k--) {
          pxs[target + k] = pxs[start + k]!;
          szs[target + k] = szs[start + k]!;
          ids[target + k] = ids[start + k]!;
          sps[target + k] = sps[start + k]!;
        }
      }
      return;
    }
    this.pxs.copyWithin(target, start, end);
    this.szs.copyWithin(target, start, end);
    this.ids.copyWithin(target, start, end);
    this.sps.copyWithin(target, start, end);
  }

  /**
   * Shift the slots between `p` and the nearest tombstone within TOMBSTONE_WINDOW over that
   * tombstone, returning the freed index for the new level (-1 if there is no tombstone near).
   */
  private shiftIntoTombstone(p: number): number {
    const ids = this.ids;
    const loStop = Math.max(this.lo, p - 1 - TOMBSTONE_WINDOW);
    const hiStop = Math.min(this.hi, p + TOMBSTONE_WINDOW);
    let a = p - 2; // p - 1 and p are known live
    let b = p + 1;
    for (;;) {
      const okA = a >= loStop;
      const okB = b < hiStop;
      if (!okA && !okB) return -1;
      if (okA && ids[a]! < 0) {
        // [a + 1, p) moves down one; the new level goes at p - 1
        this.move(a, a + 1, p);
        return p - 1;
      }
      if (okB && ids[b]! < 0) {
        // [p, b) moves up one; the new level goes at p
        this.move(p + 1, p, b);
        return p;
      }
      a--;
      b++;
    }
  }

  /**
   * Re-centre the window in the arrays (doubling them when more than half full) so both ends have
   * slack; compacts tombstones on the way. Returns the insertion index of `px` afterwards.
   */
  private makeRoom(px: number): number {
    if (this.dead > 0) this.compact();
    const lo = this.lo;
    const used = this.hi - lo;
    let cap = this.pxs.length;
    while (used * 2 > cap) cap *= 2;
    const start = (cap - used) >> 1;
    if (cap !== this.pxs.length) {
      const pxs = new Float64Array(cap);
      const szs = new Float64Array(cap);
      const ids = new Int32Array(cap);
      const sps = new Uint16Array(cap);
      pxs.set(this.pxs.subarray(lo, this.hi), start);
      szs.set(this.szs.subarray(lo, this.hi), start);
      ids.set(this.ids.subarray(lo, this.hi), start);
      sps.set(this.sps.subarray(lo, this.hi), start);
      this.pxs = pxs;
      this.szs = szs;
      this.ids = ids;
      this.sps = sps;
      this.resetBlocks(cap);
    } else {
      this.move(start, lo, this.hi);
    }
    this.lo = start;
    this.hi = start + used;
    return this.insertionIndex(px);
  }
}
