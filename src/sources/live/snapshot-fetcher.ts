import type { RawFrame, StreamKey } from '../../core/types';
import type { LiveConnectionSpec } from '../../venues/types';
import type { LiveIo, TimerHandle } from './io';
import { LiveConnection, type LiveConnectionEvents } from './live-connection';
import { TokenBucket } from './token-bucket';
import { WakeTimer } from './wake-timer';
import { blockMsFromWsApi, requestId, responseMatches } from './wsapi-response';

export interface SnapshotFetcherOptions {
  /** Weight per minute we allow ourselves: half of Binance's 6000 per IP (venues.md §2.2), which
   * REST and the WS-API share with every other tab and tool on this IP. */
  readonly weightPerMin?: number;
  /** Bucket size: how much may go at once (e.g. at start-up). */
  readonly burstWeight?: number;
  /** Minimum gap between two requests, so a mass disconnect does not fire N at once. */
  readonly minSpacingMs?: number;
  /** Use the WS-API first (CORS-free, venues.md §1.6). False = REST only. */
  readonly useWsApi?: boolean;
  /** Waiting this long for the WS-API socket to open ⇒ this request goes over REST. */
  readonly wsApiOpenTimeoutMs?: number;
  /** No answer in this long ⇒ the request is queued again (over REST if it was the WS-API). */
  readonly responseTimeoutMs?: number;
  /** Connection label of REST responses. */
  readonly restConn?: string;
}

/** One snapshot request of a venue (ResyncAction kind `snapshot`): the WS-API frame, the REST
 * URL, or both (WS-API preferred), and its weight in the venue's budget. */
export interface SnapshotSpec {
  readonly wsApiText?: string | undefined;
  readonly restUrl?: string | undefined;
  readonly weight: number;
}

/** What the fetcher needs of a venue. */
export interface SnapshotSource {
  /** The request for `symbol`, numbered `requestNo` (undefined = this symbol has none now). */
  spec(symbol: string, requestNo: number): SnapshotSpec | undefined;
  /** The venue's WS-API socket (label already final); absent = REST only (Binance USD-M). */
  readonly wsApi?: LiveConnectionSpec | undefined;
  isShutdownNotice(text: string): boolean;
}

interface Job {
  readonly stream: StreamKey;
  readonly symbol: string;
  notBeforeMs: number;
}
interface InFlight {
  readonly job: Job;
  readonly via: 'wsapi' | 'rest';
  readonly needle: string;
  readonly timer: TimerHandle;
}

const WSAPI_DOWN_MS = 60_000;

/**
 * Fetches order-book snapshots for the adapters (`requestSnapshot`): queued, spaced, rate-budgeted,
 * one in flight per stream, after `retryAfterMs`. Prefers the venue's WS-API (its socket is opened
 * lazily and kept alive) and falls back to REST. Every request and response goes out through the
 * same frame callback as the market data, so a recorded session holds every snapshot.
 * `request` never acts synchronously: it is called from inside the pipeline's frame handling.
 */
export class SnapshotFetcher {
  private readonly queue: Job[] = [];
  private readonly inFlight = new Map<StreamKey, InFlight>();
  private readonly bucket: TokenBucket;
  private readonly wsapi: LiveConnection | null;
  private wsapiStarted = false;
  private wsapiWaitSinceMs = -1;
  private wsapiDownUntilMs = -Infinity;
  private blockedUntilMs = -Infinity;
  private lastSentMs = -Infinity;
  private requestNo = 0;
  private readonly wake: WakeTimer;
  private stopped = false;

  constructor(
    private readonly venue: SnapshotSource,
    private readonly io: LiveIo,
    private readonly events: LiveConnectionEvents,
    private readonly opts: SnapshotFetcherOptions = {},
  ) {
    this.bucket = TokenBucket.perMinute(opts.weightPerMin ?? 3000, opts.burstWeight ?? 2000, io.nowMs());
    this.wake = new WakeTimer(io, () => this.pump());
    const spec = venue.wsApi;
    this.wsapi = spec === undefined ? null : new LiveConnection(
      spec,
      io,
      {
        frame: (f) => this.onWsApiFrame(f),
        status: (conn, s, detail, tUs) => {
          events.status?.(conn, s, detail, tUs);
          if (s === 'open') this.arm(0);
          if (s === 'closed' || s === 'stale') this.requeueVia('wsapi');
        },
      },
      // The WS-API is silent between requests by design: no staleness timer.
      { staleAfterMs: Infinity, isShutdownNotice: (t) => venue.isShutdownNotice(t) },
    );
  }

