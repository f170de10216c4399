import { streamKeyOf as streamKeyOf_IMPORT, type RawFrame, type StreamKey } from '../../core/types';
import type { AdapterSink, VenueAdapter } from '../types';
import { OkxBookSync } from './book-sync';
import { FrameScan } from '../common/frame-scan';
import { OkxBookMsg, OkxBooksPush, scanBooks as scanBooks_IMPORT } from './scan';
import { FULL_BOOKS as FULL_BOOKS_IMPORT, INCREMENTAL_BOOKS as INCREMENTAL_BOOKS_IMPORT, onEvent as onEvent_IMPORT, onSent as onSent_IMPORT } from './control';
import { contractSizeOf as contractSizeOf_IMPORT, isInstrumentsPush as isInstrumentsPush_IMPORT } from './instruments';
import { isBookData as isBookData_IMPORT, isObj as isObj_IMPORT, isPush as isPush_IMPORT, isRestBooks as isRestBooks_IMPORT, isTradeData as isTradeData_IMPORT, levelsOk as levelsOk_IMPORT, num as num_IMPORT, seqOf as seqOf_IMPORT, type Obj, type Push } from './messages';
import { contractTypeOf as contractTypeOf_IMPORT, indexOfInstrument as indexOfInstrument_IMPORT, instIdOfUrl as instIdOfUrl_IMPORT, isBooksUrl as isBooksUrl_IMPORT } from './meta';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const streamKeyOf = streamKeyOf_IMPORT;
const FULL_BOOKS = FULL_BOOKS_IMPORT;
const INCREMENTAL_BOOKS = INCREMENTAL_BOOKS_IMPORT;
const scanBooks = scanBooks_IMPORT;
const onEvent = onEvent_IMPORT;
const onSent = onSent_IMPORT;
const contractSizeOf = contractSizeOf_IMPORT;
const isInstrumentsPush = isInstrumentsPush_IMPORT;
const isBookData = isBookData_IMPORT;
const isObj = isObj_IMPORT;
const isPush = isPush_IMPORT;
const isRestBooks = isRestBooks_IMPORT;
const isTradeData = isTradeData_IMPORT;
const levelsOk = levelsOk_IMPORT;
const num = num_IMPORT;
const seqOf = seqOf_IMPORT;
const contractTypeOf = contractTypeOf_IMPORT;
const indexOfInstrument = indexOfInstrument_IMPORT;
const instIdOfUrl = instIdOfUrl_IMPORT;
const isBooksUrl = isBooksUrl_IMPORT;

/** What `parse` returns for the plain-text keep-alive answer `pong` (not JSON, venues.md §4.1). */
export const PONG: unique symbol = Symbol('okx-pong');

/** Channels the monitor receives but does not use: known, they emit nothing. */
const IGNORED = new Set(['tickers', 'open-interest', 'price-limit', 'estimated-price', 'opt-summary']);

/**
 * OKX v5 public (venues.md §4): `books`-family books under the seqId chain / legacy checksum
 * (OkxBookSync), trades, and the derivative references mark / index / funding. Never throws:
 * every frame is wrapped. StreamKey = `okx:<instId>`.
 */
export class OkxAdapter implements VenueAdapter {
  readonly venue = 'okx' as const;
  private readonly books = new Map<string, OkxBookSync>();
  private readonly keys = new Map<string, StreamKey>();
  /** index id (`BTC-USDT`) → SWAP / dated-future instIds built on it, for `index-tickers` fan-out. */
  private readonly swapsOfIndex = new Map<string, string[]>();
  /** The sink and time of the frame being digested: key() tells the sink, the moment it first
   * names a contract instrument, that its size unit is unknown (before any of its events). */
  private sink: AdapterSink | undefined;
  private frameTUs = 0;
  private readonly scan = new FrameScan();
  /** The books push being handled when scan.ts read it (reused: one frame at a time). */
  private readonly scanned = new OkxBooksPush();
  /** The book element being handled when JSON.parse read it (reused likewise). */
  private readonly parsedBook = new OkxBookMsg();

