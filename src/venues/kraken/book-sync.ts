import type { L2Book } from '../../core/book/l2-book';
import { BID as BID_SIDE, type BookSideId, type StreamKey, type StreamState } from '../../core/types';
import type { AdapterSink } from '../types';
import { IncrementalBookCrc } from './checksum';
import { BOOK_DEPTHS as BOOK_DEPTHS_IMPORT, isBookDepth as isBookDepth_IMPORT } from './messages';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const BOOK_DEPTHS = BOOK_DEPTHS_IMPORT;
const isBookDepth = isBookDepth_IMPORT;
const BID = BID_SIDE;

/** Back-off for repeated failed resyncs (a systematic mismatch must not hammer the venue). */
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 60_000;

/**
 * One Kraken book stream (v1 or v2; the rules are the same, venues.md §6.2, §8.2):
 * - a snapshot replaces the book; updates apply level by level (absolute qty, 0 deletes);
 * - after ALL level changes of a message, each side is truncated to the subscribed depth
 *   (Kraken sends no qty 0 for levels that leave the window: v2 checksum guide);
 * - then the CRC32 of the top 10 is compared with the venue's; a mismatch is a gap: the book
 *   is dropped (never committed, never presented), state `resyncing`, and a resync is requested
 *   (live: unsubscribe + subscribe, KR-SDK `order-book.md` "Gap recovery"). Updates that arrive
 *   before the next snapshot are dropped, as the SDK does.
 * There are no sequence numbers (§6.2): the checksum is the only integrity signal, and it covers
 * the top 10 levels only — a lost update deeper in the book is invisible until it reaches them.
 */
export class KrakenBookSync {
  state: StreamState = 'connecting';
  /** Connection that carries this stream (set by our subscribe frame or its first message). */
  conn: string | undefined;
  /** Subscribed depth per side; NaN until a subscribe frame, ack or v1 channel name says it. */
  depth = NaN;
  /** A resync was requested and no snapshot has arrived since. */
  private requested = false;
  private failures = 0;
  /** Kraken books carry no update id: `seq` handed to onBook is our own commit counter
   * (monotone per stream; never NaN, which the pipeline output reads as "left live"). */
  private commits = 0;
  /**
   * CRC32 of the top 10 as last verified EQUAL to the venue's, NaN when there is none (snapshot
   * without checksum, cleared book). While a message changes nothing at or inside the 10th level
   * of either side, the top 10 — hence its CRC — is the one verified last, so the venue's value is
   * compared with this instead of being recomputed: the same verification, without walking 20
   * levels' strings (most book-1000 updates land deeper than the 10th level).
   */
  private verifiedCrc = NaN;
  /** Recomputes the CRC reusing the contributions of top-10 levels whose strings did not change. */
  private readonly crc = new IncrementalBookCrc();
  /** The current message changed (or may have changed) the top 10 of the bids / the asks:
   * recompute the CRC (that side's part of it). */
  private bidsTouched = true;
  private asksTouched = true;
  /** Prices of the 10th best bid / ask before the current message (±Infinity: side shorter than 10). */
  private bidEdge = -Infinity;
  private askEdge = Infinity;
  /** The top 10 verified last is the one the CRC mirror was computed for, so the current
   * message's changes can be tested against its edges (`notePx`). */
  private edgesKnown = false;
  /** v1 channel name seen last and the depth it states (parsed once, not per message; NaN: not a
   * subscribable depth). */
  private channelName = '';
  private channelDepth = NaN;

  constructor(
    readonly symbol: string,
    readonly key: StreamKey,
  ) {}

  /** Our subscribe frame (ws_sent) for this symbol went out on `conn`. */
  onSubscribe(conn: string, depth: number, tUs: number, sink: AdapterSink): void {
    this.conn = conn;
    if (depth === depth) this.depth = depth;
    if (this.state === 'connecting') this.setState('syncing', 'subscribed', tUs, sink);
  }

  /** The socket closed: the book is invalid until a snapshot after the reconnect. */
  onClose(reason: string, tUs: number, sink: AdapterSink): void {
    sink.book(this.key).clear();
    this.verifiedCrc = NaN;
    this.requested = false;
    this.setState('connecting', reason, tUs, sink);
  }

  /** The subscribed depth as a v1 channel name states it ("book-1000"; v1 book page). */
  depthFromChannel(name: string): void {
    if (name !== this.channelName) {
      this.channelName = name;
      const d = Number(name.slice(5));
      this.channelDepth = isBookDepth(d) ? d : NaN;
    }
    if (this.channelDepth === this.channelDepth) this.depth = this.channelDepth;
  }

  /** Before an update's levels are applied: remember where the checksummed top 10 ends. */
  beginUpdate(): void {
    // The top 10 verified last is the one the CRC mirror was computed for: its edges are read
    // from there. Nothing verified to reuse: recompute (no edges needed).
    const fresh = this.verifiedCrc === this.verifiedCrc;
    this.edgesKnown = fresh;
    this.bidsTouched = this.asksTouched = !fresh;
    if (!fresh) return;
    this.bidEdge = this.crc.edgePx(true);
    this.askEdge = this.crc.edgePx(false);
  }

