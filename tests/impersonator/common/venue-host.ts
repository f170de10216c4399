/**
 * The loopback HTTP + WebSocket server of a venue impersonator: WebSocket upgrades on the venue's
 * paths, `POST /control` (a VenueFault or VenueFault[]) and `GET /status`, on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { sendJson } from '../http-json';
import { readBody, rejectUpgrade } from './http';
import { parseVenueFaults, type VenueFault, type VenueFaultName } from './venue-faults';

export interface VenueHostHooks {
  /** Whether a WebSocket may open on `path` (else 404). */
  accepts(path: string): boolean;
  onSocket(ws: WebSocket, path: string): void;
  fault(faults: VenueFault[]): void;
  status(): unknown;
  knownFaults: readonly VenueFaultName[];
}

export interface VenueHost {
  port: number;
  httpUrl: string;
  wsBase: string;
  close(): Promise<void>;
}

export async function hostVenue(hooks: VenueHostHooks, opts: { host?: string; port?: number } = {}): Promise<VenueHost> {
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
      const faults = parseVenueFaults(body, hooks.knownFaults);
      if (typeof faults === 'string') return sendJson(res, 400, { error: faults });
      hooks.fault(faults);
      return sendJson(res, 200, hooks.status());
    }
    return sendJson(res, 404, { error: 'not found' });
  };
  const http = createServer((req, res) => {
    handleHttp(req, res).catch((err: unknown) => sendJson(res, 500, { error: String(err) }));
  });
  // Frames larger than any real venue message are refused from clients (ours are tiny).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (!hooks.accepts(path)) return rejectUpgrade(socket, 404);
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      hooks.onSocket(ws, path);
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
