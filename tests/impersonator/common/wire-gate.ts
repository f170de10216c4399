/**
 * One client connection's way out, where the wire faults happen (venue-faults.ts). The venue
 * code hands it each frame as the real server would put it on this socket (already numbered,
 * for Coinbase's per-connection `sequence_num`), so a duplicate repeats the same bytes and a
 * reorder swaps two numbered frames — what a broken network or server would really deliver.
 */
import type { WebSocket } from 'ws';

export interface GateCounts {
  sent: number;
  bookSent: number;
  bytes: number;
  dropped: number;
  duplicated: number;
  reordered: number;
  garbage: number;
  oversized: number;
  /** Frames swallowed by a stall (pongs, acks). */
  stalled: number;
}

export class WireGate {
  readonly counts: GateCounts = { sent: 0, bookSent: 0, bytes: 0, dropped: 0, duplicated: 0, reordered: 0, garbage: 0, oversized: 0, stalled: 0 };
  private drop = 0;
  private dup = 0;
  private swap = 0;
  private held: string | null = null;
  private replace: ((text: string) => string)[] = [];
  private stalledUntilMs = 0;

  constructor(readonly ws: WebSocket) {}

  /** A server-made frame (ack, pong, snapshot): only a stall holds it back. */
  control(text: string): void {
    if (this.isStalled()) {
      this.counts.stalled++;
      return;
    }
    this.write(text);
  }

  /** A captured book frame: subject to every pending fault. */
  book(text: string): void {
    if (this.isStalled()) {
      this.counts.stalled++;
      return;
    }
    if (this.drop > 0) {
      this.drop--;
      this.counts.dropped++;
      return;
    }
    const rewrite = this.replace.shift();
    if (rewrite) {
      this.write(rewrite(text));
      return this.release();
    }
    if (this.swap > 0 && this.held === null) {
      this.swap--;
      this.held = text;
      return;
    }
    this.write(text, true);
    if (this.dup > 0) {
      this.dup--;
      this.counts.duplicated++;
      this.write(text, true);
    }
    this.release();
  }

  /** Any other captured frame (trades, tickers, heartbeats). */
  other(text: string): void {
    if (this.isStalled()) this.counts.stalled++;
    else this.write(text);
  }

  dropNext(n: number): void {
    this.drop += n;
  }
  duplicateNext(n: number): void {
    this.dup += n;
  }
  reorderNext(): void {
    this.swap++;
  }
  /** The next book frame is replaced by `make(itsText)` (garbage, oversized). */
  replaceNext(kind: 'garbage' | 'oversized', make: (text: string) => string): void {
    this.replace.push((t) => {
      this.counts[kind]++;
      return make(t);
    });
  }
  stall(ms: number): void {
    this.stalledUntilMs = performance.now() + ms;
  }
  isStalled(): boolean {
    return performance.now() < this.stalledUntilMs;
  }

  pending(): { drop: number; duplicate: number; reorder: number; held: boolean; replace: number } {
    return { drop: this.drop, duplicate: this.dup, reorder: this.swap, held: this.held !== null, replace: this.replace.length };
  }

  private release(): void {
    if (this.held === null) return;
    const h = this.held;
    this.held = null;
    this.counts.reordered++;
    this.write(h, true);
  }

  private write(text: string, isBook = false): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.counts.sent++;
    if (isBook) this.counts.bookSent++;
    this.counts.bytes += text.length;
    this.ws.send(text);
  }
}
