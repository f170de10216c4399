/**
 * The writer side of the data plane (lives in the engine worker): allocates every buffer of a
 * stream set, hands out the per-stream writers, and describes the buffers as an EngineLayout.
 * DESIGN.md principle 4: SharedArrayBuffer when the page is cross-origin isolated, otherwise
 * ArrayBuffers whose copies (`copyLayout`) are transferred to the UI each animation frame.
 */
import { SERIES_WIDTH } from '../core/series/columns';
import type { StreamKey, VenueId } from '../core/types';
import type { EngineLayout, StreamInfo } from './engine-api';
import { BookSlotWriter, bookSlotBytes, initBookSlot } from './book-slot';
import { ColumnRingWriter, columnRingBytes, copyColumnRingTail, initColumnRing } from './column-ring';
import { EVENT_FIFO_BYTES, EventFifoWriter, eventFifoBytes, initEventFifo } from './event-fifo';
import { StatsSlotWriter, initStatsSlot, statsSlotBytes } from './stats-slot';
import { TRADES_CAPACITY, initTradesRing, tradesRingBytes } from './trades-ring';

/** Rows per series ring (~27 min at 10 rows/s); readers see capacity - 1. */
export const SERIES_CAPACITY = 16385;

type Buf = SharedArrayBuffer | ArrayBuffer;

export interface StreamWriters {
  readonly info: StreamInfo;
  readonly series: ColumnRingWriter;
  readonly book: BookSlotWriter;
  readonly stats: StatsSlotWriter;
  readonly trades: ColumnRingWriter;
}

interface StreamBuffers {
  readonly series: Buf;
  readonly book: Buf;
  readonly stats: Buf;
  readonly trades: Buf;
}

export interface DataPlaneOptions {
  /** Allocate SharedArrayBuffers (the page is cross-origin isolated). */
  readonly shared: boolean;
  readonly seriesCapacity?: number;
  readonly tradesCapacity?: number;
  readonly eventFifoBytes?: number;
}

export class DataPlane {
  readonly shared: boolean;
  readonly events: EventFifoWriter;
  private readonly eventsBuf: Buf;
  private readonly seriesCap: number;
  private readonly tradesCap: number;
  private readonly infos: StreamInfo[] = [];
  private readonly bufs: StreamBuffers[] = [];
  private readonly w: StreamWriters[] = [];
  private ver = 1;

  constructor(opts: DataPlaneOptions) {
    this.shared = opts.shared && typeof SharedArrayBuffer !== 'undefined';
    this.seriesCap = opts.seriesCapacity ?? SERIES_CAPACITY;
    this.tradesCap = opts.tradesCapacity ?? TRADES_CAPACITY;
    this.eventsBuf = this.alloc(eventFifoBytes(opts.eventFifoBytes ?? EVENT_FIFO_BYTES));
    initEventFifo(this.eventsBuf);
    this.events = new EventFifoWriter(this.eventsBuf);
  }

  get version(): number {
    return this.ver;
  }

  /** Index of a stream, adding it (and bumping the layout version) if it is new. */
  ensureStream(venue: VenueId, symbol: string): number {
    const key: StreamKey = `${venue}:${symbol}`;
    const found = this.infos.findIndex((s) => s.key === key);
    if (found >= 0) return found;
    const idx = this.infos.length;
    const info: StreamInfo = { idx, key, venue, symbol };
    const b: StreamBuffers = {
      series: this.alloc(columnRingBytes(this.seriesCap, SERIES_WIDTH)),
      book: this.alloc(bookSlotBytes()),
      stats: this.alloc(statsSlotBytes()),
      trades: this.alloc(tradesRingBytes(this.tradesCap)),
    };
    initColumnRing(b.series, this.seriesCap, SERIES_WIDTH);
    initBookSlot(b.book);
    initStatsSlot(b.stats);
    initTradesRing(b.trades, this.tradesCap);
    this.infos.push(info);
    this.bufs.push(b);
    this.w.push({
      info,
      series: new ColumnRingWriter(b.series),
      book: new BookSlotWriter(b.book),
      stats: new StatsSlotWriter(b.stats),
      trades: new ColumnRingWriter(b.trades),
    });
    this.ver++;
    return idx;
  }

  streams(): readonly StreamInfo[] {
    return this.infos;
  }

  writers(idx: number): StreamWriters | undefined {
    return this.w[idx];
  }

  /** Forget every stream's rows and book (a new session); buffers and layout stay. */
  clearData(tUs: number): void {
    for (const w of this.w) {
      w.series.clear();
      w.trades.clear();
      w.book.clear(tUs);
    }
  }

  /** The live buffers (hand over once per version when shared). */
  layout(): EngineLayout {
    return {
      version: this.ver,
      shared: this.shared,
      streams: this.infos.slice(),
      series: this.bufs.map((b) => b.series),
      books: this.bufs.map((b) => b.book),
      stats: this.bufs.map((b) => b.stats),
      trades: this.bufs.map((b) => b.trades),
      events: this.eventsBuf,
    };
  }

  /**
   * Fallback path: ArrayBuffer copies for the UI (transfer them: `transfer` lists every buffer).
   * Series copies hold only the last `maxSeriesRows` rows, to keep per-frame copies small.
   * Events move: what this copy carries is consumed here (EventFifoWriter.takeCopy).
   */
  copyLayout(maxSeriesRows = this.seriesCap): { readonly layout: EngineLayout; readonly transfer: ArrayBuffer[] } {
    const copy = (b: Buf): ArrayBuffer => {
      const out = new ArrayBuffer(b.byteLength);
      new Uint8Array(out).set(new Uint8Array(b));
      return out;
    };
    const layout: EngineLayout = {
      version: this.ver,
      shared: false,
      streams: this.infos.slice(),
      series: this.bufs.map((b) => copyColumnRingTail(b.series, maxSeriesRows)),
      books: this.bufs.map((b) => copy(b.book)),
      stats: this.bufs.map((b) => copy(b.stats)),
      trades: this.bufs.map((b) => copy(b.trades)),
      events: this.events.takeCopy(),
    };
    const transfer = [...layout.series, ...layout.books, ...layout.stats, ...layout.trades, layout.events] as ArrayBuffer[];
    return { layout, transfer };
  }

  private alloc(bytes: number): Buf {
    return this.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  }
}
