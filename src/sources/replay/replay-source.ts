import type { RawFrame } from '../../core/types';
import { defaultReplayIo, type ReplayIo } from './replay-io';

/** Real time ×1, ×10, … or as fast as the pipeline digests (`max`). */
export type ReplayRate = number | 'max';

export interface ReplayProgress {
  readonly speed: ReplayRate;
  readonly paused: boolean;
  readonly done: boolean;
  readonly framesDone: number;
  readonly framesTotal: number;
  /** Set when the frame store or the frame handler failed; the replay stopped there. */
  readonly error: string | null;
}

export interface ReplayOptions {
  readonly speed: ReplayRate;
  /** Frames in the session (from its summary): progress denominator. */
  readonly framesTotal: number;
  /** `max`: work this long, then yield to the event loop (RPCs stay responsive). */
  readonly sliceMs?: number;
  /** Timed: a recording pause longer than this (wall ms, after speed) is shortened to it. */
  readonly maxGapMs?: number;
  readonly onDone?: (p: ReplayProgress) => void;
}

/**
 * Feeds a stored session's frames to the same callback the live source uses. Timed speeds are
 * scheduled from the recorded `tUs` deltas; `max` runs chunks between yields. No snapshot is
 * ever requested: the session holds the responses that were fetched live.
 */
export class ReplaySource {
  private readonly it: AsyncIterator<readonly RawFrame[]>;
  private batch: readonly RawFrame[] = [];
  private i = 0;
  private speed: ReplayRate;
  private framesDone = 0;
  private paused = false;
  private done = false;
  private started = false;
  private fetching = false;
  private error: string | null = null;
  private timer: unknown = null;
  private anchorWallMs = 0;
  private anchorTUs = NaN;
  private lastDueMs = 0;
  private lastTUs = NaN;
  private resolveFinished: () => void = () => {};
  /** Resolves when the replay ended (all frames, stop, or error). */
  readonly finished: Promise<void>;

  constructor(
    batches: AsyncIterable<readonly RawFrame[]>,
    private readonly onFrame: (f: RawFrame) => void,
    private readonly opts: ReplayOptions,
    private readonly io: ReplayIo = defaultReplayIo(),
  ) {
    this.it = batches[Symbol.asyncIterator]();
    this.speed = opts.speed;
    this.finished = new Promise((r) => (this.resolveFinished = r));
  }

  progress(): ReplayProgress {
    return {
      speed: this.speed,
      paused: this.paused,
      done: this.done,
      framesDone: this.framesDone,
      framesTotal: Math.max(this.opts.framesTotal, this.framesDone),
      error: this.error,
    };
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  pause(): void {
    if (this.done || this.paused) return;
    this.paused = true;
    this.cancelTimer();
  }

  resume(): void {
    if (this.done || !this.paused) return;
    this.paused = false;
    this.anchorTUs = NaN; // re-anchor: the wait before the next frame restarts from now
    this.schedule(0);
  }

  setSpeed(speed: ReplayRate): void {
    this.speed = speed;
    this.anchorTUs = NaN;
    if (!this.done && !this.paused && this.started) {
      this.cancelTimer();
      this.schedule(0);
    }
  }

  stop(): void {
    this.finish(null);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.io.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delayMs: number): void {
    if (this.done || this.paused || this.timer !== null) return;
    if (delayMs <= 0) {
      const token = {};
      this.timer = token;
      this.io.yieldThen(() => {
        if (this.timer !== token) return;
        this.timer = null;
        this.tick();
      });
    } else {
      this.timer = this.io.setTimeout(() => {
        this.timer = null;
        this.tick();
      }, delayMs);
    }
  }

  private tick(): void {
    if (this.done || this.paused) return;
    if (this.i >= this.batch.length) return this.nextBatch();
    try {
      if (this.speed === 'max') this.runMax();
      else this.runTimed(this.speed);
    } catch (e) {
      this.finish(`frame handler failed: ${String(e)}`);
    }
  }

  private nextBatch(): void {
    if (this.fetching) return;
    this.fetching = true;
    this.it.next().then(
      (r) => {
        this.fetching = false;
        if (this.done) return;
        if (r.done) return this.finish(null);
        this.batch = r.value;
        this.i = 0;
        this.tick();
      },
      (e: unknown) => {
        this.fetching = false;
        this.finish(`reading the session failed: ${String(e)}`);
      },
    );
  }

  private runMax(): void {
    const deadline = this.io.nowMs() + (this.opts.sliceMs ?? 12);
    const b = this.batch;
    let n = 0;
    while (this.i < b.length) {
      this.deliver(b[this.i++] as RawFrame);
      if ((++n & 127) === 0 && this.io.nowMs() >= deadline) break;
    }
    this.schedule(0);
  }

  private runTimed(speed: number): void {
    const now = this.io.nowMs();
    const deadline = now + (this.opts.sliceMs ?? 12);
    const maxGapMs = this.opts.maxGapMs ?? 5000;
    const b = this.batch;
    while (this.i < b.length) {
      const f = b[this.i] as RawFrame;
      if (Number.isNaN(this.anchorTUs)) {
        this.anchorTUs = Number.isNaN(this.lastTUs) ? f.tUs : this.lastTUs;
        this.anchorWallMs = now;
        this.lastDueMs = now;
      }
      let due = this.anchorWallMs + (f.tUs - this.anchorTUs) / 1000 / speed;
      if (due - this.lastDueMs > maxGapMs) {
        this.anchorTUs = f.tUs;
        this.anchorWallMs = this.lastDueMs + maxGapMs;
        due = this.anchorWallMs;
      }
      if (due > now) return this.schedule(due - now);
      this.lastDueMs = Math.max(this.lastDueMs, due);
      this.i++;
      this.deliver(f);
      if ((this.i & 63) === 0 && this.io.nowMs() >= deadline) break;
    }
    this.schedule(0);
  }

  private deliver(f: RawFrame): void {
    this.lastTUs = f.tUs;
    this.framesDone++;
    this.onFrame(f);
  }

  private finish(error: string | null): void {
    if (this.done) return;
    this.done = true;
    this.error = error;
    this.cancelTimer();
    this.io.dispose();
    // Release the store's cursor/transaction if we stopped early.
    this.it.return?.().catch(() => {});
    this.opts.onDone?.(this.progress());
    this.resolveFinished();
  }
}
