import { streamKeyOf as streamKeyOf_IMPORT, type RawFrame, type StreamKey } from '../../core/types';
import type { AdapterSink, VenueAdapter } from '../types';
import { BybitBookSync } from './book-sync';
import { isBookData as isBookData_IMPORT, isObj as isObj_IMPORT, isTradeData as isTradeData_IMPORT, tradeIdOf as tradeIdOf_IMPORT, type BookData, type Obj } from './messages';
import { FrameScan } from '../common/frame-scan';
import { BookMsg, scanBook as scanBook_IMPORT } from './scan';
import { TickerCache } from './tickers';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const streamKeyOf = streamKeyOf_IMPORT;
const isBookData = isBookData_IMPORT;
const isObj = isObj_IMPORT;
const isTradeData = isTradeData_IMPORT;
const tradeIdOf = tradeIdOf_IMPORT;
const scanBook = scanBook_IMPORT;

export const BYBIT_CATEGORIES = ['spot', 'linear'] as const;
export type BybitCategory = (typeof BYBIT_CATEGORIES)[number];
export type BybitVenueId = `bybit-${BybitCategory}`;

/** Topic families we know but do not use: they emit nothing (venues.md §7). */
const IGNORED_TOPICS = ['kline.', 'allLiquidation.', 'liquidation.', 'orderbook.rpi.'] as const;

/**
 * Bybit v5 public (venues.md §7), one instance per category (`spot`, `linear`: the venue ids
 * `bybit-spot`, `bybit-linear`; each category has its own socket URL, §7.1). Books follow
 * BybitBookSync; `publicTrade` → trades (S = taker side); linear `tickers` → reference values.
 * Never throws: every frame is wrapped.
 */
export class BybitAdapter implements VenueAdapter {
  readonly venue: BybitVenueId;
  /** Book sync per orderbook topic string (the parsed topic is the key: no slicing per frame);
   * `null` = a second depth for a symbol that already has a book (ignored, counted). */
  private readonly byTopic = new Map<string, BybitBookSync | null>();
  private readonly bySymbol = new Map<string, BybitBookSync>();
  private readonly tickers = new Map<string, TickerCache>();
  private readonly keys = new Map<string, StreamKey>();
  private readonly scan = new FrameScan();
  /** The book message being handled (reused: parse → onFrame of one frame at a time). */
  private readonly bookMsg = new BookMsg();

  constructor(readonly category: BybitCategory) {
    this.venue = `bybit-${category}`;
  }

  /** Book pushes in their usual spelling are read straight into `bookMsg` (scan.ts); every
   * other frame, and any book push outside that subset, goes through JSON.parse. */
  parse(text: string): unknown {
    return scanBook(text, this.scan, this.bookMsg) ? this.bookMsg : JSON.parse(text);
  }

  onFrame(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
    try {
      switch (frame.kind) {
        case 'ws':
          return this.onWs(frame, msg, sink);
        case 'ws_sent':
          return this.onSent(frame, sink);
        case 'ws_open':
          // A new socket under a label that fed books: whatever they held cannot be continued.
          return this.closeConn(frame.conn, 'reopened without a close', frame.tUs, sink);
        case 'ws_close':
          return this.closeConn(frame.conn, 'ws_close', frame.tUs, sink);
        case 'rest':
        case 'rest_error':
          // Bybit books come in-stream (§7.2); we never request REST snapshots.
          return sink.onUnknown(undefined, `${frame.kind} frame on a Bybit connection`, frame.tUs);
      }
    } catch (e) {
      sink.onProblem('adapter-error', undefined, `${frame.kind} on ${frame.conn}: ${String(e)}`, frame.tUs);
    }
  }

  /** A book's sync state, for tests and the UI. */
  bookSync(symbol: string): BybitBookSync | undefined {
    return this.bySymbol.get(symbol);
  }

  ticker(symbol: string): TickerCache | undefined {
    return this.tickers.get(symbol);
  }

  private onWs(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
    if (msg === this.bookMsg) return this.onBook(this.bookMsg, frame, sink);
    if (!isObj(msg)) return sink.onUnknown(undefined, 'not a JSON object', frame.tUs);
    const topic = msg.topic;
    if (typeof topic !== 'string') return this.onControl(msg, frame, sink);
    const exchMs = typeof msg.ts === 'number' ? msg.ts : NaN;
    const type = msg.type;
    // Key order of `ts`/`type` differs by product (§7.2): fields are read by name only.
    if (topic.startsWith('orderbook.')) {
      const m = this.bookMsg;
      const d = msg.data;
      m.topic = topic;
      m.type = type;
      m.ts = exchMs;
      m.ok = isBookData(d);
      if (m.ok) {
        const bd = d as BookData;
        m.s = bd.s;
        m.u = bd.u;
        m.b.wrap(bd.b);
        m.a.wrap(bd.a);
      }
      return this.onBook(m, frame, sink);
    }
    if (topic.startsWith('publicTrade.')) return this.onTrades(msg, topic, frame, sink);
    if (topic.startsWith('tickers.')) return this.onTicker(msg, type, exchMs, frame, sink);
    for (const p of IGNORED_TOPICS) if (topic.startsWith(p)) return;
    sink.onUnknown(undefined, `topic ${topic.slice(0, 60)}`, frame.tUs);
  }

