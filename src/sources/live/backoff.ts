/**
 * Reconnect delays: capped exponential backoff with full jitter (delay = random × min(cap,
 * base × 2^attempt)), so many tabs reconnecting after one outage do not arrive together.
 * Binance allows 300 connection attempts per 5 min per IP (venues.md §2.1): the cap keeps a
 * socket that keeps failing far below that.
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
  /** A connection that stayed open this long resets the attempt counter. */
  readonly healthyMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000, healthyMs: 60_000 };

export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random01: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random01 * ceiling);
}
