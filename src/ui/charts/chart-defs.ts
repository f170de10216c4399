import type { SeriesColumn } from '../../core/series/columns';

export interface ChartSeriesDef {
  readonly col: SeriesColumn;
  readonly label: string;
  readonly color: string;
  readonly scale?: string;
  readonly dash?: readonly number[];
  readonly width?: number;
}

export interface ChartDef {
  /** `chart-<name>` is the e2e test id of the wrapper. */
  readonly name: string;
  readonly title: string;
  readonly series: readonly ChartSeriesDef[];
  /** Units of the left (`y`) and optional right (`y2`) axis. */
  readonly yUnit: string;
  readonly y2Unit?: string;
  /** Draw a zero line (imbalances). */
  readonly zeroLine?: boolean;
}

export const COLORS = {
  bid: '#3fb950',
  ask: '#f85149',
  mid: '#e6edf3',
  micro: '#d29922',
  accent: '#58a6ff',
  violet: '#bc8cff',
  teal: '#39c5cf',
} as const;

export const CHART_DEFS: readonly ChartDef[] = [
  {
    name: 'price',
    title: 'Mid, microprice, best bid/ask',
    yUnit: 'price',
    series: [
      { col: 'bestAskPx', label: 'ask', color: COLORS.ask, width: 1 },
      { col: 'bestBidPx', label: 'bid', color: COLORS.bid, width: 1 },
      { col: 'midPx', label: 'mid', color: COLORS.mid, width: 1.5 },
      { col: 'micropricePx', label: 'micro', color: COLORS.micro, width: 1.5, dash: [4, 3] },
    ],
  },
  { name: 'spread', title: 'Spread', yUnit: 'bps', series: [{ col: 'spreadBps', label: 'spread bps', color: COLORS.accent }] },
  {
    name: 'depth',
    title: 'Depth bands (quote)',
    yUnit: 'quote',
    series: [
      { col: 'depthBid10BpsQuote', label: 'bid ±10', color: COLORS.bid },
      { col: 'depthAsk10BpsQuote', label: 'ask ±10', color: COLORS.ask },
      { col: 'depthBid50BpsQuote', label: 'bid ±50', color: COLORS.bid, dash: [4, 3] },
      { col: 'depthAsk50BpsQuote', label: 'ask ±50', color: COLORS.ask, dash: [4, 3] },
    ],
  },
  {
    name: 'obi',
    title: 'Order-book imbalance',
    yUnit: '',
    zeroLine: true,
    series: [
      { col: 'obiTop5', label: 'OBI5', color: COLORS.accent },
      { col: 'obiTop10', label: 'OBI10', color: COLORS.violet },
    ],
  },
  {
    name: 'flow',
    title: 'Trade flow & imbalance',
    yUnit: 'base/s',
    y2Unit: 'imb',
    series: [
      { col: 'buyVolPerSec', label: 'buy vol/s', color: COLORS.bid },
      { col: 'sellVolPerSec', label: 'sell vol/s', color: COLORS.ask },
      { col: 'tradeImb1s', label: 'imb 1s', color: COLORS.teal, scale: 'y2', width: 1 },
      { col: 'tradeImb5s', label: 'imb 5s', color: COLORS.violet, scale: 'y2' },
      { col: 'tradeImb30s', label: 'imb 30s', color: COLORS.micro, scale: 'y2' },
    ],
  },
  {
    name: 'latency',
    title: 'Latency & parse time (parse sampled: 1 frame in 8)',
    yUnit: 'ms',
    y2Unit: 'µs',
    series: [
      { col: 'latencyMs', label: 'latency ms', color: COLORS.accent },
      { col: 'parseUs', label: 'parse µs (1/8 sampled)', color: COLORS.violet, scale: 'y2', width: 1 },
    ],
  },
];

/** Chart time windows, seconds (0 = everything in the ring). */
export const CHART_WINDOWS_SEC = [60, 300, 900, 0] as const;
export type ChartWindowSec = (typeof CHART_WINDOWS_SEC)[number];
