import { ASK as ASK_IMPORT, BID as BID_IMPORT, type RawFrame } from '../../core/types';
import type { AdapterSink } from '../types';
import type { ExchangeL2Update } from './scan';
import type { CoinbaseBookSync } from './book-sync';
import { isAdvTrade as isAdvTrade_IMPORT, isObj as isObj_IMPORT, isoMs as isoMs_IMPORT, l2UpdatesOk as l2UpdatesOk_IMPORT, type L2Update, type Obj } from './messages';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const ASK = ASK_IMPORT;
const BID = BID_IMPORT;
const isAdvTrade = isAdvTrade_IMPORT;
const isObj = isObj_IMPORT;
const isoMs = isoMs_IMPORT;
const l2UpdatesOk = l2UpdatesOk_IMPORT;

/** What the Advanced Trade handlers need from the adapter. */
export interface CoinbaseBooks {
  sync(product: string): CoinbaseBookSync;
  /** Every book fed by a connection (for a connection-wide `sequence_num` break). */
  syncsOn(conn: string): Iterable<CoinbaseBookSync>;
  /** The reused record of the Exchange-feed `l2update` being handled (scan.ts). */
  readonly l2update: ExchangeL2Update;
}

/** Channels that are known and emit nothing (heartbeats feed liveness only, §5.2). */
const QUIET_CHANNELS = ['heartbeats', 'subscriptions', 'ticker', 'ticker_batch', 'candles', 'status'] as const;

/**
 * Advanced Trade (venues.md §5.2). `sequence_num` is checked per connection across all channels
 * (⚠ UNVERIFIED scope, §11.4: the AGPL capture shows it rising by exactly 1 across every channel
 * of one socket, PROVENANCE.md fixtures/coinbase). A break ⇒ every book of that connection
 * resyncs (unsubscribe + subscribe `level2`), since the lost frame may have been any product's.
 */
export class AdvancedTradeFeed {
  private readonly lastSeq = new Map<string, number>();

  constructor(private readonly books: CoinbaseBooks) {}

  /** A new socket (or a closed one) restarts the connection's numbering (it starts at 0). */
  resetConn(conn: string): void {
    this.lastSeq.delete(conn);
  }

  onMessage(msg: Obj, channel: string, frame: RawFrame, sink: AdapterSink): void {
    const seq = msg.sequence_num;
    if (typeof seq === 'number') {
      const last = this.lastSeq.get(frame.conn);
      this.lastSeq.set(frame.conn, seq);
      if (last !== undefined && seq !== last + 1) {
        const detail = `sequence_num ${seq} after ${last} on ${frame.conn}`;
        for (const s of this.books.syncsOn(frame.conn)) if (s.state === 'live' || s.state === 'syncing') s.gap(detail, frame.tUs, sink);
      }
    }
    const events = msg.events;
    if (channel === 'l2_data') return this.onL2(events, typeof seq === 'number' ? seq : NaN, isoMs(msg.timestamp), frame, sink);
    if (channel === 'market_trades') return this.onTrades(events, frame, sink);
    for (const c of QUIET_CHANNELS) if (channel === c) return;
    sink.onUnknown(undefined, `channel ${channel.slice(0, 40)}`, frame.tUs);
  }

  /** `l2_data` events: `snapshot` resets, `update` applies absolute sizes (§5.2). */
  private onL2(events: unknown, seq: number, exchMs: number, frame: RawFrame, sink: AdapterSink): void {
    if (!Array.isArray(events)) return sink.onProblem('bad-message', undefined, 'l2_data without events', frame.tUs);
    for (let i = 0; i < events.length; i++) {
      const e: unknown = events[i];
      if (!isObj(e) || typeof e.product_id !== 'string') {
        sink.onProblem('bad-message', undefined, `l2_data event ${i} without product_id`, frame.tUs);
        continue;
      }
      const s = this.books.sync(e.product_id);
      if (s.conn === undefined) s.conn = frame.conn;
      if (!l2UpdatesOk(e.updates)) {
        sink.onProblem('bad-message', s.key, 'malformed level2 updates', frame.tUs);
        if (s.state === 'live') s.gap('malformed level2 update: its changes are lost', frame.tUs, sink);
        continue;
      }
      if (e.type === 'snapshot') {
        s.conn = frame.conn;
        sink.book(s.key).clear();
        apply(sink, s, e.updates);
        s.live(frame.tUs, sink);
        sink.onBook(s.key, true, seq, exchMs, frame.tUs);
      } else if (e.type === 'update') {
        if (s.state !== 'live') {
          sink.book(s.key); // before the snapshot / while resyncing: nothing to apply to
          continue;
        }
        apply(sink, s, e.updates);
        sink.onBook(s.key, false, seq, exchMs, frame.tUs);
      } else sink.onUnknown(s.key, `l2_data event type ${String(e.type).slice(0, 20)}`, frame.tUs);
    }
  }

  /**
   * `market_trades`: trades newest first (§5.2) ⇒ emitted oldest first. `snapshot` events are
   * trades from before the subscription: not emitted (they would be stamped with today's tUs).
   * `side` is the MAKER's side, like the Exchange feed's `match` (§5.1): venues.md §5.2 flags
   * it ⚠ undocumented; measured on the 2026-08-09 capture against the book as of each trade's
   * `time`, every BUY printed at or below the best bid (28/28) and every SELL but one (inside
   * the spread) at or above the best ask (49/50) — a BUY hits the bid, so its taker SOLD.
   * (ccxt and cryptofeed pass `side` through as taker: the capture contradicts that.)
   */
  private onTrades(events: unknown, frame: RawFrame, sink: AdapterSink): void {
    if (!Array.isArray(events)) return sink.onProblem('bad-message', undefined, 'market_trades without events', frame.tUs);
    for (let i = 0; i < events.length; i++) {
      const e: unknown = events[i];
      if (!isObj(e) || !Array.isArray(e.trades)) {
        sink.onProblem('bad-message', undefined, `market_trades event ${i} without trades`, frame.tUs);
        continue;
      }
      if (e.type !== 'update') continue;
      const trades = e.trades as unknown[];
      for (let j = trades.length - 1; j >= 0; j--) {
        const t: unknown = trades[j];
        if (!isAdvTrade(t)) {
          sink.onProblem('bad-message', undefined, `malformed market_trades entry ${j}`, frame.tUs);
          continue;
        }
        const key = this.books.sync(t.product_id).key;
        const taker = t.side === 'BUY' ? 'sell' : t.side === 'SELL' ? 'buy' : undefined;
        if (taker === undefined) {
          sink.onProblem('bad-message', key, `trade side ${t.side.slice(0, 20)}`, frame.tUs);
          continue;
        }
        const id = Number(t.trade_id);
        sink.onTrade(key, t.price, t.size, taker, isoMs(t.time), frame.tUs, Number.isSafeInteger(id) ? id : NaN);
      }
    }
  }
}

function apply(sink: AdapterSink, s: CoinbaseBookSync, updates: readonly L2Update[]): void {
  const book = sink.book(s.key);
  for (let i = 0; i < updates.length; i++) {
    const u = updates[i] as L2Update;
    book.set(u.side === 'bid' ? BID : ASK, u.price_level, u.new_quantity);
  }
}
