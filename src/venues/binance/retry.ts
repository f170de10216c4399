import { isObj } from './messages';

/**
 * How long to wait before asking for a snapshot again after a failed request.
 * - 429 (REQUEST_WEIGHT exhausted): the weight window is one minute (venues.md §2.2,
 *   `REQUEST_WEIGHT` 6000/min), so after 60 s the budget has refilled for sure.
 * - 418 (IP banned for ignoring 429s): Binance bans "scale from 2 minutes to 3 days" for repeat
 *   offenders (rest-api.md "LIMITS"); retrying at the 2-minute minimum risks a longer ban, so wait 5.
 * Either is overridden by what the venue says: WS-API `error.data.retryAfter` (epoch ms, with
 * `serverTime`), or "banned until <epoch ms>" in a REST error body.
 */
export const RATE_LIMITED_RETRY_MS = 60_000;
export const IP_BANNED_RETRY_MS = 300_000;

export function snapshotErrorCode(status: number): string {
  if (status === 429) return 'snapshot-rate-limited';
  if (status === 418) return 'snapshot-ip-banned';
  return 'snapshot-failed';
}

/** `info` is WS-API `error.data` or a REST error body (string or object). 0 = no hint. */
export function retryAfterMsOf(status: number, info: unknown, tUs: number): number {
  const nowMs = tUs / 1000;
  let untilMs = NaN;
  let serverMs = NaN;
  if (isObj(info)) {
    if (typeof info.retryAfter === 'number') untilMs = info.retryAfter;
    if (typeof info.serverTime === 'number') serverMs = info.serverTime;
  } else if (typeof info === 'string') {
    const m = /until (\d{12,})/.exec(info);
    if (m?.[1] !== undefined) untilMs = Number(m[1]);
  }
  if (Number.isFinite(untilMs)) {
    // Prefer the venue's own clock: recorder clocks can be seconds off (PROVENANCE.md §4.8).
    const waitMs = untilMs - (Number.isFinite(serverMs) ? serverMs : nowMs);
    if (waitMs > 0) return Math.min(waitMs, 3 * 24 * 3600_000);
  }
  if (status === 429) return RATE_LIMITED_RETRY_MS;
  if (status === 418) return IP_BANNED_RETRY_MS;
  return 0;
}
