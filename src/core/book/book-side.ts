import { parseDecimal as parseDecimalImport, parseDecimalSpelled as parseDecimalSpelledImport, SPELL as SPELL_IMPORT } from './decimal';

/** Module-local copies of imports used per level (some loaders, e.g. tsx's CommonJS transform,
 * turn each read of an import into a getter call). `SPELL.code` is decimal.ts's `spelling`. */
const parseDecimal = parseDecimalImport;
const parseDecimalSpelled = parseDecimalSpelledImport;
const SPELL = SPELL_IMPORT;

/**
 * One side of an L2 book. Levels are keyed by the venue's price string (DESIGN.md principle 7);
 * numbers are derived once on insert for arithmetic and ordering.
 *
 * Storage: the sort order lives in typed arrays only — `pxs`, `szs` and `ids` (index of the
 * level object in `pool`) over the window [lo, hi), sorted WORST-first so the best level is at
 * `hi - 1`. Shifting typed arrays is a plain memmove (`copyWithin`); shifting an array of objects
 * was measured at ~750 ns per 600-slot shift in V8 (write barriers), and band walks over
 * contiguous doubles are several times faster than chasing object pointers.
 *
 * Lookup: no Map. A level is found by bisecting `pxs` for the numeric price (parsed with the exact
 * `parseDecimal`), then confirmed by comparing the venue's price STRING among the slots of equal
 * numeric price — so "100.0" and "100.00" stay distinct levels — and freshly parsed strings are
 * never hashed (hashing them was most of the cost of a book update).
 *
 * Deletes leave tombstones: the slot keeps its price (the array stays sorted, so bisection still
 * works), gets size 0 (so notional sums need not skip it) and id -1. An insert that lands next to
 * a tombstone reuses it; otherwise it shifts toward the nearest tombstone within a short window,
 * or toward the nearer end of the window [lo, hi) — there is slack on both sides, so levels far
 * from the touch (Binance deletes and inserts those too, and snapshots arrive best-first) cost no
 * more than levels at the touch. Dead slots at either end are trimmed at once (the best level is
 * always `hi - 1`, O(1)); the rest are compacted away in one pass once they exceed a fraction of
 * the window, which keeps walks and bisection within a constant factor of the live depth.
 * `at(rank)` skips tombstones from a cursor, so reading the top N in order costs O(N).
 *
 * Band notionals: the side keeps a running Σ px·sz, so a band that covers most of the side is
 * computed as the total minus the (shorter) sum over what lies outside it; and the arrays are cut
 * into 16-slot blocks whose Σ px·sz is cached until a slot of the block is written, so either sum
 * walks its two partial end blocks and adds whole blocks' totals.
 *
 * Level objects and slots are recycled through free lists and the arrays grow by doubling, so
 * steady-state updates allocate nothing.
 *
 * Prices that do not parse to a number (NaN) cannot be ordered and are ignored.
 */
export interface Level {
  px: number;
  sz: number;
  pxStr: string;
  szStr: string;
}

/** An insert looks this far on each side for a tombstone to shift into. */
const TOMBSTONE_WINDOW = 16;
const INITIAL_CAPACITY = 256;
/** Changes between exact recomputations of a side's running notional total. */
const EXACT_EVERY = 4096;
/** Slots per block of cached band notionals (see `bandSum`). */
const SUM_BITS = 4;
const SUM_BLOCK = 1 << SUM_BITS;