  parse(text: string): unknown {
    // The keep-alive answer is the bare text `pong` (venues.md §1.3, §4.1): not bad JSON.
    if (text === 'pong') return PONG;
    // Incremental book pushes in OKX's own spelling skip JSON.parse (scan.ts); all else parses.
    return scanBooks(text, this.scan, this.scanned, INCREMENTAL_BOOKS) ? this.scanned : JSON.parse(text);
  }

  onFrame(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
    this.sink = sink;
    this.frameTUs = frame.tUs;
    try {
      switch (frame.kind) {
        case 'ws':
          return this.onWs(frame, msg, sink);
        case 'rest':
          return this.onRest(frame, msg, sink);
        case 'rest_error':
          return this.onRestError(frame, sink);
        case 'ws_sent':
          return onSent(frame, (instId) => this.key(instId), (instId) => this.sync(instId).onSubscribe(frame.conn, frame.tUs, sink));
        case 'ws_open':
          return; // subscriptions are in-band: the books wait for our subscribe frames (ws_sent)
        case 'ws_close':
          for (const s of this.books.values()) if (s.conn === frame.conn) s.onClose('ws_close', frame.tUs, sink);
          return;
      }
    } catch (e) {
      sink.onProblem('adapter-error', undefined, `${frame.kind} on ${frame.conn}: ${String(e)}`, frame.tUs);
    }
  }

  private onWs(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
    if (msg === PONG) return; // keep-alive answer: liveness only
    if (msg === this.scanned) return this.onScannedBooks(this.scanned, frame, sink);
    if (!isObj(msg)) return sink.onUnknown(undefined, 'not a JSON object', frame.tUs);
    if (typeof msg.event === 'string') return onEvent(msg, frame.tUs, sink);
    if (isInstrumentsPush(msg)) return this.onInstruments(msg.data, frame.tUs, sink);
    if (!isPush(msg)) return sink.onUnknown(undefined, 'unrecognised message', frame.tUs);
    const ch = msg.arg.channel;
    const instId = msg.arg.instId;
    if (INCREMENTAL_BOOKS.has(ch)) return this.onBooks(msg, frame, sink);
    if (FULL_BOOKS.has(ch)) return this.onFullBook(msg, frame, sink);
    switch (ch) {
      case 'trades':
      case 'trades-all':
        return this.onTrades(msg, frame.tUs, sink);
      case 'mark-price':
        return this.onMark(msg, frame.tUs, sink);
      case 'index-tickers':
        return this.onIndex(msg, frame.tUs, sink);
      case 'funding-rate':
        return this.onFunding(msg, frame.tUs, sink);
    }
    if (IGNORED.has(ch)) return;
    sink.onUnknown(this.key(instId), `channel ${ch}`, frame.tUs);
  }

  private onBooks(m: Push, frame: RawFrame, sink: AdapterSink): void {
    const s = this.sync(m.arg.instId);
    if (s.conn === undefined) s.conn = frame.conn;
    const snapshot = m.action === 'snapshot';
    if (!snapshot && m.action !== 'update') return this.bad(m, `${m.arg.channel} action ${String(m.action)}`, frame, sink);
    for (let i = 0; i < m.data.length; i++) {
      const d = m.data[i];
      if (!isBookData(d)) return this.bad(m, `${m.arg.channel} data`, frame, sink);
      if (snapshot) s.onSnapshot(this.parsedBook.fromParsed(d), frame.tUs, sink);
      else s.onUpdate(this.parsedBook.fromParsed(d), frame.tUs, sink);
    }
  }

  /** onBooks for a push scan.ts read: one data element, action snapshot or update. */
  private onScannedBooks(p: OkxBooksPush, frame: RawFrame, sink: AdapterSink): void {
    const s = this.sync(p.instId);
    if (s.conn === undefined) s.conn = frame.conn;
    if (p.snapshot) s.onSnapshot(p.d, frame.tUs, sink);
    else s.onUpdate(p.d, frame.tUs, sink);
  }

