/**
 * Snapshot answers in Binance's two shapes (TEAM-NOTES "Live Binance spot wiring"):
 * WS-API `{"id","status":200,"result":{lastUpdateId,bids,asks},"rateLimits":[…]}` or
 * `{"id","status":429|418|400,"error":{"code","msg","data"?}}`, and REST `/api/v3/depth`
 * (200 with the book; 429/418 with a `Retry-After` header in seconds).
 */
import type { ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import type { DepthSnapshot } from './capture';
import { sendJson } from './http-json';

export type SnapshotAnswer =
  | { status: 200; book: DepthSnapshot }
  | { status: 400 | 418 | 429; code: number; msg: string; retryAfterSec?: number };

/** Request weight of `depth` by limit (venues.md §2.2). */
function weightOf(limit: number): number {
  return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
}

let usedWeight = 0;

export function handleWsApi(ws: WebSocket, text: string, snapshot: (symbol: string, limit: number) => SnapshotAnswer): void {
  let req: { id?: unknown; method?: unknown; params?: { symbol?: unknown; limit?: unknown } };
  try {
    req = JSON.parse(text) as typeof req;
  } catch {
    ws.send(JSON.stringify({ id: null, status: 400, error: { code: -1102, msg: 'Malformed request.' } }));
    return;
  }
  const id = req.id ?? null;
  if (req.method === 'ping') return void ws.send(JSON.stringify({ id, status: 200, result: {} }));
  if (req.method === 'time') return void ws.send(JSON.stringify({ id, status: 200, result: { serverTime: Date.now() } }));
  if (req.method !== 'depth') {
    ws.send(JSON.stringify({ id, status: 400, error: { code: -1100, msg: `Unknown method ${String(req.method)}.` } }));
    return;
  }
  const limit = Number(req.params?.limit ?? 100);
  const ans = snapshot(String(req.params?.symbol ?? ''), limit);
  if (ans.status === 200) {
    usedWeight += weightOf(limit);
    const rateLimits = [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count: usedWeight }];
    ws.send(JSON.stringify({ id, status: 200, result: ans.book, rateLimits }));
    return;
  }
  const error: Record<string, unknown> = { code: ans.code, msg: ans.msg };
  if (ans.retryAfterSec !== undefined) error.data = { serverTime: Date.now(), retryAfter: Date.now() + ans.retryAfterSec * 1000 };
  ws.send(JSON.stringify({ id, status: ans.status, error }));
}

export function restDepth(res: ServerResponse, ans: SnapshotAnswer): void {
  if (ans.status === 200) return sendJson(res, 200, ans.book, { 'X-MBX-USED-WEIGHT-1M': String(usedWeight) });
  const headers: Record<string, string> = {};
  if (ans.retryAfterSec !== undefined) headers['Retry-After'] = String(ans.retryAfterSec);
  sendJson(res, ans.status, { code: ans.code, msg: ans.msg }, headers);
}
