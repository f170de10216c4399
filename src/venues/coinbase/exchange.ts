import { ASK as ASK_SIDE, BID as BID_SIDE, type RawFrame } from '../../core/types';
import type { AdapterSink } from '../types';
import type { CoinbaseBooks } from './advanced';
import type { ExchangeL2Update } from './scan';
import { changesOk as changesAreOk, isoMs as isoTimeMs, levelsOk as levelsOk_IMPORT, type Obj } from './messages';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const levelsOk = levelsOk_IMPORT;
const BID = BID_SIDE;
const ASK = ASK_SIDE;
const changesOk = changesAreOk;
const isoMs = isoTimeMs;

/** `l2update`: absolute sizes per `[side, price, size]`; a malformed one loses its changes, so
 * the book leaves live. `m` comes from scan.ts or from the parsed frame. */
export function onL2Update(books: CoinbaseBooks, m: ExchangeL2Update, frame: RawFrame, sink: AdapterSink): void {
  const s = books.sync(m.product);
  const changes = m.changes;
  if (changes === undefined) {
    sink.onProblem('bad-message', s.key, 'malformed l2update changes', frame.tUs);
    if (s.state === 'live') s.gap('malformed l2update: its changes are lost', frame.tUs, sink);
    return;
  }
  if (s.state !== 'live') {
    sink.book(s.key);
    return;
  }
  const book = sink.book(s.key);
  const rows = changes.rows;
  for (let i = 0; i < changes.n; i++) {
    const c = rows[i]!;
    book.set(c[0] === 'buy' ? BID : ASK, c[1] as string, c[2] as string);
  }
  sink.onBook(s.key, false, ++s.applied, m.timeMs, frame.tUs);
}

/** Exchange-feed types that are known and emit nothing. `last_match` is the one trade before
 * the subscription (§5.1): replaying it would stamp an old trade with the session's time. */
const QUIET_TYPES = ['subscriptions', 'heartbeat', 'ticker', 'last_match', 'status'] as const;

/**
 * The older Exchange feed (venues.md §5.1; the 2021 cryptofeed capture): `snapshot`, then
 * `l2update` with `changes: [side, px, size]` (absolute sizes, sides buy/sell). `l2update`
 * carries NO sequence number: continuity cannot be checked on this feed (documented as
 * delivery-guaranteed; a reconnect rebuilds from a new snapshot).
 */
export function onExchangeMessage(books: CoinbaseBooks, msg: Obj, type: string, frame: RawFrame, sink: AdapterSink): void {
  switch (type) {
    case 'l2update': {
      if (typeof msg.product_id !== 'string') return sink.onProblem('bad-message', undefined, 'l2update without product_id', frame.tUs);
      const m = books.l2update;
      m.product = msg.product_id;
      m.changes = changesOk(msg.changes) ? m.rows.wrap(msg.changes) : undefined;
      m.timeMs = isoMs(msg.time);
      return onL2Update(books, m, frame, sink);
    }
    case 'snapshot': {
      if (typeof msg.product_id !== 'string') return sink.onProblem('bad-message', undefined, 'snapshot without product_id', frame.tUs);
      const s = books.sync(msg.product_id);
      const bids = msg.bids;
      const asks = msg.asks;
      if (!levelsOk(bids) || !levelsOk(asks)) return sink.onProblem('bad-message', s.key, 'malformed snapshot', frame.tUs);
      s.conn = frame.conn;
      const book = sink.book(s.key);
      book.clear();
      for (let i = 0; i < bids.length; i++) book.set(BID, (bids[i] as readonly [string, string])[0], (bids[i] as readonly [string, string])[1]);
      for (let i = 0; i < asks.length; i++) book.set(ASK, (asks[i] as readonly [string, string])[0], (asks[i] as readonly [string, string])[1]);
      s.live(frame.tUs, sink);
      sink.onBook(s.key, true, 0, NaN, frame.tUs); // the snapshot carries no time
      return;
    }
    case 'match': {
      const { product_id: p, price, size, side } = msg;
      if (typeof p !== 'string' || typeof price !== 'string' || typeof size !== 'string') return sink.onProblem('bad-message', undefined, 'malformed match', frame.tUs);
      // `side` is the MAKER's side (venues.md §5.1: "If the side is sell this indicates the maker
      // was a sell order"; tardis-node flips it too) ⇒ the taker is the opposite.
      const taker = side === 'sell' ? 'buy' : side === 'buy' ? 'sell' : undefined;
      const key = books.sync(p).key;
      if (taker === undefined) return sink.onProblem('bad-message', key, `match side ${String(side).slice(0, 20)}`, frame.tUs);
      sink.onTrade(key, price, size, taker, isoMs(msg.time), frame.tUs, typeof msg.trade_id === 'number' ? msg.trade_id : NaN);
      return;
    }
    case 'error':
      return sink.onProblem('venue-error', undefined, `${String(msg.message).slice(0, 200)} ${String(msg.reason ?? '').slice(0, 200)}`, frame.tUs);
  }
  for (const t of QUIET_TYPES) if (type === t) return;
  sink.onUnknown(undefined, `type ${type.slice(0, 40)}`, frame.tUs);
}
