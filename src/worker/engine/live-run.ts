import type { RawFrame, VenueId } from '../../core/types';
import type { DataPlane } from '../../shared/data-plane';
import type { LiveIo } from '../../sources/live/io';
import { LiveSource, type LiveSourceOptions } from '../../sources/live/live-source';
import { Pipeline } from '../../sources/pipeline';
import { SESSION_FORMAT, SESSION_VERSION } from '../../sources/session-format/header';
import { VENUE_REGISTRY } from '../../venues/registry';
import { Recorder } from '../recorder';
import { APP_VERSION } from '../storage/export-session';
import type { SessionMeta, SessionStore } from '../storage/session-store';
import { PlaneOutput } from './plane-output';
import type { LiveVenuePlan } from './validate';

export interface LiveRunArgs {
  /** Every venue of the run, with its symbols and endpoints (validated: planLive). */
  readonly venues: readonly LiveVenuePlan[];
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

  private constructor(
    readonly args: LiveRunArgs,
    readonly recorder: Recorder | null,
    readonly source: LiveSource,
  ) {
    this.out = new PlaneOutput(args.plane, args.onLayoutChanged);
    const conns = source.conns;
    // One pipeline for every venue: frames reach their adapter by connection label.
    this.pipeline = new Pipeline({
      adapters: args.venues.map((v) => VENUE_REGISTRY[v.venue].createAdapter()),
      venueOfConn: (conn) => conns[conn],
      out: this.out,
      nowPerfMs: args.nowPerfMs,
      requester: source,
    });
  }

  /** The source's events: each frame to the recorder first, then the pipeline. */
  private static events(run: () => LiveRun | null, recorder: () => Recorder | null, args: LiveRunArgs) {
    const problem = (code: string, detail: string, tUs: number): void => {
      const r = run();
      if (r) r.out.event({ type: 'problem', problem: { code, detail, tUs } });
      else args.plane.events.push({ type: 'problem', problem: { code, detail, tUs } });
    };
    return {
      frame: (f: RawFrame): void => {
        recorder()?.push(f);
        run()?.pipeline.push(f);
      },
      status: (conn: string, status: string, detail: string, tUs: number): void => {
        const r = run();
        if (r === null) return;
        if (status === 'stale') r.pipeline.markStale({ conn }, `socket ${conn} stale: ${detail}`, tUs);
        else if (status === 'error') problem('ws-error', `${conn}: ${detail}`, tUs);
        else if (status !== 'connecting') r.out.event({ type: 'info', detail: `${conn} ${status}: ${detail}`, tUs });
      },
      problem: (code: string, detail: string): void => problem(code, detail, args.io.nowUs()),
    };
  }

  static async start(args: LiveRunArgs): Promise<LiveRun> {
    let run: LiveRun | null = null;
    let recorder: Recorder | null = null;
    const source = new LiveSource(
      args.venues.map((v) => ({ def: v.def, symbols: v.symbols, endpoints: v.endpoints })),
      args.io,
      LiveRun.events(() => run, () => recorder, args),
      args.sourceOptions,
    );
    if (args.store !== null) {
      try {
        recorder = await startRecorder(args, args.store, source.conns);
      } catch (e) {
        // No storage (private mode, quota at create): watch live anyway, and say so.
        const detail = `recording unavailable, live without recording: ${String(e)}`;
        args.plane.events.push({ type: 'problem', problem: { code: 'recording-failed', detail, tUs: args.io.nowUs() } });
      }
    }
    run = new LiveRun(args, recorder, source);
    source.start();
    return run;
  }

  /** Every symbol of the run, venue by venue. */
  get symbols(): string[] {
    return this.args.venues.flatMap((v) => v.symbols);
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

function startRecorder(args: LiveRunArgs, store: SessionStore, conns: Readonly<Record<string, VenueId>>): Promise<Recorder> {
  const startUs = args.io.nowUs();
  const venues = args.venues.map((v) => v.venue);
  const symbols = [...new Set(args.venues.flatMap((v) => v.symbols))];
  const name = `${args.venues.map((v) => (args.venues.length > 1 ? `${v.venue}:${v.symbols.join(',')}` : v.symbols.join(' '))).join(' ')} live`;
  const header = {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    app: APP_VERSION,
    name,
    venues,
    symbols,
    conns: { ...conns },
    startUs,
    endUs: startUs,
    // `streams` says which symbol belongs to which venue (the flat `symbols` cannot).
    config: {
      streams: args.venues.map((v) => ({ venue: v.venue, symbols: [...v.symbols] })),
      endpoints: Object.fromEntries(args.venues.map((v) => [v.venue, v.endpoints])),
    },
  };
  return Recorder.start(
    store,
    { name, venues, symbols, startUs, origin: 'live', header },
    { onProblem: (ev) => args.plane.events.push(ev) },
  );
}
