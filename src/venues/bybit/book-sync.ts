import type { L2Book } from '../../core/book/l2-book';
import { ASK as ASK_IMPORT, BID as BID_IMPORT, type StreamKey, type StreamState } from '../../core/types';
import type { AdapterSink } from '../types';
import type { LevelRows } from '../common/frame-scan';
import type { BookMsg } from './scan';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const ASK = ASK_IMPORT;
const BID = BID_IMPORT;

/**
 * One symbol's book under venues.md §7.2 (BY-DOC `orderbook.mdx`):
 * - ANY `snapshot` resets the book (Bybit re-sends one "if there is a problem on Bybit's end");
 * - a delta with `u == 1` means a service restart ⇒ the book must be rebuilt;
 * - a delta whose `u != prev u + 1` is a SUSPECTED gap ⇒ resync.
 *   ⚠ UNVERIFIED (venues.md §11.6): the +1 step is documented only for `orderbook.full`; for
 *   `orderbook.{depth}` it is our reading, confirmed on every capture we hold (PROVENANCE.md
 *   fixtures/bybit: u rises by exactly 1 per topic). ccxt/cryptofeed/tardis do not check u at all.
 * - `orderbook.1` sends only snapshots and repeats the same `u` every 3 s: no continuity check.
 * Resync = unsubscribe + subscribe (the live source runs VenueLiveDef.resync); in a replay the
 * stream stays `resyncing` until the recording holds the next snapshot.
 */
export class BybitBookSync {
  state: StreamState = 'connecting';
  /** Connection whose frames feed this book (a `ws_close` on it invalidates the book). */
  conn: string | undefined = undefined;
  /** `u` of the last applied message; NaN while not live. */
  u = NaN;

  constructor(
    readonly symbol: string,
    readonly key: StreamKey,
    /** The `{depth}` of the topic that feeds this book (only one topic per symbol does). */
    readonly depth: number,
  ) {}

  /** Our subscribe frame went out (`ws_sent`): the snapshot is on its way. */
  onSubscribed(conn: string, tUs: number, sink: AdapterSink): void {
    if (this.state === 'live' && this.conn === conn) return; // a resubscribe: the snapshot will reset
    this.conn = conn;
    if (this.state === 'connecting') this.setState('syncing', 'subscribed', tUs, sink);
  }

  onSnapshot(d: BookMsg, tUs: number, sink: AdapterSink): void {
    const book = sink.book(this.key);
    book.clear();
    setLevels(book, BID, d.b);
    setLevels(book, ASK, d.a);
    this.u = d.u;
    this.setState('live', this.state === 'live' ? 'snapshot' : 'snapshot applied', tUs, sink);
    sink.onBook(this.key, true, d.u, d.ts, tUs);
  }

  onDelta(d: BookMsg, tUs: number, sink: AdapterSink): void {
    if (this.state !== 'live') {
      // Before the first snapshot, or after a gap until the resubscribe's snapshot: nothing to
      // apply to. sink.book() marks the frame as this stream's.
      sink.book(this.key);
      return;
    }
    if (d.u === 1) return this.gap(`u = 1 in a delta (service restart, venues.md §7.2) after u ${this.u}`, tUs, sink);
    if (d.u !== this.u + 1) return this.gap(`u ${d.u} != prev u ${this.u} + 1`, tUs, sink);
    const book = sink.book(this.key);
    setLevels(book, BID, d.b);
    setLevels(book, ASK, d.a);
    this.u = d.u;
    sink.onBook(this.key, false, d.u, d.ts, tUs);
  }

  /** The socket closed (or reopened): nothing held can be continued (venues.md §9.4 item 4). */
  onClose(reason: string, tUs: number, sink: AdapterSink): void {
    this.u = NaN;
    sink.book(this.key).clear();
    this.setState('connecting', reason, tUs, sink);
  }

  private gap(detail: string, tUs: number, sink: AdapterSink): void {
    sink.onGap(this.key, detail, tUs);
    this.u = NaN;
    sink.book(this.key).clear(); // never presented across the gap
    this.setState('resyncing', 'gap', tUs, sink);
    sink.requestSnapshot(this.key, this.symbol, 0, tUs);
  }

  private setState(s: StreamState, reason: string, tUs: number, sink: AdapterSink): void {
    if (this.state === s) return;
    this.state = s;
    sink.onState(this.key, s, reason, tUs);
  }
}

/** Levels are `[price, size]` strings (checked by the scan or by isBookData). */
function setLevels(book: L2Book, side: typeof BID | typeof ASK, levels: LevelRows): void {
  const rows = levels.rows;
  for (let i = 0; i < levels.n; i++) {
    const l = rows[i]!;
    book.set(side, l[0] as string, l[1] as string);
  }
}
