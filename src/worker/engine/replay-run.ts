import { VENUE_IDS, type RawFrame, type VenueId } from '../../core/types';
import type { DataPlane } from '../../shared/data-plane';
import type { ReplaySpeed, ReplayStatus } from '../../shared/engine-api';
import { Pipeline } from '../../sources/pipeline';
import type { ReplayIo } from '../../sources/replay/replay-io';
import { ReplaySource } from '../../sources/replay/replay-source';
import { createAdapters } from '../../venues/registry';
import type { SessionMeta } from '../storage/session-store';
import { PlaneOutput } from './plane-output';

export interface ReplayRunArgs {
  readonly meta: SessionMeta;
  readonly frames: AsyncIterable<readonly RawFrame[]>;
  readonly plane: DataPlane;
  readonly speed: ReplaySpeed;
  readonly nowPerfMs: () => number;
  readonly io?: ReplayIo;
  readonly onLayoutChanged: (detail: string, tUs: number) => void;
  readonly onDone: (run: ReplayRun) => void;
}

const isVenue = (v: unknown): v is VenueId => (VENUE_IDS as readonly unknown[]).includes(v);

/** The venues of a session and the conn → venue routing from its header (`conns`). */
export function routingOf(meta: SessionMeta): { venues: VenueId[]; venueOfConn: (conn: string) => VenueId | undefined } {
  const venues = meta.venues.filter(isVenue);
  const conns = (meta.header as { conns?: unknown }).conns;
  const map = new Map<string, VenueId>();
  if (typeof conns === 'object' && conns !== null) {
    for (const [c, v] of Object.entries(conns)) if (isVenue(v)) map.set(c, v);
  }
  return { venues: venues.length > 0 ? venues : ['binance'], venueOfConn: (c) => map.get(c) };
}

/** The streams a replay shows, in order: the header's `config.streams` (multi-venue live
 * sessions say which symbol is on which venue), else every venue × every symbol. */
export function replayStreamsOf(meta: SessionMeta): { venue: VenueId; symbol: string }[] {
  const streams = ((meta.header as { config?: { streams?: unknown } }).config ?? {}).streams;
  if (Array.isArray(streams)) {
    const out: { venue: VenueId; symbol: string }[] = [];
    for (const s of streams as unknown[]) {
      const { venue, symbols } = (s ?? {}) as { venue?: unknown; symbols?: unknown };
      if (!isVenue(venue) || !Array.isArray(symbols)) continue;
      for (const symbol of symbols) if (typeof symbol === 'string') out.push({ venue, symbol });
    }
    if (out.length > 0) return out;
  }
  const venues: VenueId[] = meta.venues.length > 0 ? [...meta.venues] : ['binance'];
  return venues.flatMap((venue) => meta.symbols.map((symbol) => ({ venue, symbol })));
}

/**
 * One replay: stored frames → the same pipeline as live → data plane. Snapshot requests are
 * no-ops: the session holds the responses fetched live (AdapterSink.requestSnapshot).
 */
export class ReplayRun {
  readonly pipeline: Pipeline;
  readonly out: PlaneOutput;
  readonly source: ReplaySource;

  constructor(readonly args: ReplayRunArgs) {
    this.out = new PlaneOutput(args.plane, args.onLayoutChanged);
    const { venues, venueOfConn } = routingOf(args.meta);
    this.pipeline = new Pipeline({
      adapters: createAdapters(venues),
      venueOfConn,
      out: this.out,
      nowPerfMs: args.nowPerfMs,
      requester: { request: () => {} },
    });
    this.source = new ReplaySource(
      args.frames,
      (f) => this.pipeline.push(f),
      { speed: args.speed, framesTotal: args.meta.frames, onDone: () => args.onDone(this) },
      args.io,
    );
  }

  start(): void {
    this.source.start();
  }

  status(): ReplayStatus {
    const p = this.source.progress();
    return {
      sessionId: this.args.meta.id,
      speed: p.speed as ReplaySpeed,
      paused: p.paused,
      done: p.done,
      framesDone: p.framesDone,
      framesTotal: p.framesTotal,
    };
  }

  tick(_nowMs: number): void {}

  async stop(): Promise<undefined> {
    this.source.stop();
    this.out.flushBooks();
    return undefined;
  }
}
