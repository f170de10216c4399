/**
 * A FIFO of rows (tUs, v0..v{width-1}) in preallocated typed arrays, for time-windowed
 * statistics. Push at the tail, drop at the head. The capacity doubles when full, so after a
 * warm-up the ring never allocates (steady state holds one window's worth of rows).
 *
 * Times are expected non-decreasing; a step backwards is tolerated (the row simply leaves when it
 * reaches the head), so clock jitter cannot corrupt a window, only delay one eviction.
 */
export class TimeRing {
  private t: Float64Array;
  /** Row-major values: row slot `s` occupies `v[s*width .. s*width+width)`. */
  private v: Float64Array;
  private head = 0;
  private n = 0;

  constructor(
    readonly width = 1,
    initialCapacity = 64,
  ) {
    // a power of two: slots wrap with a mask, not an integer division
    let cap = 2;
    while (cap < initialCapacity) cap *= 2;
    this.t = new Float64Array(cap);
    this.v = new Float64Array(cap * width);
  }

  get size(): number {
    return this.n;
  }

  get capacity(): number {
    return this.t.length;
  }

  clear(): void {
    this.head = 0;
    this.n = 0;
  }

  /** Append a row and return its value offset; the caller writes `width` values there via `setV`. */
  push(tUs: number): number {
    if (this.n === this.t.length) this.grow();
    const slot = (this.head + this.n) & (this.t.length - 1);
    this.t[slot] = tUs;
    this.n++;
    return slot * this.width;
  }

  setV(offset: number, v: number): void {
    this.v[offset] = v;
  }

  /** Time of the oldest row (NaN when empty). */
  headT(): number {
    return this.n === 0 ? NaN : this.t[this.head]!;
  }

  /** Value `col` of the oldest row. Only meaningful when size > 0. */
  headV(col = 0): number {
    return this.v[this.head * this.width + col]!;
  }

  /** Value `col` of the `i`-th row from the head (0 = oldest). */
  valueAt(i: number, col = 0): number {
    return this.v[((this.head + i) & (this.t.length - 1)) * this.width + col]!;
  }

  timeAt(i: number): number {
    return this.t[(this.head + i) & (this.t.length - 1)]!;
  }

  /** Drop the oldest row. */
  shift(): void {
    if (this.n === 0) return;
    this.head = (this.head + 1) & (this.t.length - 1);
    this.n--;
  }

  private grow(): void {
    const cap = this.t.length;
    const w = this.width;
    const t = new Float64Array(cap * 2);
    const v = new Float64Array(cap * 2 * w);
    for (let i = 0; i < this.n; i++) {
      const s = (this.head + i) % cap;
      t[i] = this.t[s]!;
      for (let c = 0; c < w; c++) v[i * w + c] = this.v[s * w + c]!;
    }
    this.t = t;
    this.v = v;
    this.head = 0;
  }
}
