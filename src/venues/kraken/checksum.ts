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

/** `feed`, counting the bytes fed into `fedLen` (NaN on exponent form, as `feed`). */
function feedCounting(c: number, s: string): number {
  let lead = true;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 46) continue;
    if (ch === 101 || ch === 69) return NaN;
    if (lead) {
      if (ch === 48) continue;
      lead = false;
    }
    c = TABLE[(c ^ ch) & 0xff]! ^ (c >>> 8);
    fedLen++;
  }
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
 * Per stream: the book CRC from a mirror of the last computation — per level slot (asks 0..9,
 * bids 10..19) which book level it was (the side's level slot and that slot's generation: equal
 * pairs mean equal strings, BookSide `gens`), its contribution and the CRC register after it.
 * Levels equal to the mirror's at the same rank from the touch on (the common case: a change at
 * rank k leaves ranks 0..k-1 as they were) reuse the register after them, so nothing before the
 * first change is folded again; from there on a level's contribution is reused from the mirror
 * at the same rank or one rank off (an insert or delete above it shifts it by one) and hashed
 * from its strings only when not found. No level object or string is read except to hash.
 *
 * The bids are chained from register 0, apart from the asks: by linearity the book's register is
 * Z_Lb(asks register) ⊕ (bids register from 0), Lb = the bids' byte count. So a change on one
 * side re-folds that side only (chaining the bids after the asks re-folded all ten bids after
 * every ask change: two thirds of the folds on the 2021 capture).
 * Same CRC as `bookChecksum`, bit for bit (tested).
 */
export class IncrementalBookCrc {
  /** Book level slot and generation of the level in the mirror slot. */
  private readonly slot = new Int32Array(2 * CHECKSUM_LEVELS).fill(-1);
  private readonly gen = new Int32Array(2 * CHECKSUM_LEVELS);
  /** Numeric price of the level in the slot (the book's `px`). */
  private readonly pxNum = new Float64Array(2 * CHECKSUM_LEVELS);
  private readonly contrib = new Int32Array(2 * CHECKSUM_LEVELS);
  private readonly len = new Int32Array(2 * CHECKSUM_LEVELS);
  /** 1 where contrib/len hold the level's cached contribution (0: hashed directly). */
  private readonly ok = new Uint8Array(2 * CHECKSUM_LEVELS);
  /** CRC register (int32) after the level in the slot, in the computation order. */
  private readonly reg = new Int32Array(2 * CHECKSUM_LEVELS);
  /** Levels per side in the mirror (slots beyond are stale). */
  private na = 0;
  private nb = 0;
  /** The sides the mirror was computed from (another side object: nothing to reuse). */
  private asks: BookSide | undefined;
  private bids: BookSide | undefined;
  // The mirror entry overwritten last (the old level one rank above the one being placed).
  private sSlot = -1;
  private sGen = 0;
  private sContrib = 0;
  private sLen = 0;
  private sOk = 0;

  /**
   * CRC of the book's top 10 asks then top 10 bids, unsigned (= `bookChecksum(book)`).
   *
   * Optional hint, for a caller that knows what changed since the last `compute`: asks priced
   * strictly below `askBound` and bids strictly above `bidBound` are unchanged (the same levels at
   * the same ranks), so their registers are reused without reading the book. The defaults
   * (−∞, +∞) claim nothing; NaN claims nothing either.
   */
  compute(book: L2Book, askBound = -Infinity, bidBound = Infinity): number {
    const na = Math.min(CHECKSUM_LEVELS, book.asks.depth);
    const nb = Math.min(CHECKSUM_LEVELS, book.bids.depth);
    let oldNa = this.na;
    let oldNb = this.nb;
    if (this.asks !== book.asks || this.bids !== book.bids) {
      this.asks = book.asks;
      this.bids = book.bids;
      oldNa = oldNb = 0; // slots of other sides identify nothing here
    }
    this.na = na;
    this.nb = nb;
    this.exotic = false;
    const ca = this.side(CRC_INIT, book.asks, 0, na, oldNa, askBound, false);
    const cb = this.side(0, book.bids, CHECKSUM_LEVELS, nb, oldNb, bidBound, true);
    if (this.exotic) {
      // an exponent number that has no plain form: hashed as bookChecksum does, mirror dropped
      this.asks = this.bids = undefined;
      return bookChecksum(book);
    }
    const len = this.len;
    let bidBytes = 0;
    for (let k = CHECKSUM_LEVELS; k < CHECKSUM_LEVELS + nb; k++) bidBytes += len[k]!;
    return ((zeroShift(ca, bidBytes) ^ cb) ^ 0xffffffff) >>> 0;
  }

