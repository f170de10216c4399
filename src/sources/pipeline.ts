import type { L2Book } from '../core/book/l2-book';
import { STAT as STAT_FIELDS_INDEX, stateIndex as stateIndex_IMPORT } from '../core/series/stream-stats';
import type { EngineEvent, RawFrame, RefField, StreamKey, StreamState, TakerSide, VenueId } from '../core/types';
import type { AdapterSink, VenueAdapter } from '../venues/types';
import { bboMatches as bboMatches_IMPORT, describeBbo as describeBbo_IMPORT } from './pipeline/bbo-ring';
import { inc as inc_IMPORT, StreamRuntime } from './pipeline/stream-runtime';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const stateIndex = stateIndex_IMPORT;
const bboMatches = bboMatches_IMPORT;
const describeBbo = describeBbo_IMPORT;
const inc = inc_IMPORT;
const STAT = STAT_FIELDS_INDEX;

export { StreamRuntime } from './pipeline/stream-runtime';

/** Where the pipeline's results go: the worker's shared buffers, or the CLI's summaries. */
export interface PipelineOutput {
  streamAdded(idx: number, key: StreamKey, venue: VenueId, symbol: string): void;
  /** One SERIES_COLUMNS sample per live book commit, at most one per SAMPLE_INTERVAL_US of frame
   * time; a NaN row (tSec set) when a stream leaves live (gap marker). The row buffer is
   * reused: copy it. */
  row(idx: number, row: Float64Array): void;
  bookChanged(idx: number, book: L2Book, seq: number, tUs: number): void;
  trade(idx: number, tUs: number, exchMs: number, pxStr: string, szStr: string, takerBuy: boolean): void;
  /** Rare things only (state changes, gaps, problems). */
  event(ev: EngineEvent): void;
}

/** Live: fetches snapshots (rate-budgeted). Replay/CLI: a no-op, the session holds the answers. */
export interface SnapshotRequester {
  request(stream: StreamKey, symbol: string, retryAfterMs: number, tUs: number): void;
}

export interface PipelineOptions {
  readonly adapters: readonly VenueAdapter[];
  /** Which venue a connection label belongs to (from the session header). Needed only with
   * several adapters; with one, every frame goes to it. */
  readonly venueOfConn?: (conn: string) => VenueId | undefined;
  readonly out: PipelineOutput;
  /** performance.now() domain, used only for parse durations (never mixed with epoch times). */
  readonly nowPerfMs: () => number;
  readonly requester: SnapshotRequester;
  /** Time the parse of one frame in this many (default PARSE_TIMING_EVERY; 1 = every frame). */
  readonly parseTimingEvery?: number;
}

/** Totals not tied to one stream. */
export interface PipelineTotals {
  frames: number;
  problems: number;
  unknown: number;
}

/** Minimum frame time between two series rows of one stream: 20 rows/s at most. */
export const SAMPLE_INTERVAL_US = 50_000;

/**
 * One frame in this many has its JSON.parse timed (parseP50Us/parseP99Us and the `parseUs`
 * column are samples of the parse cost). Every frame is parsed; only the two clock reads and
 * the quantile update are skipped on the others — per frame they cost as much as parsing a
 * small frame.
 */
export const PARSE_TIMING_EVERY = 8;

/** Target of markStale: one stream, every stream last fed by a connection, or all. */
export type StaleTarget = StreamKey | { readonly conn: string } | 'all';

/**
 * Ties venue adapters, books, metrics and the bookTicker oracle together; the same code runs in
 * the engine worker (live, replay) and in the headless CLI (DESIGN.md "The way a frame travels").
 * `push` never throws. Per frame it allocates nothing beyond what the adapter's parse makes.
 */
export class Pipeline implements AdapterSink {
  private readonly list: StreamRuntime[] = [];
  readonly totals: PipelineTotals = { frames: 0, problems: 0, unknown: 0 };
  private readonly byKey = new Map<StreamKey, StreamRuntime>();
  private readonly byVenue = new Map<VenueId, VenueAdapter>();
  private frameNo = 0;
  private readonly parseEvery: number;
  private frameConn = '';
  private frameTUs = 0;
  /** Stream touched last by the current frame: it gets the frame's parse time. */
  private touched: StreamRuntime | undefined;
  /** The stream resolved last (adapters call the sink several times per message for one key). */
  private lastKey: StreamKey | undefined;
  private lastRt: StreamRuntime | undefined;

