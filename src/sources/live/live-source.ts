
import type { VenueEndpoints, VenueLive } from '../../venues/types';
import type { BackoffPolicy } from './backoff';
import type { LiveIo } from './io';
import { LiveConnection, type LiveConnectionEvents } from './live-connection';
import { SnapshotFetcher, type SnapshotFetcherOptions } from './snapshot-fetcher';

export interface LiveSourceOptions {
  readonly backoff?: BackoffPolicy;
  /** Overrides the venue's `staleAfterSec` (tests). */
  readonly staleAfterMs?: number;
  readonly maxAgeMs?: number;
  readonly fetcher?: SnapshotFetcherOptions;
}

/**
 * The live side of one venue: its market-data sockets plus the snapshot fetcher (which owns the
 * WS-API socket). All frames — market data, our sent frames, opens/closes, snapshot responses —
 * leave through `events.frame`, in receive order, for the recorder and then the pipeline.
 */
export class LiveSource {
  readonly fetcher: SnapshotFetcher;
  readonly connections: readonly LiveConnection[];

  constructor(
    venue: VenueLive,
    symbols: readonly string[],
    endpoints: VenueEndpoints,
    io: LiveIo,
    events: LiveConnectionEvents,
    opts: LiveSourceOptions = {},
  ) {
    const specs = venue.connections(symbols, endpoints);
    // A venue may list its WS-API socket among its connections: the fetcher owns that one.
    const wsapiSpec = specs.find((s) => s.conn === venue.wsApiConn);
    this.fetcher = new SnapshotFetcher(venue, endpoints, io, events, opts.fetcher, wsapiSpec);
    const connOpts = {
      staleAfterMs: opts.staleAfterMs ?? venue.staleAfterSec * 1000,
      isShutdownNotice: (t: string) => venue.isShutdownNotice(t),
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
      ...(opts.maxAgeMs ? { maxAgeMs: opts.maxAgeMs } : {}),
    };
    this.connections = specs
      .filter((s) => s.conn !== venue.wsApiConn)
      .map((s) => new LiveConnection(s, io, events, connOpts));
  }

  start(): void {
    for (const c of this.connections) c.start();
  }

  /** Closes every socket (recording their `ws_close`) and cancels every timer. */
  stop(): void {
    for (const c of this.connections) c.stop();
    this.fetcher.stop();
  }
}

