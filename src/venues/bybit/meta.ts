import type { LiveConnectionSpec, ResyncAction, VenueLinks, VenueLiveDef } from '../types';
import type { BybitCategory, BybitVenueId } from './adapter';

/** Book depth we subscribe: 200 levels at 100 ms on spot and linear (venues.md §7.2, §10). */
export const BYBIT_BOOK_DEPTH = 200;
/** Spot: ≤ 10 args per subscribe request (venues.md §7.1); used for linear too. */
const ARGS_PER_REQUEST = 10;
/** ≤ 21,000 characters of args per connection (§7.1): 3 topics of ≤ ~35 chars per symbol ⇒
 * 100 symbols ≈ 10,500 chars, half the limit. */
const SYMBOLS_PER_CONN = 100;
/** Ping every 20 s, as Bybit recommends (§7.1, §1.8). */
const PING_IDLE_MS = 20_000;

export const topicsOf = (symbol: string): string[] => [`orderbook.${BYBIT_BOOK_DEPTH}.${symbol}`, `publicTrade.${symbol}`, `tickers.${symbol}`];

const subscribeTexts = (args: readonly string[], reqId: string): string[] => {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += ARGS_PER_REQUEST) {
    out.push(JSON.stringify({ req_id: `${reqId}${i / ARGS_PER_REQUEST}`, op: 'subscribe', args: args.slice(i, i + ARGS_PER_REQUEST) }));
  }
  return out;
};

/**
 * The live description of one Bybit category. Connection labels are the category (`linear`,
 * `linear2`, … as in the captures). `resync` must name the socket a symbol lives on, but only
 * gets the symbol: the def remembers the assignment of its last `connections()` call (plain
 * data, deterministic — no IO, no clock).
 */
export function bybitLive(category: BybitCategory): VenueLiveDef {
  const connOf = new Map<string, string>();
  const venue: BybitVenueId = `bybit-${category}`;
  return {
    venue,
    defaultEndpoints: { public: `wss://stream.bybit.com/v5/public/${category}` },
    connections(symbols: readonly string[], ep: VenueLinks): LiveConnectionSpec[] {
      connOf.clear();
      const out: LiveConnectionSpec[] = [];
      for (let i = 0; i < symbols.length; i += SYMBOLS_PER_CONN) {
        const chunk = symbols.slice(i, i + SYMBOLS_PER_CONN).map((s) => s.toUpperCase());
        const conn = i === 0 ? category : `${category}${i / SYMBOLS_PER_CONN + 1}`;
        for (const s of chunk) connOf.set(s, conn);
        out.push({ conn, url: ep.public ?? `wss://stream.bybit.com/v5/public/${category}`, subscribe: subscribeTexts(chunk.flatMap(topicsOf), 'sub:') });
      }
      return out;
    },
    /** venues.md §7.2: a fresh snapshot comes with a new subscription. */
    resync(symbol: string, requestNo: number, _ep: VenueLinks): ResyncAction {
      const sym = symbol.toUpperCase();
      const topic = `orderbook.${BYBIT_BOOK_DEPTH}.${sym}`;
      return {
        kind: 'resubscribe',
        conn: connOf.get(sym) ?? category,
        texts: [
          JSON.stringify({ req_id: `resync:${sym}:${requestNo}:u`, op: 'unsubscribe', args: [topic] }),
          JSON.stringify({ req_id: `resync:${sym}:${requestNo}:s`, op: 'subscribe', args: [topic] }),
        ],
      };
    },
    keepAlive: { text: '{"op":"ping"}', idleMs: PING_IDLE_MS },
    // Pongs every 20 s even on a silent symbol: 45 s without any frame means the socket is gone.
    staleAfterSec: 45,
    // Bybit documents no shutdown notice (§7.1).
    isShutdownNotice: () => false,
  };
}

export const bybitSpotLive = bybitLive('spot');
export const bybitLinearLive = bybitLive('linear');

const BYBIT_TOPIC = /"topic":"(?:orderbook|publicTrade|tickers|kline)\./;

/**
 * Header-less capture import: which category a connection is. A URL decides
 * (`/v5/public/spot|linear`, §7.1). Text alone rarely does — both categories share topics — so
 * only category-only fields count: linear tickers' `fundingRate`/`markPrice`, linear trades' tick
 * direction `L` (absent on spot, §7.3); spot tickers' `usdIndexPrice`, spot trades' numeric ids
 * (linear ids are UUIDs). An undecided connection falls to the file's only venue, if one.
 */
export function sniffBybit(category: BybitCategory, urlOrText: string): boolean {
  if (urlOrText.startsWith('ws')) return /(stream|stream-testnet)\.bybit\.com\/v5\/public\//.test(urlOrText) && urlOrText.includes(`/v5/public/${category}`);
  if (!BYBIT_TOPIC.test(urlOrText)) return false;
  return category === 'linear'
    ? /"(fundingRate|markPrice)":|"L":"(Zero)?(Plus|Minus)Tick"/.test(urlOrText)
    : /"usdIndexPrice":|"i":"\d+"/.test(urlOrText);
}

const SYMBOL_IN_TOPIC = /"(?:orderbook\.\d+|publicTrade|tickers|kline\.\w+)\.([A-Z0-9]{2,30})"/g;

/** Symbols a frame names: topics in a subscribe frame's args or a message's `topic`. */
export function symbolsOfBybit(_url: string | undefined, text: string): string[] {
  const probe = text.length > 2000 ? text.slice(0, 2000) : text;
  const out: string[] = [];
  for (const m of probe.matchAll(SYMBOL_IN_TOPIC)) if (m[1] !== undefined && !out.includes(m[1])) out.push(m[1]);
  return out;
}
