import type { LiveConnectionSpec, ResyncAction, VenueLinks, VenueLiveDef } from '../../../venues/types';
import type { SnapshotSource } from '../snapshot-fetcher';

/** A Binance-shaped VenueLiveDef for source tests that must not depend on the adapter's code. */
export const fakeVenueLive: VenueLiveDef = {
  venue: 'binance',
  defaultEndpoints: { streamBase: 'wss://s.example', wsApi: 'wss://api.example/ws-api/v3', rest: 'https://rest.example' },
  wsApiConn: 'wsapi',
  connections: (symbols: readonly string[], ep: VenueLinks): LiveConnectionSpec[] => [
    {
      conn: 'ws',
      url: `${ep.streamBase}/stream?streams=${symbols.map((s) => `${s.toLowerCase()}@depth@100ms/${s.toLowerCase()}@bookTicker`).join('/')}`,
      subscribe: [],
    },
    { conn: 'wsapi', url: ep.wsApi ?? '', subscribe: [] },
  ],
  resync: (symbol: string, n: number, ep: VenueLinks): ResyncAction => ({
    kind: 'snapshot',
    wsApiConn: 'wsapi',
    wsApiText: JSON.stringify({ id: `snap:${symbol}:${n}`, method: 'depth', params: { symbol, limit: 5000 } }),
    restUrl: `${ep.rest}/api/v3/depth?symbol=${symbol}&limit=5000`,
    weight: 250,
  }),
  staleAfterSec: 10,
  isShutdownNotice: (t: string) => t.length < 200 && t.includes('serverShutdown'),
};

/** The fake venue as the snapshot fetcher sees it (unprefixed labels). */
export function fakeSnapshotSource(def: VenueLiveDef = fakeVenueLive, ep: VenueLinks = def.defaultEndpoints): SnapshotSource {
  return {
    spec: (symbol, n) => {
      const a = def.resync(symbol, n, ep);
      return a.kind === 'snapshot' ? a : undefined;
    },
    wsApi: { conn: 'wsapi', url: ep.wsApi ?? '', subscribe: [] },
    isShutdownNotice: (t) => def.isShutdownNotice(t),
  };
}

/** A snapshot-in-stream venue (OKX-shaped): subscribe frames after open, text keep-alive,
 * resync by unsubscribe + subscribe on the symbol's socket. */
export const fakeStreamVenue: VenueLiveDef = {
  venue: 'binance-usdm', // any registered id: the live source never looks at adapters
  defaultEndpoints: { public: 'wss://okx.example/ws/v5/public' },
  connections: (symbols: readonly string[], ep: VenueLinks): LiveConnectionSpec[] => [
    { conn: 'ws', url: ep.public ?? '', subscribe: [JSON.stringify({ op: 'subscribe', args: symbols.map((instId) => ({ channel: 'books', instId })) })] },
  ],
  resync: (symbol: string): ResyncAction => ({
    kind: 'resubscribe',
    conn: 'ws',
    texts: [JSON.stringify({ op: 'unsubscribe', args: [{ channel: 'books', instId: symbol }] }), JSON.stringify({ op: 'subscribe', args: [{ channel: 'books', instId: symbol }] })],
  }),
  keepAlive: { text: 'ping', idleMs: 20_000 },
  staleAfterSec: 35,
  isShutdownNotice: () => false,
};
