import type { L2Book } from '../../core/book/l2-book';
import type { BookSide } from '../../core/book/book-side';

/**
 * OKX legacy order-book checksum (venues.md §8.1): the best 25 bids and 25 asks interleaved as
 * `bidPx:bidSz:askPx:askSz:…` (the longer side continues alone), the venue's RAW strings, CRC-32
 * (IEEE, poly 0xEDB88320) of the bytes, compared as a SIGNED int32. Computed straight from the
 * book's level strings: no joined string, no allocation.
 *
 * The field has been 0 on every book channel since 2026-06-23 (OKX-ANN, venues.md §4.4); the
 * adapter only verifies non-zero values (old recordings such as the 2022 captures).
 */
export const CHECKSUM_DEPTH = 25;
const COLON = 0x3a;

const TABLE = ((): Int32Array => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** One byte into CRC state `c`. */
export const crcByte = (c: number, b: number): number => TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
const byte = crcByte;

/** Feed a string's UTF-8 bytes into CRC state `c`; ASCII (every price and size) stays on the fast loop. */
export function feed(c: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u >= 0x80) return feedUtf8(c, s, i);
    c = TABLE[(c ^ u) & 0xff]! ^ (c >>> 8);
  }
  return c;
}

/** UTF-8 bytes of `s` from `from` on (never taken by venue number strings). */
function feedUtf8(c: number, s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    let u = s.charCodeAt(i);
    if (u < 0x80) {
      c = byte(c, u);
      continue;
    }
    if (u >= 0xd800 && u < 0xdc00 && i + 1 < s.length) u = 0x10000 + ((u - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
    if (u < 0x800) c = byte(byte(c, 0xc0 | (u >> 6)), 0x80 | (u & 63));
    else if (u < 0x10000) c = byte(byte(byte(c, 0xe0 | (u >> 12)), 0x80 | ((u >> 6) & 63)), 0x80 | (u & 63));
    else c = byte(byte(byte(byte(c, 0xf0 | (u >> 18)), 0x80 | ((u >> 12) & 63)), 0x80 | ((u >> 6) & 63)), 0x80 | (u & 63));
  }
  return c;
}

/** UTF-8 length of a string (ASCII: its length). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    n += u < 0x80 ? 1 : u < 0x800 ? 2 : u >= 0xd800 && u < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
}

/**
 * CRC state after `len` zero bytes from state `c`: the linear part of a CRC step, so that
 * crc(state, A‖B) = zeros(crc(state, A), |B|) ^ crc(0, B). Tables for lengths < ZERO_LENS (every
 * `px:sz` token) are built lazily into one flat array (4 KiB per length).
 */
const ZERO_LENS = 64;
const ZEROS = new Int32Array(ZERO_LENS * 1024);
const zerosBuilt = new Uint8Array(ZERO_LENS);

export function zeros(c: number, len: number): number {
  if (len >= ZERO_LENS) {
    for (let i = 0; i < len; i++) c = TABLE[c & 0xff]! ^ (c >>> 8);
    return c;
  }
  if (zerosBuilt[len] === 0) buildZeros(len);
  const o = len << 10;
  return ZEROS[o + (c & 0xff)]! ^ ZEROS[o + 256 + ((c >>> 8) & 0xff)]! ^ ZEROS[o + 512 + ((c >>> 16) & 0xff)]! ^ ZEROS[o + 768 + (c >>> 24)]!;
}

function buildZeros(len: number): void {
  for (let k = 0; k < 4; k++) {
    for (let v = 0; v < 256; v++) {
      let x = v << (8 * k);
      for (let i = 0; i < len; i++) x = TABLE[x & 0xff]! ^ (x >>> 8);
      ZEROS[(len << 10) + 256 * k + v] = x;
    }
  }
  zerosBuilt[len] = 1;
}

/** CRC-32 of a whole string as a signed int32 (tests and vectors). */
export function crc32Signed(s: string): number {
  return ~feed(-1, s) | 0;
}

/** The OKX checksum of the book as it stands now. */
export function okxBookChecksum(book: L2Book): number {
  const bids = book.bids;
  const asks = book.asks;
  let c = -1;
  let first = true;
  for (let i = 0; i < CHECKSUM_DEPTH; i++) {
    if (i < bids.depth) {
      c = level(c, bids, i, first);
      first = false;
    }
    if (i < asks.depth) {
      c = level(c, asks, i, first);
      first = false;
    }
  }
  return ~c | 0;
}

function level(c: number, side: BookSide, rank: number, first: boolean): number {
  const l = side.at(rank);
  if (l === undefined) return c;
  if (!first) c = byte(c, COLON);
  return feed(byte(feed(c, l.pxStr), COLON), l.szStr);
}

/** The same checksum over level lists (best first), for the published vectors. */
export function okxLevelsChecksum(bids: readonly (readonly string[])[], asks: readonly (readonly string[])[]): number {
  let s = '';
  for (let i = 0; i < CHECKSUM_DEPTH; i++) {
    const b = bids[i];
    const a = asks[i];
    if (b !== undefined) s += (s === '' ? '' : ':') + b[0] + ':' + b[1];
    if (a !== undefined) s += (s === '' ? '' : ':') + a[0] + ':' + a[1];
  }
  return crc32Signed(s);
}
