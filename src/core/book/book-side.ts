import { parseDecimal } from './decimal';

/**
 * One side of an L2 book. Levels are keyed by the venue's price string (DESIGN.md principle 7);
 * numbers are derived once on insert for arithmetic and ordering.
 *
 * Storage: the sort order lives in typed arrays only — `pxs`, `szs` and `ids` (index of the
 * level object in `pool`), sorted WORST-first so the best level is the last element. Market
 * activity concentrates near the touch, so inserts/deletes there shift only the tail. Shifting
 * typed arrays is a plain memmove (`copyWithin`); shifting an array of objects with `splice` was
 * measured at ~750 ns per 600-slot shift in V8 (write barriers), which dominated book updates on
 * 4000-level books, and band walks over contiguous doubles are several times faster than
 * chasing object pointers. A Map gives O(1) lookups of existing levels by string. Level objects
 * and slots are recycled through free lists and the arrays grow by doubling, so steady-state
 * updates allocate nothing.
 */
export interface Level {
  px: number;
  sz: number;
  pxStr: string;
  szStr: string;
}

export class BookSide {
  /** Level objects by slot; `ids` holds slots in price order. */
  private readonly pool: Level[] = [];
  private readonly freeSlots: number[] = [];
  private pxs = new Float64Array(256);
  private szs = new Float64Array(256);
  private ids = new Int32Array(256);
  private n = 0;
  /** Price string → slot in `pool`. */
  private readonly byPrice = new Map<string, number>();

  /** @param isBid bids are best-when-highest, asks best-when-lowest. */
  constructor(readonly isBid: boolean) {}

  get depth(): number {
    return this.n;
  }

  clear(): void {
    for (let i = 0; i < this.n; i++) this.freeSlots.push(this.ids[i]!);
    this.n = 0;
    this.byPrice.clear();
  }

  /**
   * Set a level to an absolute size. `sz === 0` deletes; deleting an absent level is normal
   * (Binance docs §2.3 step 6, "removing an unknown level is normal").
   * Returns +1 inserted, 0 updated/no-op, -1 deleted.
   */
  set(pxStr: string, szStr: string, px: number, sz: number): -1 | 0 | 1 {
    const slot = this.byPrice.get(pxStr);
    if (sz === 0) {
      if (slot === undefined) return 0;
      this.remove(slot);
      return -1;
    }
    if (slot !== undefined) {
      const l = this.pool[slot]!;
      l.sz = sz;
      l.szStr = szStr;
      this.szs[this.indexOf(slot, l.px)] = sz;
      return 0;
    }
    this.insert(pxStr, szStr, px, sz);
    return 1;
  }

  /** `set` from strings, converting the price only when the level is new (the common update
   * of an existing level then costs one number conversion, not two). */
  setStr(pxStr: string, szStr: string): -1 | 0 | 1 {
    const sz = parseDecimal(szStr);
    const slot = this.byPrice.get(pxStr);
    if (sz === 0) {
      if (slot === undefined) return 0;
      this.remove(slot);
      return -1;
    }
    if (slot !== undefined) {
      const l = this.pool[slot]!;
      l.sz = sz;
      l.szStr = szStr;
      this.szs[this.indexOf(slot, l.px)] = sz;
      return 0;
    }
    this.insert(pxStr, szStr, parseDecimal(pxStr), sz);
    return 1;
  }

  /** Level `rank` away from the touch (0 = best), or undefined past the end. */
  at(rank: number): Level | undefined {
    return rank >= 0 && rank < this.n ? this.pool[this.ids[this.n - 1 - rank]!] : undefined;
  }

  bestPx(): number {
    return this.n === 0 ? NaN : this.pxs[this.n - 1]!;
  }

  get(pxStr: string): Level | undefined {
    const slot = this.byPrice.get(pxStr);
    return slot === undefined ? undefined : this.pool[slot];
  }

  /** Sum of size over the best `n` levels. */
  sizeTop(n: number): number {
    let s = 0;
    const szs = this.szs;
    const stop = Math.max(0, this.n - n);
    for (let i = this.n - 1; i >= stop; i--) s += szs[i]!;
    return s;
  }

  /**
   * Quote-currency notional Σ px·sz of levels at or better than `limitPx`
   * (bids: px >= limitPx; asks: px <= limitPx). Bisects the band edge, then sums the levels
   * inside it: costs the number of levels inside the band, not the side.
   */
  notionalWithin(limitPx: number): number {
    return this.sumFrom(this.bandStart(limitPx), this.n);
  }

