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

/** One snapshot of the top-10 levels' strings with their contributions (asks 0..9, bids 10..19). */
class CrcMirror {
  readonly px: string[] = new Array<string>(2 * CHECKSUM_LEVELS).fill('');
  readonly sz: string[] = new Array<string>(2 * CHECKSUM_LEVELS).fill('');
  readonly contrib = new Int32Array(2 * CHECKSUM_LEVELS);
  readonly len = new Int32Array(2 * CHECKSUM_LEVELS);
  /** 1 where px/sz/contrib/len describe a hashed level. */
  readonly ok = new Uint8Array(2 * CHECKSUM_LEVELS);
  /** Levels per side held (ranks beyond are stale). */
  na = 0;
  nb = 0;
}

/**
 * Per stream: the book CRC from cached level contributions. A level's contribution is looked up
 * in the previous computation at the same rank or one rank off (an insert or delete above it
 * shifts it by one), and hashed from its strings only when not found.
 */
export class IncrementalBookCrc {
  private cur = new CrcMirror();
  private prev = new CrcMirror();

  /** CRC of the book's top 10 asks then top 10 bids, unsigned (= `bookChecksum(book)`). */
  compute(book: L2Book): number {
    const t = this.prev;
    this.prev = this.cur;
    this.cur = t;
    let c = 0xffffffff | 0;
    const asks = book.asks;
    const na = Math.min(CHECKSUM_LEVELS, asks.depth);
    for (let r = 0; r < na; r++) c = this.level(c, 0, r, this.prev.na, asks.at(r)!);
    const bids = book.bids;
    const nb = Math.min(CHECKSUM_LEVELS, bids.depth);
    for (let r = 0; r < nb; r++) c = this.level(c, CHECKSUM_LEVELS, r, this.prev.nb, bids.at(r)!);
    this.cur.na = na;
    this.cur.nb = nb;
    return (c ^ 0xffffffff) >>> 0;
  }

  private level(c: number, base: number, r: number, prevN: number, l: { readonly pxStr: string; readonly szStr: string }): number {
    const m = this.cur;
    const slot = base + r;
    const p = this.prev;
    const j = r < prevN && p.ok[slot] === 1 && p.px[slot] === l.pxStr && p.sz[slot] === l.szStr ? slot
      : r + 1 < prevN && p.ok[slot + 1] === 1 && p.px[slot + 1] === l.pxStr && p.sz[slot + 1] === l.szStr ? slot + 1
      : r > 0 && r - 1 < prevN && p.ok[slot - 1] === 1 && p.px[slot - 1] === l.pxStr && p.sz[slot - 1] === l.szStr ? slot - 1
      : -1;
    if (j >= 0) {
      m.contrib[slot] = p.contrib[j]!;
      m.len[slot] = p.len[j]!;
    } else {
      fedLen = 0;
      let d = feedCounting(feedCounting(0, l.pxStr), l.szStr);
      if (d !== d) {
        fedLen = 0;
        d = feedCounting(feedCounting(0, plainDecimal(l.pxStr)), plainDecimal(l.szStr));
      }
      if (d !== d || fedLen > MAX_TABLED_LEN) {
        m.ok[slot] = 0; // not cached: hashed directly
        return feedValue(feedValue(c, l.pxStr), l.szStr);
      }
      m.contrib[slot] = d;
      m.len[slot] = fedLen;
    }
    m.ok[slot] = 1;
    m.px[slot] = l.pxStr;
    m.sz[slot] = l.szStr;
    const n = m.len[slot]!;
    if (n === 0) return c;
    const t = zeroOp(n);
    return t[c & 0xff]! ^ t[256 + ((c >>> 8) & 0xff)]! ^ t[512 + ((c >>> 16) & 0xff)]! ^ t[768 + (c >>> 24)]! ^ m.contrib[slot]!;
  }
}
