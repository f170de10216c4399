/**
 * A fixed-capacity buffer of parsed events waiting for a snapshot (every sequenced venue buffers
 * its diff stream until the snapshot arrives, then drops a prefix). Allocated once; removed
 * slots are cleared so the parsed frames can be collected.
 */
export class EventBuffer<T> {
  private readonly items: (T | undefined)[];
  private n = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity).fill(undefined);
  }

  get length(): number {
    return this.n;
  }

  get full(): boolean {
    return this.n === this.capacity;
  }

  /** The `i`-th buffered event (0 = oldest); `i` < length. */
  at(i: number): T {
    return this.items[i] as T;
  }

  push(x: T): void {
    this.items[this.n++] = x;
  }

  clear(): void {
    this.items.fill(undefined, 0, this.n);
    this.n = 0;
  }

  /** Drop the oldest `k` events. */
  dropFirst(k: number): void {
    if (k === 0) return;
    this.items.copyWithin(0, k, this.n);
    this.items.fill(undefined, this.n - k, this.n);
    this.n -= k;
  }
}