export class BookSide {
  /** Level objects by slot; `ids` holds slots in price order (-1 = tombstone). */
  private readonly pool: Level[] = [];
  private readonly freeSlots: number[] = [];
  private pxs = new Float64Array(INITIAL_CAPACITY);
  private szs = new Float64Array(INITIAL_CAPACITY);
  private ids = new Int32Array(INITIAL_CAPACITY);
  /**
   * Per level slot (index into `pool`, not into the sorted arrays): bumped whenever the slot's
   * strings change (an update, or the slot reused for a new level). Equal (slot, generation)
   * at two times = the same pxStr and szStr, which lets a reader (the Kraken CRC mirror) tell
   * an unchanged level from a changed one without reading the level object or its strings.
   */
  private gens = new Int32Array(INITIAL_CAPACITY);
  /** `spelling` of each slot's price string (see decimal.ts): equal price + equal non-zero code = same string. */
  private sps = new Uint16Array(INITIAL_CAPACITY);
  /** Occupied window [lo, hi) of the arrays; ids[lo] and ids[hi - 1] are live (or lo === hi). */
  private lo = INITIAL_CAPACITY >> 1;
  private hi = INITIAL_CAPACITY >> 1;
  /** Live levels, and tombstones inside [lo, hi). */
  private n = 0;
  private dead = 0;
  /** `at()` cursor: rank `curRank` sits at index `curIdx`, valid while `curVer === ver`. */
  private ver = 0;
  private curVer = -1;
  private curRank = 0;
  private curIdx = 0;

  /** Numeric price of the level the last `setStr` call named (NaN if it did not parse): lets a
   * caller that needs the number too avoid parsing the string twice. */
  lastPx = NaN;

  /** @param isBid bids are best-when-highest, asks best-when-lowest. */
  constructor(readonly isBid: boolean) {}

  get depth(): number {
    return this.n;
  }

  clear(): void {
    const ids = this.ids;
    for (let i = this.lo; i < this.hi; i++) if (ids[i]! >= 0) this.freeSlots.push(ids[i]!);
    this.lo = this.hi = this.pxs.length >> 1;
    this.n = 0;
    this.dead = 0;
    this.tot = 0;
    this.ver++;
  }

  /**
   * Set a level to an absolute size. `sz === 0` deletes; deleting an absent level is normal
   * (Binance docs §2.3 step 6, "removing an unknown level is normal").
   * Returns +1 inserted, 0 updated/no-op, -1 deleted.
   */
  set(pxStr: string, szStr: string, px: number, sz: number): -1 | 0 | 1 {
    // the spelling code identifies the string only together with the number it parses to
    const sp = Object.is(parseDecimalSpelled(pxStr), px) ? SPELL.code : 0;
    return this.apply(pxStr, szStr, px, sz, sp);
  }

  /** `set` from strings. */
  setStr(pxStr: string, szStr: string): -1 | 0 | 1 {
    const px = parseDecimalSpelled(pxStr);
    const sp = SPELL.code;
    this.lastPx = px;
    return this.apply(pxStr, szStr, px, parseDecimal(szStr), sp);
  }

  private apply(pxStr: string, szStr: string, px: number, sz: number, sp: number): -1 | 0 | 1 {
    if (px !== px) return 0; // NaN: unorderable
    if (++this.sinceExact > EXACT_EVERY) this.exactTotal();
    const p = this.insertionIndex(px);
    const i = this.find(p, px, pxStr, sp);
    if (sz === 0) {
      if (i < 0) return 0;
      this.kill(i);
      return -1;
    }
    if (i >= 0) {
      const slot = this.ids[i]!;
      const l = this.pool[slot]!;
      l.sz = sz;
      l.szStr = szStr;
      this.gens[slot]!++;
      this.tot += px * sz - px * this.szs[i]!;
      this.szs[i] = sz;
      this.blkDirty[i >> SUM_BITS] = 1;
      return 0;
    }
    this.insertAt(p, pxStr, szStr, px, sz, sp);
    return 1;
  }

  /** Level `rank` away from the touch (0 = best), or undefined past the end. */
  at(rank: number): Level | undefined {
    const i = this.rankIndex(rank);
    return i < 0 ? undefined : this.pool[this.ids[i]!];
  }

  /** Slot (level object id) at array index `i` (from `rankIndex`). */
  slotAtIndex(i: number): number {
    return this.ids[i]!;
  }

  /** Numeric price at array index `i` (from `rankIndex`). */
  pxAtIndex(i: number): number {
    return this.pxs[i]!;
  }

  /** Generation of level slot `slot` (see `gens`). */
  genOf(slot: number): number {
    return this.gens[slot]!;
  }

