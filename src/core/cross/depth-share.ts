/**
 * Venue shares of the depth resting near the mid, and how concentrated it is.
 * HHI (Herfindahl–Hirschman index) = Σ shareᵢ², from 1/n (evenly spread over n venues) to 1
 * (all depth on one venue).
 */
export interface DepthShares {
  /** Same order as the input; 0 for an entry that is not a positive finite number. */
  readonly shares: readonly number[];
  readonly total: number;
  /** NaN when there is no depth at all. */
  readonly hhi: number;
}

export function depthShares(depthQuote: readonly number[]): DepthShares {
  const clean = depthQuote.map((d) => (Number.isFinite(d) && d > 0 ? d : 0));
  const total = clean.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return { shares: clean.map(() => 0), total: 0, hhi: NaN };
  const shares = clean.map((d) => d / total);
  return { shares, total, hhi: shares.reduce((a, s) => a + s * s, 0) };
}
