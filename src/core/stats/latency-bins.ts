import { LATENCY_BIN_EDGES_MS as LATENCY_BIN_EDGES_MS_IMPORT, LATENCY_BINS as LATENCY_BINS_IMPORT } from '../series/stream-stats';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const LATENCY_BIN_EDGES_MS = LATENCY_BIN_EDGES_MS_IMPORT;
const LATENCY_BINS = LATENCY_BINS_IMPORT;

/** The definition: bin 0 = "< 0", bin i = [edges[i−1], edges[i]), the last bin = ≥ the last edge. */
export function latencyBinLinear(ms: number): number {
  if (ms !== ms) return -1;
  const e = LATENCY_BIN_EDGES_MS;
  for (let i = 0; i < e.length; i++) if (ms < e[i]!) return i;
  return LATENCY_BINS - 1;
}

/** Every edge is a multiple of STEP_MS, so no [k·STEP, (k+1)·STEP) straddles one: one lookup
 * answers for the whole range below the last edge (a replay's latency, ~1 s, walked 14 edges). */
const STEP_MS = 5;
const TOP_MS = LATENCY_BIN_EDGES_MS[LATENCY_BIN_EDGES_MS.length - 1]!;
const BY_STEP = new Uint8Array(LATENCY_BIN_EDGES_MS.every((e) => e % STEP_MS === 0) ? TOP_MS / STEP_MS : 0);
for (let k = 0; k < BY_STEP.length; k++) BY_STEP[k] = latencyBinLinear(k * STEP_MS);

/**
 * Display bin of a latency over LATENCY_BIN_EDGES_MS: bin 0 = "< 0" (clock skew),
 * bin i (1..edges−1) = [edges[i−1], edges[i]), the last bin = ≥ the last edge. NaN → −1 (skip).
 * `latencyBinLinear`, through a table by STEP_MS steps (property-tested equal).
 */
export function latencyBinOf(ms: number): number {
  if (ms >= 0 && ms < TOP_MS && BY_STEP.length > 0) return BY_STEP[(ms / STEP_MS) | 0]!;
  return latencyBinLinear(ms);
}