  /** The level object in slot `slot`. */
  levelOfSlot(slot: number): Level {
    return this.pool[slot]!;
  }

  /** Array index of the level `rank` away from the touch, or -1 past the end. Sequential ranks
   * cost O(1) each (a cursor skips tombstones). */
  rankIndex(rank: number): number {
    if (!(rank >= 0 && rank < this.n)) return -1;
    const ids = this.ids;
    if (this.dead === 0) return this.hi - 1 - rank;
    // Walk from the cursor when it is at or before `rank` (sequential reads cost O(1) each).
    let r: number;
    let i: number;
    if (this.curVer === this.ver && this.curRank <= rank) {
      r = this.curRank;
      i = this.curIdx;
    } else {
      r = 0;
      i = this.hi - 1;
    }
    while (r < rank) {
      i--;
      if (ids[i]! >= 0) r++;
    }
    this.curVer = this.ver;
    this.curRank = r;
    this.curIdx = i;
    return i;
  }

  bestPx(): number {
    return this.n === 0 ? NaN : this.pxs[this.hi - 1]!;
  }

  /** Size of the best level (NaN when the side is empty); reads no level object. */
  bestSz(): number {
    return this.n === 0 ? NaN : this.szs[this.hi - 1]!;
  }

  get(pxStr: string): Level | undefined {
    const px = parseDecimalSpelled(pxStr);
    if (px !== px) return undefined;
    const i = this.find(this.insertionIndex(px), px, pxStr, SPELL.code);
    return i < 0 ? undefined : this.pool[this.ids[i]!];
  }

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
    const j = this.bandStart(limitPx);
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
    const jNear = this.bandStart(nearPx);
    const jFar = Math.min(jNear, this.bandStart(farPx));
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

  /**
   * Σ px·sz over the side, kept up to date by every change (so a band covering most of the side
   * costs a walk of what it leaves out) and recomputed exactly every EXACT_EVERY changes and on
   * every compaction, which bounds the rounding drift to ~EXACT_EVERY ulps of the total.
   */
  private tot = 0;
  private sinceExact = 0;

