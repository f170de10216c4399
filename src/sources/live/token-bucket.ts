/**
 * A token bucket over the venue's request weight. Binance's IP budget is 6000 weight per minute
 * (venues.md §2.2, REQUEST_WEIGHT), shared by REST and the WS-API: we spend only a fraction so
 * other tabs/tools on the same IP keep theirs. Time is injected (monotonic ms).
 */
export class TokenBucket {
  private tokens: number;
  private lastMs: number;

  constructor(
    readonly capacity: number,
    /** Tokens per ms. */
    readonly refillPerMs: number,
    nowMs: number,
  ) {
    this.tokens = capacity;
    this.lastMs = nowMs;
  }

  static perMinute(weightPerMin: number, burst: number, nowMs: number): TokenBucket {
    return new TokenBucket(burst, weightPerMin / 60_000, nowMs);
  }

  private refill(nowMs: number): void {
    const dt = Math.max(0, nowMs - this.lastMs);
    this.tokens = Math.min(this.capacity, this.tokens + dt * this.refillPerMs);
    this.lastMs = nowMs;
  }

  /** ms until `weight` tokens are available (0 = now). A weight above capacity waits for a full bucket. */
  waitMs(weight: number, nowMs: number): number {
    this.refill(nowMs);
    const need = Math.min(weight, this.capacity) - this.tokens;
    return need <= 0 ? 0 : Math.ceil(need / this.refillPerMs);
  }

  take(weight: number, nowMs: number): void {
    this.refill(nowMs);
    this.tokens -= Math.min(weight, this.capacity);
  }

  /** After a 429/418 the venue is the authority: drain the bucket. */
  drain(nowMs: number): void {
    this.refill(nowMs);
    this.tokens = Math.min(this.tokens, 0);
  }
}