  private onBook(m: BookMsg, frame: RawFrame, sink: AdapterSink): void {
    const sync = this.syncOf(m.topic, frame, sink);
    if (sync === undefined) return;
    if (!m.ok || m.s !== sync.symbol) return sink.onProblem('bad-message', sync.key, `malformed ${m.topic}`, frame.tUs);
    if (sync.conn === undefined) sync.conn = frame.conn;
    if (m.type === 'snapshot') return sync.onSnapshot(m, frame.tUs, sink);
    if (m.type === 'delta') return sync.onDelta(m, frame.tUs, sink);
    return sink.onUnknown(sync.key, `${m.topic} type ${String(m.type)}`, frame.tUs);
  }

  /** `publicTrade.{symbol}`: `data[]` ascending by time; `S` = taker side (venues.md §7.3,
   * BY-DOC trade.mdx "Side of taker"). */
  private onTrades(msg: Obj, topic: string, frame: RawFrame, sink: AdapterSink): void {
    const data = msg.data;
    if (!Array.isArray(data)) return sink.onProblem('bad-message', undefined, `malformed ${topic}`, frame.tUs);
    for (let i = 0; i < data.length; i++) {
      const t: unknown = data[i];
      if (!isTradeData(t)) return sink.onProblem('bad-message', undefined, `malformed ${topic} entry ${i}`, frame.tUs);
      const key = this.keyOf(t.s);
      const taker = t.S === 'Buy' ? 'buy' : t.S === 'Sell' ? 'sell' : undefined;
      if (taker === undefined) {
        sink.onProblem('bad-message', key, `trade side ${t.S.slice(0, 20)}`, frame.tUs);
        continue;
      }
      sink.onTrade(key, t.p, t.v, taker, typeof t.T === 'number' ? t.T : NaN, frame.tUs, tradeIdOf(t.i));
    }
  }

  /** Linear tickers carry mark/index/funding (merged deltas, TickerCache). Spot tickers are
   * snapshot-only 24 h statistics (§7.3): known, nothing we use. */
  private onTicker(msg: Obj, type: unknown, exchMs: number, frame: RawFrame, sink: AdapterSink): void {
    const d = msg.data;
    if (!isObj(d) || typeof d.symbol !== 'string') return sink.onProblem('bad-message', undefined, 'malformed tickers', frame.tUs);
    if (this.category === 'spot') return;
    if (type !== 'snapshot' && type !== 'delta') return sink.onUnknown(this.keyOf(d.symbol), `tickers type ${String(type)}`, frame.tUs);
    let c = this.tickers.get(d.symbol);
    if (c === undefined) this.tickers.set(d.symbol, (c = new TickerCache()));
    c.merge(type === 'snapshot', d, this.keyOf(d.symbol), exchMs, frame.tUs, sink);
  }

  /** Subscribe/unsubscribe acks and pongs (§7.1) emit nothing; a refusal is a problem. */
  private onControl(msg: Obj, frame: RawFrame, sink: AdapterSink): void {
    if (typeof msg.op !== 'string') return sink.onUnknown(undefined, 'message without topic or op', frame.tUs);
    if (msg.success === false) {
      sink.onProblem('subscribe-rejected', undefined, `${msg.op}: ${String(msg.ret_msg).slice(0, 200)}`, frame.tUs);
    }
  }

  /** Our own subscribe frames name the book topics: those streams are now `syncing`. */
  private onSent(frame: RawFrame, sink: AdapterSink): void {
    if (!frame.text.includes('"subscribe"') || !frame.text.includes('orderbook.')) return;
    let m: unknown;
    try {
      m = JSON.parse(frame.text);
    } catch {
      return; // our own frame: nothing the venue saw would differ
    }
    if (!isObj(m) || m.op !== 'subscribe' || !Array.isArray(m.args)) return;
    for (const a of m.args as unknown[]) {
      if (typeof a !== 'string' || !a.startsWith('orderbook.')) continue;
      this.syncOf(a, frame, sink)?.onSubscribed(frame.conn, frame.tUs, sink);
    }
  }

  private closeConn(conn: string, reason: string, tUs: number, sink: AdapterSink): void {
    for (const s of this.bySymbol.values()) if (s.conn === conn && s.state !== 'connecting') s.onClose(reason, tUs, sink);
  }

  /** The sync of an `orderbook.{depth}.{symbol}` topic, created on first sight (cold path). */
  private syncOf(topic: string, frame: RawFrame, sink: AdapterSink): BybitBookSync | undefined {
    const known = this.byTopic.get(topic);
    if (known !== undefined) {
      if (known === null) sink.onUnknown(undefined, `${topic} ignored: another depth feeds this book`, frame.tUs);
      return known ?? undefined;
    }
    const dot = topic.indexOf('.', 10);
    const depth = Number(topic.slice(10, dot));
    const symbol = topic.slice(dot + 1);
    if (dot < 0 || !Number.isInteger(depth) || symbol === '') {
      sink.onUnknown(undefined, `topic ${topic.slice(0, 60)}`, frame.tUs);
      return undefined;
    }
    const have = this.bySymbol.get(symbol);
    if (have !== undefined) {
      // One book per symbol: a second depth would interleave two unrelated `u` sequences.
      this.byTopic.set(topic, null);
      sink.onProblem('second-depth-ignored', have.key, `${topic} ignored: the book follows orderbook.${have.depth}`, frame.tUs);
      return undefined;
    }
    const s = new BybitBookSync(symbol, this.keyOf(symbol), depth);
    this.byTopic.set(topic, s);
    this.bySymbol.set(symbol, s);
    return s;
  }

  /** Cached: the pipeline looks streams up by key on every call, a fresh concatenation per
   * trade would be re-hashed each time. */
  private keyOf(symbol: string): StreamKey {
    let k = this.keys.get(symbol);
    if (k === undefined) this.keys.set(symbol, (k = streamKeyOf(this.venue, symbol)));
    return k;
  }
}
