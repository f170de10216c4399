/**
 * USDⓈ-M REST depth (`GET /fapi/v1/depth?symbol=&limit=`, venues.md §3.1): the snapshot carries
 * `E` and `T` besides `lastUpdateId/bids/asks`; limits 5/10/20/50/100/500/1000 (weights 2/2/2/2/5/10/20).
 * Errors follow Binance's REST shape: `{"code","msg"}` with a `Retry-After` header (seconds) on
 * 429/418, and a 418 body naming the ban's end ("banned until <epoch ms>"), as Binance words it.
 */
import type { ServerResponse } from 'node:http';
import type { DepthSnapshot } from '../capture';
import { sendJson } from '../http-json';

export const USDM_LIMITS = [5, 10, 20, 50, 100, 500, 1000] as const;
const weightOf = (limit: number): number => (limit <= 50 ? 2 : limit === 100 ? 5 : limit === 500 ? 10 : 20);

export type UsdmDepthAnswer =
  | { status: 200; book: DepthSnapshot; eMs: number }
  | { status: 400 | 418 | 429; code: number; msg: string; retryAfterSec?: number };

export const rateLimitedAnswer = (status: 418 | 429, retryAfterSec: number): UsdmDepthAnswer =>
  status === 429
    ? { status, code: -1003, retryAfterSec, msg: 'Too many requests; current limit of IP(127.0.0.1) is 2400 requests per minute. Please use the websocket for live updates to avoid polling the API.' }
    : { status, code: -1003, retryAfterSec, msg: `Way too many requests; IP(127.0.0.1) banned until ${Date.now() + retryAfterSec * 1000}. Please use the websocket for live updates to avoid bans.` };

let usedWeight = 0;

/** `limit` as Binance reads it: absent = 500; anything not in the list is refused. */
export function parseLimit(text: string | null): number | undefined {
  const n = text === null ? 500 : Number(text);
  return (USDM_LIMITS as readonly number[]).includes(n) ? n : undefined;
}

export function sendUsdmDepth(res: ServerResponse, ans: UsdmDepthAnswer, limit: number): void {
  if (ans.status === 200) {
    usedWeight += weightOf(limit);
    const { lastUpdateId, bids, asks } = ans.book;
    // Key order as Binance sends it: lastUpdateId, E, T, bids, asks (the capture's REST line).
    const body = { lastUpdateId, E: ans.eMs, T: ans.eMs - 5, bids, asks };
    return sendJson(res, 200, body, { 'X-MBX-USED-WEIGHT-1M': String(usedWeight) });
  }
  const headers: Record<string, string> = {};
  if (ans.retryAfterSec !== undefined) headers['Retry-After'] = String(ans.retryAfterSec);
  sendJson(res, ans.status, { code: ans.code, msg: ans.msg }, headers);
}
