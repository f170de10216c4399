/**
 * The storage of a `BookSide` and the search over it (see book-side.ts for the whole picture).
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
 * Class chain (one concrete class, so every access site sees one shape): `SideStore` (fields,
 * search) → `SideSums` (notional/size sums) → `SideSlots` (writes: insert, delete, move, growth)
 * → `BookSide` (the public API).
 */
export interface Level {
  px: number;
  sz: number;
  pxStr: string;
  szStr: string;
}

const INITIAL_CAPACITY = 256;

export class SideStore {
  /** Level objects by slot; `ids` holds slots in price order (-1 = tombstone). */
  protected readonly pool: Level[] = [];
  protected readonly freeSlots: number[] = [];
  protected pxs = new Float64Array(INITIAL_CAPACITY);
  protected szs = new Float64Array(INITIAL_CAPACITY);
  protected ids = new Int32Array(INITIAL_CAPACITY);
  /**
   * Per level slot (index into `pool`, not into the sorted arrays): bumped whenever the slot's
   * strings change (an update, or the slot reused for a new level). Equal (slot, generation)
   * at two times = the same pxStr and szStr, which lets a reader (the Kraken CRC mirror) tell
   * an unchanged level from a changed one without reading the level object or its strings.
   */
  protected gens = new Int32Array(INITIAL_CAPACITY);
  /** `spelling` of each slot's price string (see decimal.ts): equal price + equal non-zero code = same string. */
  protected sps = new Uint16Array(INITIAL_CAPACITY);
  /** Occupied window [lo, hi) of the arrays; ids[lo] and ids[hi - 1] are live (or lo === hi). */
  protected lo = INITIAL_CAPACITY >> 1;
  protected hi = INITIAL_CAPACITY >> 1;
  /** Live levels, and tombstones inside [lo, hi). */
  protected n = 0;
  protected dead = 0;
  /** Bumped by every change of the slot layout (invalidates the `at()` cursor). */
  protected ver = 0;

  /** @param isBid bids are best-when-highest, asks best-when-lowest. */
  constructor(readonly isBid: boolean) {}

  /**
   * Index of the live level `pxStr` (numeric value `px`, spelling `sp`), given
   * `p = insertionIndex(px)`; -1 if absent.
   */
  protected find(p: number, px: number, pxStr: string, sp: number): number {
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

  /** First index whose slot is strictly better than `px` in worst→best order (tombstones included). */
  protected insertionIndex(px: number): number {
    const a = this.pxs;
    let lo = this.lo;
    let hi = this.hi;
    // Most updates land near the touch (the end): check the last slot before searching, and the
    // first (snapshots arrive best-first, so each level lands below the worst so far). Else
    // gallop from the previous answer (`finger`: a message's levels come sorted, so the next
    // one is usually close) to a bracket, then bisect it; the answer is the same from any finger.
    const f = this.finger;
    if (this.isBid) {
      // ascending prices: find first index with a[i] > px
      if (hi === lo || a[hi - 1]! <= px) return hi;
      if (a[lo]! > px) return lo; // below the worst: a snapshot's next level (they come best-first)
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
      if (a[lo]! < px) return lo; // above the worst: a snapshot's next level
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
