/**
 * The UI side of the data plane: reads an EngineLayout once per requestAnimationFrame.
 * Shared mode: `setLayout` only when the version changes. Fallback mode: `setLayout` with each
 * transferred copy (same reader classes over ArrayBuffers). Never blocks the engine, never
 * throws for an unknown stream index (returns 0 / false).
 */
import type { EngineEvent } from '../core/types';
import type { EngineLayout, StreamInfo } from './engine-api';
import { BookSlotReader, type BookView } from './book-slot';
import { ColumnRingReader } from './column-ring';
import { EventFifoReader } from './event-fifo';
import { StatsSlotReader } from './stats-slot';
import { readTrades, type TradesOut } from './trades-ring';

interface StreamReaders {
  readonly series: ColumnRingReader;
  readonly book: BookSlotReader;
  readonly stats: StatsSlotReader;
  readonly trades: ColumnRingReader;
}

export class EngineReader {
  private lay: EngineLayout;
  private readers: StreamReaders[] = [];
  private readonly events: EventFifoReader;
  private readonly tradeOuts: Float64Array[] = [];

  constructor(layout: EngineLayout) {
    this.lay = layout;
    this.events = new EventFifoReader(layout.events);
    this.build();
  }

  get version(): number {
    return this.lay.version;
  }

  get shared(): boolean {
    return this.lay.shared;
  }

  /** Adopt a new layout (version change, or each fallback copy). Cheap when nothing changed. */
  setLayout(layout: EngineLayout): void {
    if (layout === this.lay) return;
    // Shared buffers of one version are the same memory (even when Comlink cloned the object).
    const sameBuffers = layout.shared && this.lay.shared && layout.version === this.lay.version;
    this.lay = layout;
    if (sameBuffers) return;
    this.events.attach(layout.events);
    this.build();
  }

  streams(): readonly StreamInfo[] {
    return this.lay.streams;
  }

  /** Rows the engine has published on this stream's series (0 if unknown). */
  seriesCount(idx: number): number {
    return this.readers[idx]?.series.count() ?? 0;
  }

  /** Last min(rows, out.length) values of a SERIES_COLUMNS column, oldest first. Returns n. */
  readSeries(idx: number, col: number, out: Float64Array): number {
    return this.readers[idx]?.series.readColumn(col, out) ?? 0;
  }

  /** Several columns over the same rows (x and y arrays line up). Returns n. */
  readSeriesColumns(idx: number, cols: readonly number[], outs: readonly Float64Array[]): number {
    return this.readers[idx]?.series.readColumns(cols, outs) ?? 0;
  }

  /** Latest top-N book into a caller-owned view. False if unknown or no consistent copy. */
  readBook(idx: number, view: BookView): boolean {
    return this.readers[idx]?.book.read(view) ?? false;
  }

  readStats(idx: number, out: Float64Array): boolean {
    return this.readers[idx]?.stats.readStats(out) ?? false;
  }

  readLatencyHist(idx: number, out: Float64Array): boolean {
    return this.readers[idx]?.stats.readLatencyHist(out) ?? false;
  }

  /** Last trades, oldest first, all columns aligned. Returns the count. */
  readTrades(idx: number, out: TradesOut): number {
    const r = this.readers[idx];
    return r === undefined ? 0 : readTrades(r.trades, out, this.tradeOuts);
  }

  drainEvents(): EngineEvent[] {
    return this.events.drain();
  }

  private build(): void {
    const l = this.lay;
    this.readers = l.streams.map((_, i) => ({
      series: new ColumnRingReader(l.series[i]!),
      book: new BookSlotReader(l.books[i]!),
      stats: new StatsSlotReader(l.stats[i]!),
      trades: new ColumnRingReader(l.trades[i]!),
    }));
  }
}
