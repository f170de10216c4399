import type { RawFrame } from '../../core/types';
import type { AdapterSink } from '../types';
import { BinanceAdapterBase } from './adapter-base';
import { SPOT_DEPTH_RULES } from './depth-rules';
import {
  isBookTicker,
  isDepthSnapshot,
  isDepthUpdate,
  isObj,
  isStreamAck,
  isTradeLike,
  isWsApiResponse,
  type DepthUpdate,
  type Obj,
  type WsApiResponse,
} from './messages';
import { symbolOfSnapshotId } from './meta';
import { retryAfterMsOf, snapshotErrorCode } from './retry';

/**
 * Binance spot (venues.md §2): combined-stream wrapper or raw payloads, diff depth under the §2.3
 * procedure (SPOT_DEPTH_RULES), trades, bookTicker as the book's oracle, snapshots from the WS-API, REST,
 * or inline (hftbacktest captures, PROVENANCE.md §2 HBT). Never throws: every frame is wrapped.
 */
export class BinanceSpotAdapter extends BinanceAdapterBase<DepthUpdate> {
  readonly venue = 'binance' as const;

  constructor() {
    super('binance', SPOT_DEPTH_RULES, false);
  }

  onWs(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
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

  private bad(m: Obj | WsApiResponse, what: string, frame: RawFrame, sink: AdapterSink): void {
    const s = (m as Obj).s;
    sink.onProblem('bad-message', typeof s === 'string' ? this.sync(s).key : undefined, `malformed ${what}`, frame.tUs);
  }
}