  private onFullBook(m: Push, frame: RawFrame, sink: AdapterSink): void {
    const s = this.sync(m.arg.instId);
    if (s.conn === undefined) s.conn = frame.conn;
    for (let i = 0; i < m.data.length; i++) {
      const d = m.data[i];
      if (!isBookData(d)) return this.bad(m, `${m.arg.channel} data`, frame, sink);
      s.onFull(this.parsedBook.fromParsed(d), frame.tUs, sink);
    }
  }

  private onTrades(m: Push, tUs: number, sink: AdapterSink): void {
    const key = this.key(m.arg.instId);
    for (let i = 0; i < m.data.length; i++) {
      const t = m.data[i];
      if (!isTradeData(t)) return sink.onProblem('bad-message', key, `malformed ${m.arg.channel} data`, tUs);
      // `side` is the taker side (venues.md §4.5).
      sink.onTrade(key, t.px, t.sz, t.side, num(t.ts), tUs, num(t.tradeId));
    }
  }

  /** `mark-price`: markPx (venues.md §4.5). */
  private onMark(m: Push, tUs: number, sink: AdapterSink): void {
    const key = this.key(m.arg.instId);
    for (let i = 0; i < m.data.length; i++) {
      const d = m.data[i];
      if (!isObj(d) || ref(sink, key, 'markPx', d.markPx, num(d.ts), tUs) === 0) {
        return sink.onProblem('bad-message', key, 'malformed mark-price data', tUs);
      }
    }
  }

  /** `funding-rate`: fundingRate, and fundingTime as nextFundingMs. `fundingTime` is the
   * settlement time of the CURRENT `fundingRate`; `nextFundingTime` is the period after (ccxt okx
   * `parseFundingRate`: "nextFundingRate is actually two funding rates from now", it maps
   * fundingTime → fundingTimestamp; tardis-node maps fundingTime to its next-funding timestamp;
   * venues.md §4.5). Either field may be missing (tardis shape sample without fundingRate). */
  private onFunding(m: Push, tUs: number, sink: AdapterSink): void {
    const key = this.key(m.arg.instId);
    for (let i = 0; i < m.data.length; i++) {
      const d = m.data[i];
      if (!isObj(d)) return sink.onProblem('bad-message', key, 'malformed funding-rate data', tUs);
      const exchMs = num(d.ts);
      const n = ref(sink, key, 'fundingRate', d.fundingRate, exchMs, tUs) + ref(sink, key, 'nextFundingMs', d.fundingTime, exchMs, tUs);
      if (n === 0) sink.onProblem('bad-message', key, 'funding-rate without fundingRate or fundingTime', tUs);
    }
  }

  /** `index-tickers`: instId is the index (`BTC-USDT`); its idxPx is also the index price of every
   * SWAP (and dated future) built on it (`BTC-USDT-SWAP`; tardis-node `_getIndexSymbol`, venues.md §4.1). */
  private onIndex(m: Push, tUs: number, sink: AdapterSink): void {
    const index = m.arg.instId;
    for (let i = 0; i < m.data.length; i++) {
      const d = m.data[i];
      const px = isObj(d) ? num(d.idxPx) : NaN;
      if (!isObj(d) || px !== px) return sink.onProblem('bad-message', this.key(index), 'malformed index-tickers data', tUs);
      const exchMs = num(d.ts);
      sink.onReference(this.key(index), 'indexPx', px, exchMs, tUs);
      const swaps = this.swapsOfIndex.get(index);
      if (swaps !== undefined) for (const s of swaps) sink.onReference(this.key(s), 'indexPx', px, exchMs, tUs);
    }
  }

  /** `instruments` push (instruments.ts): the contract size of each of OUR contract instruments
   * (every other instrument of the type is skipped: no stream is created for it). */
  private onInstruments(data: readonly unknown[], tUs: number, sink: AdapterSink): void {
    let bad = 0;
    for (let i = 0; i < data.length; i++) {
      const d: unknown = data[i];
      if (!isObj(d) || typeof d.instId !== 'string') {
        bad++;
        continue;
      }
      const key = this.keys.get(d.instId);
      if (key === undefined || contractTypeOf(d.instId) === undefined) continue;
      this.onContract(key, d, tUs, sink);
    }
    if (bad > 0) sink.onProblem('bad-message', undefined, `instruments: ${bad} malformed entries`, tUs);
  }

