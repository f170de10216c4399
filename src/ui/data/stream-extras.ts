import { SERIES_COL, SERIES_COLUMNS, SERIES_WIDTH, type SeriesColumn } from '../../core/series/columns';
import type { StreamKey } from '../../core/types';
import { createBookView, type BookView } from '../../shared/book-slot';
import type { StreamInfo } from '../../shared/engine-api';
import type { EngineReader } from '../../shared/reader';

/** Columns the cross-stream panels (basis) chart over time. */
export const EXTRA_SERIES_COLS = ['tSec', 'midPx', 'markPx', 'indexPx', 'fundingRate'] as const satisfies readonly SeriesColumn[];
export type ExtraSeriesCol = (typeof EXTRA_SERIES_COLS)[number];
const EXTRA_IDX = EXTRA_SERIES_COLS.map((c) => SERIES_COL[c]);
export const EXTRA_ROWS = 16384;
/** Cross-stream series are for trends, not ticks: copy them at most this often. */
const SERIES_MIN_MS = 200;

export interface ExtraSeries {
  readonly cols: Readonly<Record<ExtraSeriesCol, Float64Array>>;
  rows: number;
  /** Rows ever published when copied (unchanged = nothing new). */
  count: number;
  /** Bumped on each copy: charts redraw when it moves. */
  version: number;
}

/**
 * What cross-stream panels need beyond the focused stream, read in the same once-per-frame pass
 * (DESIGN.md principle 4): each stream's last series row, and — only for the streams a mounted
 * panel asked for — its top-N book and a few series columns. Panels register interest with
 * `wantBook` / `wantSeries` and release it on unmount.
 */
export class StreamExtras {
  /** Last series row per stream key (all SERIES_COLUMNS; NaN = gap or nothing yet). */
  readonly last = new Map<StreamKey, Float64Array>();
  readonly books = new Map<StreamKey, BookView>();
  readonly series = new Map<StreamKey, ExtraSeries>();
  private readonly lastCount = new Map<StreamKey, number>();
  private readonly oneRow = SERIES_COLUMNS.map(() => new Float64Array(1));
  private readonly allCols = SERIES_COLUMNS.map((_, i) => i);
  private readonly bookWants = new Map<StreamKey, number>();
  private readonly seriesWants = new Map<StreamKey, number>();
  private lastSeriesMs = 0;

  wantBook(key: StreamKey): () => void {
    return this.want(this.bookWants, key);
  }

  wantSeries(key: StreamKey): () => void {
    return this.want(this.seriesWants, key);
  }

  ingest(reader: EngineReader, streams: readonly StreamInfo[], nowMs: number): void {
    const copySeries = nowMs - this.lastSeriesMs >= SERIES_MIN_MS;
    if (copySeries) this.lastSeriesMs = nowMs;
    for (const info of streams) {
      const count = reader.seriesCount(info.idx);
      if (this.lastCount.get(info.key) !== count) {
        this.lastCount.set(info.key, count);
        const row = this.last.get(info.key) ?? new Float64Array(SERIES_WIDTH);
        const n = reader.readSeriesColumns(info.idx, this.allCols, this.oneRow);
        for (let c = 0; c < SERIES_WIDTH; c++) row[c] = n > 0 ? ((this.oneRow[c] as Float64Array)[0] as number) : NaN;
        this.last.set(info.key, row);
      }
      if (this.bookWants.has(info.key)) {
        let view = this.books.get(info.key);
        if (view === undefined) this.books.set(info.key, (view = createBookView()));
        reader.readBook(info.idx, view);
      }
      if (copySeries && this.seriesWants.has(info.key)) this.readSeries(reader, info, count);
    }
  }

  /** The stream set changed (new live connection or replay): forget everything. */
  reset(): void {
    this.last.clear();
    this.lastCount.clear();
    this.books.clear();
    for (const s of this.series.values()) {
      s.rows = 0;
      s.count = -1;
      s.version += 1;
    }
  }

  private readSeries(reader: EngineReader, info: StreamInfo, count: number): void {
    let s = this.series.get(info.key);
    if (s === undefined) {
      const cols = Object.fromEntries(EXTRA_SERIES_COLS.map((c) => [c, new Float64Array(EXTRA_ROWS)])) as Record<ExtraSeriesCol, Float64Array>;
      this.series.set(info.key, (s = { cols, rows: 0, count: -1, version: 0 }));
    }
    if (s.count === count) return;
    s.rows = reader.readSeriesColumns(info.idx, EXTRA_IDX, EXTRA_SERIES_COLS.map((c) => s.cols[c]));
    s.count = count;
    s.version += 1;
  }

  private want(map: Map<StreamKey, number>, key: StreamKey): () => void {
    map.set(key, (map.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (map.get(key) ?? 1) - 1;
      if (n <= 0) map.delete(key);
      else map.set(key, n);
    };
  }
}
