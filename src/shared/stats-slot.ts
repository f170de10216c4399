/**
 * One stream's integrity/health counters (STAT_FIELDS) and latency histogram, seqlock-guarded
 * like the book slot: the engine overwrites the whole block, the UI copies it at rAF.
 *
 * Byte layout: Int32 header [lock, statWidth, bins, 0] (16 bytes), then Float64
 * [stats × statWidth, histogram × bins].
 */
import { LATENCY_BINS, STAT_WIDTH } from '../core/series/stream-stats';

const H_LOCK = 0;
const H_WIDTH = 1;
const H_BINS = 2;
const HEADER_BYTES = 16;
const READ_ATTEMPTS = 64;

export const statsSlotBytes = (width = STAT_WIDTH, bins = LATENCY_BINS): number => HEADER_BYTES + 8 * (width + bins);

export function initStatsSlot(buf: SharedArrayBuffer | ArrayBuffer, width = STAT_WIDTH, bins = LATENCY_BINS): void {
  const hdr = new Int32Array(buf, 0, 4);
  hdr[H_WIDTH] = width;
  hdr[H_BINS] = bins;
}

export class StatsSlotWriter {
  readonly width: number;
  readonly bins: number;
  private readonly hdr: Int32Array;
  private readonly f: Float64Array;
  private lock: number;

  constructor(buf: SharedArrayBuffer | ArrayBuffer) {
    this.hdr = new Int32Array(buf, 0, 4);
    this.width = this.hdr[H_WIDTH]!;
    this.bins = this.hdr[H_BINS]!;
    this.f = new Float64Array(buf, HEADER_BYTES, this.width + this.bins);
    this.lock = Atomics.load(this.hdr, H_LOCK) & ~1;
  }

  /** Publish `stats` (STAT_WIDTH values) and the latency histogram (LATENCY_BINS counts). */
  write(stats: ArrayLike<number>, latencyHist: ArrayLike<number>): void {
    Atomics.store(this.hdr, H_LOCK, (this.lock + 1) | 0);
    const f = this.f;
    const w = this.width;
    for (let i = 0; i < w; i++) f[i] = stats[i] ?? NaN;
    for (let i = 0; i < this.bins; i++) f[w + i] = latencyHist[i] ?? 0;
    this.lock = (this.lock + 2) | 0;
    Atomics.store(this.hdr, H_LOCK, this.lock);
  }
}

export class StatsSlotReader {
  readonly width: number;
  readonly bins: number;
  private readonly hdr: Int32Array;
  private readonly f: Float64Array;
  private readonly copy: Float64Array;

  constructor(buf: SharedArrayBuffer | ArrayBuffer) {
    this.hdr = new Int32Array(buf, 0, 4);
    this.width = this.hdr[H_WIDTH]!;
    this.bins = this.hdr[H_BINS]!;
    this.f = new Float64Array(buf, HEADER_BYTES, this.width + this.bins);
    this.copy = new Float64Array(this.width + this.bins);
  }

  /** Copy the stats (first min(width, out.length) values). False if no consistent copy. */
  readStats(out: Float64Array): boolean {
    if (!this.snapshot()) return false;
    out.set(this.copy.subarray(0, Math.min(this.width, out.length)));
    return true;
  }

  /** Copy the latency histogram counts. False if no consistent copy. */
  readLatencyHist(out: Float64Array): boolean {
    if (!this.snapshot()) return false;
    out.set(this.copy.subarray(this.width, this.width + Math.min(this.bins, out.length)));
    return true;
  }

  private snapshot(): boolean {
    for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      const lock = Atomics.load(this.hdr, H_LOCK);
      if ((lock & 1) !== 0) continue;
      this.copy.set(this.f);
      if (Atomics.load(this.hdr, H_LOCK) === lock) return true;
    }
    return false;
  }
}
