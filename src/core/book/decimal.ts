/**
 * `+s` for plain decimal strings ("61837.63000000", "0.00000000"), several times faster than
 * the generic string→number conversion, and bit-identical to it: the digits accumulate into an
 * integer m that stays exact below 2^53, and m / 10^k with 10^k exact (k ≤ 22) is one correctly
 * rounded IEEE division — the same double `+s` gives (Clinger's fast path). Anything else
 * (signs, exponents, too many digits, empty, junk) falls back to `+s`.
 */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

export function parseDecimal(s: string): number {
  const len = s.length;
  if (len === 0 || len > 24) return +s;
  let m = 0;
  let dot = -1;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) m = m * 10 + (c - 48);
    else if (c === 46 && dot < 0 && i > 0) dot = i;
    else return +s;
  }
  if (m > 9007199254740991 || dot === len - 1) return +s;
  return dot < 0 ? m : m / POW10[len - 1 - dot]!;
}
