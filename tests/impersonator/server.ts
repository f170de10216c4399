/**
 * Loopback Binance spot impersonator (DESIGN.md "Tests"): a real HTTP + WebSocket server on
 * 127.0.0.1 that replays a real capture in Binance's own protocol (venues.md §2) and misbehaves
 * on demand. Routes:
 *   ws   /stream?streams=a/b/c   combined streams, frames byte for byte from the capture
 *   ws   /ws-api/v3              WS-API `depth` (snapshot as of now, from the reference book)
 *   GET  /api/v3/depth           REST snapshot fallback (CORS + CORP so a COEP page may fetch it)
 *   POST /control                a Fault or Fault[] (faults.ts)
 *   GET  /status                 what was sent, for assertions
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadCapture, type Capture, type CaptureFrame, type DepthSnapshot } from './capture';
import { parseFaults, type Fault, type SnapshotFault } from './faults';
import { bookAfter } from './reference-book';
import { Timeline } from './timeline';
import { handleWsApi, restDepth, type SnapshotAnswer } from './snapshots';
import { sendJson } from './http-json';

export interface ImpersonatorOptions {
  host?: string;
  /** 0 (default) = a free port. */
  port?: number;
  /** Capture files: the first holds the REST snapshot, the rest are continuations. */
  captures?: string[];
  /** Speed-up of the capture's `t_us` spacing (1 = real pace). */
  speed?: number;
  /** `connect` (default): the market starts with the first stream socket; `now`; `manual` (imp.start()). */
  autoStart?: 'connect' | 'now' | 'manual';
  /** Delay before a snapshot is answered (WS-API and REST), like a real depth-5000 round trip;
   * long enough and the UI shows `resyncing`. Default 0. */
  snapshotDelayMs?: number;
  /** Server ping frames, as Binance sends every 20 s (venues.md §2.1). */
  pingIntervalMs?: number;
  log?: (line: string) => void;
}

export interface ImpersonatorStatus {
  running: boolean;
  paused: boolean;
  ended: boolean;
  speed: number;
  symbol: string;
  framesTotal: number;
  framesPlayed: number;
  virtUs: number;
  sent: Timeline['sent'];
  depthPlayed: number;
  lastSentU: number;
  /** u of the last depth event the market went through (sent or lost in transit). */
  lastEmittedU: number;
  dropped: number;
  duplicated: number;
  swapped: number;
  garbage: number;
  oversized: number;
  shutdowns: number;
  closes: number;
  connections: { stream: number; streamTotal: number; wsapi: number; wsapiTotal: number };
  snapshots: { wsapi: number; rest: number; errors: number; stale: number };
  /** Every snapshot answer: wall-clock ms, HTTP-style status, and how far (in update ids) it is behind the market. */
  answers: SnapshotLogEntry[];
  pending: ReturnType<Timeline['pending']> & { snapshot: string[] };
}

export interface Impersonator {
  readonly port: number;
  readonly httpUrl: string;
  /** The app's endpoint overrides (TEAM-NOTES "Live Binance spot wiring"). */
  readonly endpoints: { streamBase: string; wsApi: string; rest: string };
  readonly capture: Capture;
  start(): void;
  fault(f: Fault | Fault[]): void;
  status(): ImpersonatorStatus;
  /** The reference book now (what the next snapshot request gets). */
  referenceBook(limit?: number): DepthSnapshot;
  close(): Promise<void>;
}

export interface SnapshotLogEntry {
  atMs: number;
  status: number;
  behindU: number;
}

interface StreamConn {
  ws: WebSocket;
  streams: Set<string>;
}

