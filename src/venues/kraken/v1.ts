import { parseDecimal as parseDecimalImport } from '../../core/book/decimal';
import type { L2Book } from '../../core/book/l2-book';
import { ASK as ASK_SIDE, BID as BID_SIDE, type RawFrame } from '../../core/types';
import type { AdapterSink } from '../types';
import type { KrakenStreams } from './adapter';
import type { KrakenBookSync } from './book-sync';
import { isBookDepth as isBookDepth_IMPORT, isObj as isObj_IMPORT, v1LevelsOk as v1LevelsOk_IMPORT, v1TradesOk as v1TradesOk_IMPORT, type Obj } from './messages';
import { V1_A as V1_A_IMPORT, V1_AS as V1_AS_IMPORT, V1_B as V1_B_IMPORT, V1_BS as V1_BS_IMPORT, type V1BookMsg, type V1Levels } from './scan';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const isBookDepth = isBookDepth_IMPORT;
const isObj = isObj_IMPORT;
const v1LevelsOk = v1LevelsOk_IMPORT;
const v1TradesOk = v1TradesOk_IMPORT;
const BID = BID_SIDE;
const ASK = ASK_SIDE;
const parseDecimal = parseDecimalImport;
const V1_A = V1_A_IMPORT;
const V1_B = V1_B_IMPORT;
const V1_AS = V1_AS_IMPORT;
const V1_BS = V1_BS_IMPORT;

/**
 * Kraken WebSocket v1 (replaying the cryptofeed captures, PROVENANCE.md §3/§4.5): market data are
 * arrays `[channelID, payload…, channelName, pair]`. A book update may carry two payload objects
 * (`{a:[…]}` then `{b:[…],c}`), the checksum `c` (decimal string) only on updates and on the last
 * object; a level's optional 4th element `"r"` marks a republish (applied like any level).
 * Prices/volumes are strings already, so v1 needs no number-text handling.
 */
export function onV1Array(m: unknown[], frame: RawFrame, streams: KrakenStreams, sink: AdapterSink): void {
  const n = m.length;
  const name = m[n - 2];
  const pair = m[n - 1];
  if (n < 4 || typeof name !== 'string' || typeof pair !== 'string') return sink.onUnknown(undefined, 'v1 array without channel name and pair', frame.tUs);
  if (name.startsWith('book-')) {
    const b = streams.v1Book;
    b.name = name;
    b.pair = pair;
    b.parts = n - 3; // payload objects are m[1..n-3], read into parts 0..n-4
    b.checksum = NaN;
    for (let i = 1; i <= b.parts; i++) if (!readPart(b, m[i], i - 1)) return streams.sync(pair).malformed('malformed v1 book payload', frame.tUs, sink);
    return onV1Book(b, frame, streams, sink);
  }
  if (name === 'trade') return onTrades(m[1], pair, frame, streams, sink);
  // ticker / spread / ohlc-*: subscribed by some captures, not used by the monitor (known, no event).
  if (name === 'ticker' || name === 'spread' || name.startsWith('ohlc')) return;
  sink.onUnknown(undefined, `v1 channel ${name}`, frame.tUs);
}

/** Read parsed payload object `x` into part `j` of `b`; false when it is malformed (the same
 * checks as isV1BookPart). for-in over the object's own keys: no lookups by name on objects of a
 * handful of shapes; other keys are ignored. */
function readPart(b: V1BookMsg, x: unknown, j: number): boolean {
  if (!isObj(x)) return false;
  let a: unknown;
  let bb: unknown;
  let as: unknown;
  let bs: unknown;
  let c: unknown;
  for (const k in x) {
    const v = x[k];
    if (k === 'a') a = v;
    else if (k === 'b') bb = v;
    else if (k === 'c') c = v;
    else if (k === 'as') as = v;
    else if (k === 'bs') bs = v;
  }
  if (!(v1LevelsOk(a) && v1LevelsOk(bb) && v1LevelsOk(as) && v1LevelsOk(bs) && (c === undefined || typeof c === 'string'))) return false;
  b.beginPart(j);
  if (a !== undefined) b.slot(V1_A, j).fromParsed(a);
  if (bb !== undefined) b.slot(V1_B, j).fromParsed(bb);
  if (as !== undefined) b.slot(V1_AS, j).fromParsed(as);
  if (bs !== undefined) b.slot(V1_BS, j).fromParsed(bs);
  // the last object's `c` wins; "" (or not a number) is a missing checksum, as in scan.ts
  if (typeof c === 'string') b.checksum = c === '' ? NaN : parseDecimal(c);
  return true;
}

