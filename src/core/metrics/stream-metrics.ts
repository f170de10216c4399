import type { L2Book } from '../book/l2-book';
import { SERIES_COL as SERIES_COL_IMPORT } from '../series/columns';
import { LATENCY_BINS as LATENCY_BINS_IMPORT, STAT as STAT_FIELDS_INDEX } from '../series/stream-stats';
import { latencyBinOf as latencyBinOf_IMPORT } from '../stats/latency-bins';
import { WindowedQuantiles } from '../stats/windowed-quantiles';
import { sampleBook as sampleBook_IMPORT, sampleInverseDepth as sampleInverseDepth_IMPORT } from './book-metrics';
import { type MetricParams, metricParams as metricParams_IMPORT } from './params';
import { TradeFlow } from './trade-flow';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const SERIES_COL = SERIES_COL_IMPORT;
const LATENCY_BINS = LATENCY_BINS_IMPORT;
const latencyBinOf = latencyBinOf_IMPORT;
const sampleBook = sampleBook_IMPORT;
const sampleInverseDepth = sampleInverseDepth_IMPORT;
const metricParams = metricParams_IMPORT;
const C = SERIES_COL;
const STAT = STAT_FIELDS_INDEX;

/**
 * All metrics of one stream. Fed by the pipeline (trades, latencies, parse times), sampled after
 * every book commit into one SERIES_COLUMNS row. Pure and allocation-free per call once warm
 * (rings grow by doubling until they hold one window). Every window runs on local receive time
 * `tUs` (µs since the epoch), so a replay recomputes the same values.
 */
export class StreamMetrics {
  readonly params: MetricParams;
  /** Display latency histogram: counts per LATENCY_BINS over the last `latencyWindowSec`. */
  readonly latencyHist: Float64Array;
  private readonly flow: TradeFlow;
  private readonly latencyQ: WindowedQuantiles;
  private readonly parseQ: WindowedQuantiles;
  private lastLatencyMs = NaN;
  private lastParseUs = NaN;
  /** Latest event time seen: the "now" of writeStats (which gets no time of its own). */
  private nowUs = -Infinity;
  /** What one venue size unit is worth (setSizeUnit): base units, or quote units if inverse. */
  private sizeUnit = 1;
  private sizeInverse = false;

  constructor(params?: Partial<MetricParams>) {
    const p = (this.params = metricParams(params));
    const windowUs = p.latencyWindowSec * 1e6;
    this.flow = new TradeFlow(p);
    // latency in ms: 1 µs resolution near zero, clamps beyond ~2.8 h
    // (the display histogram LATENCY_BINS is counted from the same window ring)
    this.latencyQ = new WindowedQuantiles(windowUs, p.quantileRelErr, 1e-3, 1e7, LATENCY_BINS);
    // parse time in µs: 1 ns resolution near zero (performance.now() is coarser anyway)
    this.parseQ = new WindowedQuantiles(windowUs, p.quantileRelErr, 1e-3, 1e9);
    this.latencyHist = this.latencyQ.displayCounts;
  }

  onTrade(tUs: number, px: number, sz: number, takerBuy: boolean): void {
    this.tick(tUs);
    // Volumes are in base units: linear sz·unit, inverse sz·unit/px (unit = quote per contract).
    // Unknown units add 0 (the volume columns are NaN at sample; setSizeUnit restarts the windows).
    const u = this.sizeUnit;
    const base = this.sizeInverse ? (sz * u) / px : sz * u;
    this.flow.onTrade(tUs, base - base === 0 ? base : 0, takerBuy);
  }

  /**
   * The venue's size unit (AdapterSink.onInstrument): base units per size unit, or quote units per
   * size unit when `isInverse`; NaN = unknown (depth notionals and trade volumes are NaN until
   * known). A change restarts the trade-flow windows, which must not mix units.
   */
  setSizeUnit(sizeUnit: number, isInverse: boolean): void {
    const inverse = isInverse && sizeUnit === sizeUnit;
    if (Object.is(sizeUnit, this.sizeUnit) && inverse === this.sizeInverse) return;
    this.sizeUnit = sizeUnit;
    this.sizeInverse = inverse;
    this.flow.reset();
  }

  /** latencyMs = local receive time − exchange event time (epoch clocks; negative under skew). */
  onLatency(tUs: number, latencyMs: number): void {
    if (latencyMs !== latencyMs) return;
    this.tick(tUs);
    this.lastLatencyMs = latencyMs;
    this.latencyQ.pushWithDisplay(tUs, latencyMs, latencyBinOf(latencyMs));
  }

  /** parseUs = JSON.parse duration of one frame (performance.now() clock; only a duration). The
   * pipeline times one frame in PARSE_TIMING_EVERY: these are samples of the parse cost. */
  onParse(tUs: number, parseUs: number): void {
    if (parseUs !== parseUs) return;
    this.tick(tUs);
    this.lastParseUs = parseUs;
    this.parseQ.push(tUs, parseUs);
  }

  /**
   * One row: tSec = tUs / 1e6; book columns (book-metrics.ts); trade flow (trade-flow.ts);
   * latencyMs = the LAST observed latency (not a windowed median: the chart shows jitter as it is,
   * the windowed p50/p95/p99 live in the stats block); parseUs = the last parse duration.
   */
  sample(book: L2Book, tUs: number, row: Float64Array): void {
    this.tick(tUs);
    row[C.tSec] = tUs / 1e6;
    sampleBook(book, this.params, row);
    this.flow.sample(tUs, row);
    const u = this.sizeUnit;
    if (this.sizeInverse) sampleInverseDepth(book, this.params, u, row);
    else if (u !== 1) {
      // venue sizes → base units (NaN while unknown); OBI, microprice, imbalances are ratios: unchanged
      row[C.depthBid10BpsQuote] = (row[C.depthBid10BpsQuote] as number) * u;
      row[C.depthAsk10BpsQuote] = (row[C.depthAsk10BpsQuote] as number) * u;
      row[C.depthBid50BpsQuote] = (row[C.depthBid50BpsQuote] as number) * u;
      row[C.depthAsk50BpsQuote] = (row[C.depthAsk50BpsQuote] as number) * u;
      if (u !== u) row[C.buyVolPerSec] = row[C.sellVolPerSec] = NaN;
    }
    row[C.latencyMs] = this.lastLatencyMs;
    row[C.parseUs] = this.lastParseUs;
  }

  /** Windowed quantiles (lower nearest-rank, ± quantileRelErr) into the stats block; NaN if none. */
  writeStats(stats: Float64Array): void {
    this.evictWindows(this.nowUs);
    stats[STAT.latencyP50Ms] = this.latencyQ.quantile(0.5);
    stats[STAT.latencyP95Ms] = this.latencyQ.quantile(0.95);
    stats[STAT.latencyP99Ms] = this.latencyQ.quantile(0.99);
    stats[STAT.parseP50Us] = this.parseQ.quantile(0.5);
    stats[STAT.parseP99Us] = this.parseQ.quantile(0.99);
  }

  /** After a gap: every window and warm-up restarts (latencyHist is zeroed in place). */
  reset(): void {
    this.flow.reset();
    this.latencyQ.clear();
    this.parseQ.clear();
    this.lastLatencyMs = NaN;
    this.lastParseUs = NaN;
    this.nowUs = -Infinity;
  }

  private tick(tUs: number): void {
    if (tUs > this.nowUs) {
      this.nowUs = tUs;
      this.evictWindows(tUs);
    }
  }

  private evictWindows(tUs: number): void {
    this.latencyQ.evict(tUs);
    this.parseQ.evict(tUs);
  }
}