  private onContract(key: StreamKey, d: Obj, tUs: number, sink: AdapterSink): void {
    const c = contractSizeOf(d);
    if ('error' in c) {
      // Unknown, never guessed: the stream's size-based metrics stay (or become) NaN.
      sink.onInstrument(key, NaN, false, tUs);
      return sink.onProblem('bad-message', key, `instruments ${c.error}`, tUs);
    }
    sink.onInstrument(key, c.sizeUnit, c.isInverse, tUs);
  }

  private onRest(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
    const instId = isBooksUrl(frame.url) ? instIdOfUrl(frame.url) : undefined;
    if (instId === undefined) return sink.onUnknown(undefined, `rest ${frame.url ?? '(no url)'}: not a market/books answer`, frame.tUs);
    const s = this.sync(instId);
    if (!isRestBooks(msg)) return s.onRestError('snapshot-failed', `market/books ${instId}: unexpected body`, frame.tUs, sink);
    if (msg.code !== '0') return s.onRestError('snapshot-failed', `market/books ${instId}: code ${msg.code} ${String(msg.msg ?? '')}`, frame.tUs, sink);
    const d = msg.data[0];
    // Levels as in the stream; `seqId` may come as a number or a string (⚠ unverified), read apart.
    if (!isObj(d) || !levelsOk(d.asks) || !levelsOk(d.bids)) return s.onRestError('snapshot-failed', `market/books ${instId}: malformed data`, frame.tUs, sink);
    s.onRestSnapshot(new OkxBookMsg().fromParsed({ asks: d.asks, bids: d.bids }), seqOf(d.seqId), frame.tUs, sink);
  }

  /** `rest_error` msg = `{"status":…,"body":…}` (TEAM-NOTES "Frame record"), url = the request. */
  private onRestError(frame: RawFrame, sink: AdapterSink): void {
    const instId = isBooksUrl(frame.url) ? instIdOfUrl(frame.url) : undefined;
    const detail = `market/books failed: ${frame.text.slice(0, 200)}`;
    if (instId === undefined) return sink.onProblem('snapshot-failed', undefined, detail, frame.tUs);
    this.sync(instId).onRestError('snapshot-failed', detail, frame.tUs, sink);
  }

  private sync(instId: string): OkxBookSync {
    let s = this.books.get(instId);
    if (s === undefined) {
      s = new OkxBookSync(instId, this.key(instId));
      this.books.set(instId, s);
    }
    return s;
  }

  /** The stream key, cached (no string building per message); registers derivatives under their index. */
  private key(instId: string): StreamKey {
    let k = this.keys.get(instId);
    if (k === undefined) {
      k = streamKeyOf('okx', instId);
      this.keys.set(instId, k);
      // Contract sizes count contracts of a size only the `instruments` push tells (instruments.ts):
      // until it does, the stream's sizes are in unknown units. Spot sizes are base units already.
      if (contractTypeOf(instId) !== undefined) this.sink?.onInstrument(k, NaN, false, this.frameTUs);
      const index = indexOfInstrument(instId);
      if (index !== undefined) {
        const list = this.swapsOfIndex.get(index);
        if (list === undefined) this.swapsOfIndex.set(index, [instId]);
        else list.push(instId);
      }
    }
    return k;
  }

  private bad(m: Push, what: string, frame: RawFrame, sink: AdapterSink): void {
    sink.onProblem('bad-message', this.key(m.arg.instId), `malformed ${what}`, frame.tUs);
  }
}

/** One reference value if the field holds a finite number (OKX leaves unset fields ""). */
function ref(sink: AdapterSink, key: StreamKey, field: 'markPx' | 'fundingRate' | 'nextFundingMs', raw: unknown, exchMs: number, tUs: number): number {
  const v = num(raw);
  if (!Number.isFinite(v)) return 0;
  sink.onReference(key, field, v, exchMs, tUs);
  return 1;
}