export async function startImpersonator(opts: ImpersonatorOptions = {}): Promise<Impersonator> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  const capture = loadCapture(opts.captures);
  const streamConns = new Set<StreamConn>();
  const wsapiConns = new Set<WebSocket>();
  const counts = { garbage: 0, oversized: 0, shutdowns: 0, closes: 0, streamTotal: 0, wsapiTotal: 0 };
  const snaps = { wsapi: 0, rest: 0, errors: 0, stale: 0 };
  const snapshotFaults: (SnapshotFault & { atDepth?: number })[] = [];
  const answers: SnapshotLogEntry[] = [];

  const deliver = (f: CaptureFrame): void => {
    for (const c of streamConns) if (c.streams.has(f.stream)) c.ws.send(f.text);
  };
  const timeline = new Timeline(capture.frames, opts.speed ?? 1, deliver, () => log('capture ended'));
  const broadcast = (text: string): void => {
    for (const c of streamConns) c.ws.send(text);
  };

  /** The naive reference book after every depth event played so far (minus `lag`). */
  const bookNow = (lag = 0) =>
    bookAfter(capture.snapshot, capture.preDepth, timeline.depthEvents, Math.max(0, timeline.depthPlayed - lag));

  /** One snapshot request: a pending fault, or the reference book as of now. */
  const answerSnapshot = (symbol: string, limit: number): SnapshotAnswer => {
    const ans = answerSnapshotNow(symbol, limit);
    answers.push({ atMs: Date.now(), status: ans.status, behindU: ans.status === 200 ? timeline.lastEmittedU - ans.book.lastUpdateId : 0 });
    log(`snapshot ${ans.status} ${ans.status === 200 ? ans.book.lastUpdateId : ''} (market at u ${timeline.lastEmittedU})`);
    return ans;
  };
  const answerSnapshotNow = (symbol: string, limit: number): SnapshotAnswer => {
    if (symbol !== capture.symbol) return { status: 400, code: -1121, msg: 'Invalid symbol.' };
    const f = snapshotFaults.shift();
    if (f?.fault === 'snapshot429' || f?.fault === 'snapshot418') {
      snaps.errors++;
      const status = f.fault === 'snapshot429' ? 429 : 418;
      return { status, code: -1003, msg: 'Too much request weight used.', retryAfterSec: f.retryAfterSec ?? 2 };
    }
    // Counted back from when the fault was given: a request that comes late (rate budget,
    // back-off) still gets a book older than the events the client buffered after the fault.
    const lag = f?.fault === 'snapshotStale' ? timeline.depthPlayed - (f.atDepth ?? timeline.depthPlayed) + (f.lagEvents ?? 30) : 0;
    if (lag > 0) snaps.stale++;
    return { status: 200, book: bookNow(lag).snapshot(Math.min(Math.max(limit, 1), 5000)) };
  };

  const closeSockets = (to: 'stream' | 'wsapi' | 'all' | 'public' | 'market', code: number, reason: string, abrupt: boolean): void => {
    const target = to === 'public' || to === 'market' ? 'stream' : to; // USD-M route names: the stream socket here
    const socks: WebSocket[] = [];
    if (target !== 'wsapi') for (const c of streamConns) socks.push(c.ws);
    if (target !== 'stream') socks.push(...wsapiConns);
    for (const ws of socks) {
      counts.closes++;
      if (abrupt) ws.terminate();
      else ws.close(code, reason);
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
          const stream = `${capture.symbol.toLowerCase()}@depth@100ms`;
          broadcast(`{"stream":"${stream}","data":{"e":"depthUpdate","pad":"${pad}"}}`);
          break;
        }
        case 'stall': timeline.stall(f.ms); break;
        case 'close': closeSockets(f.target ?? 'stream', f.code ?? 1001, f.reason ?? 'impersonator close', f.abrupt ?? false); break;
        case 'snapshot429': case 'snapshot418': case 'snapshotStale': snapshotFaults.push({ ...f, atDepth: timeline.depthPlayed }); break;
        case 'serverShutdown': {
          counts.shutdowns++;
          const eMs = Math.round(timeline.virtUs() / 1000);
          broadcast(`{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":${eMs}}}`);
          if (f.closeAfterMs !== undefined) {
            setTimeout(() => closeSockets('stream', 1001, 'server shutdown', false), f.closeAfterMs);
          }
          break;
        }
        case 'speed': timeline.setSpeed(f.speed); break;
        case 'pause': timeline.pause(); break;
        case 'resume': timeline.resume(); break;
      }
    }
  };

  const status = (): ImpersonatorStatus => ({
    running: timeline.running,
    paused: timeline.isPaused(),
    ended: timeline.ended,
    speed: timeline.speed,
    symbol: capture.symbol,
    framesTotal: capture.frames.length,
    framesPlayed: timeline.next,
    virtUs: timeline.virtUs(),
    sent: { ...timeline.sent },
    depthPlayed: timeline.depthPlayed,
    lastSentU: timeline.lastSentU,
    lastEmittedU: timeline.lastEmittedU,
    dropped: timeline.dropped,
    duplicated: timeline.duplicated,
    swapped: timeline.swapped,
    garbage: counts.garbage,
    oversized: counts.oversized,
    shutdowns: counts.shutdowns,
    closes: counts.closes,
    connections: {
      stream: streamConns.size, streamTotal: counts.streamTotal,
      wsapi: wsapiConns.size, wsapiTotal: counts.wsapiTotal,
    },
    snapshots: { ...snaps },
    answers: answers.slice(),
    pending: { ...timeline.pending(), snapshot: snapshotFaults.map((f) => f.fault) },
  });

  const http = createServer((req, res) => {
    handleHttp(req, res).catch((err: unknown) => sendJson(res, 500, { error: String(err) }));
  });
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
    if (url.pathname === '/api/v3/depth') {
      snaps.rest++;
      await delay(opts.snapshotDelayMs);
      return restDepth(res, answerSnapshot(url.searchParams.get('symbol') ?? '', Number(url.searchParams.get('limit') ?? 100)));
    }
    if (url.pathname === '/api/v3/ping') return sendJson(res, 200, {});
    return sendJson(res, 404, { code: -1, msg: 'not found' });
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/stream') {
      const names = (url.searchParams.get('streams') ?? '').split('/').filter(Boolean);
      if (names.length === 0) return reject(socket, 400);
      wss.handleUpgrade(req, socket, head, (ws) => {
        const conn: StreamConn = { ws, streams: new Set(names.map((s) => s.replace(/^[A-Z0-9]+/, (m) => m.toLowerCase()))) };
        streamConns.add(conn);
        counts.streamTotal++;
        log(`stream open ${[...conn.streams].join('/')}`);
        ws.on('close', () => streamConns.delete(conn));
        ws.on('error', () => streamConns.delete(conn));
        if (opts.autoStart !== 'manual') timeline.start();
      });
    } else if (url.pathname.startsWith('/ws-api/v3')) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        wsapiConns.add(ws);
        counts.wsapiTotal++;
        ws.on('close', () => wsapiConns.delete(ws));
        ws.on('error', () => wsapiConns.delete(ws));
        ws.on('message', (data, isBinary) => {
          if (isBinary) return;
          const text = data.toString();
          void delay(opts.snapshotDelayMs).then(() =>
            handleWsApi(ws, text, (sym, limit) => {
              snaps.wsapi++;
              return answerSnapshot(sym, limit);
            }),
          );
        });
      });
    } else reject(socket, 404);
  });

  const ping = setInterval(() => {
    for (const c of streamConns) c.ws.ping();
  }, opts.pingIntervalMs ?? 20_000);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  if (opts.autoStart === 'now') timeline.start();
  log(`impersonating Binance spot ${capture.symbol} on ${host}:${port} (${capture.frames.length} frames, speed ${timeline.speed})`);

  return {
    port,
    httpUrl: `http://${host}:${port}`,
    endpoints: { streamBase: `ws://${host}:${port}`, wsApi: `ws://${host}:${port}/ws-api/v3`, rest: `http://${host}:${port}` },
    capture,
    start: () => timeline.start(),
    fault,
    status,
    referenceBook: (limit = 5000) => bookNow().snapshot(limit),
    close: async () => {
      clearInterval(ping);
      timeline.stop();
      for (const c of streamConns) c.ws.terminate();
      for (const ws of wsapiConns) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function reject(socket: Duplex, status: number): void {
  socket.end(`HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Bad Request'}\r\nConnection: close\r\n\r\n`);
}

const delay = (ms = 0): Promise<void> => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
