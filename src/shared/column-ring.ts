/**
 * A columnar ring of Float64 rows in one (Shared)ArrayBuffer: the series ring (one row per book
 * commit) and the trades ring use it. One writer (the engine), any number of non-consuming
 * readers that never block it.
 *
 * Byte layout: Int32 header [count, gen, capacity, width] (16 bytes), then `width` columns of
 * `capacity` Float64 each (column c, row i at `c * capacity + i % capacity`).
 * ringbuf.js style: the writer stores the row's values first and only then publishes the new
 * `count` with `Atomics.store`; a reader loads `count`, copies, loads `count` again and drops the
 * rows the writer may have overwritten meanwhile. `gen` changes on clear/rebase so a reader that
 * raced one retries.
 */
const H_COUNT = 0;
const H_GEN = 1;
const H_CAP = 2;
const H_WIDTH = 3;
const HEADER_BYTES = 16;
/** Rebase `count` long before Int32 overflow (2^30 rows ≈ 12 days at 1000 rows/s). */
const REBASE_AT = 2 ** 30;
const READ_ATTEMPTS = 4;

export const columnRingBytes = (capacity: number, width: number): number => HEADER_BYTES + 8 * capacity * width;

/** Write the header of a fresh buffer (all-zero otherwise). */
export function initColumnRing(buf: SharedArrayBuffer | ArrayBuffer, capacity: number, width: number): void {
  const hdr = new Int32Array(buf, 0, 4);
  hdr[H_CAP] = capacity;
  hdr[H_WIDTH] = width;
}

export class ColumnRingWriter {
  readonly capacity: number;
  readonly width: number;
  private readonly hdr: Int32Array;
  private readonly data: Float64Array;
  private count: number;
  private slot: number;

  constructor(buf: SharedArrayBuffer | ArrayBuffer) {
    this.hdr = new Int32Array(buf, 0, 4);
    this.capacity = this.hdr[H_CAP]!;
    this.width = this.hdr[H_WIDTH]!;
    this.data = new Float64Array(buf, HEADER_BYTES, this.capacity * this.width);
    this.count = Atomics.load(this.hdr, H_COUNT);
    this.slot = this.count % this.capacity;
  }

  /** Rows published so far (since the last clear). */
  get rows(): number {
    return this.count;
  }

  /** Set one value of the pending (unpublished) row. */
  set(col: number, value: number): void {
    this.data[col * this.capacity + this.slot] = value;
  }

  /** Publish the pending row. Columns not `set` keep what the slot held: set all of them. */
  commit(): void {
    let next = this.count + 1;
    if (next >= REBASE_AT) {
      // Same slot mapping (next ≡ rebased mod capacity), so the stored rows stay valid.
      next = this.capacity + (next % this.capacity);
      Atomics.add(this.hdr, H_GEN, 1);
    }
    this.count = next;
    this.slot = next % this.capacity;
    Atomics.store(this.hdr, H_COUNT, next);
  }

  /** Write and publish a whole row (`row.length >= width`). Allocation-free. */
  push(row: ArrayLike<number>): void {
    const cap = this.capacity;
    const s = this.slot;
    for (let c = 0; c < this.width; c++) this.data[c * cap + s] = row[c]!;
    this.commit();
  }

  /** Forget every row (a new session). */
  clear(): void {
    Atomics.add(this.hdr, H_GEN, 1);
    this.count = 0;
    this.slot = 0;
    Atomics.store(this.hdr, H_COUNT, 0);
  }
}

export class ColumnRingReader {
  readonly capacity: number;
  readonly width: number;
  private readonly hdr: Int32Array;
  private readonly data: Float64Array;
  private readonly one: number[] = [0];
  private readonly oneOut: Float64Array[] = [new Float64Array(0)];