  /** Every stream seen so far, by `idx`. */
  get streams(): readonly StreamRuntime[] {
    return this.list;
  }

  constructor(private readonly opts: PipelineOptions) {
    for (const a of opts.adapters) this.byVenue.set(a.venue, a);
    this.parseEvery = Math.max(1, Math.floor(opts.parseTimingEvery ?? PARSE_TIMING_EVERY));
  }

  push(frame: RawFrame): void {
    this.frameNo++;
    this.totals.frames++;
    this.frameConn = frame.conn;
    this.frameTUs = frame.tUs;
    this.touched = undefined;
    const adapter = this.route(frame.conn);
    if (adapter === undefined) return this.onProblem('unroutable-frame', undefined, `no venue for conn ${frame.conn}`, frame.tUs);
    let msg: unknown = undefined;
    let parseUs = NaN;
    if (frame.kind === 'ws' || frame.kind === 'rest') {
      const timed = this.frameNo % this.parseEvery === 0;
      const t0 = timed ? this.opts.nowPerfMs() : 0;
      try {
        msg = adapter.parse(frame.text);
      } catch {
        return this.onProblem('bad-json', undefined, `${frame.kind} on ${frame.conn}: ${frame.text.slice(0, 80)}`, frame.tUs);
      }
      if (timed) parseUs = (this.opts.nowPerfMs() - t0) * 1000;
    }
    try {
      adapter.onFrame(frame, msg, this);
    } catch (e) {
      this.onProblem('adapter-error', undefined, String(e), frame.tUs);
    }
    const rt = this.touched as StreamRuntime | undefined;
    if (rt !== undefined && parseUs === parseUs) rt.metrics.onParse(frame.tUs, parseUs);
  }

  /** The live source's stale timer: no frames for too long. The next commit brings it back. */
  markStale(target: StaleTarget, reason: string, tUs: number): void {
    for (const rt of this.list) {
      const hit = target === 'all' || (typeof target === 'string' ? rt.key === target : rt.conn === target.conn);
      if (hit && rt.state !== 'connecting' && rt.state !== 'failed') this.onState(rt.key, 'stale', reason, tUs);
    }
  }

  /** Write the windowed quantiles of every stream into its stats block now. */
  flushStats(): void {
    for (const rt of this.list) rt.metrics.writeStats(rt.stats);
  }

  stream(key: StreamKey): StreamRuntime | undefined {
    return this.byKey.get(key);
  }

  // ---- AdapterSink ----

  book(stream: StreamKey): L2Book {
    return this.rt(stream).book;
  }

  onBook(stream: StreamKey, isSnapshot: boolean, seq: number, exchMs: number, tUs: number): void {
    const rt = this.rt(stream);
    const s = rt.stats;
    if (isSnapshot) {
      inc(s, STAT.snapshots);
      s[STAT.snapshotTUs] = tUs;
    } else {
      inc(s, STAT.bookUpdates);
      // exchMs is NaN for deltas replayed from a buffer: those were not carried by this frame.
      if (exchMs === exchMs) rt.conn = this.frameConn;
    }
    s[STAT.seq] = seq;
    s[STAT.bookLevelsBid] = rt.book.bids.depth;
    s[STAT.bookLevelsAsk] = rt.book.asks.depth;
    // Latency: local epoch µs vs exchange epoch ms (PROVENANCE.md §4.8: may be negative).
    if (exchMs === exchMs) {
      rt.metrics.onLatency(tUs, tUs / 1000 - exchMs);
      if (!(exchMs <= (s[STAT.lastExchMs] as number))) s[STAT.lastExchMs] = exchMs;
    }
    if (rt.state === 'stale') this.onState(stream, 'live', 'frames resumed', tUs);
    this.checkCrossed(rt, tUs);
    const ring = rt.bbos;
    const i = ring.waiting === 0 ? -1 : ring.find(seq);
    if (i >= 0) {
      ring.take(i);
      this.countBbo(rt, ring.matches(i, rt.book), ring.bidPx[i]!, ring.bidSz[i]!, ring.askPx[i]!, ring.askSz[i]!, tUs);
    }
    if (rt.state !== 'live') return;
    // Series rows are samples of the book metrics, at most one per SAMPLE_INTERVAL_US of frame
    // time per stream (deterministic: replays sample the same instants). Tick-by-tick venues
    // commit far faster than a chart or a person can use; the book itself is still applied and
    // checked on every event, and trade flow sees every trade.
    if (tUs < rt.nextSampleTUs) {
      this.opts.out.bookChanged(rt.idx, rt.book, seq, tUs);
      return;
    }
    rt.nextSampleTUs = tUs + SAMPLE_INTERVAL_US;
    rt.metrics.sample(rt.book, tUs, rt.row);
    rt.fillReferences(rt.row);
    this.opts.out.row(rt.idx, rt.row);
    this.opts.out.bookChanged(rt.idx, rt.book, seq, tUs);
  }

