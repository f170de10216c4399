import { parseDecimal as parseDecimalImport } from '../../core/book/decimal';
import type { L2Book } from '../../core/book/l2-book';
import { ASK as ASK_SIDE, BID as BID_SIDE, type RawFrame } from '../../core/types';
import type { AdapterSink } from '../types';
import type { KrakenStreams } from './adapter';
import type { KrakenBookSync } from './book-sync';
import { isBookDepth as isBookDepth_IMPORT, isObj as isObj_IMPORT, v1LevelsOk as v1LevelsOk_IMPORT, v1TradesOk as v1TradesOk_IMPORT, type Obj, type V1Level } from './messages';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const isBookDepth = isBookDepth_IMPORT;
const isObj = isObj_IMPORT;
const v1LevelsOk = v1LevelsOk_IMPORT;
const v1TradesOk = v1TradesOk_IMPORT;
const BID = BID_SIDE;
const ASK = ASK_SIDE;
const parseDecimal = parseDecimalImport;

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
  if (name.startsWith('book-')) return onBook(m, name, pair, frame, streams, sink);
  if (name === 'trade') return onTrades(m[1], pair, frame, streams, sink);
  // ticker / spread / ohlc-*: subscribed by some captures, not used by the monitor (known, no event).
  if (name === 'ticker' || name === 'spread' || name.startsWith('ohlc')) return;
  sink.onUnknown(undefined, `v1 channel ${name}`, frame.tUs);
}

/** The payload objects of the message being handled, read once each (for-in over the object's
 * own keys: no property lookups by name on objects of a handful of shapes). Reused: no
 * allocation per message. */
const partA: unknown[] = [];
const partB: unknown[] = [];
const partAs: unknown[] = [];
const partBs: unknown[] = [];
const partC: unknown[] = [];

/** Read payload object `x` into slot `j` of the part arrays; false when it is malformed
 * (the same checks as isV1BookPart). */
function readPart(x: unknown, j: number): boolean {
  if (!isObj(x)) return false;
  let a: unknown;
  let b: unknown;
  let as: unknown;
  let bs: unknown;
  let c: unknown;
  for (const k in x) {
    const v = x[k];
    if (k === 'a') a = v;
    else if (k === 'b') b = v;
    else if (k === 'c') c = v;
    else if (k === 'as') as = v;
    else if (k === 'bs') bs = v;
  }
  partA[j] = a;
  partB[j] = b;
  partAs[j] = as;
  partBs[j] = bs;
  partC[j] = c;
  return v1LevelsOk(a) && v1LevelsOk(b) && v1LevelsOk(as) && v1LevelsOk(bs) && (c === undefined || typeof c === 'string');
}

function onBook(m: unknown[], name: string, pair: string, frame: RawFrame, streams: KrakenStreams, sink: AdapterSink): void {
  const s = streams.sync(pair);
  const last = m.length - 3; // payload objects are m[1..last], read into part slots 0..last-1
  for (let i = 1; i <= last; i++) if (!readPart(m[i], i - 1)) return s.malformed('malformed v1 book payload', frame.tUs, sink);
  s.conn = frame.conn;
  // The channel name states the subscribed depth: "book-1000" (v1 book page: 10/25/100/500/1000).
  s.depthFromChannel(name);
  if (partAs[0] !== undefined || partBs[0] !== undefined) {
    const book = s.beginSnapshot(sink);
    applyLevels(book, BID, partBs[0] as readonly V1Level[] | undefined, undefined);
    applyLevels(book, ASK, partAs[0] as readonly V1Level[] | undefined, undefined);
    // v1 snapshots carry no checksum (venues.md §6.1) and no event time (level times are order times).
    s.commit(true, NaN, NaN, frame.tUs, sink);
    return;
  }
  if (!s.acceptsUpdate(frame.tUs, sink)) return;
  const book = sink.book(s.key);
  s.beginUpdate();
  let exchMs = NaN;
  let c: unknown;
  for (let j = 0; j < last; j++) {
    exchMs = maxTime(exchMs, applyLevels(book, BID, partB[j] as readonly V1Level[] | undefined, s));
    exchMs = maxTime(exchMs, applyLevels(book, ASK, partA[j] as readonly V1Level[] | undefined, s));
    if (partC[j] !== undefined) c = partC[j];
  }
  // All changes of the message are in; then truncate and check (book-sync.ts).
  const expected = typeof c === 'string' && c !== '' ? parseDecimal(c) : NaN; // = Number(c)
  if (expected !== expected) sink.onProblem('checksum-missing', s.key, 'v1 book update without c', frame.tUs);
  s.commit(false, expected, exchMs, frame.tUs, sink);
}

const maxTime = (a: number, b: number): number => (b > a || a !== a ? b : a);

/** Apply levels; returns the latest level time in ms (NaN if none), republished levels excluded
 * (their time is the original order's, PROVENANCE.md §4.5). `s` (updates) learns which prices
 * change, for its checksum reuse. */
function applyLevels(book: L2Book, side: typeof BID | typeof ASK, levels: readonly V1Level[] | undefined, s: KrakenBookSync | undefined): number {
  if (levels === undefined) return NaN;
  const isBid = side === BID;
  const bs = isBid ? book.bids : book.asks;
  let tMs = NaN;
  for (let i = 0; i < levels.length; i++) {
    const l = levels[i]!;
    bs.setStr(l[0], l[1]);
    // the price as setStr parsed it (the edge test needs only that the message's levels are
    // all noted before commit, so noting after the set is the same)
    if (s !== undefined) s.notePx(isBid, bs.lastPx);
    if (l[3] !== 'r' && typeof l[2] === 'string') {
      // parseDecimal(x) is bit-identical to +x, without the generic conversion
      const t = parseDecimal(l[2]) * 1000;
      if (t > tMs || tMs !== tMs) tMs = t;
    }
  }
  return tMs;
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
