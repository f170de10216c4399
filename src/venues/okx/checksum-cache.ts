import type { BookSide } from '../../core/book/book-side';
import type { L2Book } from '../../core/book/l2-book';
import { CHECKSUM_DEPTH as CHECKSUM_DEPTH_IMPORT, crcByte as crcByte_IMPORT, feed as feed_IMPORT, utf8Length as utf8Length_IMPORT, zeros as zeros_IMPORT } from './checksum';
import { parseDecimal as parseDecimal_IMPORT } from '../../core/book/decimal';
import type { LevelRows } from '../common/frame-scan';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const CHECKSUM_DEPTH = CHECKSUM_DEPTH_IMPORT;
const crcByte = crcByte_IMPORT;
const feed = feed_IMPORT;
const utf8Length = utf8Length_IMPORT;
const zeros = zeros_IMPORT;
const parseDecimal = parseDecimal_IMPORT;

const COLON = 0x3a;
/** Above this many levels in one message the walk is cheaper than the patch (measured on the captures). */
const PATCH_MAX_LEVELS = 8;
/** crc0(":"): every token is hashed with its leading separator. */
const COLON_CRC0 = crcByte(0, COLON);

/** The top levels of one side as last checksummed: strings, numeric price, and each level's
 * `:px:sz` token as a raw CRC (from state 0) with its byte length. */
class SideTokens {
  n = 0;
  readonly px: string[] = new Array<string>(CHECKSUM_DEPTH).fill('');
  readonly sz: string[] = new Array<string>(CHECKSUM_DEPTH).fill('');
  readonly pxNum = new Float64Array(CHECKSUM_DEPTH);
  readonly crc = new Int32Array(CHECKSUM_DEPTH);
  readonly len = new Int32Array(CHECKSUM_DEPTH);
}

/**
 * The OKX checksum (checksum.ts, venues.md §8.1) computed incrementally. A CRC over `A‖B` equals
 * `zeros(crc(A), |B|) ^ crc0(B)`, so each level's `:px:sz` token is hashed once and kept while the
 * level's strings stay the same, and the CRC state after every token is kept too: a message that
 * changes the k-th token of the interleaved string re-chains from token k only. When the caller
 * passes the levels it just applied and the cache saw the book before them, the cached tokens are
 * patched with those levels instead of walking the book. The captures' tick-by-tick updates touch
 * ~3 levels, while the full string is ~800 bytes (3× the JSON of the message itself). Same result as
 * okxBookChecksum (differential tests on both captures and on random books). Allocation-free.
 */
export class OkxChecksumCache {
  private bids = new SideTokens();
  private asks = new SideTokens();
  private bidsNext = new SideTokens();
  private asksNext = new SideTokens();
  /** CRC state after k tokens of the last string (k = 0 … 50). */
  private readonly states = new Int32Array(2 * CHECKSUM_DEPTH + 1);
  private computed = false;
  /** The tokens describe the book as it was right before the levels now passed in. */
  private fresh = false;

  /** The book changed without a checksum() call (a commit not checked, a clear). */
  invalidate(): void {
    this.fresh = false;
  }

  /** @param bids,asks the levels just applied to a book this cache saw right before them (an
   * update); omit for snapshots or when unsure — the sides are then walked in full. */
  checksum(book: L2Book, bids?: LevelRows, asks?: LevelRows): number {
    // A message with many levels (100 ms `books` batches) re-parses more than a walk compares.
    if (bids !== undefined && asks !== undefined && bids.n + asks.n > PATCH_MAX_LEVELS) bids = asks = undefined;
    const nb0 = this.bids.n;
    const na0 = this.asks.n;
    let fb = this.fresh && bids !== undefined ? patch(this.bids, book.bids, bids) : -1;
    // A patch that gave up may have changed tokens already: the saved states no longer match them.
    let redo = fb < 0 && this.fresh && bids !== undefined;
    if (fb < 0) {
      refresh(book.bids, this.bids, this.bidsNext);
      fb = firstDiff(this.bids, this.bidsNext);
      const t = this.bids;
      this.bids = this.bidsNext;
      this.bidsNext = t;
    }
    let fa = this.fresh && asks !== undefined ? patch(this.asks, book.asks, asks) : -1;
    if (fa < 0 && this.fresh && asks !== undefined) redo = true;
    if (fa < 0) {
      refresh(book.asks, this.asks, this.asksNext);
      fa = firstDiff(this.asks, this.asksNext);
      const t = this.asks;
      this.asks = this.asksNext;
      this.asksNext = t;
    }
    this.fresh = true;
    const b = this.bids;
    const a = this.asks;
    const nb = b.n;
    const na = a.n;
    // Position of the first changed token in the interleaved order bid0, ask0, bid1, ask1, …
    let from = 0;
    if (this.computed && !redo && nb === nb0 && na === na0) {
      const pb = fb < nb ? fb + (fb < na ? fb : na) : 2 * CHECKSUM_DEPTH;
      const pa = fa < na ? fa + (fa + 1 < nb ? fa + 1 : nb) : 2 * CHECKSUM_DEPTH;
      from = pb < pa ? pb : pa;
    }
    this.computed = true;
    const states = this.states;
    states[0] = -1;
    let k = 0;
    for (let i = 0; i < CHECKSUM_DEPTH; i++) {
      if (i < nb) {
        if (k >= from) states[k + 1] = chain(states[k]!, b.crc[i]!, b.len[i]!, k);
        k++;
      }
      if (i < na) {
        if (k >= from) states[k + 1] = chain(states[k]!, a.crc[i]!, a.len[i]!, k);
        k++;
      }
    }
    return ~states[k]! | 0;
  }
}

