import type { LiveConnectionSpec, ResyncAction, VenueLinks, VenueLiveDef } from '../types';

/** Connection labels: `ws`, `ws2`, … (one socket per SYMBOLS_PER_CONN instruments). */
export const OKX_CONN = 'ws';
/** Instruments per socket: ≤ 5 channels each keeps one subscribe frame small (OKX caps a request's
 * total length ⚠) and leaves room for resubscribes under the 480/hour/connection budget ⚠ (venues.md §4.1). */
export const SYMBOLS_PER_CONN = 50;
/** REST snapshot depth: `sz` defaults to 1 level, max 400 — the depth of the `books` channel. */
export const REST_BOOK_DEPTH = 400;

/** Underlying index of a SWAP or dated future (`BTC-USDT-SWAP`, `BTC-USD-220527` → `BTC-USDT`,
 * `BTC-USD`: the first two parts, tardis-node `_getIndexSymbol`, venues.md §4.1); undefined for
 * spot, options and anything else. */
export function indexOfInstrument(instId: string): string | undefined {
  const first = instId.indexOf('-');
  const second = instId.indexOf('-', first + 1);
  if (first <= 0 || second <= first + 1) return undefined;
  const tail = instId.slice(second + 1);
  return tail === 'SWAP' || /^\d{6}$/.test(tail) ? instId.slice(0, second) : undefined;
}

/** OKX instrument types whose sizes are CONTRACTS (`sz` counts contracts of `ctVal`×`ctMult`
 * `ctValCcy`, OKX v5 "Get instruments"; venues.md §4.1 id forms). Spot/margin sizes are base units. */
export const CONTRACT_INST_TYPES = ['SWAP', 'FUTURES', 'OPTION'] as const;
export type ContractInstType = (typeof CONTRACT_INST_TYPES)[number];

/** The contract type an instId names (`BTC-USDT-SWAP` SWAP, `BTC-USD-220527` FUTURES,
 * `BTC-USD-220527-30000-C` OPTION), or undefined for spot (`BTC-USDT`) and anything else. */
export function contractTypeOf(instId: string): ContractInstType | undefined {
  if (/^[^-]+-[^-]+-SWAP$/.test(instId)) return 'SWAP';
  if (/^[^-]+-[^-]+-\d{6}$/.test(instId)) return 'FUTURES';
  if (/^[^-]+-[^-]+-\d{6}-[^-]+-[CP]$/.test(instId)) return 'OPTION';
  return undefined;
}

/** Channels subscribed per instrument (venues.md §4.1, §4.5, §10): the 400-level `books` with its
 * seqId chain, trades; mark/index for derivatives, funding for perpetuals. */
export function argsOf(instId: string): { channel: string; instId: string }[] {
  const out = [
    { channel: 'books', instId },
    { channel: 'trades', instId },
  ];
  const index = indexOfInstrument(instId);
  if (index === undefined) return out;
  out.push({ channel: 'mark-price', instId }, { channel: 'index-tickers', instId: index });
  if (instId.endsWith('-SWAP')) out.push({ channel: 'funding-rate', instId });
  return out;
}

/** One subscription: per instrument (`instId`) or per instrument type (`instruments`, `instType`). */
type Arg = { channel: string; instId: string } | { channel: string; instType: string };

const op = (o: 'subscribe' | 'unsubscribe', args: Arg[]): string => JSON.stringify({ op: o, args });

/** `GET /api/v5/market/books?instId=…&source=0` (OKX-LOG, venues.md §4.4); `sz` = 400 levels. */
export const restBooksUrl = (rest: string, instId: string): string =>
  `${rest}/api/v5/market/books?instId=${encodeURIComponent(instId)}&source=0&sz=${REST_BOOK_DEPTH}`;

export const isBooksUrl = (url: string | undefined): url is string => url !== undefined && url.includes('/api/v5/market/books?');

