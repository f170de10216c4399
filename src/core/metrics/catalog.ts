import type { SeriesColumn } from '../series/columns';
import { MetricParamsSchema } from './params';

/**
 * The metrics catalog: one line per series column computed by StreamMetrics, with its unit and
 * formula (the same formula is written next to the code). The UI builds labels and the params
 * form from this plus `METRIC_PARAMS_SCHEMA`.
 */
export interface MetricInfo {
  readonly column: SeriesColumn;
  readonly unit: string;
  readonly formula: string;
}

export const METRIC_PARAMS_SCHEMA = MetricParamsSchema;

export const METRICS: readonly MetricInfo[] = [
  { column: 'bestBidPx', unit: 'quote', formula: 'highest bid price' },
  { column: 'bestAskPx', unit: 'quote', formula: 'lowest ask price' },
  { column: 'midPx', unit: 'quote', formula: '(bidPx + askPx) / 2' },
  { column: 'micropricePx', unit: 'quote', formula: '(bidPx·askSz + askPx·bidSz) / (bidSz + askSz)' },
  { column: 'spreadBps', unit: 'bps', formula: '(askPx − bidPx) / mid · 1e4' },
  { column: 'depthBid10BpsQuote', unit: 'quote', formula: 'Σ px·sz of bids with px ≥ mid·(1 − near/1e4)' },
  { column: 'depthAsk10BpsQuote', unit: 'quote', formula: 'Σ px·sz of asks with px ≤ mid·(1 + near/1e4)' },
  { column: 'depthBid50BpsQuote', unit: 'quote', formula: 'Σ px·sz of bids with px ≥ mid·(1 − far/1e4)' },
  { column: 'depthAsk50BpsQuote', unit: 'quote', formula: 'Σ px·sz of asks with px ≤ mid·(1 + far/1e4)' },
  { column: 'obiTop5', unit: '[-1,1]', formula: '(ΣbidSz − ΣaskSz) / (ΣbidSz + ΣaskSz), best 5 levels per side' },
  { column: 'obiTop10', unit: '[-1,1]', formula: 'same over the best 10 levels per side' },
  { column: 'tradesPerSec', unit: '1/s', formula: 'trades in the last rate window / window (NaN in warm-up)' },
  { column: 'buyVolPerSec', unit: 'base/s', formula: 'Σ taker-buy size in the rate window / window' },
  { column: 'sellVolPerSec', unit: 'base/s', formula: 'Σ taker-sell size in the rate window / window' },
  { column: 'tradeImb1s', unit: '[-1,1]', formula: '(buyVol − sellVol) / (buyVol + sellVol) over 1 s; NaN without trades' },
  { column: 'tradeImb5s', unit: '[-1,1]', formula: 'same over 5 s' },
  { column: 'tradeImb30s', unit: '[-1,1]', formula: 'same over 30 s' },
  { column: 'latencyMs', unit: 'ms', formula: 'last (local receive time − exchange event time)' },
  { column: 'parseUs', unit: 'µs', formula: 'last timed JSON.parse duration (one frame in PARSE_TIMING_EVERY = 8 is timed)' },
];
