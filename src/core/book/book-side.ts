import { parseDecimal as parseDecimalImport, parseDecimalSpelled as parseDecimalSpelledImport, SPELL as SPELL_IMPORT } from './decimal';
import { ownSlice as ownSliceImport } from './own-slice';
import { SideSlots } from './side-slots';
import { EXACT_EVERY as EXACT_EVERY_IMPORT, SUM_BITS as SUM_BITS_IMPORT } from './side-sums';
import type { Level } from './side-store';

export type { Level } from './side-store';

/** Module-local copies of imports used per level (some loaders, e.g. tsx's CommonJS transform,
 * turn each read of an import into a getter call). `SPELL.code` is decimal.ts's `spelling`. */
const parseDecimal = parseDecimalImport;
const parseDecimalSpelled = parseDecimalSpelledImport;
const SPELL = SPELL_IMPORT;
const EXACT_EVERY = EXACT_EVERY_IMPORT;
const SUM_BITS = SUM_BITS_IMPORT;
const ownSlice = ownSliceImport;

/**
 * One side of an L2 book. Levels are keyed by the venue's price string (DESIGN.md principle 7);
 * numbers are derived once on insert for arithmetic and ordering.
 *
 * The implementation is a chain of classes, one responsibility each: side-store.ts (the
 * typed-array storage and the price search), side-sums.ts (band notionals and size sums),
 * side-slots.ts (inserts, tombstones, moves, growth), and this file (the public API).
 *
 * `at(rank)` skips tombstones from a cursor, so reading the top N in order costs O(N).
 *
 * Prices that do not parse to a number (NaN) cannot be ordered and are ignored.
 */
export class BookSide extends SideSlots {
  /** `at()` cursor: rank `curRank` sits at index `curIdx`, valid while `curVer === ver`. */
  private curVer = -1;
  private curRank = 0;
  private curIdx = 0;

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
    return this.apply(pxStr, szStr, px, parseDecimal(szStr), sp);
  }

  /**
   * `setStr(text.slice(pxStart, pxEnd), text.slice(szStart, szEnd))` for a frame reader that has
   * already parsed both numbers where they stand (`scanDecimal`: `px`, its spelling `sp`, `sz`),
   * slicing only the strings the side keeps: the price on an insert (or to compare, when `sp` is
   * 0), the size on an insert or an update — never for a delete. Slices of 13+ characters are
   * copied (own-slice.ts), so no kept string holds on to the frame. The price and the size may
   * stand in different texts (a parsed level's own strings).
   */
  setIn(pxText: string, pxStart: number, pxEnd: number, szText: string, szStart: number, szEnd: number, px: number, sz: number, sp: number): -1 | 0 | 1 {
    if (px !== px) return 0; // NaN: unorderable
    const i = this.locate(px, sp === 0 ? ownSlice(pxText, pxStart, pxEnd) : '', sp);
    if (sz === 0) return this.drop(i);
    if (i >= 0) {
      this.resize(i, px, sz, ownSlice(szText, szStart, szEnd));
      return 0;
    }
    this.insertAt(this.located, ownSlice(pxText, pxStart, pxEnd), ownSlice(szText, szStart, szEnd), px, sz, sp);
    return 1;
  }

  private apply(pxStr: string, szStr: string, px: number, sz: number, sp: number): -1 | 0 | 1 {
    if (px !== px) return 0; // NaN: unorderable
    const i = this.locate(px, pxStr, sp);
    if (sz === 0) return this.drop(i);
    if (i >= 0) {
      this.resize(i, px, sz, szStr);
      return 0;
    }
    this.insertAt(this.located, pxStr, szStr, px, sz, sp);
    return 1;
  }

  /** Insertion index of the last `locate` (where an absent level would go). */
  private located = 0;

  /** Index of the live level `pxStr` (read only when `sp` is 0), or -1; `located` = its insertion index. */
  private locate(px: number, pxStr: string, sp: number): number {
    if (++this.sinceExact > EXACT_EVERY) this.exactTotal();
    const p = this.insertionIndex(px);
    this.located = p;
    return this.find(p, px, pxStr, sp);
  }

  /** Delete the level at index `i` (-1: absent, nothing to do). */
  private drop(i: number): -1 | 0 {
    if (i < 0) return 0;
    this.kill(i);
    return -1;
  }

  /** The level at index `i` (price `px`) now has size `sz`, spelled `szStr`. */
  private resize(i: number, px: number, sz: number, szStr: string): void {
    const slot = this.ids[i]!;
    const l = this.pool[slot]!;
    l.sz = sz;
    l.szStr = szStr;
    this.gens[slot]!++;
    this.tot += px * sz - px * this.szs[i]!;
    this.szs[i] = sz;
    this.blkDirty[i >> SUM_BITS] = 1;
  }

  /** Level `rank` away from the touch (0 = best), or undefined past the end. */
  at(rank: number): Level | undefined {
    const i = this.rankIndex(rank);
    return i < 0 ? undefined : this.pool[this.ids[i]!];
  }

  /**
   * Slots of the best `n` live levels, best first, into `slots` and their generations into
   * `gens` (both of length ≥ n); returns how many were written (fewer on a shorter side), and
   * leaves the array index of the last one in `lastTopIdx`. One walk from the touch, tombstones
   * skipped: a reader of the top levels in rank order (the Kraken CRC) without a call per rank.
   */
  topSlots(n: number, slots: Int32Array, gens: Int32Array): number {
    const ids = this.ids;
    const g = this.gens;
    const lo = this.lo;
    let k = 0;
    let last = -1;
    for (let i = this.hi - 1; k < n && i >= lo; i--) {
      const slot = ids[i]!;
      if (slot < 0) continue;
      slots[k] = slot;
      gens[k++] = g[slot]!;
      last = i;
    }
    this.lastTopIdx = last;
    return k;
  }

  /** Out-value of `topSlots`. */
  lastTopIdx = -1;

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
}
