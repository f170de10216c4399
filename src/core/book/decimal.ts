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

/**
 * Largest digit integer m for which `m / 10^k` (correctly rounded) is injective in m for each k:
 * consecutive m differ by 10^-k, more than one ulp of m/10^k while m + 1 < 2^52.
 */
const SPELL_MAX_M = 2 ** 52 - 2;

/**
 * Out-value of `parseDecimalSpelled`: a code of how the string was written — length, digits
 * after the dot, whether it has a dot — or 0 when the string took the `+s` fallback (or its digits
 * exceed SPELL_MAX_M).
 *
 * Two strings with the same value AND the same non-zero code are the same string: the value fixes
 * the digit integer m (injective, above), and m zero-padded to the length with the dot at its
 * place is the whole string. So a non-zero code plus the number identifies a price string
 * without touching (or hashing) its characters; code 0 means "compare the strings".
 */
export let spelling = 0;

/** `spelling` again, as a property of an exported object: a reader in another module that keeps a
 * local alias of this object reads it with a plain property load (some loaders, e.g. tsx's
 * CommonJS transform, turn every read of an imported live binding into a getter call, which
 * cost more than the rest of a book-side lookup). */
export const SPELL = { code: 0 };

/** `parseDecimal`, also setting `spelling`. The scan is repeated rather than shared on purpose:
 * the plain parse runs per level on every venue and should write no module state. */
export function parseDecimalSpelled(s: string): number {
  const len = s.length;
  spelling = 0;
  SPELL.code = 0;
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
  if (dot < 0) {
    if (m <= SPELL_MAX_M) SPELL.code = spelling = len;
    return m;
  }
  const k = len - 1 - dot;
  if (m <= SPELL_MAX_M) SPELL.code = spelling = len | (k << 5) | 1024;
  return m / POW10[k]!;
}

/** Out-values of `scanDecimal` (an object, for the same reason as `SPELL`). */
export const DEC = { end: 0, code: 0 };

/**
 * A frame reader's `parseDecimalSpelled`, read where the number stands: the run of digits (with
 * at most one '.', not first) that starts at `text[start]` and ends at the first other character.
 * Returns the value `parseDecimalSpelled` gives that run, with DEC.end = the index after it and
 * DEC.code = its `spelling`. NaN (DEC unchanged) when the run is not on the fast path — empty,
 * over 24 characters, ending in '.', digits over 2^53 — so the reader refuses the frame and the
 * string path decides. The caller checks what ends the run (a quote, for a JSON string).
 * Same algorithm as above, property-tested equal (decimal.test.ts).
 */
export function scanDecimal(text: string, start: number): number {
  let m = 0;
  let dot = -1;
  let i = start;
  for (; ; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) m = m * 10 + (c - 48);
    else if (c === 46 && dot < 0 && i > start) dot = i;
    else break;
  }
  const len = i - start;
  if (len === 0 || len > 24 || m > 9007199254740991 || dot === i - 1) return NaN;
  DEC.end = i;
  if (dot < 0) {
    DEC.code = m <= SPELL_MAX_M ? len : 0;
    return m;
  }
  const k = i - 1 - dot;
  DEC.code = m <= SPELL_MAX_M ? len | (k << 5) | 1024 : 0;
  return m / POW10[k]!;
}
