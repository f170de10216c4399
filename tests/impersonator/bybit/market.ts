/**
 * The Bybit market as of the replay position: a naive reference book per orderbook topic (plain
 * Maps, ../reference-book.ts) and the merged `tickers` object per symbol. It answers what the
 * protocol makes the server build itself (venues.md §7.2–7.3): the snapshot a new subscription
 * gets (the capture's book now, with the `u` the capture's next delta continues from), the
 * tickers snapshot, and a service restart (`u` starts again at 1; later deltas are renumbered).
 */
import type { Level } from '../capture';
import { ReferenceBook } from '../reference-book';
import type { BybitBookData, BybitCategory, BybitFrame } from './capture';

interface TopicState {
  category: BybitCategory;
  topic: string;
  symbol: string;
  book: ReferenceBook;
  /** `u` and `seq` of the last captured message applied. */
  capU: number;
  seq: number;
  tsMs: number;
  cts: number;
  /** After a restart: the captured `u` that went out as 1 (0 = no restart). */
  uBase: number;
}

interface TickerState {
  data: Record<string, unknown>;
  cs: number;
  tsMs: number;
  /** Spot tickers are snapshot-only (§7.3): the last one, byte for byte. */
  lastText: string;
}

const key = (category: string, topic: string): string => `${category}|${topic}`;
/** Bybit `orderbook.200` keeps 200 levels a side (§7.2). */
const DEPTH = 200;

export class BybitMarket {
  private readonly books = new Map<string, TopicState>();
  private readonly tickers = new Map<string, TickerState>();
  restarts = 0;

  /** The captured frame reached its time: the market moves, whether or not anyone gets it. */
  apply(f: BybitFrame): void {
    if (f.family === 'book') return this.applyBook(f);
    if (f.family !== 'tickers') return;
    const k = key(f.category, f.topic);
    const t = this.tickers.get(k);
    if (f.msgType === 'snapshot' || t === undefined) {
      this.tickers.set(k, { data: { ...f.data }, cs: f.extra ?? 0, tsMs: f.tsMs, lastText: f.text });
    } else {
      Object.assign(t.data, f.data);
      t.cs = f.extra ?? t.cs;
      t.tsMs = f.tsMs;
      t.lastText = f.text;
    }
  }

  /** The frame's text as this server sends it now: byte for byte, but for `u` after a restart. */
  wireText(f: BybitFrame): string {
    const s = f.family === 'book' ? this.books.get(key(f.category, f.topic)) : undefined;
    if (s === undefined || s.uBase === 0) return f.text;
    const u = (f.data as unknown as BybitBookData).u;
    return f.text.replace(`"u":${u},`, `"u":${u - s.uBase + 1},`);
  }

  /** The `u` the app's book should be at now (as sent on the wire). */
  wireU(category: BybitCategory, topic: string): number | undefined {
    const s = this.books.get(key(category, topic));
    return s === undefined ? undefined : s.uBase === 0 ? s.capU : s.capU - s.uBase + 1;
  }

  /** The `snapshot` a subscription to `topic` gets now; undefined before the capture's own. */
  bookSnapshotText(category: BybitCategory, topic: string): string | undefined {
    const s = this.books.get(key(category, topic));
    if (s === undefined) return undefined;
    const snap = s.book.snapshot(DEPTH);
    const data = JSON.stringify({ s: s.symbol, b: snap.bids, a: snap.asks, u: this.wireU(category, topic), seq: s.seq });
    // Key order as captured per category (§7.2: `ts`/`type` order differs by product).
    return category === 'spot'
      ? `{"topic":"${topic}","ts":${s.tsMs},"type":"snapshot","data":${data},"cts":${s.cts}}`
      : `{"topic":"${topic}","type":"snapshot","ts":${s.tsMs},"data":${data},"cts":${s.cts}}`;
  }

  /** The `tickers` snapshot a subscription gets now (linear: the merged object; spot: the last one). */
  tickerSnapshotText(category: BybitCategory, topic: string): string | undefined {
    const t = this.tickers.get(key(category, topic));
    if (t === undefined) return undefined;
    if (category === 'spot') return t.lastText;
    return `{"topic":"${topic}","type":"snapshot","data":${JSON.stringify(t.data)},"cs":${t.cs},"ts":${t.tsMs}}`;
  }

  /** A service restart: every book topic of `category` (default all) counts `u` from 1 again. */
  restart(category?: BybitCategory): { category: BybitCategory; topic: string }[] {
    this.restarts++;
    const out: { category: BybitCategory; topic: string }[] = [];
    for (const s of this.books.values()) {
      if (category !== undefined && s.category !== category) continue;
      s.uBase = s.capU;
      out.push({ category: s.category, topic: s.topic });
    }
    return out;
  }

  /** The reference book (best first), `limit` levels a side. */
  book(category: BybitCategory, symbol: string, limit = DEPTH): { bids: Level[]; asks: Level[]; u: number } | undefined {
    const topic = `orderbook.${DEPTH}.${symbol}`;
    const s = this.books.get(key(category, topic));
    if (s === undefined) return undefined;
    const snap = s.book.snapshot(limit);
    return { bids: snap.bids, asks: snap.asks, u: this.wireU(category, topic)! };
  }

  levels(category: BybitCategory, symbol: string): { bids: number; asks: number } | undefined {
    const s = this.books.get(key(category, `orderbook.${DEPTH}.${symbol}`));
    return s && { bids: s.book.bids.size, asks: s.book.asks.size };
  }

  private applyBook(f: BybitFrame): void {
    const d = f.data as unknown as BybitBookData;
    const k = key(f.category, f.topic);
    let s = this.books.get(k);
    if (f.msgType === 'snapshot' || s === undefined) {
      const book = new ReferenceBook({ lastUpdateId: d.u, bids: d.b, asks: d.a });
      s = { category: f.category, topic: f.topic, symbol: d.s, book, capU: d.u, seq: d.seq, tsMs: f.tsMs, cts: 0, uBase: 0 };
      this.books.set(k, s);
    } else {
      s.book.apply({ U: d.u, u: d.u, b: d.b, a: d.a });
    }
    s.capU = d.u;
    s.seq = d.seq;
    s.tsMs = f.tsMs;
    s.cts = f.extra ?? s.cts;
  }
}
