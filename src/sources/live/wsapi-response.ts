/**
 * Matching WS-API responses to requests without parsing the (large) response: JSON-RPC style
 * APIs (Binance WS-API, venues.md §1.6) echo the request `id`, and Binance writes it first:
 * `{"id":"snap:BTCUSDT:1","status":200,"result":{…},"rateLimits":[…]}`.
 */
const HEAD_CHARS = 256;

/** The needle to look for in a response: the request's `id` as JSON text. */
export function requestId(requestText: string): string {
  try {
    const id = (JSON.parse(requestText) as { id?: unknown }).id;
    return id === undefined ? requestText : JSON.stringify(id);
  } catch {
    return requestText;
  }
}

export function responseMatches(text: string, needle: string): boolean {
  const head = text.length > HEAD_CHARS ? text.slice(0, HEAD_CHARS) : text;
  return head.includes(needle);
}

/**
 * How long to stop sending after this response: 0 unless it is a 429/418. Binance WS-API errors
 * carry `"data":{"serverTime":…,"retryAfter":<epoch ms>}` on bans; otherwise wait a minute
 * (the REQUEST_WEIGHT window, venues.md §2.2).
 */
export function blockMsFromWsApi(text: string, nowEpochMs: number): number {
  const head = text.length > 1024 ? text.slice(0, 1024) : text;
  const status = /"status"\s*:\s*(\d+)/.exec(head);
  if (status === null || (status[1] !== '429' && status[1] !== '418')) return 0;
  const retry = /"retryAfter"\s*:\s*(\d+)/.exec(head);
  const untilMs = retry ? Number(retry[1]) : NaN;
  return Number.isFinite(untilMs) && untilMs > nowEpochMs ? untilMs - nowEpochMs : 60_000;
}
