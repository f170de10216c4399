import type { LiveConnectionSpec, ResyncAction, VenueLinks, VenueLiveDef } from '../types';

/**
 * Live wiring for Kraken spot WebSocket v2 (venues.md §6, §1.8, §10).
 *
 * Depth: the monitor wants 10 levels, but the checksum covers exactly the top 10 and Kraken sends
 * nothing for levels that enter the window from below, so depth 10 has no headroom: subscribe 25
 * (KR-SDK `docs/guides/order-book.md`: "`D10` is subscribed as wire depth 25 … D10 has no headroom").
 */
export const BOOK_DEPTH = 25;

/**
 * Symbols are spread over at most CONN_SLOTS sockets by a stable hash of the symbol, so that a
 * resync (which only knows the symbol) names the socket that carries it without shared state.
 * ⚠ UNVERIFIED (venues.md §11.5): Kraken documents no per-connection subscription limit for v2;
 * four sockets keep any one of them light and stay far from connection-rate limits.
 */
export const CONN_SLOTS = 4;

export const KRAKEN_CONN_PREFIX = 'ws';

/** FNV-1a over the UTF-16 code units: stable across runs and engines. */
function slotOf(symbol: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < symbol.length; i++) h = Math.imul(h ^ symbol.charCodeAt(i), 0x01000193);
  return (h >>> 0) % CONN_SLOTS;
}

/** The connection label that carries a symbol (`ws0` … `ws3`). */
export const connOf = (symbol: string): string => `${KRAKEN_CONN_PREFIX}${slotOf(symbol)}`;

/** v2 symbols are upper-case `BASE/QUOTE` (`BTC/USD`; v1 said `XBT/USD`, venues.md §6.1). */
const norm = (s: string): string => s.trim().toUpperCase();

export const bookSubscribe = (symbols: readonly string[]): string =>
  JSON.stringify({ method: 'subscribe', params: { channel: 'book', symbol: symbols, depth: BOOK_DEPTH, snapshot: true } });

/** The unsubscribe must echo the subscribed depth (KR-SDK order-book.md "Depth coalescing"). */
export const bookUnsubscribe = (symbols: readonly string[]): string =>
  JSON.stringify({ method: 'unsubscribe', params: { channel: 'book', symbol: symbols, depth: BOOK_DEPTH } });

/** Trades without the history snapshot: only flow from now on (adapter v2.ts ignores snapshots anyway). */
export const tradeSubscribe = (symbols: readonly string[]): string =>
  JSON.stringify({ method: 'subscribe', params: { channel: 'trade', symbol: symbols, snapshot: false } });

export const krakenLive: VenueLiveDef = {
  venue: 'kraken',
  defaultEndpoints: { public: 'wss://ws.kraken.com/v2' },
  connections(symbols: readonly string[], ep: VenueLinks): LiveConnectionSpec[] {
    const bySlot = new Map<string, string[]>();
    for (const raw of symbols) {
      const s = norm(raw);
      if (s === '') continue;
      const conn = connOf(s);
      const list = bySlot.get(conn) ?? [];
      if (!list.includes(s)) list.push(s);
      bySlot.set(conn, list);
    }
    const url = ep.public ?? 'wss://ws.kraken.com/v2';
    return [...bySlot.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([conn, list]) => ({ conn, url, subscribe: [bookSubscribe(list), tradeSubscribe(list)] }));
  },
  /** Checksum mismatch ⇒ drop the book, unsubscribe + resubscribe for a fresh in-stream snapshot
   * (KR-SDK order-book.md "Gap recovery"; venues.md §6.2). */
  resync(symbol: string): ResyncAction {
    const s = norm(symbol);
    return { kind: 'resubscribe', conn: connOf(s), texts: [bookUnsubscribe([s]), bookSubscribe([s])] };
  },
  // venues.md §1.3/§1.8: v2 app-level ping `{"method":"ping"}` → `{"method":"pong"}`. Kraken's idle
  // cut-off is ⚠ not documented; the heartbeat channel keeps data flowing, the ping proves the path.
  keepAlive: { text: '{"method":"ping"}', idleMs: 20_000 },
  // A `heartbeat` arrives ~1/s on a subscribed socket even when the market is quiet (§6.1).
  staleAfterSec: 10,
  // ⚠ No documented shutdown notice on v2 public (a `status` frame with system "maintenance" precedes
  // trading halts, not socket closes): never reconnect early.
  isShutdownNotice: (): boolean => false,
};

/** Kraken hosts, v1 event names/channel names, v2 channel frames (anchored so OKX `books`/`trades`,
 * Coinbase `"channel":"status","client_id"…` and `heartbeats` do not match). */
const SNIFF =
  /kraken\.com|"event":"(systemStatus|subscriptionStatus|heartbeat)"|"channelName":"(book-\d+|trade|ticker|spread|ohlc-\d+)"|"channel":"(book|trade|status|ticker)","type":"|\{"channel":"heartbeat"\}|,"(book-\d+|trade|ticker|spread)","[A-Z0-9]+\/[A-Z0-9]+"\]$/;

export const sniff = (urlOrText: string): boolean => SNIFF.test(urlOrText);

/** Symbols a frame names: v2 `"symbol":"BTC/USD"` or `"symbol":["BTC/USD",…]`, v1 `"pair":"XBT/USD"`
 * or the pair that ends a v1 market array. */
export function symbolsOf(_url: string | undefined, text: string): string[] {
  const out = new Set<string>();
  const head = text.length > 400 ? text.slice(0, 400) : text;
  for (const m of head.matchAll(/"(?:symbol|pair)":(?:"([^"]{1,40})"|\[([^\]]{1,2000})\])/g)) {
    if (m[1] !== undefined) out.add(m[1]);
    else for (const s of m[2]!.matchAll(/"([^"]{1,40})"/g)) out.add(s[1]!);
  }
  const tail = /,"(?:book-\d+|trade|ticker|spread|ohlc-\d+)","([^"]{1,40})"\]$/.exec(text.length > 80 ? text.slice(-80) : text);
  if (tail?.[1] !== undefined) out.add(tail[1]);
  return [...out];
}
