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
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadCapture, type Capture, type CaptureFrame, type DepthSnapshot } from '../capture';
import { futuresBookAfter } from '../common/futures-book';
import { readBody, rejectUpgrade } from '../common/http';
import { parseFaults, type Fault, type SnapshotFault } from '../faults';
import type { SnapshotLogEntry } from '../server';
import { sendJson } from '../http-json';
import { Timeline } from '../timeline';
import { parseLimit, rateLimitedAnswer, sendUsdmDepth, type UsdmDepthAnswer } from './rest';
import { routeOf, streamKey, type UsdmRoute } from './routes';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../src/venues/binance-usdm/fixtures/${name}`, import.meta.url));
export const USDM_CAPTURES = [
  fixture('BTCUSDT_2023-04-04T2358Z_depth0ms-trade-bookTicker-markPrice1s_hftbacktest.jsonl.gz'),
  fixture('BTCUSDT_2023-04-05T0000Z_continuation_depth0ms-trade-bookTicker-markPrice1s_hftbacktest.jsonl.gz'),
];

export interface UsdmImpersonatorOptions {
  host?: string;
  port?: number;
  captures?: string[];
  speed?: number;
  autoStart?: 'connect' | 'now' | 'manual';
  /** Delay before a REST snapshot is answered (a real round trip; the UI then shows `resyncing`). */
  snapshotDelayMs?: number;
  /** USD-M pings every 3 min (venues.md §3.1). */
  pingIntervalMs?: number;
  log?: (line: string) => void;
}

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
  const snapshotFaults: (SnapshotFault & { atDepth?: number })[] = [];
  const answers: SnapshotLogEntry[] = [];
  let lastMark: MarkSent | null = null;

  const deliver = (f: CaptureFrame): void => {
    const k = streamKey(f.stream);
    if (f.type === 'other' && f.stream.includes('@markPrice')) lastMark = (JSON.parse(f.text) as { data: MarkSent }).data;
    for (const c of conns) if (c.keys.has(k)) c.ws.send(f.text);
  };
  const timeline = new Timeline(capture.frames, opts.speed ?? 1, deliver, () => log('capture ended'));
  const broadcast = (text: string): void => {
    for (const c of conns) c.ws.send(text);
  };
  const bookNow = (lag = 0) =>
    futuresBookAfter(capture.snapshot, capture.preDepth, timeline.depthEvents, Math.max(0, timeline.depthPlayed - lag));
  const eMsNow = (): number => Math.round(timeline.virtUs() / 1000);

  const answerDepth = (symbol: string, limit: number): UsdmDepthAnswer => {
    const ans = answerDepthNow(symbol, limit);
    answers.push({ atMs: Date.now(), status: ans.status, behindU: ans.status === 200 ? timeline.lastEmittedU - ans.book.lastUpdateId : 0 });
    return ans;
  };
  const answerDepthNow = (symbol: string, limit: number): UsdmDepthAnswer => {
    if (symbol !== capture.symbol) return { status: 400, code: -1121, msg: 'Invalid symbol.' };
    const f = snapshotFaults.shift();
    if (f?.fault === 'snapshot429' || f?.fault === 'snapshot418') {
      snaps.errors++;
      return rateLimitedAnswer(f.fault === 'snapshot429' ? 429 : 418, f.retryAfterSec ?? 2);
    }
    // Counted back from when the fault was given: a request that comes late (rate budget,
    // back-off) still gets a book older than the events the client buffered after the fault.
    const lag = f?.fault === 'snapshotStale' ? timeline.depthPlayed - (f.atDepth ?? timeline.depthPlayed) + (f.lagEvents ?? 30) : 0;
    if (lag > 0) snaps.stale++;
    return { status: 200, book: bookNow(lag).snapshot(limit), eMs: eMsNow() };
  };

  const closeSockets = (target: string, code: number, reason: string, abrupt: boolean): void => {
    for (const c of conns) {
      if (target !== 'all' && target !== 'stream' && target !== c.route) continue;
      counts.closes++;
      if (abrupt) c.ws.terminate();
      else c.ws.close(code, reason);
    }
  };

  const fault = (input: Fault | Fault[]): void => {
    for (const f of Array.isArray(input) ? input : [input]) {
      log(`fault ${JSON.stringify(f)}`);
      switch (f.fault) {
        case 'dropDepth': timeline.dropDepth(f.count ?? 1); break;
        case 'duplicateDepth': timeline.duplicateDepth(f.count ?? 1, f.late ?? false); break;
        case 'swapDepth': timeline.swapDepth(); break;
        case 'garbage':
          counts.garbage++;
          broadcast(f.text ?? '\u0000<html>502 Bad Gateway</html> not json {');
          break;
        case 'oversized': {
          counts.oversized++;
          const pad = 'x'.repeat(Math.max(0, (f.bytes ?? 4 * 1024 * 1024) - 80));
          broadcast(`{"stream":"${capture.symbol.toLowerCase()}@depth@100ms","data":{"e":"depthUpdate","pad":"${pad}"}}`);
          break;
        }
        case 'stall': timeline.stall(f.ms); break;
        case 'close': closeSockets(f.target ?? 'stream', f.code ?? 1001, f.reason ?? 'impersonator close', f.abrupt ?? false); break;
        case 'snapshot429': case 'snapshot418': case 'snapshotStale': snapshotFaults.push({ ...f, atDepth: timeline.depthPlayed }); break;
        case 'serverShutdown':
          // Documented for spot (venues.md §2.1); ⚠ unverified for USD-M: the same combined form.
          counts.shutdowns++;
          broadcast(`{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":${eMsNow()}}}`);
          if (f.closeAfterMs !== undefined) setTimeout(() => closeSockets('all', 1001, 'server shutdown', false), f.closeAfterMs);
          break;
        case 'speed': timeline.setSpeed(f.speed); break;
        case 'pause': timeline.pause(); break;
        case 'resume': timeline.resume(); break;
      }
    }
  };

  const status = () => {
    const by = (r: UsdmRoute): number => [...conns].filter((c) => c.route === r).length;
    return {
      running: timeline.running, paused: timeline.isPaused(), ended: timeline.ended, speed: timeline.speed,
      symbol: capture.symbol, framesTotal: capture.frames.length, framesPlayed: timeline.next, virtUs: timeline.virtUs(),
      sent: { ...timeline.sent }, depthPlayed: timeline.depthPlayed, lastSentU: timeline.lastSentU, lastEmittedU: timeline.lastEmittedU,
      dropped: timeline.dropped, duplicated: timeline.duplicated, swapped: timeline.swapped,
      garbage: counts.garbage, oversized: counts.oversized, shutdowns: counts.shutdowns, closes: counts.closes,
      connections: { public: by('public'), publicTotal: counts.publicTotal, market: by('market'), marketTotal: counts.marketTotal },
      snapshots: { ...snaps },
      answers: answers.slice(),
      lastMark,
      pending: { ...timeline.pending(), snapshot: snapshotFaults.map((f) => f.fault) },
    };
  };

  const handleHttp = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'OPTIONS') return sendJson(res, 204, null);
    if (url.pathname === '/status') return sendJson(res, 200, status());
    if (url.pathname === '/control' && req.method === 'POST') {
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        return sendJson(res, 400, { error: 'body is not JSON' });
      }
      const faults = parseFaults(body);
      if (typeof faults === 'string') return sendJson(res, 400, { error: faults });
      fault(faults);
      return sendJson(res, 200, status());
    }
    if (url.pathname === '/fapi/v1/depth') {
      snaps.rest++;
      if (opts.snapshotDelayMs) await new Promise((r) => setTimeout(r, opts.snapshotDelayMs));
      const limit = parseLimit(url.searchParams.get('limit'));
      if (limit === undefined) return sendJson(res, 400, { code: -1130, msg: 'Data sent for parameter \'limit\' is not valid.' });
      return sendUsdmDepth(res, answerDepth(url.searchParams.get('symbol') ?? '', limit), limit);
    }
    if (url.pathname === '/fapi/v1/ping') return sendJson(res, 200, {});
    if (url.pathname === '/fapi/v1/time') return sendJson(res, 200, { serverTime: Date.now() });
    return sendJson(res, 404, { code: -1, msg: 'not found' });
  };
  const http = createServer((req, res) => {
    handleHttp(req, res).catch((err: unknown) => sendJson(res, 500, { error: String(err) }));
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/(public|market)\/stream$/.exec(url.pathname);
    const names = (url.searchParams.get('streams') ?? '').split('/').filter(Boolean);
    if (m === null) return rejectUpgrade(socket, 404);
    if (names.length === 0) return rejectUpgrade(socket, 400);
    const route = m[1] as UsdmRoute;
    wss.handleUpgrade(req, socket, head, (ws) => {
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
    });
  });

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

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  if (opts.autoStart === 'now') timeline.start();
  log(`impersonating Binance USD-M ${capture.symbol} on ${host}:${port} (${capture.frames.length} frames)`);

  return {
    port,
    httpUrl: `http://${host}:${port}`,
    /** The app's `ep.binance-usdm.<name>` overrides (src/venues/binance-usdm/meta.ts). */
    endpoints: { public: `ws://${host}:${port}/public`, market: `ws://${host}:${port}/market`, rest: `http://${host}:${port}` },
    capture,
    start: () => timeline.start(),
    fault,
    status,
    referenceBook: (limit = 1000): DepthSnapshot => bookNow().snapshot(limit),
    close: async (): Promise<void> => {
      clearInterval(ping);
      timeline.stop();
      for (const c of conns) c.ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