  /** SnapshotRequester: called by the pipeline when an adapter needs a (fresh) snapshot. */
  request(stream: StreamKey, symbol: string, retryAfterMs: number, _tUs: number): void {
    if (this.stopped || this.inFlight.has(stream)) return;
    const notBeforeMs = this.io.nowMs() + Math.max(0, retryAfterMs || 0);
    const queued = this.queue.find((j) => j.stream === stream);
    if (queued) queued.notBeforeMs = Math.max(queued.notBeforeMs, notBeforeMs);
    else this.queue.push({ stream, symbol, notBeforeMs });
    this.arm(0);
  }

  /** Requests waiting or in flight (for tests and status). */
  pendingCount(): number {
    return this.queue.length + this.inFlight.size;
  }

  stop(): void {
    this.stopped = true;
    this.wake.cancel();
    for (const f of this.inFlight.values()) this.io.clearTimeout(f.timer);
    this.inFlight.clear();
    this.queue.length = 0;
    this.wsapi?.stop();
  }

  private arm(delayMs: number): void {
    if (!this.stopped) this.wake.arm(delayMs);
  }

  private pump(): void {
    if (this.stopped || this.queue.length === 0) return;
    const now = this.io.nowMs();
    if (now < this.blockedUntilMs) return this.arm(this.blockedUntilMs - now);
    if (now - this.lastSentMs < (this.opts.minSpacingMs ?? 250)) return this.arm(this.lastSentMs + (this.opts.minSpacingMs ?? 250) - now);
    const idx = this.queue.findIndex((j) => j.notBeforeMs <= now && !this.inFlight.has(j.stream));
    if (idx < 0) {
      const next = Math.min(...this.queue.map((j) => j.notBeforeMs));
      return this.arm(Math.max(next - now, 50));
    }
    const job = this.queue[idx] as Job;
    // The number is only consumed when the request really goes out (ids stay dense).
    const spec = this.venue.spec(job.symbol, this.requestNo + 1);
    if (spec === undefined || (spec.restUrl === undefined && (spec.wsApiText === undefined || this.wsapi === null))) {
      this.queue.splice(idx, 1); // nothing to ask: the adapter stays resyncing (counted there)
      if (this.queue.length > 0) this.arm(0);
      return;
    }
    const waitMs = this.bucket.waitMs(spec.weight, now);
    if (waitMs > 0) return this.arm(waitMs);
    const via = this.transport(now, spec);
    if (via === 'wait') return this.arm(100);
    this.requestNo++;
    this.queue.splice(idx, 1);
    this.bucket.take(spec.weight, now);
    this.lastSentMs = now;
    if (via === 'wsapi') this.sendWsApi(job, spec);
    else this.sendRest(job, spec);
    if (this.queue.length > 0) this.arm(0);
  }

  private transport(now: number, spec: SnapshotSpec): 'wsapi' | 'rest' | 'wait' {
    const canRest = spec.restUrl !== undefined;
    if (this.wsapi === null || spec.wsApiText === undefined) return 'rest';
    if (canRest && (this.opts.useWsApi === false || now < this.wsapiDownUntilMs)) return 'rest';
    if (!this.wsapiStarted) {
      this.wsapiStarted = true;
      this.wsapi.start();
    }
    if (this.wsapi.isOpen()) {
      this.wsapiWaitSinceMs = -1;
      return 'wsapi';
    }
    if (this.wsapiWaitSinceMs < 0) this.wsapiWaitSinceMs = now;
    if (now - this.wsapiWaitSinceMs < (this.opts.wsApiOpenTimeoutMs ?? 5000) || !canRest) return 'wait';
    // The WS-API does not come up (blocked, wrong URL...): REST for a while, then try again.
    this.wsapiWaitSinceMs = -1;
    this.wsapiDownUntilMs = now + WSAPI_DOWN_MS;
    return 'rest';
  }

