import type { SeriesColumn } from '../../core/series/columns';

export interface MetricDef {
  readonly col: SeriesColumn;
  readonly label: string;
  readonly unit: string;
  /** Shown in the tile's tooltip: what the number is, so a class can read it. */
  readonly formula: string;
  readonly kind: 'price' | 'bps' | 'quote' | 'ratio' | 'rate' | 'ms' | 'us';
  readonly tone?: 'bid' | 'ask';
}

/** Every tile is `metric-<col>` for the e2e tests (docs/TEAM-NOTES.md). */
export const METRIC_DEFS: readonly MetricDef[] = [
  { col: 'midPx', label: 'Mid', unit: '', kind: 'price', formula: 'mid = (best bid + best ask) / 2' },
  {
    col: 'micropricePx',
    label: 'Microprice',
    unit: '',
    kind: 'price',
    formula: 'microprice = (bid × askSize + ask × bidSize) / (bidSize + askSize), top of book: leans toward the side likely to be hit next',
  },
  { col: 'spreadBps', label: 'Spread', unit: 'bps', kind: 'bps', formula: 'spread = (ask − bid) / mid × 10 000' },
  { col: 'depthBid10BpsQuote', label: 'Bid depth ±10', unit: 'quote', kind: 'quote', tone: 'bid', formula: 'Σ price × size of bid levels with price ≥ mid × (1 − 10 bps)' },
  { col: 'depthAsk10BpsQuote', label: 'Ask depth ±10', unit: 'quote', kind: 'quote', tone: 'ask', formula: 'Σ price × size of ask levels with price ≤ mid × (1 + 10 bps)' },
  { col: 'depthBid50BpsQuote', label: 'Bid depth ±50', unit: 'quote', kind: 'quote', tone: 'bid', formula: 'Σ price × size of bid levels with price ≥ mid × (1 − 50 bps)' },
  { col: 'depthAsk50BpsQuote', label: 'Ask depth ±50', unit: 'quote', kind: 'quote', tone: 'ask', formula: 'Σ price × size of ask levels with price ≤ mid × (1 + 50 bps)' },
  { col: 'obiTop5', label: 'OBI 5', unit: '', kind: 'ratio', formula: 'OBI = (Σ bid size − Σ ask size) / (Σ bid size + Σ ask size) over the top 5 levels; +1 = all bids' },
  { col: 'obiTop10', label: 'OBI 10', unit: '', kind: 'ratio', formula: 'OBI over the top 10 levels: (Σ bid size − Σ ask size) / (Σ bid size + Σ ask size)' },
  { col: 'tradesPerSec', label: 'Trades/s', unit: '/s', kind: 'rate', formula: 'trades received in the last second of local time' },
  { col: 'buyVolPerSec', label: 'Buy vol/s', unit: 'base', kind: 'rate', tone: 'bid', formula: 'Σ size of trades whose taker bought (lifted the ask), last second' },
  { col: 'sellVolPerSec', label: 'Sell vol/s', unit: 'base', kind: 'rate', tone: 'ask', formula: 'Σ size of trades whose taker sold (hit the bid), last second' },
  { col: 'tradeImb1s', label: 'Trade imb 1s', unit: '', kind: 'ratio', formula: '(buy volume − sell volume) / (buy + sell) over 1 s; taker side' },
  { col: 'tradeImb5s', label: 'Trade imb 5s', unit: '', kind: 'ratio', formula: '(buy volume − sell volume) / (buy + sell) over 5 s; taker side' },
  { col: 'tradeImb30s', label: 'Trade imb 30s', unit: '', kind: 'ratio', formula: '(buy volume − sell volume) / (buy + sell) over 30 s; taker side' },
  {
    col: 'latencyMs',
    label: 'Latency',
    unit: 'ms',
    kind: 'ms',
    formula: 'local receive time − exchange event time. Two clocks: a skewed local clock shifts it, even below 0',
  },
  // PARSE_TIMING_EVERY = 8 in src/sources/pipeline.ts (the UI cannot import sources)
  {
    col: 'parseUs',
    label: 'Parse (sampled)',
    unit: 'µs',
    kind: 'us',
    formula: 'JSON.parse time in the engine worker (performance.now) of the last TIMED frame: sampled, 1 frame in 8 is timed',
  },
];
