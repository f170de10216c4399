/**
 * The impersonator's clock: plays a capture's frames at the pace of their `t_us` spacing
 * (times a speed-up), and applies the in-order stream faults (drop / duplicate / swap / stall).
 * One timeline per server, like one exchange: every stream socket sees the same moment, and a
 * reconnecting client joins wherever the market is now.
 */
import type { CaptureFrame, DepthDiff } from './capture';

export interface PlayedCounts {
  depth: number;
  trade: number;
  bookTicker: number;
  other: number;
  total: number;
  bytes: number;
}

export class Timeline {
  /** Index of the next frame to play. */
  next = 0;
  /** Depth events the market has gone through (sent, dropped or held): the reference book's length. */
  depthPlayed = 0;
  lastEmittedU = 0;
  lastSentU = 0;
  readonly sent: PlayedCounts = { depth: 0, trade: 0, bookTicker: 0, other: 0, total: 0, bytes: 0 };
  dropped = 0;
  duplicated = 0;
  swapped = 0;
  running = false;
  ended = false;
  readonly depthEvents: DepthDiff[];

  private dropNext = 0;
  private dupNext = 0;
  private dupLateNext = 0;
  /** A depth frame to send again after the next depth frame (a late duplicate). */
  private lateDup: CaptureFrame | null = null;
  private swapNext = 0;
  private dropEligible: ((f: CaptureFrame) => boolean) | undefined;
  private swapEligible: ((f: CaptureFrame) => boolean) | undefined;
  private held: CaptureFrame | null = null;
  private userPaused = false;
  private stallTimer: NodeJS.Timeout | null = null;
  private timer: NodeJS.Timeout | null = null;
  private anchorWallMs = 0;
  private anchorVirtUs = 0;

  constructor(
    readonly frames: readonly CaptureFrame[],
    public speed: number,
    private readonly deliver: (frame: CaptureFrame) => void,
    private readonly onEnd: () => void = () => {},
  ) {
    this.depthEvents = frames.filter((f) => f.depth !== undefined).map((f) => f.depth!);
  }

  /** Capture time (µs) the timeline has reached. */
  virtUs(nowMs = performance.now()): number {
    if (!this.running || this.isPaused()) return this.anchorVirtUs;
    return this.anchorVirtUs + (nowMs - this.anchorWallMs) * 1000 * this.speed;
  }

  isPaused(): boolean {
    return this.userPaused || this.stallTimer !== null;
  }

  start(): void {
    if (this.running || this.frames.length === 0) return;
    this.running = true;
    this.anchorVirtUs = this.frames[0]!.tUs;
    this.anchorWallMs = performance.now();
    this.tick();
  }

  setSpeed(speed: number): void {
    this.rebase();
    this.speed = speed;
    this.reschedule();
  }

  pause(): void {
    this.rebase();
    this.userPaused = true;
    this.clearTimer();
  }

  resume(): void {
    this.userPaused = false;
    this.anchorWallMs = performance.now();
    this.reschedule();
  }

  /** Send nothing for `ms`; then carry on where the market was (time stood still meanwhile). */
  stall(ms: number): void {
    this.rebase();
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.clearTimer();
    this.stallTimer = setTimeout(() => {
      this.stallTimer = null;
      this.anchorWallMs = performance.now();
      this.reschedule();
    }, ms);
  }

  /** `eligible`: drop only a depth frame it accepts (the others pass until one does). */
  dropDepth(count: number, eligible?: (f: CaptureFrame) => boolean): void {
    this.dropNext += count;
    this.dropEligible = eligible;
  }
  /** `late`: the copy goes out after the following depth frame instead of straight away. */
  duplicateDepth(count: number, late = false): void {
    if (late) this.dupLateNext += count;
    else this.dupNext += count;
  }
  /** The next depth frame (that `eligible` accepts) is held back and sent right after the one
   * that follows it. */
  swapDepth(eligible?: (f: CaptureFrame) => boolean): void {
    this.swapNext += 1;
    this.swapEligible = eligible;
  }

  stop(): void {
    this.clearTimer();
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
    this.running = false;
  }

  private rebase(): void {
    const now = performance.now();
    this.anchorVirtUs = this.virtUs(now);
    this.anchorWallMs = now;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private reschedule(): void {
    this.clearTimer();
    if (this.running && !this.isPaused() && !this.ended) this.tick();
  }

  private tick(): void {
    this.timer = null;
    const v = this.virtUs();
    while (this.next < this.frames.length && this.frames[this.next]!.tUs <= v) {
      this.play(this.frames[this.next]!);
      this.next++;
    }
    if (this.next >= this.frames.length) {
      if (this.held) this.send(this.held);
      this.held = null;
      this.ended = true;
      this.onEnd();
      return;
    }
    const waitMs = (this.frames[this.next]!.tUs - v) / 1000 / this.speed;
    this.timer = setTimeout(() => this.tick(), Math.max(0, Math.min(waitMs, 1000)));
  }

  private play(f: CaptureFrame): void {
    if (f.depth === undefined) {
      this.send(f);
      return;
    }
    this.depthPlayed++;
    this.lastEmittedU = f.depth.u;
    if (this.dropNext > 0 && (this.dropEligible?.(f) ?? true)) {
      this.dropNext--;
      this.dropped++;
      return;
    }
    if (this.swapNext > 0 && this.held === null && (this.swapEligible?.(f) ?? true)) {
      this.swapNext--;
      this.held = f;
      return;
    }
    this.send(f);
    if (this.dupNext > 0) {
      this.dupNext--;
      this.duplicated++;
      this.send(f);
    }
    if (this.held !== null) {
      this.send(this.held);
      this.held = null;
      this.swapped++;
    }
    if (this.lateDup !== null) {
      this.send(this.lateDup);
      this.lateDup = null;
      this.duplicated++;
    }
    if (this.dupLateNext > 0) {
      this.dupLateNext--;
      this.lateDup = f;
    }
  }

  private send(f: CaptureFrame): void {
    this.sent[f.type]++;
    this.sent.total++;
    this.sent.bytes += f.text.length;
    if (f.depth) this.lastSentU = f.depth.u;
    this.deliver(f);
  }

  /** The clock's part of an impersonator's `GET /status`. */
  clockStatus(): { running: boolean; paused: boolean; ended: boolean; speed: number; framesTotal: number; framesPlayed: number; virtUs: number } {
    return {
      running: this.running, paused: this.isPaused(), ended: this.ended, speed: this.speed,
      framesTotal: this.frames.length, framesPlayed: this.next, virtUs: this.virtUs(),
    };
  }

  pending(): { drop: number; duplicate: number; swap: number; held: boolean } {
    return { drop: this.dropNext, duplicate: this.dupNext + this.dupLateNext + (this.lateDup ? 1 : 0), swap: this.swapNext, held: this.held !== null };
  }
}
