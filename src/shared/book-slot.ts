/**
 * The latest top-N book of one stream, guarded by a seqlock: the writer (engine) never waits;
 * a reader retries while a write is in progress or happened during its copy.
 *
 * Byte layout:
 *   Int32 header [lock, bidCount, askCount, crossed, depth, strWidth, slotId, 0]  32 bytes
 *   Float64 [tUs, venueSeq, bidPx×depth, bidSz×depth, askPx×depth, askSz×depth]
 *   Uint8 venue strings, ASCII, NUL-padded, strWidth bytes each, same 4 blocks in the same order.
 * Venue strings (DESIGN.md principle 7) are kept so the ladder shows exactly what the venue sent.
 * The writer encodes them with charCodeAt: no TextEncoder allocation on the hot path.
 */
import { BID, type BookSideId } from '../core/types';
import type { L2Book } from '../core/book/l2-book';

export const BOOK_DEPTH = 20;
/** Binance strings are ≤ 18 chars ("12345.67890000" style); longer ones are cut (and flagged by
 * a trailing '…' on read). */
export const BOOK_STR_WIDTH = 24;

const H_LOCK = 0;
const H_BIDN = 1;
const H_ASKN = 2;
const H_CROSSED = 3;
const H_DEPTH = 4;
const H_STRW = 5;
/** Random id of this slot, so a view never mistakes another slot's equal lock for its own. */
const H_ID = 6;
const HEADER_BYTES = 32;
const F_TUS = 0;
const F_SEQ = 1;
const F_LEVELS = 2;
const READ_ATTEMPTS = 64;

const floatCount = (depth: number): number => F_LEVELS + 4 * depth;
const stringBytes = (depth: number, strWidth: number): number => 4 * depth * strWidth;

export const bookSlotBytes = (depth = BOOK_DEPTH, strWidth = BOOK_STR_WIDTH): number =>
  HEADER_BYTES + 8 * floatCount(depth) + stringBytes(depth, strWidth);

export function initBookSlot(buf: SharedArrayBuffer | ArrayBuffer, depth = BOOK_DEPTH, strWidth = BOOK_STR_WIDTH): void {
  const hdr = new Int32Array(buf, 0, 8);
  hdr[H_DEPTH] = depth;
  hdr[H_STRW] = strWidth;
  hdr[H_ID] = (Math.random() * 0x7fffffff) | 0;
}

interface SlotViews {
  readonly hdr: Int32Array;
  readonly f: Float64Array;
  readonly s: Uint8Array;
  readonly depth: number;
  readonly strWidth: number;
}

function views(buf: SharedArrayBuffer | ArrayBuffer): SlotViews {
  const hdr = new Int32Array(buf, 0, 8);
  const depth = hdr[H_DEPTH]!;
  const strWidth = hdr[H_STRW]!;
  const fBytes = 8 * floatCount(depth);
  return {
    hdr,
    depth,
    strWidth,
    f: new Float64Array(buf, HEADER_BYTES, floatCount(depth)),
    s: new Uint8Array(buf, HEADER_BYTES + fBytes, stringBytes(depth, strWidth)),
  };
}

export class BookSlotWriter {
  readonly depth: number;
  private readonly v: SlotViews;
  private lock: number;

  constructor(buf: SharedArrayBuffer | ArrayBuffer) {
    this.v = views(buf);
    this.depth = this.v.depth;
    this.lock = Atomics.load(this.v.hdr, H_LOCK) & ~1;
  }

  /** Start a write: readers that overlap it will retry. */
  begin(): void {
    Atomics.store(this.v.hdr, H_LOCK, (this.lock + 1) | 0);
  }

  /** Level `rank` (0 = touch) of a side. Only valid between begin() and end(). */
  level(side: BookSideId, rank: number, px: number, sz: number, pxStr: string, szStr: string): void {
    const { f, depth } = this.v;
    const blk = side === BID ? 0 : 2;
    f[F_LEVELS + blk * depth + rank] = px;
    f[F_LEVELS + (blk + 1) * depth + rank] = sz;
    this.putStr(blk * depth + rank, pxStr);
    this.putStr((blk + 1) * depth + rank, szStr);
  }

  /** Finish the write and publish it. */
  end(bidCount: number, askCount: number, venueSeq: number, tUs: number, crossed: boolean): void {
    const { hdr, f } = this.v;
    hdr[H_BIDN] = bidCount;
    hdr[H_ASKN] = askCount;
    hdr[H_CROSSED] = crossed ? 1 : 0;
    f[F_TUS] = tUs;
    f[F_SEQ] = venueSeq;
    this.lock = (this.lock + 2) | 0;
    Atomics.store(hdr, H_LOCK, this.lock);
  }

