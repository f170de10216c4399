/**
 * The loopback HTTP + WebSocket server under every venue impersonator: WebSocket upgrades the
 * venue accepts, `POST /control` (one fault or a list, in the venue's fault vocabulary),
 * `GET /status`, CORS preflights, and the venue's own HTTP routes (REST snapshots), on 127.0.0.1.
 * The venue module owns its sockets' protocol, its market clock and its faults.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { sendJson } from '../http-json';

export interface VenueHostHooks<F> {
  /** Whether a WebSocket may open at `url`: true, or the HTTP status refusing it (404, 400). */
  accepts(url: URL): true | number;
  onSocket(ws: WebSocket, url: URL): void;
  /** The control body as a fault list, or the message of a 400. */
  parseFaults(body: unknown): F[] | string;
  fault(faults: F[]): void;
  status(): unknown;
  /** The venue's own HTTP routes (REST snapshots, ping): true when it answered. */
  route?(url: URL, res: ServerResponse): boolean | Promise<boolean>;
  /** Body of the 404 for other paths (Binance answers in its own error shape). */
  notFound?: unknown;
}

export interface VenueHost {
  port: number;
  httpUrl: string;
  wsBase: string;
  close(): Promise<void>;
}

export async function hostVenue<F>(hooks: VenueHostHooks<F>, opts: { host?: string; port?: number } = {}): Promise<VenueHost> {
  const host = opts.host ?? '127.0.0.1';
  const sockets = new Set<WebSocket>();
  const handleHttp = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'OPTIONS') return sendJson(res, 204, null);
    if (url.pathname === '/status') return sendJson(res, 200, hooks.status());
    if (url.pathname === '/control' && req.method === 'POST') {
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        return sendJson(res, 400, { error: 'body is not JSON' });
      }
      const faults = hooks.parseFaults(body);
      if (typeof faults === 'string') return sendJson(res, 400, { error: faults });
      hooks.fault(faults);
      return sendJson(res, 200, hooks.status());
    }
    if (hooks.route !== undefined && (await hooks.route(url, res))) return;
    return sendJson(res, 404, hooks.notFound ?? { error: 'not found' });
  };
  const http = createServer((req, res) => {
    handleHttp(req, res).catch((err: unknown) => sendJson(res, 500, { error: String(err) }));
  });
  // Frames larger than any real venue message are refused from clients (ours are tiny).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const ok = hooks.accepts(url);
    if (ok !== true) return rejectUpgrade(socket, ok);
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      hooks.onSocket(ws, url);
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  return {
    port,
    httpUrl: `http://${host}:${port}`,
    wsBase: `ws://${host}:${port}`,
    close: async () => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Refuse a WebSocket upgrade with a plain HTTP status. */
function rejectUpgrade(socket: Duplex, status: number): void {
  socket.end(`HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Bad Request'}\r\nConnection: close\r\n\r\n`);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
