import type { LiveIo, TimerHandle } from './io';

/**
 * One pending wake-up for a request queue (snapshot fetcher, resubscriber): `arm(ms)` keeps
 * whichever wake-up is earlier, so a queue can ask "wake me by then" from many places without
 * stacking timers; `cancel()` on stop leaves no timer behind.
 */
export class WakeTimer {
  private timer: TimerHandle | null = null;
  private atMs = Infinity;

  constructor(
    private readonly io: Pick<LiveIo, 'nowMs' | 'setTimeout' | 'clearTimeout'>,
    private readonly onWake: () => void,
  ) {}

  arm(delayMs: number): void {
    const at = this.io.nowMs() + delayMs;
    if (this.timer !== null && this.atMs <= at) return;
    this.cancel();
    this.atMs = at;
    this.timer = this.io.setTimeout(() => {
      this.timer = null;
      this.atMs = Infinity;
      this.onWake();
    }, Math.max(0, delayMs));
  }

  cancel(): void {
    if (this.timer !== null) this.io.clearTimeout(this.timer);
    this.timer = null;
    this.atMs = Infinity;
  }
}
