import type { BookSide } from '../../core/book/book-side';
import type { L2Book } from '../../core/book/l2-book';

/**
 * Kraken book CRC32 (venues.md §8.2; v1 and v2 identical): top 10 asks low→high, then top 10
 * bids high→low; per level the wire price text then the wire qty text, each with the '.'
 * removed and leading zeros stripped; IEEE CRC-32 of the ASCII, compared UNSIGNED.
 *
 * Computed straight from the book's venue strings into the CRC state: no string is built and
 * nothing is allocated per level (the check string of §8.2 vector A is only for tests).
 */
const TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c >>> 0;
}

/** Levels per side that the checksum covers, whatever the subscribed depth (venues.md §6.2). */
export const CHECKSUM_LEVELS = 10;

/** Feed one wire number, '.' removed and leading zeros stripped, into CRC state `c`.
 * NaN when the text is in exponent form (the caller then feeds its plain expansion). */
function feed(c: number, s: string): number {
  let lead = true;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 46) continue; // '.'
    if (ch === 101 || ch === 69) return NaN; // 'e' / 'E'
    if (lead) {
      if (ch === 48) continue; // leading '0'
      lead = false;
    }
    c = TABLE[(c ^ ch) & 0xff]! ^ (c >>> 8);
  }
  return c;
}

/**
 * `5.1e-05` → `0.000051`, `0E-8` → `0`. ⚠ UNVERIFIED (venues.md §8.4, §11.5): Kraken's SDK says
 * trade qty can arrive in scientific notation; whether BOOK levels can, and which text Kraken's
 * server hashes then (probably the pair's fixed qty_precision, which we do not know here), is not
 * documented. We hash the plain decimal expansion; a mismatch would surface as a checksum gap.
 */
export function plainDecimal(s: string): string {
  const e = s.search(/[eE]/);
  if (e < 0) return s;
  const neg = s.startsWith('-');
  const mant = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  if (!Number.isInteger(exp) || Math.abs(exp) > 400) return s;
  const dot = mant.indexOf('.');
  const digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  let point = (dot < 0 ? mant.length : dot) + exp; // position of the decimal point in `digits`
  let d = digits;
  if (point <= 0) {
    d = '0'.repeat(1 - point) + d;
    point = 1;
  } else if (point > d.length) d = d + '0'.repeat(point - d.length);
  const out = point === d.length ? d : `${d.slice(0, point)}.${d.slice(point)}`;
  return neg ? `-${out}` : out;
}

function feedValue(c: number, s: string): number {
  const r = feed(c, s);
  return r === r ? r : feed(c, plainDecimal(s));
}

