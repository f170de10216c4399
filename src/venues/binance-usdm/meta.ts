import { binanceSpotLive, symbolsOfFrame } from '../binance/meta';
import type { LiveConnectionSpec, ResyncAction, VenueLinks, VenueLiveDef } from '../types';

/**
 * USDⓈ-M live wiring after the 2026 URL split (venues.md §3.1): high-frequency streams on
 * `/public`, regular market data on `/market` — a wrong route can look like a quiet market, so
 * two sockets. Snapshots: REST only. The USD-M WS-API "Order Book" request exists but its payload
 * is ⚠ UNVERIFIED (venues.md §1.6, §11.2), so no WS-API path is offered here.
 */
export const USDM_PUBLIC_CONN = 'public';
export const USDM_MARKET_CONN = 'market';

/** REST depth: 1000 is the largest valid limit (5/10/20/50/100/500/1000), weight 20
 * (venues.md §3.1; developers.binance.com USDⓈ-M "Order Book": 5–50 → 2, 100 → 5, 500 → 10, 1000 → 20). */
export const USDM_SNAPSHOT_LIMIT = 1000;
export const USDM_SNAPSHOT_WEIGHT = 20;

/** ≤ 200 streams per socket: the official page says 1024 but ccxt and Nautilus use 200
 * (⚠ venues.md §3.1, §11.2). 60 symbols × 3 public streams = 180. */
const SYMBOLS_PER_CONN = 60;

export const DEFAULT_USDM_LINKS: VenueLinks = {
  public: 'wss://fstream.binance.com/public',
  market: 'wss://fstream.binance.com/market',
  rest: 'https://fapi.binance.com',
};

/** `/public`: diff depth at 100 ms, bookTicker (the book's oracle), every trade. `@trade` is used
 * by ccxt and tardis-node on `/public` but is ⚠ absent from the official SDK's list (venues.md §3.2). */
export const publicStreamsOf = (symbol: string): string[] => {
  const s = symbol.toLowerCase(); // stream names are lower-case (venues.md §3.2)
  return [`${s}@depth@100ms`, `${s}@bookTicker`, `${s}@trade`];
};

/** `/market`: aggregate trades (fallback when `@trade` is not subscribed) and mark/index/funding. */
export const marketStreamsOf = (symbol: string): string[] => {
  const s = symbol.toLowerCase();
  return [`${s}@aggTrade`, `${s}@markPrice@1s`];
};

const link = (ep: VenueLinks, name: string): string => ep[name] ?? (DEFAULT_USDM_LINKS[name] as string);

export const snapshotUrl = (symbol: string, ep: VenueLinks): string =>
  `${link(ep, 'rest')}/fapi/v1/depth?symbol=${symbol.toUpperCase()}&limit=${USDM_SNAPSHOT_LIMIT}`;

export const binanceUsdmLive: VenueLiveDef = {
  venue: 'binance-usdm',
  defaultEndpoints: DEFAULT_USDM_LINKS,
  connections(symbols: readonly string[], ep: VenueLinks): LiveConnectionSpec[] {
    const pub: LiveConnectionSpec[] = [];
    const mkt: LiveConnectionSpec[] = [];
    for (let i = 0; i < symbols.length; i += SYMBOLS_PER_CONN) {
      const chunk = symbols.slice(i, i + SYMBOLS_PER_CONN);
      const n = i === 0 ? '' : String(i / SYMBOLS_PER_CONN + 1);
      pub.push({ conn: USDM_PUBLIC_CONN + n, url: `${link(ep, 'public')}/stream?streams=${chunk.flatMap(publicStreamsOf).join('/')}`, subscribe: [] });
      mkt.push({ conn: USDM_MARKET_CONN + n, url: `${link(ep, 'market')}/stream?streams=${chunk.flatMap(marketStreamsOf).join('/')}`, subscribe: [] });
    }
    return [...pub, ...mkt];
  },
  resync(symbol: string, _requestNo: number, ep: VenueLinks): ResyncAction {
    return { kind: 'snapshot', restUrl: snapshotUrl(symbol, ep), weight: USDM_SNAPSHOT_WEIGHT };
  },
  // No keepAlive: the server pings every 3 min and the browser answers (venues.md §1.3, §1.8).
  // Depth@100ms and markPrice@1s tick constantly; 30 s of silence means the socket is gone.
  staleAfterSec: 30,
  // `serverShutdown` is documented for spot (venues.md §2.1); for USD-M it is ⚠ unverified, so the
  // same text test is applied defensively.
  isShutdownNotice: binanceSpotLive.isShutdownNotice,
};

/** Futures-only markers, for importing header-less captures: the fstream/fapi hosts, the `pu`
 * field of futures depth, futures bookTicker (`e` present, spot has none: PROVENANCE.md §4.2),
 * markPriceUpdate, and a REST snapshot carrying `E` (spot's has none). Spot's own sniff also
 * matches binance.com and depthUpdate, so this venue must be tried first (VENUE_IDS order). */
export const sniffUsdm = (s: string): boolean =>
  /f(stream|api)\.binance\.com|"pu":-?\d|"e":"(bookTicker|markPriceUpdate)"|"lastUpdateId":\s*\d+,\s*"E":/.test(s);

/** Same URL/REST/`"s"` rules as spot (combined-stream URLs, `symbol=`, the `s` field). */
export const symbolsOfUsdmFrame = symbolsOfFrame;
