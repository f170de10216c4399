import { asofJoin, changePoints, mergeTimes, type LegSeries } from './asof';
import { BASIS_PAIRS, basisBps, type BasisLeg } from './basis';

/** The series columns the basis needs from one stream (rows [0, n), time ascending). */
export interface StreamColumns {
  readonly tSec: Float64Array;
  readonly midPx: Float64Array;
  readonly n: number;
}
export interface PerpColumns extends StreamColumns {
  readonly markPx: Float64Array;
  readonly indexPx: Float64Array;
}

/** Output, caller-owned and reused: `t` the merged grid, one column per BASIS_PAIRS entry. */
export class BasisSeries {
  readonly t: Float64Array;
  readonly bps: Float64Array[];
  n = 0;
  /** Each leg as-of joined onto `t` (scratch, readable for tooltips and tests). */
  readonly legs: Record<BasisLeg, Float64Array>;
  /** Scratch for change points of the reference columns. */
  readonly cpT: Float64Array;
  readonly cpV: Float64Array;

  constructor(capacity: number) {
    this.t = new Float64Array(capacity);
    this.bps = BASIS_PAIRS.map(() => new Float64Array(capacity));
    this.legs = { perpMid: new Float64Array(capacity), spotMid: new Float64Array(capacity), mark: new Float64Array(capacity), index: new Float64Array(capacity) };
    this.cpT = new Float64Array(capacity);
    this.cpV = new Float64Array(capacity);
  }

  get capacity(): number {
    return this.t.length;
  }
}

/**
 * Basis over time for a perp stream and a spot stream: the grid is the union of both streams'
 * row times (from `fromSec`); every leg is as-of joined onto it with `maxAgeSec`, so a leg that
 * is missing, not live (NaN row) or too old makes that basis NaN there — a gap, never a value
 * built from stale prices. Capacity must be ≥ perp.n + spot.n.
 */
export function computeBasisSeries(perp: PerpColumns, spot: StreamColumns | null, fromSec: number, maxAgeSec: number, out: BasisSeries): void {
  const spotT = spot?.tSec ?? perp.tSec;
  const spotN = spot?.n ?? 0;
  const n = mergeTimes(perp.tSec, perp.n, spotT, spotN, fromSec, out.t);
  out.n = n;
  const { legs, cpT, cpV } = out;
  asofJoin(out.t, n, { tSec: perp.tSec, v: perp.midPx, n: perp.n }, maxAgeSec, legs.perpMid);
  if (spot !== null) asofJoin(out.t, n, { tSec: spot.tSec, v: spot.midPx, n: spot.n }, maxAgeSec, legs.spotMid);
  else legs.spotMid.fill(NaN, 0, n);
  const refLeg = (col: Float64Array, into: Float64Array): void => {
    const m = changePoints(perp.tSec, col, perp.n, cpT, cpV);
    const leg: LegSeries = { tSec: cpT, v: cpV, n: m };
    asofJoin(out.t, n, leg, maxAgeSec, into);
  };
  refLeg(perp.markPx, legs.mark);
  refLeg(perp.indexPx, legs.index);
  BASIS_PAIRS.forEach((p, k) => {
    const a = legs[p.a];
    const b = legs[p.b];
    const o = out.bps[k] as Float64Array;
    for (let i = 0; i < n; i++) o[i] = basisBps(a[i] as number, b[i] as number);
  });
}