  /** Publish the top `depth` levels of each side of `book`. Allocation-free. */
  writeBook(book: L2Book, venueSeq: number, tUs: number): void {
    this.begin();
    const nb = Math.min(book.bids.depth, this.depth);
    const na = Math.min(book.asks.depth, this.depth);
    for (let r = 0; r < nb; r++) {
      const l = book.bids.at(r)!;
      this.level(BID, r, l.px, l.sz, l.pxStr, l.szStr);
    }
    for (let r = 0; r < na; r++) {
      const l = book.asks.at(r)!;
      this.level(1, r, l.px, l.sz, l.pxStr, l.szStr);
    }
    this.end(nb, na, venueSeq, tUs, book.isCrossed());
  }

  /** An empty book (stream reset). */
  clear(tUs: number): void {
    this.begin();
    this.end(0, 0, NaN, tUs, false);
  }

  private putStr(index: number, str: string): void {
    const { s, strWidth } = this.v;
    const base = index * strWidth;
    const n = Math.min(str.length, strWidth);
    for (let i = 0; i < n; i++) s[base + i] = str.charCodeAt(i) & 0x7f;
    if (n < strWidth) s[base + n] = 0;
    if (str.length > strWidth) s[base + strWidth - 1] = 0x7f; // marks a cut string
  }
}

/** Caller-owned result of BookSlotReader.read (create once with createBookView, reuse). */
export interface BookView {
  /** Slot id and seqlock value of the copy this view holds (internal: an unchanged slot skips
   * the copy and the string decoding). */
  slotId: number;
  lock: number;
  bidCount: number;
  askCount: number;
  /** Venue update id after the last applied event (NaN if none). */
  venueSeq: number;
  tUs: number;
  crossed: boolean;
  readonly bidPx: Float64Array;
  readonly bidSz: Float64Array;
  readonly askPx: Float64Array;
  readonly askSz: Float64Array;
  readonly bidPxStr: string[];
  readonly bidSzStr: string[];
  readonly askPxStr: string[];
  readonly askSzStr: string[];
}

export function createBookView(depth = BOOK_DEPTH): BookView {
  const strs = (): string[] => new Array<string>(depth).fill('');
  return {
    slotId: 0,
    lock: -1,
    bidCount: 0,
    askCount: 0,
    venueSeq: NaN,
    tUs: 0,
    crossed: false,
    bidPx: new Float64Array(depth),
    bidSz: new Float64Array(depth),
    askPx: new Float64Array(depth),
    askSz: new Float64Array(depth),
    bidPxStr: strs(),
    bidSzStr: strs(),
    askPxStr: strs(),
    askSzStr: strs(),
  };
}

export class BookSlotReader {
  private readonly v: SlotViews;
  private readonly fCopy: Float64Array;
  private readonly sCopy: Uint8Array;

  constructor(buf: SharedArrayBuffer | ArrayBuffer) {
    this.v = views(buf);
    this.fCopy = new Float64Array(this.v.f.length);
    this.sCopy = new Uint8Array(this.v.s.length);
  }

  /**
   * Fill `view` with a consistent copy. Returns false if no consistent copy was obtained within
   * the retry bound (the writer kept writing); `view` then keeps its previous content.
   */
  read(view: BookView): boolean {
    const { hdr, f, s } = this.v;
    for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      const lock = Atomics.load(hdr, H_LOCK);
      if ((lock & 1) !== 0) continue;
      if (lock === view.lock && hdr[H_ID] === view.slotId) return true;
      const bidN = hdr[H_BIDN]!;
      const askN = hdr[H_ASKN]!;
      const crossed = hdr[H_CROSSED] === 1;
      this.fCopy.set(f);
      this.sCopy.set(s);
      if (Atomics.load(hdr, H_LOCK) !== lock) continue;
      this.unpack(view, lock, bidN, askN, crossed);
      return true;
    }
    return false;
  }

  private unpack(view: BookView, lock: number, bidN: number, askN: number, crossed: boolean): void {
    const depth = this.v.depth;
    const vd = Math.min(depth, view.bidPx.length);
    const fc = this.fCopy;
    view.lock = lock;
    view.slotId = this.v.hdr[H_ID]!;
    view.bidCount = Math.min(bidN, vd);
    view.askCount = Math.min(askN, vd);
    view.crossed = crossed;
    view.tUs = fc[F_TUS]!;
    view.venueSeq = fc[F_SEQ]!;
    const blocks = [view.bidPx, view.bidSz, view.askPx, view.askSz] as const;
    const strBlocks = [view.bidPxStr, view.bidSzStr, view.askPxStr, view.askSzStr] as const;
    for (let b = 0; b < 4; b++) {
      const n = b < 2 ? view.bidCount : view.askCount;
      const out = blocks[b]!;
      const outS = strBlocks[b]!;
      for (let r = 0; r < vd; r++) {
        out[r] = r < n ? fc[F_LEVELS + b * depth + r]! : NaN;
        outS[r] = r < n ? this.str(b * depth + r) : '';
      }
    }
  }

  private str(index: number): string {
    const w = this.v.strWidth;
    const base = index * w;
    let out = '';
    for (let i = 0; i < w; i++) {
      const c = this.sCopy[base + i]!;
      if (c === 0) break;
      out += c === 0x7f ? '…' : String.fromCharCode(c);
    }
    return out;
  }
}
