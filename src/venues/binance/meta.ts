import type { LiveConnectionSpec, ResyncAction, VenueLinks, VenueLiveDef } from '../types';

/** Connection labels (docs/TEAM-NOTES.md "Live Binance spot wiring"). */
export const BINANCE_STREAM_CONN = 'ws';
export const BINANCE_WSAPI_CONN = 'wsapi';

/** Snapshot depth: the documented maximum (venues.md §2.2, §2.4); weight 250 per request. */
export const SNAPSHOT_LIMIT = 5000;
export const SNAPSHOT_WEIGHT = 250;

/** ≤ 1024 streams per connection (venues.md §2.1); 3 streams per symbol, with headroom for URL length. */
const SYMBOLS_PER_CONN = 200;

/** Streams per symbol: diff depth at 100 ms, every trade, and bookTicker as the book's oracle. */
export const streamsOf = (symbol: string): string[] => {
  const s = symbol.toLowerCase(); // stream names are lower-case (venues.md §2.1)
  return [`${s}@depth@100ms`, `${s}@trade`, `${s}@bookTicker`];
};

/** WS-API request id, `snap:<SYMBOL>:<n>`: self-describing, so a replay needs no request log. */
export const snapshotRequestId = (symbol: string, n: number): string => `snap:${symbol}:${n}`;

/** Symbol of a `snap:<SYMBOL>:<n>` id, or undefined for any other id. */
export function symbolOfSnapshotId(id: unknown): string | undefined {
  if (typeof id !== 'string' || !id.startsWith('snap:')) return undefined;
  const end = id.lastIndexOf(':');
  return end > 5 ? id.slice(5, end) : undefined;
}

/** `symbol=` of a REST depth URL (upper-case, as Binance symbols are). */
export function symbolOfUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const m = /[?&]symbol=([^&#]+)/.exec(url);
  return m?.[1] === undefined ? undefined : decodeURIComponent(m[1]).toUpperCase();
}

/** Symbols that have a diff-depth stream in a combined-stream URL (`?streams=a@depth@100ms/…`). */
export function depthSymbolsOfUrl(url: string | undefined): string[] {
  if (url === undefined) return [];
  const m = /[?&]streams=([^&#]+)/.exec(url);
  if (m?.[1] === undefined) return [];
  const out: string[] = [];
  for (const name of decodeURIComponent(m[1]).split('/')) {
    const at = name.indexOf('@');
    // `@depth` and `@depth@100ms` are diffs; `@depth5`/`@depth10@100ms` are partial books (§2.2).
    if (at > 0 && /^@depth(@\d+ms)?$/.test(name.slice(at))) out.push(name.slice(0, at).toUpperCase());
  }
  return out;
}

/** Binance spot's named endpoints (TEAM-NOTES "Live Binance spot wiring"); the names are the
 * URL-override names the UI and e2e tests use (`streamBase`, `wsApi`, `rest`). */
export interface BinanceSpotLinks extends VenueLinks {
  readonly streamBase: string;
  readonly wsApi: string;
  readonly rest: string;
}

export const DEFAULT_BINANCE_SPOT_LINKS: BinanceSpotLinks = {
  streamBase: 'wss://data-stream.binance.vision',
  wsApi: 'wss://ws-api.binance.com:443/ws-api/v3',
  rest: 'https://data-api.binance.vision',
};

const link = (ep: VenueLinks, name: 'streamBase' | 'wsApi' | 'rest'): string => ep[name] ?? DEFAULT_BINANCE_SPOT_LINKS[name];

/** A snapshot request: the WS-API frame (CORS-free, venues.md §1.6), the REST fallback, its weight. */
export interface BinanceSnapshotRequest {
  readonly wsApiText: string;
  readonly restUrl: string;
  readonly weight: number;
}

export function snapshotRequest(symbol: string, requestNo: number, ep: VenueLinks): BinanceSnapshotRequest {
  const sym = symbol.toUpperCase();
  const id = snapshotRequestId(sym, requestNo);
  return {
    wsApiText: JSON.stringify({ id, method: 'depth', params: { symbol: sym, limit: SNAPSHOT_LIMIT } }),
    restUrl: `${link(ep, 'rest')}/api/v3/depth?symbol=${sym}&limit=${SNAPSHOT_LIMIT}`,
    weight: SNAPSHOT_WEIGHT,
  };
}

export const binanceSpotLive: VenueLiveDef & {
  readonly defaultEndpoints: BinanceSpotLinks;
  readonly wsApiConn: string;
  snapshotRequest(symbol: string, requestNo: number, ep: VenueLinks): BinanceSnapshotRequest;
} = {
  venue: 'binance',
  defaultEndpoints: DEFAULT_BINANCE_SPOT_LINKS,
  wsApiConn: BINANCE_WSAPI_CONN,
  connections(symbols: readonly string[], ep: VenueLinks): LiveConnectionSpec[] {
    const out: LiveConnectionSpec[] = [];
    for (let i = 0; i < symbols.length; i += SYMBOLS_PER_CONN) {
      const names = symbols.slice(i, i + SYMBOLS_PER_CONN).flatMap(streamsOf);
      const conn = i === 0 ? BINANCE_STREAM_CONN : `${BINANCE_STREAM_CONN}${i / SYMBOLS_PER_CONN + 1}`;
      out.push({ conn, url: `${link(ep, 'streamBase')}/stream?streams=${names.join('/')}`, subscribe: [] });
    }
    // The WS-API socket (wsApiConn): opened lazily by the snapshot fetcher.
    out.push({ conn: BINANCE_WSAPI_CONN, url: link(ep, 'wsApi'), subscribe: [] });
    return out;
  },
  snapshotRequest,
  resync(symbol: string, requestNo: number, ep: VenueLinks): ResyncAction {
    return { kind: 'snapshot', wsApiConn: BINANCE_WSAPI_CONN, ...snapshotRequest(symbol, requestNo, ep) };
  },
  // Half of the 6000 REQUEST_WEIGHT per minute per IP (venues.md §2.2), shared by REST and the
  // WS-API; 8 depth-5000 snapshots (250 each) may go at start-up, then one every 5 s.
  budget: { snapshotWeightPerMin: 3000, snapshotBurstWeight: 2000, minSpacingMs: 250 },
  // No keepAlive: the server pings every 20 s and the browser answers (venues.md §1.3, §1.8).
  // Depth@100ms on a liquid symbol ticks many times a second, and the server pings every 20 s
  // (venues.md §2.1); half a minute of silence on the stream socket means it is gone.
  staleAfterSec: 30,
  // `{"e":"serverShutdown","E":…}` or its combined form (venues.md §2.1). A text test, no parse:
  // the live source calls this on every frame.
  isShutdownNotice: (text: string): boolean => text.length < 512 && text.includes('"serverShutdown"'),
};

/** Symbols a frame names, for importing header-less captures: every stream of a `ws_open` URL,
 * a REST `symbol=`, or the `"s"` field near the start of a market message. */
export function symbolsOfFrame(url: string | undefined, text: string): string[] {
  const m = url === undefined ? null : /[?&]streams=([^&#]+)/.exec(url);
  if (m?.[1] !== undefined) return decodeURIComponent(m[1]).split('/').map((n) => n.slice(0, n.indexOf('@')).toUpperCase()).filter((s) => s !== '' && !s.startsWith('!'));
  const rest = symbolOfUrl(url);
  if (rest !== undefined) return [rest];
  const s = /"s":"([A-Z0-9]{2,30})"/.exec(text.length > 300 ? text.slice(0, 300) : text);
  return s?.[1] === undefined ? [] : [s[1]];
}
