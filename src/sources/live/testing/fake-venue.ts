import type { VenueEndpoints, VenueLive } from '../../../venues/types';

/** A Binance-shaped VenueLive for source tests that must not depend on the adapter's code. */
export const fakeVenueLive: VenueLive = {
  venue: 'binance',
  defaultEndpoints: { streamBase: 'wss://s.example', wsApi: 'wss://api.example/ws-api/v3', rest: 'https://rest.example' },
  wsApiConn: 'wsapi',
  connections: (symbols: readonly string[], ep: VenueEndpoints) => [
    {
      conn: 'ws',
      url: `${ep.streamBase}/stream?streams=${symbols.map((s) => `${s.toLowerCase()}@depth@100ms/${s.toLowerCase()}@bookTicker`).join('/')}`,
      subscribe: [],
    },
  ],
  snapshotRequest: (symbol: string, n: number, ep: VenueEndpoints) => ({
    wsApiText: JSON.stringify({ id: `snap:${symbol}:${n}`, method: 'depth', params: { symbol, limit: 5000 } }),
    restUrl: `${ep.rest}/api/v3/depth?symbol=${symbol}&limit=5000`,
    weight: 250,
  }),
  staleAfterSec: 10,
  isShutdownNotice: (t: string) => t.length < 200 && t.includes('serverShutdown'),
};
