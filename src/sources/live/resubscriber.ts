import type { StreamKey } from '../../core/types';
import type { LiveIo } from './io';
import { TokenBucket } from './token-bucket';
import { WakeTimer } from './wake-timer';

export interface ResubscriberOptions {
  /** Resubscribe frames per second. OKX allows ≤ 3 subscribe requests/s per connection (venues.md
   * §4.1 ⚠ third-party quote); Bybit, Kraken and Coinbase document no tighter public limit we could
   * verify (Coinbase: 8 requests/s per IP, §5.1). 2/s stays under all of them. */
  readonly perSec?: number;
  /** Frames that may go at once (an unsubscribe + subscribe pair is two). */
  readonly burst?: number;
  /** Frames per hour. OKX counts ≤ 480 subscribe/unsubscribe/login per hour per connection
   * (venues.md §4.1 ⚠): half of it by default, for all venues, so a flapping feed that gaps again
   * and again slows to one resync per 30 s instead of getting the socket cut. */
  readonly perHour?: number;
  /** Minimum gap between two streams' resubscribes, so a mass gap is spread out. */
  readonly minSpacingMs?: number;
  /** A stream just resubscribed is not resubscribed again before this long. */
  readonly streamCooldownMs?: number;
}

/** One resubscribe to send: frames on a connection (its label is resolved by the caller). */
export interface ResubscribePlan {
  readonly conn: string;
  readonly texts: readonly string[];
}

export interface ResubscribeTarget {
  /** The plan for `symbol`, numbered `requestNo` (undefined = not a resubscribe venue now). */
  plan(symbol: string, requestNo: number): ResubscribePlan | undefined;
  /** Send one frame on `conn` (recorded as ws_sent); false when that socket is not open. */
  send(conn: string, text: string): boolean;
}

interface Job {
  readonly stream: StreamKey;
  readonly symbol: string;
  notBeforeMs: number;
}

/**
 * Resync for snapshot-in-stream venues (ResyncAction `resubscribe`): unsubscribe + subscribe on
 * the stream's socket, after which the venue pushes a fresh snapshot. Requests are queued (one
 * per stream), spaced and rate-limited per venue, so a mass disconnect or a burst of checksum
 * failures never fires every symbol's resubscribe at once. `request` never acts synchronously:
 * it is called from inside the pipeline's frame handling.
 */
export class Resubscriber {
  private readonly queue: Job[] = [];
  private readonly lastSentByStream = new Map<StreamKey, number>();
  private readonly bucket: TokenBucket;
  private readonly hourly: TokenBucket;
  private lastSentMs = -Infinity;
  private requestNo = 0;
  private readonly wake: WakeTimer;
  private stopped = false;
  /** Resubscribes dropped because their socket was down (its reconnect resubscribes everything). */
  dropped = 0;

  constructor(
    private readonly target: ResubscribeTarget,
    private readonly io: LiveIo,
    private readonly opts: ResubscriberOptions = {},
  ) {
    const perSec = opts.perSec ?? 2;
    this.bucket = new TokenBucket(opts.burst ?? 4, perSec / 1000, io.nowMs());
    const perHour = opts.perHour ?? 240;
    this.hourly = new TokenBucket(perHour, perHour / 3_600_000, io.nowMs());
    this.wake = new WakeTimer(io, () => this.pump());
  }

  request(stream: StreamKey, symbol: string, retryAfterMs: number): void {
    if (this.stopped) return;
    const now = this.io.nowMs();
    const cooldownEnd = (this.lastSentByStream.get(stream) ?? -Infinity) + (this.opts.streamCooldownMs ?? 1000);
    const notBeforeMs = Math.max(now + Math.max(0, retryAfterMs || 0), cooldownEnd);
    const queued = this.queue.find((j) => j.stream === stream);
    if (queued) queued.notBeforeMs = Math.max(queued.notBeforeMs, notBeforeMs);
    else this.queue.push({ stream, symbol, notBeforeMs });
    this.arm(0);
  }

  pendingCount(): number {
    return this.queue.length;
  }

  stop(): void {
    this.stopped = true;
    this.wake.cancel();
    this.queue.length = 0;
  }

  private arm(delayMs: number): void {
    if (!this.stopped) this.wake.arm(delayMs);
  }

  private pump(): void {
    if (this.stopped || this.queue.length === 0) return;
    const now = this.io.nowMs();
    const spacing = this.opts.minSpacingMs ?? 250;
    if (now - this.lastSentMs < spacing) return this.arm(this.lastSentMs + spacing - now);
    const idx = this.queue.findIndex((j) => j.notBeforeMs <= now);
    if (idx < 0) return this.arm(Math.max(Math.min(...this.queue.map((j) => j.notBeforeMs)) - now, 1));
    const job = this.queue[idx] as Job;
    const plan = this.target.plan(job.symbol, this.requestNo + 1);
    if (plan === undefined || plan.texts.length === 0) {
      this.queue.splice(idx, 1);
      return this.arm(0);
    }
    const n = plan.texts.length;
    const waitMs = Math.max(this.bucket.waitMs(n, now), this.hourly.waitMs(n, now));
    if (waitMs > 0) return this.arm(waitMs);
    this.queue.splice(idx, 1);
    this.requestNo++;
    this.bucket.take(n, now);
    this.hourly.take(n, now);
    this.lastSentMs = now;
    this.lastSentByStream.set(job.stream, now);
    for (const text of plan.texts) {
      // Socket down: its reconnect re-sends every subscribe frame, and the venue's fresh
      // snapshot rebuilds the book — a resubscribe now would be refused or redundant.
      if (!this.target.send(plan.conn, text)) {
        this.dropped++;
        break;
      }
    }
    if (this.queue.length > 0) this.arm(0);
  }
}