  /**
   * Two nested bands: returns the notional within `farPx` and stores the notional within
   * `nearPx` (at or inside `farPx`) in `nearNotional` — one pass over the far band.
   */
  notionalWithin2(nearPx: number, farPx: number): number {
    const jNear = this.bandStart(nearPx);
    const jFar = Math.min(jNear, this.bandStart(farPx));
    const near = this.sumFrom(jNear, this.n);
    this.nearNotional = near;
    return near + this.sumFrom(jFar, jNear);
  }

  /** Out-value of `notionalWithin2` (a field, so the hot path returns two numbers without allocating). */
  nearNotional = 0;

  /** First index (worst→best order) of the levels at or better than `limitPx`. */
  private bandStart(limitPx: number): number {
    const a = this.pxs;
    let lo = 0;
    let hi = this.n;
    if (this.isBid) {
      // ascending: first index with a[i] >= limitPx
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (a[mid]! < limitPx) lo = mid + 1;
        else hi = mid;
      }
    } else {
      // descending: first index with a[i] <= limitPx
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (a[mid]! > limitPx) lo = mid + 1;
        else hi = mid;
      }
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

  /** Drop everything beyond the best `n` levels (Kraken-style subscribed depth). */
  truncate(n: number): void {
    const extra = this.n - Math.max(0, n);
    if (extra <= 0) return;
    for (let i = 0; i < extra; i++) {
      const slot = this.ids[i]!;
      this.byPrice.delete(this.pool[slot]!.pxStr);
      this.freeSlots.push(slot);
    }
    this.pxs.copyWithin(0, extra, this.n);
    this.szs.copyWithin(0, extra, this.n);
    this.ids.copyWithin(0, extra, this.n);
    this.n -= extra;
  }

  private insert(pxStr: string, szStr: string, px: number, sz: number): void {
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.pool.length;
      this.pool.push({ px, sz, pxStr, szStr });
    } else {
      const l = this.pool[slot]!;
      l.px = px;
      l.sz = sz;
      l.pxStr = pxStr;
      l.szStr = szStr;
    }
    this.byPrice.set(pxStr, slot);
    if (this.n === this.pxs.length) this.grow();
    const i = this.insertionIndex(px);
    const n = this.n;
    if (i < n) {
      this.pxs.copyWithin(i + 1, i, n);
      this.szs.copyWithin(i + 1, i, n);
      this.ids.copyWithin(i + 1, i, n);
    }
    this.pxs[i] = px;
    this.szs[i] = sz;
    this.ids[i] = slot;
    this.n = n + 1;
  }

  private remove(slot: number): void {
    const l = this.pool[slot]!;
    this.byPrice.delete(l.pxStr);
    const i = this.indexOf(slot, l.px);
    const n = this.n - 1;
    if (i < n) {
      this.pxs.copyWithin(i, i + 1, n + 1);
      this.szs.copyWithin(i, i + 1, n + 1);
      this.ids.copyWithin(i, i + 1, n + 1);
    }
    this.n = n;
    this.freeSlots.push(slot);
  }

  private grow(): void {
    const cap = this.pxs.length * 2;
    const pxs = new Float64Array(cap);
    const szs = new Float64Array(cap);
    const ids = new Int32Array(cap);
    pxs.set(this.pxs);
    szs.set(this.szs);
    ids.set(this.ids);
    this.pxs = pxs;
    this.szs = szs;
    this.ids = ids;
  }

  /** Index of a level that is in the side. */
  private indexOf(slot: number, px: number): number {
    // insertionIndex returns the slot after equal prices; the level sits at or before it. Two
    // strings of one numeric value ("100.0" and "100.00") are distinct keys, hence the walk.
    let i = this.insertionIndex(px) - 1;
    while (i > 0 && this.ids[i] !== slot) i--;
    return i;
  }

  /** First index whose level is strictly better than `px` in worst→best order. */
  private insertionIndex(px: number): number {
    const a = this.pxs;
    let lo = 0;
    let hi = this.n;
    // Most updates land near the touch (the end): check the last slot before bisecting.
    if (this.isBid) {
      // ascending prices: find first index with a[i] > px
      if (hi === 0 || a[hi - 1]! <= px) return hi;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (a[mid]! <= px) lo = mid + 1;
        else hi = mid;
      }
    } else {
      // descending prices: find first index with a[i] < px
      if (hi === 0 || a[hi - 1]! >= px) return hi;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (a[mid]! >= px) lo = mid + 1;
        else hi = mid;
      }
    }
    return lo;
  }
}
