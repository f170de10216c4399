import { streamKeyOf, type RawFrame } from '../../core/types';
import type { AdapterSink, VenueAdapter } from '../types';
import { DepthSync } from './depth-sync';
import {
  isBookTicker,
  isDepthSnapshot,
  isDepthUpdate,
  isObj,
  isStreamAck,
  isTradeLike,
  isWsApiResponse,
  type Obj,
  type WsApiResponse,
} from './messages';
import { depthSymbolsOfUrl, symbolOfSnapshotId, symbolOfUrl } from './meta';
import { retryAfterMsOf, snapshotErrorCode } from './retry';

/**
 * Binance spot (venues.md §2): combined-stream wrapper or raw payloads, diff depth under the §2.3
 * procedure (DepthSync), trades, bookTicker as the book's oracle, snapshots from the WS-API, REST,
 * or inline (hftbacktest captures, PROVENANCE.md §2 HBT). Never throws: every frame is wrapped.
 */
export class BinanceSpotAdapter implements VenueAdapter {
  readonly venue = 'binance' as const;
  private readonly syncs = new Map<string, DepthSync>();

  parse(text: string): unknown {
    return JSON.parse(text);
  }

  onFrame(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
    try {
      switch (frame.kind) {
        case 'ws':
          return this.onWs(frame, msg, sink);
        case 'rest':
          return this.onRest(frame, msg, sink);
        case 'rest_error':
          return this.onRestError(frame, sink);
        case 'ws_open':
          for (const sym of depthSymbolsOfUrl(frame.url)) this.sync(sym).onOpen(frame.conn, frame.tUs, sink);
          return;
        case 'ws_close':
          for (const s of this.syncs.values()) if (s.conn === frame.conn) s.onClose('ws_close', frame.tUs, sink);
          return;
        case 'ws_sent':
          return; // our own subscribe / snapshot requests: the responses say everything
      }
    } catch (e) {
      sink.onProblem('adapter-error', undefined, `${frame.kind} on ${frame.conn}: ${String(e)}`, frame.tUs);
    }
  }

  private onWs(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
    if (!isObj(msg)) return sink.onUnknown(undefined, 'not a JSON object', frame.tUs);
    // Combined streams wrap the payload: {"stream":"<name>","data":{…}} (venues.md §2.1).
    const p = typeof msg.stream === 'string' && isObj(msg.data) ? msg.data : msg;
    switch (p.e) {
      case 'depthUpdate': {
        if (!isDepthUpdate(p)) return this.bad(p, 'depthUpdate', frame, sink);
        const s = this.sync(p.s);
        if (s.conn === undefined) s.conn = frame.conn;
        return s.onDepth(p, frame.tUs, sink);
      }
      case 'trade':
      case 'aggTrade': {
        if (!isTradeLike(p)) return this.bad(p, p.e, frame, sink);
        // m = "is the buyer the market maker" ⇒ m=true means the taker SOLD (venues.md §2.2).
        const id = p.e === 'trade' ? p.t : p.a;
        const exchMs = typeof p.E === 'number' ? p.E : p.T;
        sink.onTrade(this.sync(p.s).key, p.p, p.q, p.m ? 'sell' : 'buy', exchMs, frame.tUs, typeof id === 'number' ? id : NaN);
        return;
      }
      case 'kline':
        return; // subscribed by some captures, not used by the monitor: known, emits nothing
      case 'serverShutdown':
        // venues.md §2.1 (2026): the server is about to go away; the live source reconnects.
        return sink.onProblem('server-shutdown', undefined, 'serverShutdown notice', frame.tUs);
      case undefined:
        break;
      default:
        return sink.onUnknown(typeof p.s === 'string' ? this.sync(p.s).key : undefined, `event ${String(p.e)}`, frame.tUs);
    }
    if (isBookTicker(p)) {
      return sink.onVenueBbo(this.sync(p.s).key, p.u, p.b, p.B, p.a, p.A, frame.tUs);
    }
    if (isWsApiResponse(p)) return this.onWsApi(p, frame, sink);
    if (isStreamAck(p)) return; // {"result":null,"id":1} (venues.md §2.1)
    sink.onUnknown(undefined, 'unrecognised message', frame.tUs);
  }

