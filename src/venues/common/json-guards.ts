/**
 * Structural guards every venue's messages.ts needs before it reads a parsed frame: a JSON object,
 * and a list of `[price, size, …]` levels whose first two entries are the venue's strings. Checked
 * before any level is applied, so a malformed frame is a counted problem, not a half-applied book.
 */
export type Obj = Record<string, unknown>;

export const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Every element is an array whose first two entries are strings. */
export function levelsOk(x: unknown): x is readonly (readonly [string, string])[] {
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) {
    const l: unknown = x[i];
    if (!Array.isArray(l) || l.length < 2 || typeof l[0] !== 'string' || typeof l[1] !== 'string') return false;
  }
  return true;
}
