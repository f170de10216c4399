/**
 * As-of join on local receive time: for each grid time t, the leg's last observation at or
 * before t (never after: no lookahead), or NaN when that observation is a gap marker (NaN row:
 * the stream was not live), missing, or older than `maxAgeSec`. Two pointers, O(grid + leg),
 * writes into caller-owned arrays (no allocation).
 */

/** A leg: observation times (seconds, ascending) and values, rows [0, n). */
export interface LegSeries {
  readonly tSec: Float64Array;
  readonly v: Float64Array;
  readonly n: number;
}

export function asofJoin(
  gridT: Float64Array,
  gridN: number,
  leg: LegSeries,
  maxAgeSec: number,
  outV: Float64Array,
  outAgeSec?: Float64Array,
): void {
  let j = -1; // last leg row with tSec <= current grid time
  for (let i = 0; i < gridN; i++) {
    const t = gridT[i] as number;
    while (j + 1 < leg.n && (leg.tSec[j + 1] as number) <= t) j++;
    if (j < 0) {
      outV[i] = NaN;
      if (outAgeSec !== undefined) outAgeSec[i] = Infinity;
      continue;
    }
    const age = t - (leg.tSec[j] as number);
    const v = leg.v[j] as number;
    outV[i] = age <= maxAgeSec && Number.isFinite(v) ? v : NaN;
    if (outAgeSec !== undefined) outAgeSec[i] = age;
  }
}

/**
 * Reference values (mark, index, funding) are stored in a stream's series as "last known value
 * at the row's time", so a row does not say when the value arrived. Keep the first row of each
 * run of equal values: that is when the value was first seen. A new value equal to the previous
 * one is indistinguishable and ages on, so ages are over- (never under-) estimated: a leg may
 * grey out early, it never shows an old value as fresh. NaN runs are kept (they are gaps).
 * Returns the number of rows written to outT/outV.
 */
export function changePoints(tSec: Float64Array, v: Float64Array, n: number, outT: Float64Array, outV: Float64Array): number {
  let m = 0;
  let prev = 0;
  let prevNaN = false;
  for (let i = 0; i < n; i++) {
    const t = tSec[i] as number;
    if (!Number.isFinite(t)) continue;
    const x = v[i] as number;
    const isNaN = !Number.isFinite(x);
    if (m > 0 && (isNaN ? prevNaN : !prevNaN && x === prev)) continue;
    outT[m] = t;
    outV[m] = x;
    m++;
    prev = x;
    prevNaN = isNaN;
  }
  return m;
}

/** Sorted union of two ascending time columns (duplicates once, non-finite skipped), rows at
 * or after `fromSec`. Returns the count written to `out` (size it na + nb). */
export function mergeTimes(a: Float64Array, na: number, b: Float64Array, nb: number, fromSec: number, out: Float64Array): number {
  let i = 0;
  let j = 0;
  let m = 0;
  let last = -Infinity;
  while (i < na || j < nb) {
    const ta = i < na ? (a[i] as number) : Infinity;
    const tb = j < nb ? (b[j] as number) : Infinity;
    let t: number;
    if (!Number.isFinite(ta) && i < na) {
      i++;
      continue;
    }
    if (!Number.isFinite(tb) && j < nb) {
      j++;
      continue;
    }
    if (ta <= tb) {
      t = ta;
      i++;
    } else {
      t = tb;
      j++;
    }
    if (t >= fromSec && t > last) {
      out[m++] = t;
      last = t;
    }
  }
  return m;
}
