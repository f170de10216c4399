import { STREAM_STATES } from '../types';

/**
 * Per-stream integrity and health counters, as one Float64Array block (copied as is into the
 * shared stats slot). Append only: the index is the storage layout.
 */
export const STAT_FIELDS = [
  'state', // index into STREAM_STATES
  'frames', // market frames routed to this stream
  'framesPerSec', // over the last second of local time
  'bookUpdates',
  'trades',
  'gaps',
  'resyncs',
  'snapshots', // snapshots applied
  'bboChecks', // venue best-bid/ask tickers compared with our book at the same update id
  'bboMismatches',
  'crossedEvents',
  'unknownMessages',
  'problems',
  'reconnects',
  'lastGapTUs', // local µs of the last gap, 0 = never
  'lastFrameTUs',
  'snapshotTUs', // local µs of the last applied snapshot
  'seq', // venue update id after the last applied event (Binance `u`)
  'latencyP50Ms', // exchange event time → local receive time (epoch clock domain)
  'latencyP95Ms',
  'latencyP99Ms',
  'parseP50Us', // JSON.parse duration per frame (performance.now() domain), SAMPLED: 1 frame in PARSE_TIMING_EVERY (8, src/sources/pipeline.ts)
  'parseP99Us',
  'bookLevelsBid',
  'bookLevelsAsk',
  'checksumOk', // venue checksums verified equal (OKX legacy CRC, Kraken CRC32)
  'checksumFail',
  'markPx', // last derivative reference values (REF_FIELDS) and the local µs they arrived
  'indexPx',
  'fundingRate',
  'nextFundingMs',
  'markTUs',
  'indexTUs',
  'fundingTUs',
  'sizeUnit', // what one venue size unit is worth: base units (1 for spot), or quote units if sizeInverse; NaN = unknown (OKX contracts before the instruments push)
  'sizeInverse', // 1: inverse contracts (sizeUnit is quote units per contract), 0 otherwise
  'lastExchMs', // exchange event time (epoch ms) of the last book event or trade that carried one; NaN = none
] as const;
export type StatField = (typeof STAT_FIELDS)[number];
export const STAT: { readonly [K in StatField]: number } = Object.fromEntries(
  STAT_FIELDS.map((c, i) => [c, i]),
) as { [K in StatField]: number };
export const STAT_WIDTH = STAT_FIELDS.length;

export const stateIndex = (s: (typeof STREAM_STATES)[number]): number => STREAM_STATES.indexOf(s);

/** Latency histogram: fixed bins in ms, last bin open-ended. Negative latencies (clock skew,
 * PROVENANCE.md §4.8) land in bin 0, which is labelled "< 0". */
export const LATENCY_BIN_EDGES_MS = [0, 5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000, 5000] as const;
export const LATENCY_BINS = LATENCY_BIN_EDGES_MS.length + 1;