/** CRC of the book's top 10 asks then top 10 bids, unsigned. */
export function bookChecksum(book: L2Book): number {
  let c = 0xffffffff;
  const asks = book.asks;
  const na = Math.min(CHECKSUM_LEVELS, asks.depth);
  for (let r = 0; r < na; r++) {
    const l = asks.at(r)!;
    c = feedValue(feedValue(c, l.pxStr), l.szStr);
  }
  const bids = book.bids;
  const nb = Math.min(CHECKSUM_LEVELS, bids.depth);
  for (let r = 0; r < nb; r++) {
    const l = bids.at(r)!;
    c = feedValue(feedValue(c, l.pxStr), l.szStr);
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** Same algorithm over level lists (best first), for vectors and independent checks. */
export function levelsChecksum(asks: readonly (readonly [string, string])[], bids: readonly (readonly [string, string])[]): number {
  let c = 0xffffffff;
  for (const side of [asks, bids]) {
    for (let r = 0; r < Math.min(CHECKSUM_LEVELS, side.length); r++) c = feedValue(feedValue(c, side[r]![0]), side[r]![1]);
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** Plain CRC-32 of an ASCII string (§8.4 reference), for the documented check strings. */
export function crc32Ascii(s: string): number {
  let c = 0xffffffff;
  for (let i = 0; i < s.length; i++) c = TABLE[(c ^ s.charCodeAt(i)) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * CRC-32 is linear over GF(2): feeding bytes `d` (length L) from register `c` gives
 * Z_L(c) ⊕ feed(0, d), where Z_L = "feed L zero bytes" is itself linear in c. So a level's
 * contribution feed(0, d) and length L can be kept while its strings stay the same, and the book
 * CRC folds 20 such pairs: c = Z_L(c) ⊕ D per level, with Z_L applied through four 256-entry
 * tables (built once per length, lazily). Same CRC as `bookChecksum`, bit for bit (tested).
 */
const MAX_TABLED_LEN = 64;
const zeroOps: (Uint32Array | undefined)[] = [];

function zeroOp(len: number): Uint32Array {
  const have = zeroOps[len];
  if (have !== undefined) return have;
  const basis = new Uint32Array(32);
  for (let i = 0; i < 32; i++) {
    let c = (1 << i) >>> 0;
    for (let k = 0; k < len; k++) c = TABLE[c & 0xff]! ^ (c >>> 8);
    basis[i] = c >>> 0;
  }
  const t = new Uint32Array(1024);
  for (let k = 0; k < 4; k++) {
    for (let b = 1; b < 256; b++) t[k * 256 + b] = t[k * 256 + (b & (b - 1))]! ^ basis[8 * k + 31 - Math.clz32(b & -b)]!;
  }
  zeroOps[len] = t;
  return t;
}

/** Wire bytes fed by the last `feedCounting` call. */
let fedLen = 0;

/** `feed`, adding the bytes fed to `fedLen` (NaN on exponent form, as `feed`). Two loops:
 * the leading zeros and dots, then the rest with only the dot to skip (this runs per new level). */
function feedCounting(c: number, s: string): number {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const ch = s.charCodeAt(i);
    if (ch !== 48 && ch !== 46) break; // leading '0' (before or after the dot) and '.'
  }
  let fed = 0;
  for (; i < n; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 46) continue;
    if (ch === 101 || ch === 69) return NaN; // 'e' / 'E'
    c = TABLE[(c ^ ch) & 0xff]! ^ (c >>> 8);
    fed++;
  }
  fedLen += fed;
  return c;
}

/** Register of the CRC state before any byte (the CRC's initial value), as an int32. */
const CRC_INIT = 0xffffffff | 0;

/** `c` advanced over a level whose cached contribution is `d` and wire length `n` (linearity). */
function foldCached(c: number, d: number, n: number): number {
  if (n === 0) return c;
  const t = zeroOp(n);
  return t[c & 0xff]! ^ t[256 + ((c >>> 8) & 0xff)]! ^ t[512 + ((c >>> 16) & 0xff)]! ^ t[768 + (c >>> 24)]! ^ d;
}

/** `c` advanced over `n` zero bytes (Z_n; 64-byte steps, then the rest). */
function zeroShift(c: number, n: number): number {
  for (; n > 0; n -= MAX_TABLED_LEN) {
    const t = zeroOp(n < MAX_TABLED_LEN ? n : MAX_TABLED_LEN);
    c = t[c & 0xff]! ^ t[256 + ((c >>> 8) & 0xff)]! ^ t[512 + ((c >>> 16) & 0xff)]! ^ t[768 + (c >>> 24)]!;
  }
  return c;
}

/**
 * Per stream: the book CRC, kept incrementally.
 *
 * Each book level's contribution (its wire bytes hashed from register 0, and their count) is
 * cached per book level slot, tagged with the slot's generation (BookSide `gens`: equal (slot,
 * generation) means equal strings), so a level's strings are hashed once per version wherever
 * its rank moves. Per side the last computation is mirrored by rank (slot, generation, the
 * register after the level, bytes so far): the top 10 are read in one walk (BookSide.topSlots),
 * the ranks equal to the mirror's from the touch on keep their registers, and from the first
 * difference the remaining ranks are folded from their cached contributions (c = Z_L(c) ⊕ D).
 *
 * The bids are chained from register 0, apart from the asks: by linearity the book's register is
 * Z_Lb(asks register) ⊕ (bids register from 0), Lb = the bids' byte count. So a change on one
 * side re-folds that side only (chaining the bids after the asks re-folded all ten bids after
 * every ask change: two thirds of the folds on the 2021 capture).
 * Same CRC as `bookChecksum`, bit for bit (tested).
 */
export class IncrementalBookCrc {
  private readonly asksMirror = new SideMirror(CRC_INIT);
  private readonly bidsMirror = new SideMirror(0);

  /**
   * CRC of the book's top 10 asks then top 10 bids, unsigned (= `bookChecksum(book)`).
   *
   * `asks` / `bids` false: the caller vouches that the side's top 10 is as it was at the last
   * computation (no change at or inside its 10th level since: KrakenBookSync tests each change
   * against `edgePx`), so its register is reused without reading the book — most messages change
   * one side.
   */
  compute(book: L2Book, asks = true, bids = true): number {
    const a = this.asksMirror;
    const b = this.bidsMirror;
    const ca = asks || !a.holds(book.asks) ? a.fold(book.asks) : a.register();
    const cb = bids || !b.holds(book.bids) ? b.fold(book.bids) : b.register();
    if (ca !== ca || cb !== cb) {
      // an exponent number that has no plain form: hashed as bookChecksum does, mirrors dropped
      a.forget();
      b.forget();
      return bookChecksum(book);
    }
    return ((zeroShift(ca, b.bytes()) ^ cb) ^ 0xffffffff) >>> 0;
  }

  /** Price of the 10th best level in the last computation (±Infinity when the side held fewer). */
  edgePx(isBid: boolean): number {
    return isBid ? this.bidsMirror.edgePx(-Infinity) : this.asksMirror.edgePx(Infinity);
  }
}

/** One side of IncrementalBookCrc: the per-slot contribution cache and the by-rank mirror. */
class SideMirror {
  /** Per book slot s, at 3s, 3s+1, 3s+2 (one cache line for all three, read together):
   * generation + 1 the cached contribution is for (0: none), the contribution, its bytes. */
  private cache = new Int32Array(64 * 3);
  /** Per rank of the last fold: slot, generation, register after the level, bytes up to it. */
  private rSlot = new Int32Array(CHECKSUM_LEVELS);
  private rGen = new Int32Array(CHECKSUM_LEVELS);
  private readonly rReg = new Int32Array(CHECKSUM_LEVELS);
  private readonly rCum = new Int32Array(CHECKSUM_LEVELS);
  /** The side's top slots and generations now (swapped with rSlot/rGen once folded). */
  private curSlot = new Int32Array(CHECKSUM_LEVELS);
  private curGen = new Int32Array(CHECKSUM_LEVELS);
  /** Ranks in the mirror, and the price of its last one. */
  private n = 0;
  private lastPx = NaN;
  /** The side the caches describe (another side object: nothing to reuse). */
  private side: BookSide | undefined;

  /** @param init the register the side starts from (CRC_INIT for the asks, 0 for the bids). */
  constructor(private readonly init: number) {}

  forget(): void {
    this.side = undefined;
    this.n = 0;
  }

  /** The caches describe `bs`. */
  holds(bs: BookSide): boolean {
    return this.side === bs;
  }

  /** Register after the ranks last folded. */
  register(): number {
    return this.n === 0 ? this.init : this.rReg[this.n - 1]!;
  }

  /** Byte count of the ranks last folded. */
  bytes(): number {
    return this.n === 0 ? 0 : this.rCum[this.n - 1]!;
  }

  edgePx(none: number): number {
    return this.n < CHECKSUM_LEVELS ? none : this.lastPx;
  }

  /** Register after the side's top 10 levels; NaN if a level has an exponent without a plain
   * form (the caller then hashes the book directly). */
  fold(bs: BookSide): number {
    if (this.side !== bs) {
      this.side = bs;
      this.n = 0;
      this.cache.fill(0);
    }
    const cur = this.curSlot;
    const curGen = this.curGen;
    const n = bs.topSlots(CHECKSUM_LEVELS, cur, curGen);
    const oldN = this.n;
    const rSlot = this.rSlot;
    const rGen = this.rGen;
    const rReg = this.rReg;
    const rCum = this.rCum;
    // the unchanged prefix: the same level at the same rank, so the same register after it
    let r = 0;
    while (r < n && r < oldN && cur[r] === rSlot[r] && curGen[r] === rGen[r]) r++;
    let c = r > 0 ? rReg[r - 1]! : this.init;
    let cum = r > 0 ? rCum[r - 1]! : 0;
    for (; r < n; r++) {
      const sl = cur[r]!;
      const g = curGen[r]!;
      const at = sl * 3;
      if (at >= this.cache.length) this.grow(sl);
      const cache = this.cache;
      let m: number;
      if (cache[at] === g + 1) {
        m = cache[at + 2]!;
        c = foldCached(c, cache[at + 1]!, m) | 0;
      } else {
        const l = bs.levelOfSlot(sl);
        fedLen = 0;
        let d = feedCounting(feedCounting(0, l.pxStr), l.szStr);
        if (d !== d) {
          fedLen = 0;
          d = feedCounting(feedCounting(0, plainDecimal(l.pxStr)), plainDecimal(l.szStr));
          if (d !== d) {
            this.forget();
            return NaN;
          }
        }
        m = fedLen;
        if (m > MAX_TABLED_LEN) {
          cache[at] = 0; // not cached: hashed directly (its byte count still shifts the asks)
          c = feedValue(feedValue(c, l.pxStr), l.szStr) | 0;
        } else {
          cache[at] = g + 1;
          cache[at + 1] = d;
          cache[at + 2] = m;
          c = foldCached(c, d, m) | 0;
        }
      }
      rReg[r] = c;
      rCum[r] = cum += m;
    }
    // the book's top is now the mirror (buffers swapped: ranks below the first change are equal)
    this.rSlot = cur;
    this.rGen = curGen;
    this.curSlot = rSlot;
    this.curGen = rGen;
    this.n = n;
    this.lastPx = n > 0 ? bs.pxAtIndex(bs.lastTopIdx) : NaN;
    return c;
  }

  private grow(slot: number): void {
    let cap = this.cache.length * 2;
    while (cap < slot * 3 + 3) cap *= 2;
    const cache = new Int32Array(cap);
    cache.set(this.cache);
    this.cache = cache;
  }
}
