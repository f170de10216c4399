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