  /** A level at `pxStr` on `side` is about to be set. Only a change strictly worse than the 10th
   * level leaves the top 10 alone (an unparsable price counts as touching it). */
  noteLevel(side: BookSideId, pxStr: string): void {
    if (!this.edgesKnown) return;
    this.notePx(side === BID, +pxStr);
  }

  /** `noteLevel` with the price already parsed (NaN: unparsable, counts as touching all). */
  notePx(isBid: boolean, px: number): void {
    if (!this.edgesKnown) return; // recomputed anyway
    if (px !== px) this.bidsTouched = this.asksTouched = true;
    else if (isBid) {
      if (px >= this.bidEdge) this.bidsTouched = true;
    } else if (px <= this.askEdge) this.asksTouched = true;
  }

  /** The stream's book, cleared, for a snapshot's levels. */
  beginSnapshot(sink: AdapterSink): L2Book {
    const book = sink.book(this.key);
    book.clear();
    this.verifiedCrc = NaN;
    this.requested = false; // this is the answer to any request outstanding
    return book;
  }

  /** May an update be applied now? Only on a live book; otherwise it is dropped (and a stream
   * that never had a snapshot asks for one, once). */
  acceptsUpdate(tUs: number, sink: AdapterSink): boolean {
    if (this.state === 'live') return true;
    if (this.state === 'connecting' || this.state === 'stale') {
      this.setState('syncing', 'update without a snapshot', tUs, sink);
      this.request(tUs, sink);
    }
    return false;
  }

  /**
   * A message's levels are all applied: truncate, check, commit. `expected` = the venue's
   * checksum (NaN when the message carries none: v1 snapshots). Returns false on a mismatch.
   */
  commit(isSnapshot: boolean, expected: number, exchMs: number, tUs: number, sink: AdapterSink): boolean {
    const book = sink.book(this.key);
    if (this.depth !== this.depth && isSnapshot) this.depth = inferDepth(book);
    if (this.depth === this.depth) {
      book.bids.truncate(this.depth);
      book.asks.truncate(this.depth);
    }
    let checked = false;
    const bids = isSnapshot || this.bidsTouched;
    const asks = isSnapshot || this.asksTouched;
    const touched = bids || asks;
    this.bidsTouched = this.asksTouched = true; // the next message recomputes unless its beginUpdate says otherwise
    if (expected === expected) {
      const got = !touched ? this.verifiedCrc : this.crc.compute(book, asks, bids);
      if (got !== expected) {
        this.verifiedCrc = NaN;
        this.fail(`checksum ${got} != venue ${expected}${isSnapshot ? ' (snapshot)' : ''}`, tUs, sink);
        return false;
      }
      this.verifiedCrc = got;
      checked = true;
    } else if (touched) {
      this.verifiedCrc = NaN; // changed without a checksum: nothing verified to reuse
    }
    if (isSnapshot) this.setState('live', 'snapshot', tUs, sink);
    this.failures = 0;
    sink.onBook(this.key, isSnapshot, ++this.commits, exchMs, tUs);
    if (checked) sink.onChecksum(this.key, true, '', tUs);
    return true;
  }

  /** A malformed book message for this stream: its changes are lost, so the book is too. */
  malformed(detail: string, tUs: number, sink: AdapterSink): void {
    sink.onProblem('bad-message', this.key, detail, tUs);
    if (this.state === 'live') this.gap(`malformed book message: ${detail}`, tUs, sink);
  }

  private fail(detail: string, tUs: number, sink: AdapterSink): void {
    sink.onChecksum(this.key, false, detail, tUs);
    this.failures++;
    this.gap(detail, tUs, sink);
  }

  private gap(detail: string, tUs: number, sink: AdapterSink): void {
    sink.onGap(this.key, detail, tUs);
    sink.book(this.key).clear();
    this.verifiedCrc = NaN;
    this.setState('resyncing', detail, tUs, sink);
    this.request(tUs, sink);
  }

  private request(tUs: number, sink: AdapterSink): void {
    if (this.requested) return;
    this.requested = true;
    const retryAfterMs = this.failures <= 1 ? 0 : Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (this.failures - 2));
    sink.requestSnapshot(this.key, this.symbol, retryAfterMs, tUs);
  }

  private setState(s: StreamState, reason: string, tUs: number, sink: AdapterSink): void {
    if (this.state === s) return;
    this.state = s;
    sink.onState(this.key, s, reason, tUs);
  }
}

/**
 * Depth of a snapshot whose subscription we never saw (a capture without its subscribe frame):
 * the smallest subscribable depth that holds the snapshot's fuller side. ⚠ A guess: a thin book
 * under a deeper subscription would be truncated too early — and then show up as a checksum gap,
 * never as a silently wrong book.
 */
function inferDepth(book: L2Book): number {
  const n = Math.max(book.bids.depth, book.asks.depth);
  for (const d of BOOK_DEPTHS) if (n <= d) return d;
  return NaN; // more than 1000 levels: not a Kraken snapshot we know; do not truncate
}