/** `instId=` of a REST URL. */
export function instIdOfUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const m = /[?&]instId=([^&#]+)/.exec(url);
  return m?.[1] === undefined ? undefined : decodeURIComponent(m[1]);
}

/**
 * How a book is rebuilt after a gap: `stream` = unsubscribe + subscribe `books` (the venue answers
 * with a fresh in-stream snapshot — what production still does, 2026-08-21 sample, venues.md §4.3);
 * `rest` = fetch `market/books` (the announced bootstrap once the in-stream snapshot is delisted,
 * venues.md §4.4 ⚠ date unconfirmed; CORS unverified, §1.6). The adapter handles both answers.
 */
export type OkxBootstrap = 'stream' | 'rest';

export function createOkxLive(bootstrap: OkxBootstrap = 'stream'): VenueLiveDef {
  /** Socket of each instrument as last assigned by connections(): a resubscribe goes there. */
  const connOf = new Map<string, string>();
  return {
    venue: 'okx',
    defaultEndpoints: { public: 'wss://ws.okx.com:8443/ws/v5/public', rest: 'https://www.okx.com' },
    connections(symbols: readonly string[], ep: VenueLinks): LiveConnectionSpec[] {
      const out: LiveConnectionSpec[] = [];
      for (let i = 0; i < symbols.length; i += SYMBOLS_PER_CONN) {
        const conn = i === 0 ? OKX_CONN : `${OKX_CONN}${i / SYMBOLS_PER_CONN + 1}`;
        const args: Arg[] = [];
        const seen = new Set<string>();
        const batch = symbols.slice(i, i + SYMBOLS_PER_CONN);
        // The `instruments` channel of each contract type in use, first (its full push follows the
        // subscribe, OKX v5 WS "Instruments channel"; usually ahead of the book snapshots): the
        // contract sizes reach the adapter live and in every recorded session, so replays convert
        // contracts exactly as live did. Each socket asks on its own, so a reconnect re-learns them.
        for (const t of CONTRACT_INST_TYPES) if (batch.some((x) => contractTypeOf(x) === t)) args.push({ channel: 'instruments', instType: t });
        for (const s of batch) {
          connOf.set(s, conn);
          for (const a of argsOf(s)) {
            const id = `${a.channel}|${a.instId}`;
            if (!seen.has(id)) args.push(a);
            seen.add(id);
          }
        }
        out.push({ conn, url: ep.public ?? '', subscribe: [op('subscribe', args)] });
      }
      return out;
    },
    resync(symbol: string, _requestNo: number, ep: VenueLinks): ResyncAction {
      if (bootstrap === 'rest') return { kind: 'snapshot', restUrl: restBooksUrl(ep.rest ?? '', symbol), weight: 1 };
      const args = [{ channel: 'books', instId: symbol }];
      return { kind: 'resubscribe', conn: connOf.get(symbol) ?? OKX_CONN, texts: [op('unsubscribe', args), op('subscribe', args)] };
    },
    // The plain text `ping` when idle; OKX cuts a socket after ~30 s without traffic (venues.md
    // §1.8, ccxt pings every 18 s). The answer `pong` is a text frame (OkxAdapter.parse).
    keepAlive: { text: 'ping', idleMs: 20_000 },
    // With the keep-alive, a healthy socket never stays silent for 30 s (a pong answers every ping).
    staleAfterSec: 35,
    // `{"event":"notice","code":"64008",…}` before a service upgrade ⚠ (venues.md §4.1). Text test.
    isShutdownNotice: (text: string): boolean => text.length < 512 && text.includes('"event":"notice"'),
    budget: {
      // ≤ 3 subscribe requests/s per connection ⚠ (venues.md §4.1); a resync is 2 frames.
      resubscribePerSec: 1,
      resubscribeBurst: 1,
      // market/books: 40 requests / 2 s per IP (OKX REST docs via a third-party mirror ⚠); half of it.
      snapshotWeightPerMin: 600,
      snapshotBurstWeight: 10,
    },
  };
}

export const okxLive: VenueLiveDef = createOkxLive('stream');

/** okx.com hosts, or the `instId` field every OKX push and subscribe frame carries. */
export const sniffOkx = (s: string): boolean => /okx\.com|"instId":"/.test(s);

/** Instruments a frame names: a REST `instId=`, every arg of a subscribe frame, or the push's
 * `arg.instId` near its start (never the members of an `instruments` push). */
export function symbolsOfFrame(url: string | undefined, text: string): string[] {
  const rest = instIdOfUrl(url);
  if (rest !== undefined) return [rest];
  // The `instruments` push lists every instrument of a type (hundreds): none of them is ours.
  if (text.startsWith('{"arg":{"channel":"instruments"')) return [];
  const probe = text.startsWith('{"op"') || text.length <= 300 ? text : text.slice(0, 300);
  const out = new Set<string>();
  for (const m of probe.matchAll(/"instId":"([^"]{1,64})"/g)) out.add(m[1]!);
  return [...out];
}
