/**
 * Binance USDⓈ-M stream routing after the 2026 URL split (venues.md §3.1): depth, bookTicker and
 * trade live on `/public`, aggTrade and markPrice on `/market`. A stream asked on the wrong route is
 * accepted and stays silent, as reported for the real service ("a wrong route can look like a
 * quiet market", venues.md §3.1), so a routing bug in the app shows as a stream that never syncs.
 */
export const USDM_ROUTES = ['public', 'market'] as const;
export type UsdmRoute = (typeof USDM_ROUTES)[number];

/** Which route serves a stream name (`btcusdt@depth@100ms`, `btcusdt@markPrice@1s`, …). */
export function routeOf(stream: string): UsdmRoute | undefined {
  const kind = stream.slice(stream.indexOf('@') + 1);
  if (/^depth(\d+)?(@\d+ms)?$/.test(kind) || kind === 'bookTicker' || kind === 'trade') return 'public';
  if (kind === 'aggTrade' || /^markPrice(@1s)?$/.test(kind)) return 'market';
  return undefined;
}

const keys = new Map<string, string>();

/**
 * The key a requested stream and a captured frame's stream share. The diff-depth speed is not part
 * of it: the hftbacktest captures hold `btcusdt@depth@0ms` (the undocumented real-time speed that
 * tardis-node uses, venues.md §3.2) while the app asks for `@depth@100ms`; the payload is the same
 * `depthUpdate` with its `pu` chain, so the captured frames are sent byte for byte (their `stream`
 * field still says `@0ms`, which the app does not route by).
 */
export function streamKey(stream: string): string {
  let k = keys.get(stream);
  if (k === undefined) {
    k = stream.replace(/^[A-Z0-9_]+@/, (m) => m.toLowerCase()).replace(/@depth(@\d+ms)?$/, '@depth');
    keys.set(stream, k);
  }
  return k;
}
