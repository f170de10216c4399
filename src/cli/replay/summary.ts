import type { L2Book } from '../../core/book/l2-book';
import { SERIES_COLUMNS, SERIES_COL } from '../../core/series/columns';
import type { EngineEvent, StreamKey, VenueId } from '../../core/types';
import type { PipelineOutput } from '../../sources/pipeline';

interface ColumnAcc {
  n: number;
  sum: number;
  min: number;
  max: number;
}

/** Collects what the CLI prints: per-column statistics over live rows, latency samples, events. */
export class SummaryOutput implements PipelineOutput {
  readonly cols: ColumnAcc[][] = [];
  readonly latencyMs: number[][] = [];
  readonly rows: number[] = [];
  readonly gapRows: number[] = [];
  readonly problemCodes = new Map<string, number>();
  readonly events: EngineEvent[] = [];

  streamAdded(idx: number, _key: StreamKey, _venue: VenueId, _symbol: string): void {
    this.cols[idx] = SERIES_COLUMNS.map(() => ({ n: 0, sum: 0, min: Infinity, max: -Infinity }));
    this.latencyMs[idx] = [];
    this.rows[idx] = 0;
    this.gapRows[idx] = 0;
  }

  row(idx: number, row: Float64Array): void {
    if (Number.isNaN(row[SERIES_COL.bestBidPx]) && Number.isNaN(row[SERIES_COL.midPx])) {
      this.gapRows[idx]!++;
      return;
    }
    this.rows[idx]!++;
    const cols = this.cols[idx]!;
    for (let c = 0; c < cols.length; c++) {
      const v = row[c]!;
      if (!Number.isFinite(v)) continue;
      const a = cols[c]!;
      a.n++;
      a.sum += v;
      if (v < a.min) a.min = v;
      if (v > a.max) a.max = v;
    }
    const lat = row[SERIES_COL.latencyMs]!;
    if (Number.isFinite(lat)) this.latencyMs[idx]!.push(lat);
  }

  bookChanged(_idx: number, _book: L2Book, _seq: number, _tUs: number): void {}
  trade(_idx: number, _tUs: number, _exchMs: number, _px: string, _sz: string, _takerBuy: boolean): void {}

  event(ev: EngineEvent): void {
    if (this.events.length < 50) this.events.push(ev);
    if (ev.type === 'problem') this.problemCodes.set(ev.problem.code, (this.problemCodes.get(ev.problem.code) ?? 0) + 1);
  }

  /** mean/min/max per column (tSec left out), over live rows. */
  columnStats(idx: number): Record<string, { n: number; mean: number | null; min: number | null; max: number | null }> {
    const out: Record<string, { n: number; mean: number | null; min: number | null; max: number | null }> = {};
    this.cols[idx]?.forEach((a, c) => {
      if (c === SERIES_COL.tSec) return;
      out[SERIES_COLUMNS[c]!] = a.n === 0 ? { n: 0, mean: null, min: null, max: null } : { n: a.n, mean: a.sum / a.n, min: a.min, max: a.max };
    });
    return out;
  }
}

/** Nearest-rank percentile of an unsorted sample (sorted in place). */
export function percentiles(xs: number[], ps: readonly number[]): (number | null)[] {
  if (xs.length === 0) return ps.map(() => null);
  xs.sort((a, b) => a - b);
  return ps.map((p) => xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(p * xs.length) - 1))]!);
}

export function topLevels(book: L2Book, depth: number): { bids: [string, string][]; asks: [string, string][] } {
  const bids: [string, string][] = [];
  const asks: [string, string][] = [];
  for (let r = 0; r < depth; r++) {
    const b = book.bids.at(r);
    const a = book.asks.at(r);
    if (b) bids.push([b.pxStr, b.szStr]);
    if (a) asks.push([a.pxStr, a.szStr]);
  }
  return { bids, asks };
}