  private exactTotal(): void {
    this.tot = this.sumFrom(this.lo, this.hi);
    this.sinceExact = 0;
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

  /** Per SUM_BLOCK-slot block of the arrays: Σ px·sz of its slots while `blkDirty` is 0 (else stale). */
  private blkSum = new Float64Array(INITIAL_CAPACITY >> SUM_BITS);
  private blkDirty = new Uint8Array(INITIAL_CAPACITY >> SUM_BITS).fill(1);

  /** Slots [from, to) were written: their blocks' cached totals are stale. */
  private markDirty(from: number, to: number): void {
    const d = this.blkDirty;
    for (let b = from >> SUM_BITS, e = (to - 1) >> SUM_BITS; b <= e; b++) d[b] = 1;
  }

  /** Out-value of `notionalWithin2` (a field, so the hot path returns two numbers without allocating). */
  nearNotional = 0;

  /** Drop everything beyond the best `n` levels (Kraken-style subscribed depth). */
  truncate(n: number): void {
    n = Math.max(0, n);
    if (this.n <= n) return;
    if (n === 0) return this.clear();
    // Cut the (n_live − n) worst live levels from the far end: the walk costs what is cut (a
    // book held at its subscribed depth usually loses one level), not the side. The running
    // total loses exactly the cut notional (tombstones hold size 0).
    const ids = this.ids;
    const pxs = this.pxs;
    const szs = this.szs;
    let cut = this.n - n;
    let i = this.lo;
    let gone = 0;
    for (; cut > 0; i++) {
      const slot = ids[i]!;
      if (slot >= 0) {
        this.freeSlots.push(slot);
        gone += pxs[i]! * szs[i]!;
        cut--;
      } else this.dead--;
    }
    // the window starts at a live slot (n > 0 levels remain, so one is found before hi)
    while (ids[i]! < 0) {
      i++;
      this.dead--;
    }
    this.lo = i;
    this.n = n;
    this.tot -= gone;
    this.ver++;
    if (++this.sinceExact > EXACT_EVERY) this.exactTotal();
  }

  /**
   * Index of the live level `pxStr` (numeric value `px`, spelling `sp`), given
   * `p = insertionIndex(px)`; -1 if absent.
   */
  private find(p: number, px: number, pxStr: string, sp: number): number {
    const pxs = this.pxs;
    const ids = this.ids;
    const sps = this.sps;
    const lo = this.lo;
    // Equal prices sit just before p. Two strings of one numeric value ("100.0" and "100.00")
    // are distinct keys, hence the walk over all of them. Equal non-zero spellings prove the
    // strings equal and different ones prove them different, without reading either string.
    for (let i = p - 1; i >= lo && pxs[i] === px; i--) {
      const slot = ids[i]!;
      if (slot >= 0 && sps[i] === sp && (sp !== 0 || this.pool[slot]!.pxStr === pxStr)) return i;
    }
    return -1;
  }

  /** Delete the live level at index i: leave a tombstone, or trim it at either end. */
  private kill(i: number): void {
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

  /** Insert a new level whose insertion index is `p`. */
  private insertAt(p: number, pxStr: string, szStr: string, px: number, sz: number, sp: number): void {
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
      this.blkSum = new Float64Array(cap >> SUM_BITS);
      this.blkDirty = new Uint8Array(cap >> SUM_BITS).fill(1);
    } else {
      this.move(start, lo, this.hi);
    }
    this.lo = start;
    this.hi = start + used;
    return this.insertionIndex(px);
  }

  /** First index (worst→best order) of the slots at or better than `limitPx`. */
  private bandStart(limitPx: number): number {
    const a = this.pxs;
    let lo = this.lo;
    let hi = this.hi;
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

  /** First index whose slot is strictly better than `px` in worst→best order (tombstones included). */
  private insertionIndex(px: number): number {
    const a = this.pxs;
    let lo = this.lo;
    let hi = this.hi;
    // Most updates land near the touch (the end): check the last slot before searching. Else
    // gallop from the previous answer (`finger`: a message's levels come sorted, so the next
    // one is usually close) to a bracket, then bisect it; the answer is the same from any finger.
    const f = this.finger;
    if (this.isBid) {
      // ascending prices: find first index with a[i] > px
      if (hi === lo || a[hi - 1]! <= px) return hi;
      if (f > lo && f < hi) {
        if (a[f - 1]! <= px) {
          // answer in [f, hi)
          lo = f;
          for (let step = 1; lo + step < hi; step *= 2) {
            if (a[lo + step - 1]! > px) {
              hi = lo + step - 1;
              break;
            }
            lo += step;
          }
        } else {
          // answer in [lo, f - 1]
          hi = f - 1;
          for (let step = 1; hi - step >= lo; step *= 2) {
            if (a[hi - step]! <= px) {
              lo = hi - step + 1;
              break;
            }
            hi -= step;
          }
        }
      }
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (a[mid]! <= px) lo = mid + 1;
        else hi = mid;
      }
    } else {
      // descending prices: find first index with a[i] < px
      if (hi === lo || a[hi - 1]! >= px) return hi;
      if (f > lo && f < hi) {
        if (a[f - 1]! >= px) {
          lo = f;
          for (let step = 1; lo + step < hi; step *= 2) {
            if (a[lo + step - 1]! < px) {
              hi = lo + step - 1;
              break;
            }
            lo += step;
          }
        } else {
          hi = f - 1;
          for (let step = 1; hi - step >= lo; step *= 2) {
            if (a[hi - step]! >= px) {
              lo = hi - step + 1;
              break;
            }
            hi -= step;
          }
        }
      }
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (a[mid]! >= px) lo = mid + 1;
        else hi = mid;
      }
    }
    this.finger = lo;
    return lo;
  }

  /** Last answer of `insertionIndex` below the touch (a hint only: any value gives the same answer). */
  private finger = 0;

}