  /** Price of the 10th best level in the last computation (±Infinity when the side held fewer). */
  edgePx(isBid: boolean): number {
    if (isBid) return this.nb < CHECKSUM_LEVELS ? -Infinity : this.pxNum[2 * CHECKSUM_LEVELS - 1]!;
    return this.na < CHECKSUM_LEVELS ? Infinity : this.pxNum[CHECKSUM_LEVELS - 1]!;
  }

  /** Out-value of `side`: a level's text had an exponent without a plain form (see compute). */
  private exotic = false;

  /** Fold one side's top `n` levels from register `c` into the mirror slots base..base+n-1
   * (`c` = the side's start register: CRC_INIT for the asks, 0 for the bids). */
  private side(c: number, bs: BookSide, base: number, n: number, oldN: number, bound: number, isBid: boolean): number {
    const slots = this.slot;
    const gens = this.gen;
    const pxNum = this.pxNum;
    let r = 0;
    // the prefix the caller vouches for (prices strictly better than `bound`), unread
    if (isBid) while (r < oldN && r < n && pxNum[base + r]! > bound) r++;
    else while (r < oldN && r < n && pxNum[base + r]! < bound) r++;
    // then the unchanged prefix proper: the same level at the same rank, so the same register after it
    for (; r < n && r < oldN; r++) {
      const sl = bs.slotAtIndex(bs.rankIndex(r));
      const k = base + r;
      if (slots[k] !== sl || gens[k] !== bs.genOf(sl)) break;
    }
    if (r > 0) c = this.reg[base + r - 1]!;
    if (r === n) return c;
    const contrib = this.contrib;
    const len = this.len;
    const ok = this.ok;
    const reg = this.reg;
    if (r > 0) {
      const k = base + r - 1;
      this.sSlot = slots[k]!;
      this.sGen = gens[k]!;
      this.sContrib = contrib[k]!;
      this.sLen = len[k]!;
      this.sOk = ok[k]!;
    }
    for (; r < n; r++) {
      const i = bs.rankIndex(r);
      const sl = bs.slotAtIndex(i);
      const g = bs.genOf(sl);
      const k = base + r;
      // candidates: the old level at this rank, one rank worse (a level above was deleted),
      // one rank better (a level above was inserted; held in the s* fields, already overwritten)
      let d = 0;
      let m = -1;
      if (r < oldN && ok[k] === 1 && slots[k] === sl && gens[k] === g) {
        d = contrib[k]!;
        m = len[k]!;
      } else if (r + 1 < oldN && ok[k + 1] === 1 && slots[k + 1] === sl && gens[k + 1] === g) {
        d = contrib[k + 1]!;
        m = len[k + 1]!;
      } else if (r > 0 && r - 1 < oldN && this.sOk === 1 && this.sSlot === sl && this.sGen === g) {
        d = this.sContrib;
        m = this.sLen;
      }
      // stash the old entry of this slot before overwriting it (the next rank may need it)
      if (r < oldN) {
        this.sSlot = slots[k]!;
        this.sGen = gens[k]!;
        this.sContrib = contrib[k]!;
        this.sLen = len[k]!;
        this.sOk = ok[k]!;
      } else this.sOk = 0;
      slots[k] = sl;
      gens[k] = g;
      pxNum[k] = bs.pxAtIndex(i);
      if (m < 0) {
        const l = bs.levelOfSlot(sl);
        const p = l.pxStr;
        const q = l.szStr;
        fedLen = 0;
        d = feedCounting(feedCounting(0, p), q);
        if (d !== d) {
          fedLen = 0;
          d = feedCounting(feedCounting(0, plainDecimal(p)), plainDecimal(q));
        }
        if (d !== d) {
          this.exotic = true;
          return c;
        }
        if (fedLen > MAX_TABLED_LEN) {
          ok[k] = 0; // not cached: hashed directly (its byte count still shifts the asks)
          len[k] = fedLen;
          c = feedValue(feedValue(c, p), q) | 0;
          reg[k] = c;
          continue;
        }
        m = fedLen;
      }
      contrib[k] = d;
      len[k] = m;
      ok[k] = 1;
      c = foldCached(c, d, m) | 0;
      reg[k] = c;
    }
    return c;
  }
}
