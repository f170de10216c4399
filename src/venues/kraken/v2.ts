import type { L2Book } from '../../core/book/l2-book';
import { ASK as ASK_IMPORT, BID as BID_IMPORT, type RawFrame } from '../../core/types';
import type { AdapterSink } from '../types';
import type { KrakenStreams } from './adapter';
import type { KrakenBookSync } from './book-sync';
import { isBookDepth as isBookDepth_IMPORT, isObj as isObj_IMPORT, isV2Book as isV2Book_IMPORT, isV2Trade as isV2Trade_IMPORT, type Obj, type V2Level } from './messages';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const ASK = ASK_IMPORT;
const BID = BID_IMPORT;
const isBookDepth = isBookDepth_IMPORT;
const isObj = isObj_IMPORT;
const isV2Book = isV2Book_IMPORT;
const isV2Trade = isV2Trade_IMPORT;

/**
 * Kraken WebSocket v2 (venues.md §6; docs.kraken.com spot-websocket-v2):
 * `{"channel":"book","type":"snapshot"|"update","data":[{symbol,bids,asks,checksum,timestamp}]}`,
 * `{"channel":"trade","type":"update","data":[{symbol,side,price,qty,ord_type,trade_id,timestamp}]}`,
 * `{"channel":"heartbeat"}`, `{"channel":"status",…}`, and method answers
 * `{"method":"subscribe"|"unsubscribe"|"pong","success":…,"result":…}`.
 */
export function onV2Channel(m: Obj, frame: RawFrame, streams: KrakenStreams, sink: AdapterSink): void {
  switch (m.channel) {
    case 'book':
      return onBook(m, frame, streams, sink);
    case 'trade':
      return onTrades(m, frame, streams, sink);
    case 'heartbeat':
      return; // ~1/s when idle (venues.md §6.1): liveness only
    case 'status': {
      // Pushed on every open (KR-SDK wire-quirks.md "Auto-seeded status"); news only when not online.
      const d: unknown = Array.isArray(m.data) ? m.data[0] : undefined;
      const system = isObj(d) ? d.system : undefined;
      if (system !== undefined && system !== 'online') sink.onProblem('venue-status', undefined, `Kraken system ${String(system)}`, frame.tUs);
      return;
    }
    default:
      return sink.onUnknown(undefined, `v2 channel ${String(m.channel)}`, frame.tUs);
  }
}

function onBook(m: Obj, frame: RawFrame, streams: KrakenStreams, sink: AdapterSink): void {
  const isSnapshot = m.type === 'snapshot';
  if (!isSnapshot && m.type !== 'update') return sink.onUnknown(undefined, `v2 book type ${String(m.type)}`, frame.tUs);
  if (!Array.isArray(m.data)) return sink.onProblem('bad-message', undefined, 'v2 book without data[]', frame.tUs);
  for (const d of m.data as unknown[]) {
    if (!isV2Book(d)) {
      const sym = isObj(d) && typeof d.symbol === 'string' ? streams.known(d.symbol) : undefined;
      if (sym !== undefined) sym.malformed(`malformed v2 book ${String(m.type)}`, frame.tUs, sink);
      else sink.onProblem('bad-message', undefined, `malformed v2 book ${String(m.type)}`, frame.tUs);
      continue;
    }
    const s = streams.sync(d.symbol);
    s.conn = frame.conn;
    const exchMs = d.timestamp === undefined ? NaN : Date.parse(d.timestamp);
    // v2 sends the checksum in snapshots and updates (§6.1); a message without one cannot be checked.
    const expected = d.checksum ?? NaN;
    if (d.checksum === undefined) sink.onProblem('checksum-missing', s.key, `v2 book ${String(m.type)} without checksum`, frame.tUs);
    if (isSnapshot) {
      const book = s.beginSnapshot(sink);
      apply(book, d.bids, d.asks, undefined);
      s.commit(true, expected, exchMs, frame.tUs, sink);
    } else if (s.acceptsUpdate(frame.tUs, sink)) {
      const book = sink.book(s.key);
      s.beginUpdate();
      apply(book, d.bids, d.asks, s);
      s.commit(false, expected, exchMs, frame.tUs, sink);
    }
  }
}

/** Apply a message's levels; `s` (updates) learns which prices change, for its checksum reuse. */
function apply(book: L2Book, bids: readonly V2Level[] | undefined, asks: readonly V2Level[] | undefined, s: KrakenBookSync | undefined): void {
  if (bids !== undefined) {
    for (let i = 0; i < bids.length; i++) {
      s?.noteLevel(BID, bids[i]!.price);
      book.set(BID, bids[i]!.price, bids[i]!.qty);
    }
  }
  if (asks !== undefined) {
    for (let i = 0; i < asks.length; i++) {
      s?.noteLevel(ASK, asks[i]!.price);
      book.set(ASK, asks[i]!.price, asks[i]!.qty);
    }
  }
}

/** `side` is the taker (aggressor) side: KR-SDK `api/market/ws_types.rs` "Aggressor (taker) side"
 * (venues.md §6.3). A `snapshot` of the trade channel is history (the last trades before we
 * subscribed): not market flow now, so it is not emitted. */
function onTrades(m: Obj, frame: RawFrame, streams: KrakenStreams, sink: AdapterSink): void {
  if (m.type === 'snapshot') return;
  if (m.type !== 'update' || !Array.isArray(m.data)) return sink.onUnknown(undefined, `v2 trade type ${String(m.type)}`, frame.tUs);
  for (const t of m.data as unknown[]) {
    if (!isV2Trade(t)) {
      sink.onProblem('bad-message', undefined, 'malformed v2 trade', frame.tUs);
      continue;
    }
    const exchMs = t.timestamp === undefined ? NaN : Date.parse(t.timestamp);
    sink.onTrade(streams.sync(t.symbol).key, t.price, t.qty, t.side, exchMs, frame.tUs, typeof t.trade_id === 'number' ? t.trade_id : NaN);
  }
}

/** Method answers. Acks and pongs emit nothing; a refused request is a problem. A book
 * subscribe ack states the depth Kraken actually serves (remembered, no event). */
export function onV2Method(m: Obj, frame: RawFrame, streams: KrakenStreams, sink: AdapterSink): void {
  if (m.success === false) {
    const sym = typeof m.symbol === 'string' ? streams.known(m.symbol) : undefined;
    return sink.onProblem(`${String(m.method)}-failed`, sym?.key, `Kraken ${String(m.method)}: ${String(m.error)}`, frame.tUs);
  }
  if (m.method === 'subscribe' && isObj(m.result) && m.result.channel === 'book' && typeof m.result.symbol === 'string' && isBookDepth(m.result.depth)) {
    const s = streams.known(m.result.symbol);
    if (s !== undefined) s.depth = m.result.depth;
  }
  // subscribe / unsubscribe / pong: nothing to emit
}

/** Our v2 subscribe: `{"method":"subscribe","params":{"channel":"book","symbol":[…],"depth":25}}`
 * (default depth 10, venues.md §6.2). */
export function onV2Sent(m: Obj, frame: RawFrame, streams: KrakenStreams, sink: AdapterSink): void {
  const p = m.params;
  if (m.method !== 'subscribe' || !isObj(p) || p.channel !== 'book' || !Array.isArray(p.symbol)) return;
  const depth = p.depth === undefined ? 10 : isBookDepth(p.depth) ? p.depth : NaN;
  for (const sym of p.symbol as unknown[]) if (typeof sym === 'string') streams.sync(sym).onSubscribe(frame.conn, depth, frame.tUs, sink);
}
