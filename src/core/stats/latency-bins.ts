import { LATENCY_BIN_EDGES_MS as LATENCY_BIN_EDGES_MS_IMPORT, LATENCY_BINS as LATENCY_BINS_IMPORT } from '../series/stream-stats';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const LATENCY_BIN_EDGES_MS = LATENCY_BIN_EDGES_MS_IMPORT;
const LATENCY_BINS = LATENCY_BINS_IMPORT;

/**
 * Display bin of a latency over LATENCY_BIN_EDGES_MS: bin 0 = "< 0" (clock skew),
 * bin i (1..edges−1) = [edges[i−1], edges[i]), the last bin = ≥ the last edge. NaN → −1 (skip).
 * A linear scan: 16 edges, and latencies mostly fall in the first few.
 */
export function latencyBinOf(ms: number): number {
  if (ms !== ms) return -1;
  const e = LATENCY_BIN_EDGES_MS;
  for (let i = 0; i < e.length; i++) if (ms < e[i]!) return i;
  return LATENCY_BINS - 1;
}
