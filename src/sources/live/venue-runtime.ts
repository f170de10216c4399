import type { StreamKey, VenueId } from '../../core/types';
import type { ResyncAction, VenueLinks, VenueLiveDef } from '../../venues/types';
import type { BackoffPolicy } from './backoff';
import type { LiveIo } from './io';
import { LiveConnection, type LiveConnectionEvents } from './live-connection';
import { Resubscriber, type ResubscriberOptions } from './resubscriber';
import { SnapshotFetcher, type SnapshotFetcherOptions, type SnapshotSpec } from './snapshot-fetcher';

/** One venue of a live run: its definition, the symbols to watch, its (possibly overridden) endpoints. */
export interface LiveVenueSpec {
  readonly def: VenueLiveDef;
  readonly symbols: readonly string[];
  readonly endpoints: VenueLinks;
}

export interface VenueRuntimeOptions {
  readonly backoff?: BackoffPolicy;
  /** Overrides every venue's `staleAfterSec` (tests). */
  readonly staleAfterMs?: number;
  readonly maxAgeMs?: number;
  /** Override every venue's snapshot budget (tests). */
  readonly fetcher?: SnapshotFetcherOptions;
  /** Override every venue's resubscribe budget (tests). */
  readonly resubscribe?: ResubscriberOptions;
}

/** Connection labels are `<venue>:<the venue's label>` (`okx:ws`, `binance:wsapi`): several venues
 * call a socket `ws`, and the pipeline routes frames to adapters by label (session header `conns`). */
export const connLabel = (venue: VenueId, conn: string): string => `${venue}:${conn}`;
/** The venue's label for REST snapshot responses (prefixed like any other). */
export const REST_CONN = 'rest';

/**
 * Conservative budgets for a venue whose VenueLiveDef names none: 600 weight/min with a burst of
 * 200 is a tenth of Binance spot's and a quarter of Binance USD-M's 2400/min IP budget (venues.md
 * §2.2, §3.1), and at weight 1 (OKX REST) still ≤ 4 requests/s with the 250 ms spacing.
 */
const DEFAULT_SNAPSHOT: SnapshotFetcherOptions = { weightPerMin: 600, burstWeight: 200, minSpacingMs: 250 };

/** The sockets and resync machinery of one venue. */
export class VenueRuntime {
  readonly venue: VenueId;
  readonly connections: readonly LiveConnection[];
  readonly fetcher: SnapshotFetcher;
  readonly resubscriber: Resubscriber;
  /** Every label this venue may record frames under (stream sockets, WS-API, REST). */
  readonly labels: readonly string[];
  private readonly byConn = new Map<string, LiveConnection>();

  constructor(
    private readonly spec: LiveVenueSpec,
    io: LiveIo,
    private readonly events: LiveConnectionEvents,
    opts: VenueRuntimeOptions = {},
  ) {
    const { def, endpoints } = spec;
    this.venue = def.venue;
    const label = (c: string): string => connLabel(def.venue, c);
    const specs = def.connections(spec.symbols, endpoints);
    // One WS-API socket per venue (def.wsApiConn): a `snapshot` action's wsApiText goes there.
    const wsApi = def.wsApiConn === undefined ? undefined : specs.find((s) => s.conn === def.wsApiConn);
    const b = def.budget ?? {};
    this.fetcher = new SnapshotFetcher(
      {
        spec: (symbol, n) => snapshotSpecOf(this.resync(symbol, n)),
        wsApi: wsApi === undefined ? undefined : { ...wsApi, conn: label(wsApi.conn) },
        isShutdownNotice: (t) => def.isShutdownNotice(t),
      },
      io,
      events,
      {
        ...DEFAULT_SNAPSHOT,
        ...(b.snapshotWeightPerMin ? { weightPerMin: b.snapshotWeightPerMin } : {}),
        ...(b.snapshotBurstWeight ? { burstWeight: b.snapshotBurstWeight } : {}),
        ...(b.minSpacingMs ? { minSpacingMs: b.minSpacingMs } : {}),
        ...opts.fetcher,
        restConn: label(REST_CONN),
      },
    );
    this.resubscriber = new Resubscriber(
      {
        plan: (symbol, n) => {
          const a = this.resync(symbol, n);
          return a?.kind === 'resubscribe' ? a : undefined;
        },
        send: (conn, text) => {
          if (this.byConn.get(conn)?.send(text) === true) return true;
          events.problem?.('resubscribe-dropped', `${label(conn)} not open: ${text.slice(0, 120)}`);
          return false;
        },
      },
      io,
      {
        ...(b.resubscribePerSec ? { perSec: b.resubscribePerSec } : {}),
        ...(b.resubscribeBurst ? { burst: b.resubscribeBurst } : {}),
        ...(b.resubscribePerHour ? { perHour: b.resubscribePerHour } : {}),
        ...(b.minSpacingMs ? { minSpacingMs: b.minSpacingMs } : {}),
        ...opts.resubscribe,
      },
    );
    const connOpts = {
      staleAfterMs: opts.staleAfterMs ?? def.staleAfterSec * 1000,
      isShutdownNotice: (t: string) => def.isShutdownNotice(t),
      ...(def.keepAlive ? { keepAlive: def.keepAlive } : {}),
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
      ...(opts.maxAgeMs ? { maxAgeMs: opts.maxAgeMs } : {}),
    };
    const conns: LiveConnection[] = [];
    for (const s of specs) {
      if (s === wsApi) continue; // the fetcher owns the WS-API socket
      const c = new LiveConnection({ ...s, conn: label(s.conn) }, io, events, connOpts);
      this.byConn.set(s.conn, c);
      conns.push(c);
    }
    this.connections = conns;
    this.labels = [...conns.map((c) => c.conn), ...(wsApi ? [label(wsApi.conn)] : []), label(REST_CONN)];
  }

  /** SnapshotRequester for this venue's streams: a snapshot fetch or a resubscribe. */
  request(stream: StreamKey, symbol: string, retryAfterMs: number, tUs: number): void {
    // resync() is pure: asking it once here only classifies the request; the fetcher or the
    // resubscriber asks again, with its own request number, when the request really goes out.
    const kind = this.resync(symbol, 0)?.kind;
    if (kind === 'snapshot') this.fetcher.request(stream, symbol, retryAfterMs, tUs);
    else if (kind === 'resubscribe') this.resubscriber.request(stream, symbol, retryAfterMs);
  }

  start(): void {
    for (const c of this.connections) c.start();
  }

  stop(): void {
    for (const c of this.connections) c.stop();
    this.fetcher.stop();
    this.resubscriber.stop();
  }

  /** The venue's resync action; a venue bug becomes a problem, never an exception upstream. */
  private resync(symbol: string, requestNo: number): ResyncAction | undefined {
    try {
      return this.spec.def.resync(symbol, requestNo, this.spec.endpoints);
    } catch (e) {
      this.events.problem?.('resync-failed', `${this.venue}:${symbol}: ${String(e)}`);
      return undefined;
    }
  }
}

function snapshotSpecOf(a: ResyncAction | undefined): SnapshotSpec | undefined {
  if (a?.kind !== 'snapshot') return undefined;
  return { wsApiText: a.wsApiText, restUrl: a.restUrl, weight: a.weight };
}