/** A v1 book message (scan.ts read it, or onV1Array from the parsed array). */
export function onV1Book(b: V1BookMsg, frame: RawFrame, streams: KrakenStreams, sink: AdapterSink): void {
  const s = streams.sync(b.pair);
  s.conn = frame.conn;
  // The channel name states the subscribed depth: "book-1000" (v1 book page: 10/25/100/500/1000).
  s.depthFromChannel(b.name);
  const snapAsks = b.levels(V1_AS, 0);
  const snapBids = b.levels(V1_BS, 0);
  if (snapAsks !== undefined || snapBids !== undefined) {
    const book = s.beginSnapshot(sink);
    applyLevels(book, BID, snapBids, undefined);
    applyLevels(book, ASK, snapAsks, undefined);
    // v1 snapshots carry no checksum (venues.md §6.1) and no event time (level times are order times).
    s.commit(true, NaN, NaN, frame.tUs, sink);
    return;
  }
  if (!s.acceptsUpdate(frame.tUs, sink)) return;
  const book = sink.book(s.key);
  s.beginUpdate();
  let exchMs = NaN;
  for (let j = 0; j < b.parts; j++) {
    exchMs = maxTime(exchMs, applyLevels(book, BID, b.levels(V1_B, j), s));
    exchMs = maxTime(exchMs, applyLevels(book, ASK, b.levels(V1_A, j), s));
  }
  // All changes of the message are in; then truncate and check (book-sync.ts).
  const expected = b.checksum;
  if (expected !== expected) sink.onProblem('checksum-missing', s.key, 'v1 book update without c', frame.tUs);
  s.commit(false, expected, exchMs, frame.tUs, sink);
}

const maxTime = (a: number, b: number): number => (b > a || a !== a ? b : a);

/** Apply levels (parsed where they stand: scan.ts `V1Levels`); returns their latest time in ms
 * (NaN if none; republished levels excluded). `s` (updates) learns which prices change, for its
 * checksum reuse. */
function applyLevels(book: L2Book, side: typeof BID | typeof ASK, levels: V1Levels | undefined, s: KrakenBookSync | undefined): number {
  if (levels === undefined) return NaN;
  const isBid = side === BID;
  const bs = isBid ? book.bids : book.asks;
  const { pxText, szText, pxStart, pxEnd, szStart, szEnd, px, sz, sp } = levels;
  for (let i = 0; i < levels.n; i++) {
    bs.setIn(pxText[i]!, pxStart[i]!, pxEnd[i]!, szText[i]!, szStart[i]!, szEnd[i]!, px[i]!, sz[i]!, sp[i]!);
    // the edge test needs only that the message's levels are all noted before commit, so noting
    // after the set is the same
    if (s !== undefined) s.notePx(isBid, px[i]!);
  }
  return levels.maxMs;
}

/** v1 trade side = "Triggering order side (buy/sell), values: b|s" (Kraken v1 trade docs): the
 * order that triggered the match, i.e. the TAKER. Time is epoch seconds with µs. */
function onTrades(payload: unknown, pair: string, frame: RawFrame, streams: KrakenStreams, sink: AdapterSink): void {
  if (!v1TradesOk(payload)) return sink.onProblem('bad-message', undefined, 'malformed v1 trade', frame.tUs);
  const key = streams.sync(pair).key;
  for (const t of payload) sink.onTrade(key, t[0], t[1], t[3] === 'b' ? 'buy' : 'sell', +t[2] * 1000, frame.tUs, NaN);
}

/** v1 events: heartbeat / pong / systemStatus / subscriptionStatus. Acks emit nothing; errors
 * are problems; a book subscription's depth is remembered. */
export function onV1Event(m: Obj, frame: RawFrame, streams: KrakenStreams, sink: AdapterSink): void {
  switch (m.event) {
    case 'heartbeat':
    case 'pong':
      return;
    case 'systemStatus':
      // connectionID exceeds 2^53 (PROVENANCE.md §1): it is never read, so precision loss is moot.
      if (m.status !== 'online') sink.onProblem('venue-status', undefined, `Kraken system ${String(m.status)}`, frame.tUs);
      return;
    case 'subscriptionStatus': {
      if (m.status === 'error') {
        const s = typeof m.pair === 'string' ? streams.known(m.pair) : undefined;
        return sink.onProblem('subscribe-failed', s?.key, `Kraken v1: ${String(m.errorMessage)}`, frame.tUs);
      }
      const sub = m.subscription;
      if (m.status === 'subscribed' && typeof m.pair === 'string' && isObj(sub) && sub.name === 'book' && isBookDepth(sub.depth)) {
        const s = streams.known(m.pair);
        if (s !== undefined) s.depth = sub.depth;
      }
      return;
    }
    default:
      return sink.onUnknown(undefined, `v1 event ${String(m.event)}`, frame.tUs);
  }
}

/** Our v1 subscribe: `{"event":"subscribe","pair":[…],"subscription":{"name":"book","depth":1000}}`. */
export function onV1Sent(m: Obj, frame: RawFrame, streams: KrakenStreams, sink: AdapterSink): void {
  const sub = m.subscription;
  if (m.event !== 'subscribe' || !isObj(sub) || sub.name !== 'book' || !Array.isArray(m.pair)) return;
  const depth = sub.depth === undefined ? 10 : isBookDepth(sub.depth) ? sub.depth : NaN;
  for (const p of m.pair as unknown[]) if (typeof p === 'string') streams.sync(p).onSubscribe(frame.conn, depth, frame.tUs, sink);
}
