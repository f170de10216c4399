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
import type { ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import { hostVenue } from './common/venue-host';
import { loadCapture, type Capture, type CaptureFrame, type DepthSnapshot } from './capture';
import { applyFaults, closeLater, PendingSnapshotFaults, type BinanceMarket, type CloseTarget } from './binance-faults';
import { parseFaults, type Fault } from './faults';
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
  /** Server ping frames, as Binance sends every 20 s (venues.md §2.1); default 20 s. */
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
  const answers: SnapshotLogEntry[] = [];

  const deliver = (f: CaptureFrame): void => {
    for (const c of streamConns) if (c.streams.has(f.stream)) c.ws.send(f.text);
  };
  const timeline = new Timeline(capture.frames, opts.speed ?? 1, deliver, () => log('capture ended'));
  const snapshotFaults = new PendingSnapshotFaults(timeline);
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
    const n = snapshotFaults.next();
    if (n.status !== 200) {
      snaps.errors++;
      return { status: n.status, code: -1003, msg: 'Too much request weight used.', retryAfterSec: n.retryAfterSec };
    }
    if (n.lag > 0) snaps.stale++;
    return { status: 200, book: bookNow(n.lag).snapshot(Math.min(Math.max(limit, 1), 5000)) };
  };

  const closeSockets = (to: CloseTarget, code: number, reason: string, abrupt: boolean): void => {
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

  const closeOpenSocketsLater = (ms: number, code: number, reason: string): void =>
    closeLater([...streamConns].map((c) => c.ws), ms, code, reason, counts);

  const market: BinanceMarket = { timeline, symbol: capture.symbol, counts, snapshotFaults, broadcast, closeSockets, closeOpenSocketsLater, log };
  const fault = (input: Fault | Fault[]): void => applyFaults(input, market);

  const status = (): ImpersonatorStatus => ({
    ...timeline.clockStatus(),
    symbol: capture.symbol,
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
    pending: { ...timeline.pending(), snapshot: snapshotFaults.names() },
  });

  const onStream = (ws: WebSocket, url: URL): void => {
    const names = (url.searchParams.get('streams') ?? '').split('/').filter(Boolean);
    const conn: StreamConn = { ws, streams: new Set(names.map((s) => s.replace(/^[A-Z0-9]+/, (m) => m.toLowerCase()))) };
    streamConns.add(conn);
    counts.streamTotal++;
    log(`stream open ${[...conn.streams].join('/')}`);
    ws.on('close', () => streamConns.delete(conn));
    ws.on('error', () => streamConns.delete(conn));
    if (opts.autoStart !== 'manual') timeline.start();
  };
  const onWsApi = (ws: WebSocket): void => {
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
  };
  const route = async (url: URL, res: ServerResponse): Promise<boolean> => {
    if (url.pathname === '/api/v3/depth') {
      snaps.rest++;
      await delay(opts.snapshotDelayMs);
      restDepth(res, answerSnapshot(url.searchParams.get('symbol') ?? '', Number(url.searchParams.get('limit') ?? 100)));
      return true;
    }
    if (url.pathname !== '/api/v3/ping') return false;
    sendJson(res, 200, {});
    return true;
  };
  const server = await hostVenue<Fault>(
    {
      accepts: (url) => {
        if (url.pathname === '/stream') return (url.searchParams.get('streams') ?? '').split('/').some(Boolean) || 400;
        return url.pathname.startsWith('/ws-api/v3') || 404;
      },
      onSocket: (ws, url) => (url.pathname === '/stream' ? onStream(ws, url) : onWsApi(ws)),
      parseFaults,
      fault,
      status,
      route,
      notFound: { code: -1, msg: 'not found' },
    },
    opts,
  );

  const ping = setInterval(() => {
    for (const c of streamConns) c.ws.ping();
  }, opts.pingIntervalMs ?? 20_000);

  const { port, httpUrl, wsBase } = server;
  if (opts.autoStart === 'now') timeline.start();
  log(`impersonating Binance spot ${capture.symbol} on ${host}:${port} (${capture.frames.length} frames, speed ${timeline.speed})`);

  return {
    port,
    httpUrl,
    endpoints: { streamBase: wsBase, wsApi: `${wsBase}/ws-api/v3`, rest: httpUrl },
    capture,
    start: () => timeline.start(),
    fault,
    status,
    referenceBook: (limit = 5000) => bookNow().snapshot(limit),
    close: async () => {
      clearInterval(ping);
      timeline.stop();
      await server.close();
    },
  };
}

const delay = (ms = 0): Promise<void> => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());
