/**
 * OKX v5 naive reference book (plain Maps, the venue's strings) and the legacy checksum of
 * ../shared/docs/venues.md §8.1: top 25 bids and asks interleaved `bid:size:ask:size…` (the other
 * side's remainder appended when one runs out), CRC-32 (zlib.crc32, independent of the app's) as a
 * SIGNED int32. Level = the wire tuple `[px, sz, "0", orders]`; size "0" deletes (§4.2).
 */
import { crc32 } from 'node:zlib';
import { NaiveSide } from '../common/naive-side';

export type OkxLevel = readonly string[];

export interface OkxBookData {
  asks: OkxLevel[];
  bids: OkxLevel[];
  ts?: string;
  checksum?: number;
}

export const OKX_CHECKSUM_LEVELS = 25;
/** Depth of the `books` channel (venues.md §4.2): what a fresh snapshot carries. */
export const OKX_BOOKS_DEPTH = 400;

export class OkxRefBook {
  readonly bids = new NaiveSide<OkxLevel>('bid');
  readonly asks = new NaiveSide<OkxLevel>('ask');
  ts = '';
  /** Nothing applied since the last snapshot: the capture's own snapshot frame is still the book. */
  pristineText: string | undefined;

  load(d: OkxBookData, text?: string): void {
    this.bids.clear();
    this.asks.clear();
    this.apply(d);
    this.pristineText = text;
  }

  apply(d: OkxBookData): void {
    for (const l of d.bids) setLevel(this.bids, l);
    for (const l of d.asks) setLevel(this.asks, l);
    if (d.ts !== undefined) this.ts = d.ts;
    this.pristineText = undefined;
  }

  checksum(): number {
    return okxChecksum(this.bids.top(OKX_CHECKSUM_LEVELS), this.asks.top(OKX_CHECKSUM_LEVELS));
  }

  /** A `books` snapshot push of this book (what OKX sends after a (re)subscribe, venues.md §4.2). */
  snapshotText(instId: string): string {
    if (this.pristineText !== undefined) return this.pristineText;
    const data = {
      asks: this.asks.top(OKX_BOOKS_DEPTH),
      bids: this.bids.top(OKX_BOOKS_DEPTH),
      ts: this.ts,
      checksum: this.checksum(),
    };
    return JSON.stringify({ arg: { channel: 'books', instId }, action: 'snapshot', data: [data] });
  }
}

function setLevel(side: NaiveSide<OkxLevel>, l: OkxLevel): void {
  if (Number(l[1]) === 0) side.delete(l[0]!);
  else side.set(l[0]!, l);
}

export function okxChecksum(bids: readonly OkxLevel[], asks: readonly OkxLevel[]): number {
  const parts: string[] = [];
  for (let i = 0; i < OKX_CHECKSUM_LEVELS; i++) {
    if (i < bids.length) parts.push(`${bids[i]![0]}:${bids[i]![1]}`);
    if (i < asks.length) parts.push(`${asks[i]![0]}:${asks[i]![1]}`);
  }
  return crc32(Buffer.from(parts.join(':'), 'ascii')) | 0;
}
