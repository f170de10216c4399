import type { RawFrame, StreamKey } from '../../core/types';
import { BinanceAdapterBase } from '../binance/adapter-base';
import { isBookTicker, isObj, isStreamAck, isTradeLike, type Obj } from '../binance/messages';
import type { AdapterSink } from '../types';
import { USDM_DEPTH_RULES } from './depth-rules';
import { isFuturesDepthUpdate, isMarkPriceUpdate, isOffBookTrade, type FuturesDepthUpdate, type MarkPriceUpdate } from './messages';

/**
 * Binance USDⓈ-M perpetuals (venues.md §3): diff depth under the futures `pu` rule
 * (USDM_DEPTH_RULES), bookTicker as the oracle, trades, mark/index/funding references, REST
 * snapshots (recorded with their URL, or inline without one as hftbacktest does). Never throws.
 */
export class BinanceUsdmAdapter extends BinanceAdapterBase<FuturesDepthUpdate> {
  readonly venue = 'binance-usdm' as const;
  /** Symbols whose `@trade` stream is subscribed (seen in a ws_open URL) or has delivered: their
   * `aggTrade`s would count the same fills twice, so only `trade` feeds onTrade for them. */
  private readonly tradeFed = new Set<string>();

  constructor() {
    // An inline snapshot may arrive before any depth event (notLiveFallback, depth-books.ts).
    super('binance-usdm', USDM_DEPTH_RULES, true);
  }

  onWs(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
    if (!isObj(msg)) return sink.onUnknown(undefined, 'not a JSON object', frame.tUs);
    // Combined streams wrap the payload: {"stream":"<name>","data":{…}} (venues.md §2.1, §3.1).
    const p = typeof msg.stream === 'string' && isObj(msg.data) ? msg.data : msg;
    const tUs = frame.tUs;
    switch (p.e) {
      case 'depthUpdate': {
        if (!isFuturesDepthUpdate(p)) return this.bad(p, 'depthUpdate', tUs, sink);
        const s = this.sync(p.s);
        if (s.conn === undefined) s.conn = frame.conn;
        return s.onDepth(p, tUs, sink);
      }
      case 'bookTicker':
        // Futures bookTicker carries e/E/T (PROVENANCE.md §4.2); `u` is the book update id.
        if (!isBookTicker(p)) return this.bad(p, 'bookTicker', tUs, sink);
        return sink.onVenueBbo(this.sync(p.s).key, p.u, p.b, p.B, p.a, p.A, tUs);
      case 'trade':
        if (!isTradeLike(p)) return this.bad(p, 'trade', tUs, sink);
        this.tradeFed.add(p.s);
        if (isOffBookTrade(p.X)) return; // insurance-fund / ADL prints are not book executions
        return this.trade(p.s, p.p, p.q, p.m, p.T, tUs, p.t, sink);
      case 'aggTrade':
        if (!isTradeLike(p)) return this.bad(p, 'aggTrade', tUs, sink);
        if (this.tradeFed.has(p.s)) return; // the same fills arrive one by one on `@trade`
        return this.trade(p.s, p.p, p.q, p.m, p.T, tUs, p.a, sink);
      case 'markPriceUpdate':
        if (!isMarkPriceUpdate(p)) return this.bad(p, 'markPriceUpdate', tUs, sink);
        return this.mark(p, tUs, sink);
      case 'serverShutdown':
        // venues.md §2.1 documents it for spot; ⚠ unverified for USD-M, handled the same way.
        return sink.onProblem('server-shutdown', undefined, 'serverShutdown notice', tUs);
      case undefined:
        if (isStreamAck(p)) return; // {"result":null,"id":1}
        return sink.onUnknown(undefined, 'unrecognised message', tUs);
      default:
        return sink.onUnknown(typeof p.s === 'string' ? this.sync(p.s).key : undefined, `event ${String(p.e)}`, tUs);
    }
  }

  /** `m` = "is the buyer the market maker" ⇒ m=true: the taker SOLD (venues.md §2.2, §3.2;
   * tardis-node `side: m ? 'sell' : 'buy'`). Exchange time = the trade time `T`. */
  private trade(sym: string, px: string, sz: string, m: boolean, exchMs: unknown, tUs: number, id: unknown, sink: AdapterSink): void {
    // ids are informational (the tardis-node sample aggTrade has no `a`): NaN when absent
    sink.onTrade(this.sync(sym).key, px, sz, m ? 'sell' : 'buy', typeof exchMs === 'number' ? exchMs : NaN, tUs, typeof id === 'number' ? id : NaN);
  }

  /** Mark / index / funding (venues.md §3.2). Funding only when `r` is non-empty and `T != 0`:
   * delivery contracts send `T: 0` and sometimes `r: ''` (tardis-node
   * BinanceFuturesDerivativeTickerMapper). `P` (estimated settle price) has no RefField. */
  private mark(p: MarkPriceUpdate, tUs: number, sink: AdapterSink): void {
    const key = this.sync(p.s).key;
    const exchMs = typeof p.E === 'number' ? p.E : NaN;
    ref(sink, key, 'markPx', p.p, exchMs, tUs);
    if (typeof p.i === 'string') ref(sink, key, 'indexPx', p.i, exchMs, tUs); // absent in 2019 data
    if (typeof p.r === 'string' && p.r !== '' && typeof p.T === 'number' && p.T !== 0) {
      ref(sink, key, 'fundingRate', p.r, exchMs, tUs);
      sink.onReference(key, 'nextFundingMs', p.T, exchMs, tUs);
    }
  }

  override onOpen(frame: RawFrame, sink: AdapterSink): void {
    const url = frame.url;
    super.onOpen(frame, sink);
    const m = url === undefined ? null : /[?&]streams=([^&#]+)/.exec(url);
    if (m?.[1] === undefined) return;
    for (const name of decodeURIComponent(m[1]).split('/')) {
      if (name.endsWith('@trade')) this.tradeFed.add(name.slice(0, -6).toUpperCase());
    }
  }

  private bad(m: Obj, what: string, tUs: number, sink: AdapterSink): void {
    sink.onProblem('bad-message', typeof m.s === 'string' ? this.sync(m.s).key : undefined, `malformed ${what}`, tUs);
  }
}

/** A reference value from a venue decimal string; a non-number string is a problem, not a NaN. */
function ref(sink: AdapterSink, key: StreamKey, field: 'markPx' | 'indexPx' | 'fundingRate', s: string, exchMs: number, tUs: number): void {
  const v = +s;
  if (s !== '' && v === v) sink.onReference(key, field, v, exchMs, tUs);
  else sink.onProblem('bad-message', key, `${field} "${s.slice(0, 40)}" is not a number`, tUs);
}
