/**
 * Node-side helpers shared by the capture tests (src/venues/**, src/sources/**) and usable from
 * scripts: load fixture captures, run them through a Pipeline with spies, and an independent
 * naive reference book (Maps of venue strings, no L2Book code) to check our books against.
 */
import { fileURLToPath } from 'node:url';
import type { L2Book } from '../../core/book/l2-book';
import { SERIES_COL } from '../../core/series/columns';
import type { EngineEvent, RawFrame, StreamKey, VenueId } from '../../core/types';
import { Pipeline, type PipelineOutput } from '../../sources/pipeline';
import { HeaderInferrer } from '../../sources/session-format';
import { createAdapters, VENUE_REGISTRY } from '../../venues/registry';
import type { VenueAdapter } from '../../venues/types';
import { readSession } from './read-session';

export const VENUES_DIR = fileURLToPath(new URL('../../venues/', import.meta.url));

/** Frames of one or more captures (paths relative to src/venues/), back to back. */
export function loadCaptures(...relPaths: string[]): RawFrame[] {
  return relPaths.flatMap((p) => readSession(VENUES_DIR + p).frames);
}

export class SpyOutput implements PipelineOutput {
  readonly keys: StreamKey[] = [];
  readonly liveRows: number[] = [];
  readonly nanRows: number[] = [];
  /** Book-derived columns that were NaN in a live row (must stay 0). */
  readonly nanInLiveRows: number[] = [];
  readonly bookCommits: number[] = [];
  readonly trades: number[] = [];
  readonly events: EngineEvent[] = [];

  streamAdded(idx: number, key: StreamKey, _venue: VenueId, _symbol: string): void {
    this.keys[idx] = key;
    this.liveRows[idx] = this.nanRows[idx] = this.nanInLiveRows[idx] = this.bookCommits[idx] = this.trades[idx] = 0;
  }
  row(idx: number, row: Float64Array): void {
    if (Number.isNaN(row[SERIES_COL.midPx])) {
      if (Number.isNaN(row[SERIES_COL.bestBidPx]) && Number.isNaN(row[SERIES_COL.bestAskPx])) this.nanRows[idx]!++;
      else this.nanInLiveRows[idx]!++;
      return;
    }
    this.liveRows[idx]!++;
    for (const c of [SERIES_COL.tSec, SERIES_COL.bestBidPx, SERIES_COL.bestAskPx, SERIES_COL.spreadBps, SERIES_COL.micropricePx]) {
      if (Number.isNaN(row[c])) this.nanInLiveRows[idx]!++;
    }
  }
  bookChanged(idx: number, _book: L2Book, seq: number, _tUs: number): void {
    if (seq === seq) this.bookCommits[idx]!++;
  }
  trade(idx: number): void {
    this.trades[idx]!++;
  }
  event(ev: EngineEvent): void {
    this.events.push(ev);
  }
  problems(code?: string): string[] {
    return this.events.flatMap((e) => (e.type === 'problem' && (code === undefined || e.problem.code === code) ? [e.problem.code] : []));
  }
}

export interface Run {
  readonly pipeline: Pipeline;
  readonly out: SpyOutput;
  readonly requests: { stream: StreamKey; symbol: string; retryAfterMs: number }[];
}

export function newRun(
  adapters: VenueAdapter[] = [VENUE_REGISTRY.binance.createAdapter()],
  venueOfConn?: (conn: string) => VenueId | undefined,
): Run {
  const out = new SpyOutput();
  const requests: Run['requests'] = [];
  let perfMs = 0;
  const pipeline = new Pipeline({
    adapters,
    ...(venueOfConn === undefined ? {} : { venueOfConn }),
    out,
    nowPerfMs: () => (perfMs += 0.001),
    requester: { request: (stream, symbol, retryAfterMs) => void requests.push({ stream, symbol, retryAfterMs }) },
  });
  return { pipeline, out, requests };
}

/** Runs a capture through a pipeline with the adapters its (inferred) header names, routed by
 * connection exactly as the CLI and the engine's replay do. */
export function runFrames(frames: readonly RawFrame[]): Run {
  const inferrer = new HeaderInferrer();
  for (const f of frames) inferrer.observe(f);
  const { venues, conns } = inferrer.header('run');
  const run = newRun(createAdapters(venues.length > 0 ? venues : ['binance']), (c) => conns[c]);
  for (const f of frames) run.pipeline.push(f);
  return run;
}

/** Independent reference: levels as venue strings in Maps; best levels by numeric sort. */
export class NaiveBook {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();

  load(bids: readonly (readonly string[])[], asks: readonly (readonly string[])[]): void {
    this.bids.clear();
    this.asks.clear();
    this.apply(bids, asks);
  }
  apply(bids: readonly (readonly string[])[], asks: readonly (readonly string[])[]): void {
    for (const [p, q] of bids) (Number(q) === 0 ? this.bids.delete(p!) : this.bids.set(p!, q!));
    for (const [p, q] of asks) (Number(q) === 0 ? this.asks.delete(p!) : this.asks.set(p!, q!));
  }
  sorted(side: 'bids' | 'asks'): [string, string][] {
    const dir = side === 'bids' ? -1 : 1;
    return [...this[side]].sort((x, y) => dir * (Number(x[0]) - Number(y[0])));
  }
  /** Does an L2Book hold exactly these levels? */
  equals(book: L2Book): boolean {
    for (const [side, s] of [['bids', book.bids] as const, ['asks', book.asks] as const]) {
      const want = this.sorted(side);
      if (s.depth !== want.length) return false;
      for (let r = 0; r < want.length; r++) {
        const l = s.at(r);
        if (l?.pxStr !== want[r]![0] || l.szStr !== want[r]![1]) return false;
      }
    }
    return true;
  }
}

/** A Binance depth event read straight from frame text (no adapter code involved). */
export interface RawDepth {
  readonly symbol: string;
  readonly U: number;
  readonly u: number;
  readonly b: string[][];
  readonly a: string[][];
}

export function depthOf(f: RawFrame): RawDepth | undefined {
  if (f.kind !== 'ws' || !f.text.includes('depthUpdate')) return undefined;
  const m = JSON.parse(f.text) as { data?: Record<string, unknown> } & Record<string, unknown>;
  const d = (m.data ?? m) as { e?: string; s: string; U: number; u: number; b: string[][]; a: string[][] };
  return d.e === 'depthUpdate' ? { symbol: d.s, U: d.U, u: d.u, b: d.b, a: d.a } : undefined;
}

/** A WS-API `depth` response frame (TEAM-NOTES "Live Binance spot wiring") carrying `ref`'s book. */
export function wsApiSnapshotFrame(symbol: string, n: number, lastUpdateId: number, ref: NaiveBook, tUs: number): RawFrame {
  const result = { lastUpdateId, bids: ref.sorted('bids'), asks: ref.sorted('asks') };
  return { tUs, kind: 'ws', conn: 'wsapi', text: JSON.stringify({ id: `snap:${symbol}:${n}`, status: 200, result, rateLimits: [] }) };
}
