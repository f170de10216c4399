import { streamKeyOf, type RawFrame, type StreamKey } from '../../core/types';
import { isBookTicker, isDepthSnapshot, isObj, isStreamAck, isTradeLike, type Obj } from '../binance/messages';
import { depthSymbolsOfUrl, symbolOfUrl } from '../binance/meta';
import { retryAfterMsOf, snapshotErrorCode } from '../binance/retry';
import type { AdapterSink, VenueAdapter } from '../types';
import { FuturesDepthSync } from './depth-sync';
import { isFuturesDepthUpdate, isMarkPriceUpdate, isOffBookTrade, type MarkPriceUpdate } from './messages';

/**
 * Binance USDⓈ-M perpetuals (venues.md §3): diff depth under the futures `pu` rule
 * (FuturesDepthSync), bookTicker as the oracle, trades, mark/index/funding references, REST
 * snapshots (recorded with their URL, or inline without one as hftbacktest does). Never throws.
 */
export class BinanceUsdmAdapter implements VenueAdapter {
  readonly venue = 'binance-usdm' as const;
  private readonly syncs = new Map<string, FuturesDepthSync>();
  /** Symbols whose `@trade` stream is subscribed (seen in a ws_open URL) or has delivered: their
   * `aggTrade`s would count the same fills twice, so only `trade` feeds onTrade for them. */
  private readonly tradeFed = new Set<string>();

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
          return this.onOpen(frame, sink);
        case 'ws_close':
          for (const s of this.syncs.values()) if (s.conn === frame.conn) s.onClose('ws_close', frame.tUs, sink);
          return;
        case 'ws_sent':
          return;
      }
    } catch (e) {
      sink.onProblem('adapter-error', undefined, `${frame.kind} on ${frame.conn}: ${String(e)}`, frame.tUs);
    }
  }

  private onWs(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
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

  private onOpen(frame: RawFrame, sink: AdapterSink): void {
    const url = frame.url;
    for (const sym of depthSymbolsOfUrl(url)) this.sync(sym).onOpen(frame.conn, frame.tUs, sink);
    const m = url === undefined ? null : /[?&]streams=([^&#]+)/.exec(url);
    if (m?.[1] === undefined) return;
    for (const name of decodeURIComponent(m[1]).split('/')) {
      if (name.endsWith('@trade')) this.tradeFed.add(name.slice(0, -6).toUpperCase());
    }
  }

  private onRest(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
    if (!isDepthSnapshot(msg)) return sink.onUnknown(undefined, `rest ${frame.url ?? '(no url)'}: not a depth snapshot`, frame.tUs);
    const sym = symbolOfUrl(frame.url) ?? this.onlyAwaiting();
    if (sym === undefined) {
      return sink.onProblem('snapshot-unassigned', undefined, `snapshot ${msg.lastUpdateId} without a url and not exactly one symbol awaiting one`, frame.tUs);
    }
    this.sync(sym).onSnapshot(msg, frame.tUs, sink);
  }

  /** `rest_error` msg = `{"status":…,"body":…}` (TEAM-NOTES "Frame record"); 429/418 back off. */
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
      // status 0: the record is damaged, the request still failed
    }
    const sym = symbolOfUrl(frame.url) ?? this.onlyAwaiting();
    const detail = `REST depth status ${status}: ${typeof body === 'string' ? body.slice(0, 200) : ''}`;
    if (sym === undefined) return sink.onProblem(snapshotErrorCode(status), undefined, detail, frame.tUs);
    this.sync(sym).onSnapshotError(snapshotErrorCode(status), detail, retryAfterMsOf(status, hint ?? body, frame.tUs), frame.tUs, sink);
  }

  /** hftbacktest writes its REST snapshot inline without a URL (PROVENANCE.md §2 HBT): it belongs
   * to the one symbol waiting for a snapshot, if exactly one is — or, as in the 2023-04-04 USD-M
   * capture where it lands before the first depth event, to the only symbol not yet live. */
  private onlyAwaiting(): string | undefined {
    let asked: string | undefined;
    let notLive: string | undefined;
    let askedN = 0;
    let notLiveN = 0;
    for (const s of this.syncs.values()) {
      if (s.state === 'live') continue;
      notLiveN++;
      notLive = s.symbol;
      if (!s.requested) continue;
      askedN++;
      asked = s.symbol;
    }
    if (askedN > 0) return askedN === 1 ? asked : undefined;
    return notLiveN === 1 ? notLive : undefined;
  }

  private sync(symbol: string): FuturesDepthSync {
    let s = this.syncs.get(symbol);
    if (s === undefined) {
      s = new FuturesDepthSync(symbol, streamKeyOf('binance-usdm', symbol));
      this.syncs.set(symbol, s);
    }
    return s;
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
