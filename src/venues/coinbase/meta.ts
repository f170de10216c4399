import type { LiveConnectionSpec, ResyncAction, VenueLinks, VenueLiveDef } from '../types';

export const COINBASE_CONN = 'ws';
/** Channels subscribed live, one subscribe message per channel (venues.md §5.2, §10):
 * `heartbeats` keeps quiet products' sockets open (they close after 60–90 s without updates). */
export const COINBASE_CHANNELS = ['level2', 'market_trades', 'heartbeats'] as const;

const sub = (type: 'subscribe' | 'unsubscribe', channel: string, products: readonly string[]): string =>
  JSON.stringify({ type, product_ids: products, channel });

/**
 * Advanced Trade live wiring. One socket: the product list rides in each subscribe message and
 * `sequence_num` is judged per socket, so splitting would only multiply resyncs. Subscribe must
 * follow the open within 5 s (§5.2): the frames are sent right after open.
 */
export const coinbaseLive: VenueLiveDef = {
  venue: 'coinbase',
  defaultEndpoints: { public: 'wss://advanced-trade-ws.coinbase.com' },
  connections(symbols: readonly string[], ep: VenueLinks): LiveConnectionSpec[] {
    const products = symbols.map((s) => s.toUpperCase());
    return [{ conn: COINBASE_CONN, url: ep.public ?? 'wss://advanced-trade-ws.coinbase.com', subscribe: COINBASE_CHANNELS.map((c) => sub('subscribe', c, products)) }];
  },
  /** A `sequence_num` jump ⇒ unsubscribe/resubscribe `level2` to get a new `snapshot` event
   * (venues.md §5.2 "Safe rule", §9.4 item 3). */
  resync(symbol: string, _requestNo: number, _ep: VenueLinks): ResyncAction {
    const p = [symbol.toUpperCase()];
    return { kind: 'resubscribe', conn: COINBASE_CONN, texts: [sub('unsubscribe', 'level2', p), sub('subscribe', 'level2', p)] };
  },
  // No client ping exists on Coinbase (§1.3, §1.8): the `heartbeats` channel (1/s) is the keep-alive.
  // Heartbeats every second: 10 s of silence means the socket is gone.
  staleAfterSec: 10,
  // ⚠ No documented shutdown notice.
  isShutdownNotice: () => false,
};

/** Header-less import: Coinbase hosts (both APIs, old `pro` name too), or unmistakable fields. */
export function sniffCoinbase(urlOrText: string): boolean {
  if (urlOrText.startsWith('ws') || urlOrText.startsWith('http')) return /(^wss?:\/\/|^https?:\/\/)[^/]*coinbase\.com/.test(urlOrText);
  // Advanced Trade channels, Exchange types, or a dashed `product_id` (BTC-USD; OKX says `instId`).
  return /"channel":"(l2_data|market_trades|heartbeats)"|"type":"(l2update|last_match)"|"product_id":"[A-Z0-9]+-[A-Z0-9]+"/.test(urlOrText);
}

const PRODUCT = /"product_id":"([A-Z0-9]{1,20}-[A-Z0-9]{1,20})"/g;
const PRODUCT_IDS = /"product_ids":\[([^\]]*)\]/;

/** Products a frame names: a subscribe's `product_ids`, or `product_id` fields near the start. */
export function symbolsOfCoinbase(_url: string | undefined, text: string): string[] {
  const probe = text.length > 2000 ? text.slice(0, 2000) : text;
  const out: string[] = [];
  const ids = PRODUCT_IDS.exec(probe);
  if (ids?.[1] !== undefined) for (const m of ids[1].matchAll(/"([A-Z0-9]{1,20}-[A-Z0-9]{1,20})"/g)) if (!out.includes(m[1]!)) out.push(m[1]!);
  for (const m of probe.matchAll(PRODUCT)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}