/** One `:px:sz` token onto state `c`; the string's first token has no leading colon, and
 * crc0(px:sz) = crc0(:px:sz) ^ zeros(crc0(":"), |px:sz|). */
function chain(c: number, crc: number, len: number, k: number): number {
  if (k > 0) return zeros(c, len) ^ crc;
  return zeros(c, len - 1) ^ crc ^ zeros(COLON_CRC0, len - 1);
}

/** First rank whose token differs (by its CRC and length, all the chain depends on). */
function firstDiff(prev: SideTokens, next: SideTokens): number {
  const n = next.n < prev.n ? next.n : prev.n;
  for (let r = 0; r < n; r++) if (next.crc[r] !== prev.crc[r] || next.len[r] !== prev.len[r]) return r;
  return next.n === prev.n ? CHECKSUM_DEPTH : n;
}

/**
 * Apply the levels just set on `side` to its cached top tokens in place (the cache saw the side
 * right before them). Returns the first rank whose token changed (CHECKSUM_DEPTH = none), or -1
 * when a full walk is needed (two price strings with one numeric value, "100.0" vs "100.00").
 */
function patch(t: SideTokens, side: BookSide, levels: LevelRows): number {
  const isBid = side.isBid;
  let first = CHECKSUM_DEPTH;
  const rows = levels.rows;
  for (let i = 0; i < levels.n; i++) {
    const l = rows[i] as readonly [string, string];
    const pxStr = l[0];
    const px = parseDecimal(pxStr); // the book's own parse: ranks agree with it
    if (px !== px) continue; // unorderable: the book ignores it too
    const n = t.n;
    // Beyond a full top: untouched (most levels of a 100 ms `books` message land there).
    if (n === CHECKSUM_DEPTH && (isBid ? px < t.pxNum[n - 1]! : px > t.pxNum[n - 1]!)) continue;
    let r = 0; // first rank not strictly better than px
    while (r < n && (isBid ? t.pxNum[r]! > px : t.pxNum[r]! < px)) r++;
    const zero = l[1] === '0' || parseDecimal(l[1]) === 0;
    if (r < t.n && t.pxNum[r] === px) {
      if (t.px[r] !== pxStr) return -1;
      if (zero) remove(t, r);
      else if (t.sz[r] !== l[1]) setToken(t, r, pxStr, l[1], px);
      else continue;
    } else {
      // Deleting an absent level; or at/after the last cached rank, where the book may hold levels
      // the cache never saw (after a removal): the fill below takes those from the book.
      if (zero || r >= t.n) continue;
      insert(t, r);
      setToken(t, r, pxStr, l[1], px);
    }
    if (r < first) first = r;
  }
  // Deletions may have pulled deeper levels into the top: take them from the book.
  const want = side.depth < CHECKSUM_DEPTH ? side.depth : CHECKSUM_DEPTH;
  for (let r = t.n; r < want; r++) {
    const l = side.at(r);
    if (l === undefined) return -1;
    setToken(t, r, l.pxStr, l.szStr, l.px);
    t.n = r + 1;
    if (r < first) first = r;
  }
  return t.n === want ? first : -1;
}

function setToken(t: SideTokens, r: number, pxStr: string, szStr: string, px: number): void {
  t.crc[r] = feed(crcByte(feed(COLON_CRC0, pxStr), COLON), szStr);
  t.len[r] = utf8Length(pxStr) + utf8Length(szStr) + 2;
  t.px[r] = pxStr;
  t.sz[r] = szStr;
  t.pxNum[r] = px;
}

/** Open rank r (the last token falls off a full list). Plain loops: ≤ 25 slots, and V8's
 * generic copyWithin on the string arrays measured several times slower. */
function insert(t: SideTokens, r: number): void {
  if (t.n < CHECKSUM_DEPTH) t.n++;
  for (let i = t.n - 1; i > r; i--) {
    t.crc[i] = t.crc[i - 1]!;
    t.len[i] = t.len[i - 1]!;
    t.pxNum[i] = t.pxNum[i - 1]!;
    t.px[i] = t.px[i - 1]!;
    t.sz[i] = t.sz[i - 1]!;
  }
}

function remove(t: SideTokens, r: number): void {
  t.n--;
  for (let i = r; i < t.n; i++) {
    t.crc[i] = t.crc[i + 1]!;
    t.len[i] = t.len[i + 1]!;
    t.pxNum[i] = t.pxNum[i + 1]!;
    t.px[i] = t.px[i + 1]!;
    t.sz[i] = t.sz[i + 1]!;
  }
}

/** Match the side's current top levels against the previous ones (both sorted best first). */
function refresh(side: BookSide, prev: SideTokens, next: SideTokens): void {
  const n = side.depth < CHECKSUM_DEPTH ? side.depth : CHECKSUM_DEPTH;
  const isBid = side.isBid;
  let j = 0;
  for (let r = 0; r < n; r++) {
    const l = side.at(r);
    if (l === undefined) break;
    // cached levels strictly better than this one have left the top
    while (j < prev.n && (isBid ? prev.pxNum[j]! > l.px : prev.pxNum[j]! < l.px)) j++;
    if (j < prev.n && prev.px[j] === l.pxStr && prev.sz[j] === l.szStr) {
      next.crc[r] = prev.crc[j]!;
      next.len[r] = prev.len[j]!;
      j++;
    } else {
      if (j < prev.n && prev.px[j] === l.pxStr) j++;
      setToken(next, r, l.pxStr, l.szStr, l.px);
      continue;
    }
    next.px[r] = l.pxStr;
    next.sz[r] = l.szStr;
    next.pxNum[r] = l.px;
  }
  next.n = n;
}
