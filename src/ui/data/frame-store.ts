import { SERIES_COL, SERIES_COLUMNS, SERIES_WIDTH } from '../../core/series/columns';
import { LATENCY_BINS, STAT, STAT_WIDTH } from '../../core/series/stream-stats';
import { STREAM_STATES, type EngineEvent, type StreamKey, type StreamState } from '../../core/types';
import type { StreamInfo } from '../../shared/engine-api';
import { createBookView, type BookView } from '../../shared/book-slot';
import type { EngineReader } from '../../shared/reader';
import { createTradesOut, type TradesOut } from '../../shared/trades-ring';
import { ProblemLog } from './problem-log';
import { StateSpans } from './state-spans';
import { StreamExtras } from './stream-extras';

/** Rows of the focused stream's series copied per frame (the ring holds 16 384). */
export const SERIES_READ_ROWS = 16384;
const ALL_SERIES_COLS = SERIES_COLUMNS.map((_, i) => i);

export interface StreamSnapshot {
  readonly info: StreamInfo;
  readonly stats: Float64Array;
  readonly hist: Float64Array;
}

/**
 * What the UI shows, refreshed once per animation frame from the data plane (one read per
 * frame, DESIGN.md principle 4). Buffers are allocated once and reused. Panels subscribe:
 * charts redraw from it directly, text panels via useFrame at a lower rate.
 */
export class FrameStore {
  frame = 0;
  layoutVersion = -1;
  shared = false;
  streams: StreamSnapshot[] = [];
  focusKey: StreamKey | null = null;
  /** Series of the focused stream: one Float64Array per column, rows [0, seriesRows). */
  readonly series: Float64Array[] = Array.from({ length: SERIES_WIDTH }, () => new Float64Array(SERIES_READ_ROWS));
  seriesRows = 0;
  /** Rows ever published on the focused ring: unchanged = charts may skip redrawing. */
  seriesCount = 0;
  readonly last = new Float64Array(SERIES_WIDTH).fill(NaN);
  readonly book: BookView = createBookView();
  readonly trades: TradesOut = createTradesOut();
  tradesCount = 0;
  readonly problems = new ProblemLog();
  readonly spans = new StateSpans();
  /** Latest `recording-quota` / `recording-failed` problem, shown as `recording-warning`. */
  recordingProblem: string | null = null;
  /** Cross-stream data (other streams' last rows, books and series) for the cross-venue panels. */
  readonly extras = new StreamExtras();
  /** Which clock "now" is: the wall clock live, the data's own receive times in a replay
   * (a replayed frame from 2024 is not "two years idle"). Set by the controller. */
  clock: 'wall' | 'data' = 'wall';
  private readonly listeners = new Set<() => void>();
  private bookKey: StreamKey | null = null;

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  focus(): StreamSnapshot | undefined {
    return this.streams.find((s) => s.info.key === this.focusKey) ?? this.streams[0];
  }

  stateOf(s: StreamSnapshot | undefined): StreamState | null {
    if (s === undefined) return null;
    return STREAM_STATES[s.stats[STAT.state] as number] ?? null;
  }

  /** Now in µs since the epoch on the current clock (see `clock`): in a replay, the newest
   * local receive time any stream has seen. */
  nowUs(): number {
    if (this.clock === 'wall') return Date.now() * 1000;
    let t = 0;
    for (const s of this.streams) t = Math.max(t, s.stats[STAT.lastFrameTUs] ?? 0);
    return t;
  }

  byKey(key: StreamKey | null): StreamSnapshot | undefined {
    return key === null ? undefined : this.streams.find((s) => s.info.key === key);
  }

  setFocus(key: StreamKey): void {
    this.focusKey = key;
    this.seriesCount = -1;
    this.notify();
  }

  /** One frame: copy everything the panels need out of the reader. */
  ingest(reader: EngineReader): void {
    if (reader.version !== this.layoutVersion) this.adoptStreams(reader);
    for (const ev of reader.drainEvents()) this.onEvent(ev);
    this.streams.forEach((s, i) => {
      reader.readStats(i, s.stats);
      reader.readLatencyHist(i, s.hist);
    });
    const f = this.focus();
    if (f !== undefined) this.readFocus(reader, f);
    this.extras.ingest(reader, reader.streams(), performance.now());
    this.frame += 1;
    this.notify();
  }

  private adoptStreams(reader: EngineReader): void {
    this.layoutVersion = reader.version;
    this.shared = reader.shared;
    const old = new Map(this.streams.map((s) => [s.info.key, s]));
    this.streams = reader.streams().map((info) => ({
      info,
      stats: old.get(info.key)?.stats ?? new Float64Array(STAT_WIDTH).fill(0),
      hist: old.get(info.key)?.hist ?? new Float64Array(LATENCY_BINS),
    }));
    if (!this.streams.some((s) => s.info.key === this.focusKey)) this.focusKey = this.streams[0]?.info.key ?? null;
    this.seriesCount = -1;
  }

  private readFocus(reader: EngineReader, f: StreamSnapshot): void {
    const idx = f.info.idx;
    const count = reader.seriesCount(idx);
    if (count !== this.seriesCount) {
      this.seriesRows = reader.readSeriesColumns(idx, ALL_SERIES_COLS, this.series);
      this.seriesCount = count;
      const lastRow = this.seriesRows - 1;
      for (let c = 0; c < SERIES_WIDTH; c++) this.last[c] = lastRow >= 0 ? (this.series[c] as Float64Array)[lastRow] as number : NaN;
    }
    if (this.bookKey !== f.info.key) {
      // Another slot: force the view to re-copy even if the seqlock values happen to match.
      this.book.lock = -1;
      this.bookKey = f.info.key;
    }
    reader.readBook(idx, this.book);
    this.tradesCount = reader.readTrades(idx, this.trades);
  }

  private onEvent(ev: EngineEvent): void {
    this.problems.add(ev);
    this.spans.add(ev);
    if (ev.type === 'problem' && ev.problem.code.startsWith('recording-')) {
      this.recordingProblem = `${ev.problem.code}: ${ev.problem.detail}`;
    }
  }

  /** A new mode (live ↔ replay): forget spans and the recording warning of the last one. */
  resetForNewMode(): void {
    this.spans.clear();
    this.extras.reset();
    this.recordingProblem = null;
    this.seriesCount = -1;
  }

  notify(): void {
    for (const fn of this.listeners) fn();
  }
}

export const TSEC_COL = SERIES_COL.tSec;
