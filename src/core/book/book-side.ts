/**
 * One side of an L2 book. Levels are keyed by the venue's price string (DESIGN.md principle 7);
 * numbers are derived once on insert for arithmetic and ordering.
 *
 * Storage: a plain array of level objects sorted WORST-first, so the best level is the last
 * element. Market activity concentrates near the touch, so inserts/deletes there splice at the
 * end of the array (cheap memmove) instead of shifting the whole side. A Map gives O(1) updates
 * of existing levels. Deleted level objects go to a free list so steady-state updates allocate
 * nothing.
 */
export interface Level {
  px: number;
  sz: number;
  pxStr: string;
  szStr: string;
}

export class BookSide {
  /** Sorted worst → best. Index `length-1` is the touch. */
  private readonly levels: Level[] = [];
  private readonly byPrice = new Map<string, Level>();
  private readonly free: Level[] = [];

  /** @param isBid bids are best-when-highest, asks best-when-lowest. */
  constructor(readonly isBid: boolean) {}

  get depth(): number {
    return this.levels.length;
  }

  clear(): void {
    for (const l of this.levels) this.free.push(l);
    this.levels.length = 0;
    this.byPrice.clear();
  }

  /**
   * Set a level to an absolute size. `sz === 0` deletes; deleting an absent level is normal
   * (Binance docs §2.3 step 6, "removing an unknown level is normal").
   * Returns +1 inserted, 0 updated/no-op, -1 deleted.
   */
  set(pxStr: string, szStr: string, px: number, sz: number): -1 | 0 | 1 {
    const existing = this.byPrice.get(pxStr);
    if (sz === 0) {
      if (existing === undefined) return 0;
      this.byPrice.delete(pxStr);
      this.levels.splice(this.indexOf(existing), 1);
      this.free.push(existing);
      return -1;
    }
    if (existing !== undefined) {
      existing.sz = sz;
      existing.szStr = szStr;
      return 0;
    }
    const l = this.free.pop() ?? { px: 0, sz: 0, pxStr: '', szStr: '' };
    l.px = px;
    l.sz = sz;
    l.pxStr = pxStr;
    l.szStr = szStr;
    this.byPrice.set(pxStr, l);
    const i = this.insertionIndex(px);
    if (i === this.levels.length) this.levels.push(l);
    else this.levels.splice(i, 0, l);
    return 1;
  }

  /** Level `rank` away from the touch (0 = best), or undefined past the end. */
  at(rank: number): Level | undefined {
    return this.levels[this.levels.length - 1 - rank];
  }

  bestPx(): number {
    const l = this.levels[this.levels.length - 1];
    return l === undefined ? NaN : l.px;
  }

  get(pxStr: string): Level | undefined {
    return this.byPrice.get(pxStr);
  }

  /** Sum of size over the best `n` levels. */
  sizeTop(n: number): number {
    let s = 0;
    const end = this.levels.length;
    const stop = Math.max(0, end - n);
    for (let i = end - 1; i >= stop; i--) s += this.levels[i]!.sz;
    return s;
  }

  /**
   * Quote-currency notional Σ px·sz of levels at or better than `limitPx`
   * (bids: px >= limitPx; asks: px <= limitPx). Walks from the touch, so it costs the number of
   * levels inside the band, not the side.
   */
  notionalWithin(limitPx: number): number {
    let s = 0;
    for (let i = this.levels.length - 1; i >= 0; i--) {
      const l = this.levels[i]!;
      if (this.isBid ? l.px < limitPx : l.px > limitPx) break;
      s += l.px * l.sz;
    }
    return s;
  }

  /** Drop everything beyond the best `n` levels (Kraken-style subscribed depth). */
  truncate(n: number): void {
    const extra = this.levels.length - n;
    if (extra <= 0) return;
    for (let i = 0; i < extra; i++) {
      const l = this.levels[i]!;
      this.byPrice.delete(l.pxStr);
      this.free.push(l);
    }
    this.levels.splice(0, extra);
  }

  /** Index of a level that is in the side. */
  private indexOf(level: Level): number {
    // insertionIndex returns the slot after equal prices; the level sits at or before it. Two
    // strings of one numeric value ("100.0" and "100.00") are distinct keys, hence the walk.
    let i = this.insertionIndex(level.px) - 1;
    while (i > 0 && this.levels[i] !== level) i--;
    return i;
  }

  /** First index whose level is strictly better than `px` in worst→best order. */
  private insertionIndex(px: number): number {
    const a = this.levels;
    let lo = 0;
    let hi = a.length;
    if (this.isBid) {
      // ascending prices: find first index with a[i].px > px
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (a[mid]!.px <= px) lo = mid + 1;
        else hi = mid;
      }
    } else {
      // descending prices: find first index with a[i].px < px
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (a[mid]!.px >= px) lo = mid + 1;
        else hi = mid;
      }
    }
    return lo;
  }
}
