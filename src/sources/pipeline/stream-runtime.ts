import { L2Book } from '../../core/book/l2-book';
import { StreamMetrics } from '../../core/metrics/stream-metrics';
import { SERIES_COL as SERIES_COL_INDEX, SERIES_WIDTH as SERIES_WIDTH_IMPORT } from '../../core/series/columns';
import { STAT as STAT_FIELDS_INDEX, STAT_WIDTH as STAT_WIDTH_IMPORT, stateIndex as stateIndex_IMPORT } from '../../core/series/stream-stats';
import type { RefField, StreamKey, StreamState, VenueId } from '../../core/types';
import { BboRing } from './bbo-ring';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const SERIES_WIDTH = SERIES_WIDTH_IMPORT;
const STAT_WIDTH = STAT_WIDTH_IMPORT;
const stateIndex = stateIndex_IMPORT;
const SERIES_COL = SERIES_COL_INDEX;
const STAT = STAT_FIELDS_INDEX;

/** Everything the pipeline keeps per stream (one instrument on one venue). */
export class StreamRuntime {
  readonly book = new L2Book();
  /** STAT_FIELDS block, copied as is into the shared stats slot. */
  readonly stats = new Float64Array(STAT_WIDTH);
  readonly metrics = new StreamMetrics();
  /** Scratch row handed to PipelineOutput.row (the receiver copies it). */
  readonly row = new Float64Array(SERIES_WIDTH);
  readonly bbos = new BboRing();
  state: StreamState = 'connecting';
  /** Book was crossed after the last commit (crossedEvents counts transitions into crossed). */
  crossed = false;
  /** Last frame number that touched this stream (frames are counted once each). */
  lastFrameNo = -1;
  /** Connection of the last market-data frame (delta, trade, ticker) routed here: markStale by conn. */
  conn = '';
  /** Frame time (µs) before which a book commit is not sampled into a series row. */
  nextSampleTUs = -Infinity;
  fpsStartUs = NaN;
  fpsCount = 0;

  constructor(
    readonly idx: number,
    readonly key: StreamKey,
    readonly venue: VenueId,
    readonly symbol: string,
  ) {
    this.stats[STAT.state] = stateIndex('connecting');
    this.stats[STAT.seq] = NaN;
    this.stats[STAT.latencyP50Ms] = NaN;
    this.stats[STAT.latencyP95Ms] = NaN;
    this.stats[STAT.latencyP99Ms] = NaN;
    this.stats[STAT.parseP50Us] = NaN;
    this.stats[STAT.parseP99Us] = NaN;
    for (const f of [STAT.markPx, STAT.indexPx, STAT.fundingRate, STAT.nextFundingMs, STAT.lastExchMs]) this.stats[f] = NaN;
    this.stats[STAT.sizeUnit] = 1; // venue sizes are base units unless the adapter says otherwise
  }

  /** AdapterSink.onInstrument: what one venue size unit is worth (metrics convert; stats show it). */
  setSizeUnit(sizeUnit: number, isInverse: boolean): void {
    this.stats[STAT.sizeUnit] = sizeUnit;
    this.stats[STAT.sizeInverse] = isInverse && sizeUnit === sizeUnit ? 1 : 0;
    this.metrics.setSizeUnit(sizeUnit, isInverse);
  }

  /** Keep the latest derivative reference value and when (local µs) it arrived: leg age. */
  setReference(field: RefField, value: number, tUs: number): void {
    const s = this.stats;
    s[STAT[field]] = value;
    if (field === 'markPx') s[STAT.markTUs] = tUs;
    else if (field === 'indexPx') s[STAT.indexTUs] = tUs;
    else s[STAT.fundingTUs] = tUs;
  }

  /** Copy the latest reference values into a series row (NaN where the venue sends none). */
  fillReferences(row: Float64Array): void {
    const s = this.stats;
    row[SERIES_COL.markPx] = s[STAT.markPx] as number;
    row[SERIES_COL.indexPx] = s[STAT.indexPx] as number;
    row[SERIES_COL.fundingRate] = s[STAT.fundingRate] as number;
  }

  /** Count one frame (once per frame) and roll the one-second rate window on local time. */
  countFrame(frameNo: number, tUs: number): void {
    if (this.lastFrameNo === frameNo) return;
    this.lastFrameNo = frameNo;
    const s = this.stats;
    inc(s, STAT.frames);
    s[STAT.lastFrameTUs] = tUs;
    if (this.fpsStartUs !== this.fpsStartUs) this.fpsStartUs = tUs;
    const spanUs = tUs - this.fpsStartUs;
    if (spanUs >= 1e6) {
      s[STAT.framesPerSec] = (this.fpsCount * 1e6) / spanUs;
      this.fpsStartUs = tUs;
      this.fpsCount = 0;
      this.metrics.writeStats(s); // windowed quantiles: once a second is plenty for a display
    }
    this.fpsCount++;
  }

  /** A row of NaN at `tUs`: the chart breaks here (the stream left live). */
  gapRow(tUs: number): Float64Array {
    this.row.fill(NaN);
    this.row[0] = tUs / 1e6;
    return this.row;
  }
}

/** stats[i] += by (typed-array reads are `number | undefined` under noUncheckedIndexedAccess). */
export function inc(stats: Float64Array, i: number, by = 1): void {
  stats[i] = (stats[i] as number) + by;
}
