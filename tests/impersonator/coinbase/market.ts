/**
 * The Coinbase market as of the replay position: a naive reference book per product (plain Maps,
 * ../reference-book.ts; `offer` = ask side) built from the captured `l2_data` events, and the
 * server-made Advanced Trade messages (venues.md §5.2): the `snapshot` event a `level2`
 * subscription gets, and the `subscriptions` ack. `sequence_num` is filled in per connection.
 */
import type { Level } from '../capture';
import { ReferenceBook } from '../reference-book';
import type { CoinbaseFrame, L2Update } from './capture';

export class CoinbaseMarket {
  private readonly books = new Map<string, ReferenceBook>();
  /** Envelope timestamp of the last captured message (server-made messages carry it). */
  timestamp = '';
  private applied = 0;

  apply(f: CoinbaseFrame): void {
    this.timestamp = f.timestamp;
    if (f.l2 === undefined || f.product === undefined) return;
    let book = this.books.get(f.product);
    if (f.l2.type === 'snapshot' || book === undefined) {
      book = new ReferenceBook({ lastUpdateId: ++this.applied, bids: [], asks: [] });
      this.books.set(f.product, book);
    }
    const b: Level[] = [];
    const a: Level[] = [];
    for (const u of f.l2.updates) (u.side === 'bid' ? b : a).push([u.price_level, u.new_quantity]);
    book.apply({ U: 0, u: ++this.applied, b, a });
  }

  has(product: string): boolean {
    return this.books.has(product);
  }

  /** The reference book, best first, `limit` levels a side (default all). */
  book(product: string, limit = Infinity): { bids: Level[]; asks: Level[] } | undefined {
    const b = this.books.get(product);
    if (b === undefined) return undefined;
    const s = b.snapshot(limit);
    return { bids: s.bids, asks: s.asks };
  }

  /** The `l2_data` snapshot event for `product` now (the whole book, bids high→low, offers low→high). */
  snapshotText(product: string, seq: number): string | undefined {
    const s = this.book(product);
    if (s === undefined) return undefined;
    const et = this.eventTime();
    const lv = (side: L2Update['side'], l: Level[]): string =>
      l.map(([p, q]) => `{"side":"${side}","event_time":"${et}","price_level":"${p}","new_quantity":"${q}"}`).join(',');
    const updates = [lv('bid', s.bids), lv('offer', s.asks)].filter((x) => x !== '').join(',');
    return `{"channel":"l2_data","timestamp":"${this.timestamp}","sequence_num":${seq},"events":[{"type":"snapshot","product_id":"${product}","updates":[${updates}]}]}`;
  }

  /** The `subscriptions` message listing a connection's subscriptions (capture: after each subscribe). */
  subscriptionsText(subs: ReadonlyMap<string, ReadonlySet<string>>, seq: number): string {
    const o: Record<string, string[]> = {};
    for (const [ch, products] of [...subs.entries()].sort()) if (products.size > 0) o[ch] = [...products];
    return `{"channel":"subscriptions","timestamp":"${this.timestamp}","sequence_num":${seq},"events":[{"subscriptions":${JSON.stringify(o)}}]}`;
  }

  /** Snapshot levels carry µs `event_time`s (capture: "2026-08-09T21:05:48.170326Z"). */
  private eventTime(): string {
    const m = /^(.*T[\d:]+)(\.\d{1,6})?\d*Z$/.exec(this.timestamp);
    return m ? `${m[1]}${m[2] ?? ''}Z` : this.timestamp;
  }
}
