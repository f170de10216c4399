/**
 * The columns of one stream's series ring: one row is sampled after every book commit.
 * Order is the storage order in the SharedArrayBuffer rings (src/shared), so append only.
 * A row whose values are NaN marks a gap (the stream was not live): charts draw it as a break.
 */
export const SERIES_COLUMNS = [
  'tSec', // local receive time, seconds since epoch (uPlot's x unit)
  'bestBidPx',
  'bestAskPx',
  'midPx',
  'micropricePx',
  'spreadBps',
  'depthBid10BpsQuote',
  'depthAsk10BpsQuote',
  'depthBid50BpsQuote',
  'depthAsk50BpsQuote',
  'obiTop5',
  'obiTop10',
  'tradesPerSec',
  'buyVolPerSec',
  'sellVolPerSec',
  'tradeImb1s',
  'tradeImb5s',
  'tradeImb30s',
  'latencyMs',
  'parseUs', // the last TIMED parse: 1 frame in PARSE_TIMING_EVERY (8, src/sources/pipeline.ts) is timed
  // Derivative legs, last known value at the row's time (NaN when the venue publishes none).
  'markPx',
  'indexPx',
  'fundingRate',
] as const;
export type SeriesColumn = (typeof SERIES_COLUMNS)[number];
export const SERIES_COL: { readonly [K in SeriesColumn]: number } = Object.fromEntries(
  SERIES_COLUMNS.map((c, i) => [c, i]),
) as { [K in SeriesColumn]: number };
export const SERIES_WIDTH = SERIES_COLUMNS.length;
