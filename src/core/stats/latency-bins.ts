import { LATENCY_BIN_EDGES_MS, LATENCY_BINS } from '../series/stream-stats';

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