  private onWsApi(r: WsApiResponse, frame: RawFrame, sink: AdapterSink): void {
    const sym = symbolOfSnapshotId(r.id);
    if (sym === undefined) return sink.onUnknown(undefined, `WS-API response id ${String(r.id)}`, frame.tUs);
    const s = this.sync(sym);
    if (r.status === 200) {
      if (!isDepthSnapshot(r.result)) return this.bad(r, 'WS-API depth result', frame, sink);
      return s.onSnapshot(r.result, frame.tUs, sink);
    }
    const detail = `WS-API depth status ${r.status}: ${isObj(r.error) ? String(r.error.msg) : ''}`;
    s.onSnapshotError(snapshotErrorCode(r.status), detail, retryAfterMsOf(r.status, r.error?.data, frame.tUs), frame.tUs, sink);
  }

  private onRest(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
    if (!isDepthSnapshot(msg)) return sink.onUnknown(undefined, `rest ${frame.url ?? '(no url)'}: not a depth snapshot`, frame.tUs);
    const sym = symbolOfUrl(frame.url) ?? this.onlyAwaiting();
    if (sym === undefined) {
      return sink.onProblem('snapshot-unassigned', undefined, `snapshot ${msg.lastUpdateId} without a url and not exactly one symbol awaiting one`, frame.tUs);
    }
    this.sync(sym).onSnapshot(msg, frame.tUs, sink);
  }

  /** `rest_error` msg = `{"status":…,"body":…}` (TEAM-NOTES "Frame record"), url = the request. */
  private onRestError(frame: RawFrame, sink: AdapterSink): void {
    let status = 0;
    let body: unknown;
    let hint: unknown;
    try {
      const m: unknown = JSON.parse(frame.text);
      if (isObj(m)) {
        status = typeof m.status === 'number' ? m.status : 0;
        body = m.body;
        // The live source records a Retry-After header as epoch-ms `retryAfter` (snapshot-fetcher.ts).
        if (typeof m.retryAfter === 'number') hint = { retryAfter: m.retryAfter };
      }
    } catch {
      // keep status 0: the record itself is damaged, the request still failed
    }
    const sym = symbolOfUrl(frame.url) ?? this.onlyAwaiting();
    const detail = `REST depth status ${status}: ${typeof body === 'string' ? body.slice(0, 200) : ''}`;
    if (sym === undefined) return sink.onProblem(snapshotErrorCode(status), undefined, detail, frame.tUs);
    this.sync(sym).onSnapshotError(snapshotErrorCode(status), detail, retryAfterMsOf(status, hint ?? body, frame.tUs), frame.tUs, sink);
  }

  /** hftbacktest writes its REST snapshot inline without a URL (PROVENANCE.md §2 HBT): it belongs
   * to the one symbol waiting for a snapshot, if exactly one is. */
  private onlyAwaiting(): string | undefined {
    let found: string | undefined;
    for (const s of this.syncs.values()) {
      if (s.state === 'live' || !s.requested) continue;
      if (found !== undefined) return undefined;
      found = s.symbol;
    }
    return found;
  }

  private sync(symbol: string): DepthSync {
    let s = this.syncs.get(symbol);
    if (s === undefined) {
      s = new DepthSync(symbol, streamKeyOf('binance', symbol));
      this.syncs.set(symbol, s);
    }
    return s;
  }

  private bad(m: Obj | WsApiResponse, what: string, frame: RawFrame, sink: AdapterSink): void {
    const s = (m as Obj).s;
    sink.onProblem('bad-message', typeof s === 'string' ? this.sync(s).key : undefined, `malformed ${what}`, frame.tUs);
  }
}
