import type { RawFrame, VenueId } from '../../core/types';
import type { DataPlane } from '../../shared/data-plane';
import type { LiveIo } from '../../sources/live/io';
import { LiveSource, type LiveSourceOptions } from '../../sources/live/live-source';
import { Pipeline } from '../../sources/pipeline';
import { SESSION_FORMAT, SESSION_VERSION } from '../../sources/session-format/header';
import { VENUE_REGISTRY } from '../../venues/registry';
import type { VenueEndpoints } from '../../venues/types';
import { Recorder } from '../recorder';
import { APP_VERSION } from '../storage/export-session';
import type { SessionMeta, SessionStore } from '../storage/session-store';
import { PlaneOutput } from './plane-output';

/** Connection label of REST snapshot responses in live sessions. */
export const REST_CONN = 'rest';

export interface LiveRunArgs {
  readonly venue: VenueId;
  readonly symbols: readonly string[];
  readonly endpoints: VenueEndpoints;
  readonly plane: DataPlane;
  readonly io: LiveIo;
  /** Record into a new session of this store (null = do not record). */
  readonly store: SessionStore | null;
  readonly nowPerfMs: () => number;
  readonly onLayoutChanged: (detail: string, tUs: number) => void;
  readonly sourceOptions?: LiveSourceOptions;
}

/**
 * One live run: sockets → recorder → pipeline → data plane (DESIGN.md "The way a frame travels").
 * The recorder sees each frame before the pipeline, so a session holds exactly what was digested.
 */
export class LiveRun {
  readonly pipeline: Pipeline;
  readonly out: PlaneOutput;
  private readonly source: LiveSource;

  private constructor(
    readonly args: LiveRunArgs,
    readonly recorder: Recorder | null,
  ) {
    const { plane, venue } = args;
    this.out = new PlaneOutput(plane, args.onLayoutChanged);
    const entry = VENUE_REGISTRY[venue];
    let fetcher: LiveSource['fetcher'] | null = null;
    this.pipeline = new Pipeline({
      adapters: [entry.createAdapter()],
      out: this.out,
      nowPerfMs: args.nowPerfMs,
      requester: { request: (stream, symbol, retryAfterMs, tUs) => fetcher?.request(stream, symbol, retryAfterMs, tUs) },
    });
    const onFrame = (f: RawFrame): void => {
      recorder?.push(f);
      this.pipeline.push(f);
    };
    this.source = new LiveSource(entry.live, args.symbols, args.endpoints, args.io, {
      frame: onFrame,
      status: (conn, status, detail, tUs) => {
        if (status === 'stale') this.pipeline.markStale({ conn }, `socket ${conn} stale: ${detail}`, tUs);
        else if (status === 'error') this.out.event({ type: 'problem', problem: { code: 'ws-error', detail: `${conn}: ${detail}`, tUs } });
        else if (status !== 'connecting') this.out.event({ type: 'info', detail: `${conn} ${status}: ${detail}`, tUs });
      },
    }, args.sourceOptions);
    fetcher = this.source.fetcher;
  }

  static async start(args: LiveRunArgs): Promise<LiveRun> {
    let recorder: Recorder | null = null;
    if (args.store !== null) {
      try {
        recorder = await startRecorder(args, args.store);
      } catch (e) {
        // No storage (private mode, quota at create): watch live anyway, and say so.
        const detail = `recording unavailable, live without recording: ${String(e)}`;
        args.plane.events.push({ type: 'problem', problem: { code: 'recording-failed', detail, tUs: args.io.nowUs() } });
      }
    }
    const run = new LiveRun(args, recorder);
    run.source.start();
    return run;
  }

  /** Per tick: write the recorder's batch when due. */
  tick(nowMs: number): void {
    this.recorder?.maybeFlush(nowMs);
  }

  /** Close the sockets (their `ws_close` frames are still recorded), then finish the session. */
  async stop(): Promise<SessionMeta | undefined> {
    this.source.stop();
    this.out.flushBooks();
    return this.recorder?.stop();
  }
}

function startRecorder(args: LiveRunArgs, store: SessionStore): Promise<Recorder> {
  const live = VENUE_REGISTRY[args.venue].live;
  const startUs = args.io.nowUs();
  const conns: Record<string, VenueId> = { [live.wsApiConn]: args.venue, [REST_CONN]: args.venue };
  for (const c of live.connections(args.symbols, args.endpoints)) conns[c.conn] = args.venue;
  const name = `${args.symbols.join(' ')} live`;
  const header = {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    app: APP_VERSION,
    name,
    venues: [args.venue],
    symbols: [...args.symbols],
    conns,
    startUs,
    endUs: startUs,
    config: { endpoints: args.endpoints },
  };
  return Recorder.start(
    store,
    { name, venues: [args.venue], symbols: [...args.symbols], startUs, origin: 'live', header },
    { onProblem: (ev) => args.plane.events.push(ev) },
  );
}