  constructor(buf: SharedArrayBuffer | ArrayBuffer) {
    this.hdr = new Int32Array(buf, 0, 4);
    this.capacity = this.hdr[H_CAP]!;
    this.width = this.hdr[H_WIDTH]!;
    this.data = new Float64Array(buf, HEADER_BYTES, this.capacity * this.width);
  }

  /** Rows published so far (may exceed capacity: only the last `capacity - 1` are readable). */
  count(): number {
    return Atomics.load(this.hdr, H_COUNT);
  }

  /** Copy the last min(count, out.length, capacity - 1) values of `col`, oldest first, into
   * `out[0..n)`. Returns n. */
  readColumn(col: number, out: Float64Array): number {
    this.one[0] = col;
    this.oneOut[0] = out;
    const n = this.readColumns(this.one, this.oneOut);
    this.oneOut[0] = EMPTY;
    return n;
  }

  /**
   * Copy the same last n rows of several columns (so x and y arrays line up):
   * n = min(count, capacity - 1, shortest out). Returns n; `outs[k][0..n)` holds column `cols[k]`.
   */
  readColumns(cols: readonly number[], outs: readonly Float64Array[]): number {
    const cap = this.capacity;
    let want = cap - 1; // the slot being written may hold a half-written row
    for (const o of outs) want = Math.min(want, o.length);
    for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      const gen = Atomics.load(this.hdr, H_GEN);
      const end = Atomics.load(this.hdr, H_COUNT);
      let n = Math.min(end, want);
      const start = end - n;
      for (let k = 0; k < cols.length; k++) this.copyRows(cols[k]!, start, n, outs[k]!);
      const end2 = Atomics.load(this.hdr, H_COUNT);
      if (Atomics.load(this.hdr, H_GEN) !== gen || end2 < end) continue;
      // While we copied, the writer may have filled rows up to end2 (the one in progress
      // included), overwriting the slots of rows <= end2 - capacity.
      const firstValid = end2 + 1 - cap;
      if (firstValid > start) {
        const drop = firstValid - start;
        if (drop >= n) continue;
        for (let k = 0; k < cols.length; k++) outs[k]!.copyWithin(0, drop, n);
        n -= drop;
      }
      return n;
    }
    return 0;
  }

  private copyRows(col: number, start: number, n: number, out: Float64Array): void {
    if (n === 0 || col < 0 || col >= this.width) {
      if (n > 0) out.fill(NaN, 0, n);
      return;
    }
    const cap = this.capacity;
    const base = col * cap;
    const s0 = start % cap;
    const first = Math.min(n, cap - s0);
    out.set(this.data.subarray(base + s0, base + s0 + first), 0);
    if (first < n) out.set(this.data.subarray(base, base + (n - first)), first);
  }
}

const EMPTY = new Float64Array(0);

/**
 * A compact copy of a ring holding only its last `maxRows` rows (fallback data path: smaller
 * transfers each animation frame). Row indices (and `count`) are preserved.
 */
export function copyColumnRingTail(src: SharedArrayBuffer | ArrayBuffer, maxRows: number): ArrayBuffer {
  const hdr = new Int32Array(src, 0, 4);
  const cap = hdr[H_CAP]!;
  const width = hdr[H_WIDTH]!;
  const count = Atomics.load(hdr, H_COUNT);
  const rows = Math.min(count, cap - 1, maxRows);
  const capOut = rows + 1;
  const out = new ArrayBuffer(columnRingBytes(capOut, width));
  initColumnRing(out, capOut, width);
  const data = new Float64Array(src, HEADER_BYTES, cap * width);
  const dataOut = new Float64Array(out, HEADER_BYTES, capOut * width);
  for (let c = 0; c < width; c++) {
    for (let i = count - rows; i < count; i++) dataOut[c * capOut + (i % capOut)] = data[c * cap + (i % cap)]!;
  }
  const hdrOut = new Int32Array(out, 0, 4);
  hdrOut[H_COUNT] = count;
  hdrOut[H_GEN] = Atomics.load(hdr, H_GEN);
  return out;
}