  onTrade(stream: StreamKey, pxStr: string, szStr: string, taker: TakerSide, exchMs: number, tUs: number, _tradeId: number): void {
    const rt = this.rt(stream);
    rt.conn = this.frameConn;
    inc(rt.stats, STAT.trades);
    if (exchMs === exchMs) {
      rt.metrics.onLatency(tUs, tUs / 1000 - exchMs);
      if (!(exchMs <= (rt.stats[STAT.lastExchMs] as number))) rt.stats[STAT.lastExchMs] = exchMs;
    }
    const takerBuy = taker === 'buy';
    rt.metrics.onTrade(tUs, +pxStr, +szStr, takerBuy);
    this.opts.out.trade(rt.idx, tUs, exchMs, pxStr, szStr, takerBuy);
  }

  onVenueBbo(stream: StreamKey, seq: number, bidPx: string, bidSz: string, askPx: string, askSz: string, tUs: number): void {
    const rt = this.rt(stream);
    rt.conn = this.frameConn;
    const bookSeq = rt.stats[STAT.seq] as number;
    if (rt.state === 'live' && seq === bookSeq) {
      this.countBbo(rt, bboMatches(rt.book, bidPx, bidSz, askPx, askSz), bidPx, bidSz, askPx, askSz, tUs);
    } else if (!(seq <= bookSeq) || rt.state !== 'live') {
      rt.bbos.put(seq, bidPx, bidSz, askPx, askSz); // the depth event with this u is still to come
    }
  }

  onChecksum(stream: StreamKey, ok: boolean, detail: string, tUs: number): void {
    const rt = this.rt(stream);
    inc(rt.stats, ok ? STAT.checksumOk : STAT.checksumFail);
    if (!ok) this.onProblem('checksum-mismatch', stream, detail, tUs);
  }

  onReference(stream: StreamKey, field: RefField, value: number, _exchMs: number, tUs: number): void {
    const rt = this.rt(stream);
    rt.conn = this.frameConn;
    rt.setReference(field, value, tUs);
  }

  onInstrument(stream: StreamKey, sizeUnit: number, isInverse: boolean, _tUs: number): void {
    // Not market data of the stream: an existing stream is not counted or timed for it.
    (this.byKey.get(stream) ?? this.rt(stream)).setSizeUnit(sizeUnit, isInverse);
  }

  onState(stream: StreamKey, state: StreamState, reason: string, tUs: number): void {
    const rt = this.rt(stream);
    const prev = rt.state;
    if (prev === state) return;
    rt.state = state;
    rt.stats[STAT.state] = stateIndex(state);
    if (state === 'resyncing') inc(rt.stats, STAT.resyncs);
    // Streams start in `connecting`, so entering it again means the socket dropped.
    if (state === 'connecting') inc(rt.stats, STAT.reconnects);
    if (prev === 'live' && state !== 'live') {
      rt.nextSampleTUs = -Infinity; // the first commit after coming back is sampled at once
      this.opts.out.row(rt.idx, rt.gapRow(tUs));
      this.opts.out.bookChanged(rt.idx, rt.book, NaN, tUs);
      rt.crossed = false;
    }
    if (state === 'live' && rt.crossed) this.liveCrossed(rt, tUs);
    this.opts.out.event({ type: 'state', stream, state, reason, tUs });
  }

