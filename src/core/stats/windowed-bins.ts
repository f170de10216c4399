import { TimeRing } from './time-ring';

/** Bins per block: counts live in blocks allocated on first use, and a quantile query skips
 * whole blocks by their totals. */
const BLOCK_BITS = 6;
const BLOCK = 1 << BLOCK_BITS;

/**
 * Counts per bin over the last `windowUs` of event time (window `(nowUs − windowUs, nowUs]`):
 * each observation is remembered as (tUs, bin) in a ring, counted on add and uncounted on evict.
 *
 * Storage is sparse by blocks of 64 bins, allocated when a block first gets a count: a fine
 * quantile histogram has thousands of bins of which a stream uses a few octaves, and allocating
 * (zeroing) them all cost more than a stream's first seconds of messages.
 *
 * Optionally a second, independent, dense set of `nBins2` bins is counted from the same ring
 * (`add2`): one observation, two histograms (fine quantile bins and coarse display bins), one
 * ring push and one eviction walk. `counts2` is a Float64Array so it can be copied to shared
 * memory as is.
 */
export class WindowedBins {
  /** Second histogram (empty unless nBins2 > 0). */
  readonly counts2: Float64Array;
  private readonly blocks: (Int32Array | undefined)[];
  /** Total count per block. */
  private readonly blockTotals: Int32Array;
  private readonly ring: TimeRing;
  private n = 0;
  /** Time of the ring's head row (+Infinity when empty), mirrored here so that most evict calls
   * are one comparison. */
  private headTUs = Infinity;

  constructor(
    readonly nBins: number,
    readonly windowUs: number,
    initialCapacity = 64,
    nBins2 = 0,
  ) {
    this.counts2 = new Float64Array(nBins2);
    const nBlocks = (nBins + BLOCK - 1) >> BLOCK_BITS;
    this.blocks = new Array<Int32Array | undefined>(nBlocks).fill(undefined);
    this.blockTotals = new Int32Array(nBlocks);
    this.ring = new TimeRing(nBins2 > 0 ? 2 : 1, initialCapacity);
  }

  get total(): number {
    return this.n;
  }

  /** Dense copy of the counts per bin (for tests and cold paths). */
  get counts(): Float64Array {
    const out = new Float64Array(this.nBins);
    for (let k = 0; k < this.blocks.length; k++) {
      const b = this.blocks[k];
      if (b !== undefined) for (let i = 0; i < BLOCK && (k << BLOCK_BITS) + i < this.nBins; i++) out[(k << BLOCK_BITS) + i] = b[i]!;
    }
    return out;
  }

  clear(): void {
    this.ring.clear();
    this.headTUs = Infinity;
    for (const b of this.blocks) b?.fill(0);
    this.blockTotals.fill(0);
    this.counts2.fill(0);
    this.n = 0;
  }

  add(tUs: number, bin: number): void {
    this.evict(tUs);
    if (this.ring.size === 0) this.headTUs = tUs;
    const o = this.ring.push(tUs);
    this.ring.setV(o, bin);
    if (this.counts2.length > 0) this.ring.setV(o + 1, -1);
    this.count(bin, 1);
  }

  /** Count `bin` in the first histogram and `bin2` in the second (−1: none). */
  add2(tUs: number, bin: number, bin2: number): void {
    this.evict(tUs);
    if (this.ring.size === 0) this.headTUs = tUs;
    const o = this.ring.push(tUs);
    this.ring.setV(o, bin);
    this.ring.setV(o + 1, bin2);
    this.count(bin, 1);
    if (bin2 >= 0) this.counts2[bin2]!++;
  }

  evict(nowUs: number): void {
    const limit = nowUs - this.windowUs;
    if (!(this.headTUs <= limit)) return; // fast path: the head row is still inside
    const r = this.ring;
    const two = this.counts2.length > 0;
    while (r.size > 0 && r.headT() <= limit) {
      this.count(r.headV(), -1);
      if (two) {
        const b2 = r.headV(1);
        if (b2 >= 0) this.counts2[b2]!--;
      }
      r.shift();
    }
    this.headTUs = r.size === 0 ? Infinity : r.headT();
  }

  /**
   * Bin holding the lower nearest-rank q-quantile: the element of rank max(1, ⌈q·n⌉) in
   * ascending order. −1 when empty. Walks block totals, then one block, from the nearer end.
   */
  quantileBin(q: number): number {
    const n = this.n;
    if (n === 0) return -1;
    const rank = Math.max(1, Math.ceil(q * n));
    const bt = this.blockTotals;
    if (rank <= n / 2) {
      let cum = 0;
      for (let k = 0; k < bt.length; k++) {
        if (cum + bt[k]! < rank) {
          cum += bt[k]!;
          continue;
        }
        const b = this.blocks[k]!;
        for (let i = 0; i < BLOCK; i++) {
          cum += b[i]!;
          if (cum >= rank) return (k << BLOCK_BITS) + i;
        }
      }
    } else {
      // rank from the top: the element of ascending rank r is the (n − r + 1)-th from the top
      const top = n - rank + 1;
      let cum = 0;
      for (let k = bt.length - 1; k >= 0; k--) {
        if (cum + bt[k]! < top) {
          cum += bt[k]!;
          continue;
        }
        const b = this.blocks[k]!;
        for (let i = BLOCK - 1; i >= 0; i--) {
          cum += b[i]!;
          if (cum >= top) return (k << BLOCK_BITS) + i;
        }
      }
    }
    return this.nBins - 1; // unreachable while counts sum to n
  }

  private count(bin: number, by: 1 | -1): void {
    const k = bin >> BLOCK_BITS;
    let b = this.blocks[k];
    if (b === undefined) this.blocks[k] = b = new Int32Array(BLOCK);
    b[bin & (BLOCK - 1)]! += by;
    this.blockTotals[k]! += by;
    this.n += by;
  }
}
