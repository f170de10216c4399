/**
 * Basis between two prices, in basis points: (a − b) / b · 1e4.
 * Perp vs spot, perp vs mark, perp vs index, mark vs index, spot vs index (DESIGN.md users:
 * "whether perp prices stay aligned with spot, mark and index").
 */
export const basisBps = (a: number, b: number): number =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 ? ((a - b) / b) * 1e4 : NaN;

/** The price legs a basis is made of. */
export const BASIS_LEGS = ['perpMid', 'spotMid', 'mark', 'index'] as const;
export type BasisLeg = (typeof BASIS_LEGS)[number];
export const LEG_LABELS: Readonly<Record<BasisLeg, string>> = { perpMid: 'perp mid', spotMid: 'spot mid', mark: 'mark', index: 'index' };

export interface BasisPair {
  readonly id: string;
  readonly a: BasisLeg;
  readonly b: BasisLeg;
  readonly label: string;
}

export const BASIS_PAIRS = [
  { id: 'perpSpot', a: 'perpMid', b: 'spotMid', label: 'perp mid vs spot mid' },
  { id: 'perpMark', a: 'perpMid', b: 'mark', label: 'perp mid vs mark' },
  { id: 'perpIndex', a: 'perpMid', b: 'index', label: 'perp mid vs index' },
  { id: 'markIndex', a: 'mark', b: 'index', label: 'mark vs index' },
  { id: 'spotIndex', a: 'spotMid', b: 'index', label: 'spot mid vs index' },
] as const satisfies readonly BasisPair[];
export type BasisPairId = (typeof BASIS_PAIRS)[number]['id'];

/** A leg's latest value: `tUs` = local receive time it was observed; `live` = its stream's
 * book (or reference feed) is trusted now. */
export interface LegNow {
  readonly value: number;
  readonly tUs: number;
  readonly live: boolean;
}

export interface BasisNow {
  readonly pair: BasisPair;
  /** NaN when stale: a stale basis is not shown as a number (DESIGN.md principle 5). */
  readonly bps: number;
  readonly stale: boolean;
  /** Why it is stale ('' when fresh). */
  readonly reason: string;
}

/** Age of a leg at `nowUs` in µs (Infinity when never seen). */
export const legAgeUs = (leg: LegNow, nowUs: number): number => (leg.tUs > 0 ? Math.max(0, nowUs - leg.tUs) : Infinity);

function legProblem(leg_: BasisLeg, leg: LegNow, nowUs: number, maxAgeUs: number): string {
  const name = LEG_LABELS[leg_];
  if (!leg.live) return `${name} not live`;
  if (!Number.isFinite(leg.value) || leg.tUs <= 0) return `no ${name}`;
  if (legAgeUs(leg, nowUs) > maxAgeUs) return `${name} older than ${(maxAgeUs / 1e6).toFixed(0)} s`;
  return '';
}

/** Current basis of every pair; a pair is stale when either leg is not live, missing or older
 * than `maxAgeUs` at `nowUs`. */
export function basisNow(legs: Readonly<Record<BasisLeg, LegNow>>, nowUs: number, maxAgeUs: number): BasisNow[] {
  return BASIS_PAIRS.map((pair) => {
    const reason = [legProblem(pair.a, legs[pair.a], nowUs, maxAgeUs), legProblem(pair.b, legs[pair.b], nowUs, maxAgeUs)]
      .filter((r) => r !== '')
      .join(', ');
    const stale = reason !== '';
    return { pair, bps: stale ? NaN : basisBps(legs[pair.a].value, legs[pair.b].value), stale, reason };
  });
}
