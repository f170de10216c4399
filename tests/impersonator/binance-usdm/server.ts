/**
 * Loopback Binance USDⓈ-M impersonator (DESIGN.md "Tests"): replays the 2023-04-04/05 hftbacktest
 * BTCUSDT capture (src/venues/binance-usdm/fixtures, MIT) byte for byte in USD-M's own protocol,
 * with the 2026 routes (venues.md §3.1), and misbehaves on command (../faults.ts). Routes:
 *   ws   /public/stream?streams=…@depth@100ms/…@bookTicker/…@trade
 *   ws   /market/stream?streams=…@aggTrade/…@markPrice@1s
 *   GET  /fapi/v1/depth?symbol=&limit=   the book as of now (naive reference, `pu` rule §3.3)
 *   POST /control   GET /status
 * One market clock (../timeline.ts) drives both sockets, like one exchange.
 */
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { WebSocket } from 'ws';
import { loadCapture, type Capture, type CaptureFrame, type DepthSnapshot } from '../capture';
import { bookAfter } from '../reference-book';
import { FuturesReferenceBook } from '../common/futures-book';
import { hostVenue } from '../common/venue-host';
import { applyFaults, closeLater, PendingSnapshotFaults, type BinanceMarket } from '../binance-faults';
import { parseFaults, type Fault } from '../faults';
import type { ImpersonatorOptions, SnapshotLogEntry } from '../server';
import { sendJson } from '../http-json';
import { Timeline } from '../timeline';
import { parseLimit, rateLimitedAnswer, sendUsdmDepth, type UsdmDepthAnswer } from './rest';
import { routeOf, streamKey, type UsdmRoute } from './routes';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../src/venues/binance-usdm/fixtures/${name}`, import.meta.url));
export const USDM_CAPTURES = [
  fixture('BTCUSDT_2023-04-04T2358Z_depth0ms-trade-bookTicker-markPrice1s_hftbacktest.jsonl.gz'),
  fixture('BTCUSDT_2023-04-05T0000Z_continuation_depth0ms-trade-bookTicker-markPrice1s_hftbacktest.jsonl.gz'),
];

/** As the spot impersonator's (../server.ts); here `snapshotDelayMs` delays the REST answer and
 * `pingIntervalMs` defaults to USD-M's 3 min (venues.md §3.1). */
export type UsdmImpersonatorOptions = ImpersonatorOptions;

interface Conn {
  ws: WebSocket;
  route: UsdmRoute;
  /** streamKey()s this socket gets (only those its route serves). */
  keys: Set<string>;
}

export interface MarkSent {
  p: string;
  i: string;
  r: string;
  T: number;
  E: number;
}

export type UsdmImpersonator = Awaited<ReturnType<typeof startUsdmImpersonator>>;

export async function startUsdmImpersonator(opts: UsdmImpersonatorOptions = {}) {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  const capture: Capture = loadCapture(opts.captures ?? USDM_CAPTURES);
  const conns = new Set<Conn>();
  const counts = { garbage: 0, oversized: 0, shutdowns: 0, closes: 0, publicTotal: 0, marketTotal: 0 };
  const snaps = { rest: 0, errors: 0, stale: 0 };
  const answers: SnapshotLogEntry[] = [];
  let lastMark: MarkSent | null = null;

  const deliver = (f: CaptureFrame): void => {
    const k = streamKey(f.stream);
    if (f.type === 'other' && f.stream.includes('@markPrice')) lastMark = (JSON.parse(f.text) as { data: MarkSent }).data;
    for (const c of conns) if (c.keys.has(k)) c.ws.send(f.text);
  };
  const timeline = new Timeline(capture.frames, opts.speed ?? 1, deliver, () => log('capture ended'));
  const snapshotFaults = new PendingSnapshotFaults(timeline);
  const broadcast = (text: string): void => {
    for (const c of conns) c.ws.send(text);
  };
  const bookNow = (lag = 0) =>
    bookAfter(capture.snapshot, capture.preDepth, timeline.depthEvents, Math.max(0, timeline.depthPlayed - lag), FuturesReferenceBook);
  const eMsNow = (): number => Math.round(timeline.virtUs() / 1000);

  const answerDepth = (symbol: string, limit: number): UsdmDepthAnswer => {
    const ans = answerDepthNow(symbol, limit);
    answers.push({ atMs: Date.now(), status: ans.status, behindU: ans.status === 200 ? timeline.lastEmittedU - ans.book.lastUpdateId : 0 });
    return ans;
  };
  const answerDepthNow = (symbol: string, limit: number): UsdmDepthAnswer => {
    if (symbol !== capture.symbol) return { status: 400, code: -1121, msg: 'Invalid symbol.' };
    const n = snapshotFaults.next();
    if (n.status !== 200) {
      snaps.errors++;
      return rateLimitedAnswer(n.status, n.retryAfterSec);
    }
    if (n.lag > 0) snaps.stale++;
    return { status: 200, book: bookNow(n.lag).snapshot(limit), eMs: eMsNow() };
  };

  const closeSockets = (target: string, code: number, reason: string, abrupt: boolean): void => {
    for (const c of conns) {
      if (target !== 'all' && target !== 'stream' && target !== c.route) continue;
      counts.closes++;
      if (abrupt) c.ws.terminate();
      else c.ws.close(code, reason);
    }
  };

  const closeOpenSocketsLater = (ms: number, code: number, reason: string): void =>
    closeLater([...conns].map((c) => c.ws), ms, code, reason, counts);

  const market: BinanceMarket = { timeline, symbol: capture.symbol, counts, snapshotFaults, broadcast, closeSockets, closeOpenSocketsLater, log };
  const fault = (input: Fault | Fault[]): void => applyFaults(input, market);

  const status = () => {
    const by = (r: UsdmRoute): number => [...conns].filter((c) => c.route === r).length;
    return {
      ...timeline.clockStatus(), symbol: capture.symbol,
      sent: { ...timeline.sent }, depthPlayed: timeline.depthPlayed, lastSentU: timeline.lastSentU, lastEmittedU: timeline.lastEmittedU,
      dropped: timeline.dropped, duplicated: timeline.duplicated, swapped: timeline.swapped,
      garbage: counts.garbage, oversized: counts.oversized, shutdowns: counts.shutdowns, closes: counts.closes,
      connections: { public: by('public'), publicTotal: counts.publicTotal, market: by('market'), marketTotal: counts.marketTotal },
      snapshots: { ...snaps },
      answers: answers.slice(),
      lastMark,
      pending: { ...timeline.pending(), snapshot: snapshotFaults.names() },
    };
  };

  const restRoute = async (url: URL, res: ServerResponse): Promise<boolean> => {
    if (url.pathname === '/fapi/v1/depth') {
      snaps.rest++;
      if (opts.snapshotDelayMs) await new Promise((r) => setTimeout(r, opts.snapshotDelayMs));
      const limit = parseLimit(url.searchParams.get('limit'));
      if (limit === undefined) sendJson(res, 400, { code: -1130, msg: 'Data sent for parameter \'limit\' is not valid.' });
      else sendUsdmDepth(res, answerDepth(url.searchParams.get('symbol') ?? '', limit), limit);
      return true;
    }
    if (url.pathname === '/fapi/v1/ping') sendJson(res, 200, {});
    else if (url.pathname === '/fapi/v1/time') sendJson(res, 200, { serverTime: Date.now() });
    else return false;
    return true;
  };

  const onSocket = (ws: WebSocket, url: URL): void => {
    const route = routeOfPath(url) as UsdmRoute;
    const names = streamNames(url);
    const conn: Conn = { ws, route, keys: new Set() };
    const add = (n: string): void => void (routeOf(n) === route && conn.keys.add(streamKey(n)));
    names.forEach(add);
    conns.add(conn);
    if (route === 'public') counts.publicTotal++;
    else counts.marketTotal++;
    log(`${route} open ${names.join('/')}`);
    ws.on('close', () => conns.delete(conn));
    ws.on('error', () => conns.delete(conn));
    ws.on('message', (data) => onControlFrame(conn, data.toString(), add));
    if (opts.autoStart !== 'manual') timeline.start();
  };

  /** Live SUBSCRIBE / UNSUBSCRIBE (venues.md §2.1, same on futures): `{"result":null,"id":n}`. */
  const onControlFrame = (conn: Conn, text: string, add: (n: string) => void): void => {
    let req: { method?: unknown; params?: unknown; id?: unknown };
    try {
      req = JSON.parse(text) as typeof req;
    } catch {
      return void conn.ws.send(JSON.stringify({ error: { code: 3, msg: 'Invalid JSON' }, id: null }));
    }
    const params = Array.isArray(req.params) ? req.params.filter((p): p is string => typeof p === 'string') : [];
    if (req.method === 'SUBSCRIBE') params.forEach(add);
    else if (req.method === 'UNSUBSCRIBE') params.forEach((p) => conn.keys.delete(streamKey(p)));
    else if (req.method === 'LIST_SUBSCRIPTIONS') return void conn.ws.send(JSON.stringify({ result: [...conn.keys], id: req.id ?? null }));
    else return void conn.ws.send(JSON.stringify({ error: { code: 2, msg: 'Invalid request' }, id: req.id ?? null }));
    conn.ws.send(JSON.stringify({ result: null, id: req.id ?? null }));
  };

  const ping = setInterval(() => {
    for (const c of conns) c.ws.ping();
  }, opts.pingIntervalMs ?? 180_000);

  const server = await hostVenue<Fault>(
    {
      accepts: (url) => (routeOfPath(url) === undefined ? 404 : streamNames(url).length === 0 ? 400 : true),
      onSocket,
      parseFaults,
      fault,
      status,
      route: restRoute,
      notFound: { code: -1, msg: 'not found' },
    },
    opts,
  );
  const { port, httpUrl, wsBase } = server;
  if (opts.autoStart === 'now') timeline.start();
  log(`impersonating Binance USD-M ${capture.symbol} on ${host}:${port} (${capture.frames.length} frames)`);

  return {
    port,
    httpUrl,
    /** The app's `ep.binance-usdm.<name>` overrides (src/venues/binance-usdm/meta.ts). */
    endpoints: { public: `${wsBase}/public`, market: `${wsBase}/market`, rest: httpUrl },
    capture,
    start: () => timeline.start(),
    fault,
    status,
    referenceBook: (limit = 1000): DepthSnapshot => bookNow().snapshot(limit),
    close: async (): Promise<void> => {
      clearInterval(ping);
      timeline.stop();
      await server.close();
    },
  };
}

/** `/public/stream` or `/market/stream` (venues.md §3.1, 2026 routes); undefined for other paths. */
const routeOfPath = (url: URL): UsdmRoute | undefined => /^\/(public|market)\/stream$/.exec(url.pathname)?.[1] as UsdmRoute | undefined;

const streamNames = (url: URL): string[] => (url.searchParams.get('streams') ?? '').split('/').filter(Boolean);
