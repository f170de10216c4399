import type { L2Book } from '../../core/book/l2-book';
import type { EngineEvent, StreamKey, VenueId } from '../../core/types';
import type { DataPlane } from '../../shared/data-plane';
import { pushTrade } from '../../shared/trades-ring';
import type { PipelineOutput } from '../../sources/pipeline';

/** Book-slot writes at most this often per stream (in frame time): the UI reads at ~60 Hz. */
const BOOK_EVERY_US = 16_000;

/**
 * The pipeline's results into the shared data plane. Pipeline stream indices map to data-plane
 * indices by key (a data plane reused across runs may hold the streams in another order).
 * Book slots are throttled: a change within 16 ms of the last write is only marked dirty, and
 * `flushBooks` (the engine's 10 Hz tick, and the end of a run) writes what is pending.
 * Allocation-free per frame.
 */
export class PlaneOutput implements PipelineOutput {
  private readonly planeIdx: number[] = [];
  private readonly books: (L2Book | null)[] = [];
  private readonly bookSeq: number[] = [];
  private readonly bookTUs: number[] = [];
  private readonly lastWriteTUs: number[] = [];
  private readonly dirty: boolean[] = [];

  constructor(
    private readonly plane: DataPlane,
    /** The data plane grew (a stream not known in advance): the layout version moved. */
    private readonly onLayoutChanged: (detail: string, tUs: number) => void,
  ) {}

  streamAdded(idx: number, key: StreamKey, venue: VenueId, symbol: string): void {
    const before = this.plane.version;
    this.planeIdx[idx] = this.plane.ensureStream(venue, symbol);
    this.books[idx] = null;
    this.bookSeq[idx] = NaN;
    this.bookTUs[idx] = 0;
    this.lastWriteTUs[idx] = -Infinity;
    this.dirty[idx] = false;
    if (this.plane.version !== before) this.onLayoutChanged(`stream added: ${key}`, 0);
  }

  row(idx: number, row: Float64Array): void {
    this.plane.writers(this.planeIdx[idx] as number)?.series.push(row);
  }

  bookChanged(idx: number, book: L2Book, seq: number, tUs: number): void {
    this.books[idx] = book;
    this.bookSeq[idx] = seq;
    this.bookTUs[idx] = tUs;
    // A NaN seq = the stream left live: show that at once, never throttle it away.
    if (seq === seq && tUs - (this.lastWriteTUs[idx] as number) < BOOK_EVERY_US) {
      this.dirty[idx] = true;
      return;
    }
    this.writeBook(idx);
  }

  trade(idx: number, tUs: number, exchMs: number, pxStr: string, szStr: string, takerBuy: boolean): void {
    const w = this.plane.writers(this.planeIdx[idx] as number);
    if (w !== undefined) pushTrade(w.trades, tUs / 1e6, +pxStr, +szStr, takerBuy, exchMs);
  }

  event(ev: EngineEvent): void {
    this.plane.events.push(ev);
  }

  /** Write every throttled book change still pending. */
  flushBooks(): void {
    for (let i = 0; i < this.dirty.length; i++) if (this.dirty[i]) this.writeBook(i);
  }

  /** Data-plane index of a pipeline stream. */
  planeIndexOf(idx: number): number | undefined {
    return this.planeIdx[idx];
  }

  private writeBook(idx: number): void {
    const book = this.books[idx];
    const w = this.plane.writers(this.planeIdx[idx] as number);
    this.dirty[idx] = false;
    if (book == null || w === undefined) return;
    const tUs = this.bookTUs[idx] as number;
    this.lastWriteTUs[idx] = tUs;
    w.book.writeBook(book, this.bookSeq[idx] as number, tUs);
  }
}