  onGap(stream: StreamKey, detail: string, tUs: number): void {
    const rt = this.rt(stream);
    inc(rt.stats, STAT.gaps);
    rt.stats[STAT.lastGapTUs] = tUs;
    rt.metrics.reset(); // windows and warm-ups restart for this stream only
    rt.bbos.clear();
    this.opts.out.event({ type: 'gap', stream, detail, tUs });
  }

  onProblem(code: string, stream: StreamKey | undefined, detail: string, tUs: number): void {
    if (stream === undefined) this.totals.problems++;
    else inc(this.rt(stream).stats, STAT.problems);
    this.opts.out.event({ type: 'problem', problem: stream === undefined ? { code, detail, tUs } : { code, stream, detail, tUs } });
  }

  onUnknown(stream: StreamKey | undefined, detail: string, tUs: number): void {
    let n: number;
    if (stream === undefined) n = ++this.totals.unknown;
    else {
      const rt = this.rt(stream);
      inc(rt.stats, STAT.unknownMessages);
      n = rt.stats[STAT.unknownMessages] as number;
    }
    // Counted always; reported at 1, 2, 4, 8… so a stream of unknowns cannot flood the event FIFO.
    if ((n & (n - 1)) === 0) {
      const problem = { code: 'unknown-message', detail: `${detail} (×${n})`, tUs };
      this.opts.out.event({ type: 'problem', problem: stream === undefined ? problem : { ...problem, stream } });
    }
  }

  requestSnapshot(stream: StreamKey, symbol: string, retryAfterMs: number, tUs: number): void {
    this.rt(stream);
    this.opts.requester.request(stream, symbol, retryAfterMs, tUs);
  }

  // ---- internals ----

  private route(conn: string): VenueAdapter | undefined {
    const v = this.opts.venueOfConn?.(conn);
    if (v !== undefined) return this.byVenue.get(v);
    return this.opts.adapters.length === 1 ? this.opts.adapters[0] : undefined;
  }

  /** The stream's runtime, created on first mention; counts the current frame for it. */
  private rt(key: StreamKey): StreamRuntime {
    let rt = key === this.lastKey ? this.lastRt : this.byKey.get(key);
    if (rt === undefined) {
      const colon = key.indexOf(':');
      rt = new StreamRuntime(this.list.length, key, key.slice(0, colon) as VenueId, key.slice(colon + 1));
      this.list.push(rt);
      this.byKey.set(key, rt);
      this.opts.out.streamAdded(rt.idx, key, rt.venue, rt.symbol);
    }
    this.lastKey = key;
    this.lastRt = rt;
    rt.countFrame(this.frameNo, this.frameTUs);
    this.touched = rt;
    return rt;
  }

  private countBbo(rt: StreamRuntime, ok: boolean, bp: string, bs: string, ap: string, as: string, tUs: number): void {
    inc(rt.stats, STAT.bboChecks);
    if (ok) return;
    inc(rt.stats, STAT.bboMismatches);
    this.onProblem('bbo-mismatch', rt.key, `seq ${rt.stats[STAT.seq]}: ${describeBbo(rt.book, bp, bs, ap, as)}`, tUs);
  }

  private checkCrossed(rt: StreamRuntime, tUs: number): void {
    const crossed = rt.book.isCrossed();
    if (crossed && !rt.crossed) {
      inc(rt.stats, STAT.crossedEvents);
      rt.crossed = true;
      if (rt.state === 'live') this.liveCrossed(rt, tUs);
    } else if (!crossed) rt.crossed = false;
  }

  private liveCrossed(rt: StreamRuntime, tUs: number): void {
    this.onProblem('crossed-book', rt.key, `best bid ${rt.book.bestBidPx()} >= best ask ${rt.book.bestAskPx()}`, tUs);
  }
}
