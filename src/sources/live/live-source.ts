import type { StreamKey, VenueId } from '../../core/types';
import type { LiveIo } from './io';
import type { LiveConnection, LiveConnectionEvents } from './live-connection';
import { VenueRuntime, type LiveVenueSpec, type VenueRuntimeOptions } from './venue-runtime';

export { connLabel, REST_CONN, type LiveVenueSpec } from './venue-runtime';
export type LiveSourceOptions = VenueRuntimeOptions;

/**
 * The live side of a run: every selected venue's sockets, snapshot fetcher and resubscriber.
 * All frames — market data, our sent frames (subscribes, keep-alives, resubscribes), opens/closes,
 * snapshot responses — leave through `events.frame`, in receive order, for the recorder and then
 * the pipeline. Connection labels are `<venue>:<label>` (`conns` maps each to its venue, for the
 * session header and the pipeline's routing). It is the pipeline's SnapshotRequester: `request`
 * routes by the stream key's venue to that venue's VenueLiveDef.resync().
 */
export class LiveSource {
  readonly venues: ReadonlyMap<VenueId, VenueRuntime>;
  readonly connections: readonly LiveConnection[];
  readonly conns: Readonly<Record<string, VenueId>>;

  constructor(specs: readonly LiveVenueSpec[], io: LiveIo, events: LiveConnectionEvents, opts: LiveSourceOptions = {}) {
    const venues = new Map<VenueId, VenueRuntime>();
    const conns: Record<string, VenueId> = {};
    for (const spec of specs) {
      if (venues.has(spec.def.venue)) throw new Error(`venue ${spec.def.venue} listed twice`);
      const rt = new VenueRuntime(spec, io, events, opts);
      for (const l of rt.labels) {
        if (conns[l] !== undefined) throw new Error(`connection label ${l} used twice`);
        conns[l] = rt.venue;
      }
      venues.set(rt.venue, rt);
    }
    this.venues = venues;
    this.connections = [...venues.values()].flatMap((v) => v.connections);
    this.conns = conns;
  }

  /** SnapshotRequester (src/sources/pipeline.ts): an adapter needs a fresh book for `stream`. */
  request(stream: StreamKey, symbol: string, retryAfterMs: number, tUs: number): void {
    const venue = stream.slice(0, stream.indexOf(':')) as VenueId;
    this.venues.get(venue)?.request(stream, symbol, retryAfterMs, tUs);
  }

  start(): void {
    for (const v of this.venues.values()) v.start();
  }

  /** Closes every socket (recording their `ws_close`) and cancels every timer. */
  stop(): void {
    for (const v of this.venues.values()) v.stop();
  }
}