  private track(job: Job, via: InFlight['via'], needle: string): void {
    const timer = this.io.setTimeout(() => {
      const f = this.inFlight.get(job.stream);
      if (f === undefined || f.timer !== timer) return;
      this.inFlight.delete(job.stream);
      if (via === 'wsapi') this.wsapiDownUntilMs = this.io.nowMs() + WSAPI_DOWN_MS;
      this.requeue(job);
    }, this.opts.responseTimeoutMs ?? 15_000);
    this.inFlight.set(job.stream, { job, via, needle, timer });
  }

  private finish(stream: StreamKey): void {
    const f = this.inFlight.get(stream);
    if (f === undefined) return;
    this.io.clearTimeout(f.timer);
    this.inFlight.delete(stream);
    this.arm(0);
  }

  private requeue(job: Job): void {
    if (this.stopped || this.queue.some((j) => j.stream === job.stream)) return;
    this.queue.push({ stream: job.stream, symbol: job.symbol, notBeforeMs: this.io.nowMs() });
    this.arm(0);
  }

  private requeueVia(via: InFlight['via']): void {
    for (const [stream, f] of [...this.inFlight]) {
      if (f.via !== via) continue;
      this.io.clearTimeout(f.timer);
      this.inFlight.delete(stream);
      this.requeue(f.job);
    }
  }

  private sendWsApi(job: Job, spec: SnapshotSpec): void {
    const text = spec.wsApiText as string;
    this.track(job, 'wsapi', requestId(text));
    if (this.wsapi?.send(text) !== true) this.requeueVia('wsapi');
  }

  private onWsApiFrame(f: RawFrame): void {
    if (f.kind === 'ws') {
      // Clear the in-flight mark before the pipeline sees the response: an error response makes
      // the adapter ask again at once, which must not be dropped as a duplicate.
      for (const [stream, fl] of this.inFlight) {
        if (fl.via !== 'wsapi' || !responseMatches(f.text, fl.needle)) continue;
        const blockMs = blockMsFromWsApi(f.text, this.io.nowUs() / 1000);
        if (blockMs > 0) this.block(blockMs);
        this.finish(stream);
        break;
      }
    }
    this.events.frame(f);
  }

  private block(ms: number): void {
    const now = this.io.nowMs();
    this.blockedUntilMs = Math.max(this.blockedUntilMs, now + ms);
    this.bucket.drain(now);
  }

  private sendRest(job: Job, spec: SnapshotSpec): void {
    const url = spec.restUrl as string;
    this.track(job, 'rest', url);
    const restConn = this.opts.restConn ?? 'rest';
    const done = (kind: 'rest' | 'rest_error', text: string): void => {
      const f = this.inFlight.get(job.stream);
      if (this.stopped || f === undefined || f.via !== 'rest' || f.needle !== url) return;
      this.finish(job.stream);
      // `url` is kept on rest_error too: it is how the adapter knows which symbol failed.
      this.events.frame({ tUs: this.io.nowUs(), kind, conn: restConn, url, text });
    };
    this.io.fetch(url).then(
      async (res) => {
        const body = await res.text();
        if (res.ok) return done('rest', body);
        if (res.status === 429 || res.status === 418) {
          // Retry-After is in seconds (RFC 9110 §10.2.3); Binance sends it on 429/418.
          const s = Number(res.headers.get('Retry-After'));
          const hinted = Number.isFinite(s) && s > 0;
          this.block(hinted ? s * 1000 : 60_000);
          // The venue's wait also goes into the record, as the epoch-ms `retryAfter` of the WS-API's
          // error.data, so the adapter's own retry honours it (live and in a replay) instead of
          // its no-hint default (60 s for a 429).
          if (hinted) return done('rest_error', JSON.stringify({ status: res.status, body, retryAfter: Math.round(this.io.nowUs() / 1000 + s * 1000) }));
        }
        done('rest_error', JSON.stringify({ status: res.status, body }));
      },
      (e: unknown) => done('rest_error', JSON.stringify({ status: 0, body: String(e) })),
    );
  }
}
