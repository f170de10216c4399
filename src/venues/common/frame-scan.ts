/**
 * A strict, allocation-light reader of ONE frame's JSON text, for the few message shapes that are
 * most of a venue's traffic (book deltas). It reads the exact key order and tokens the venue sends
 * and nothing else: no whitespace, strings without escapes or control characters, integers with
 * at most 15 digits. On anything outside that subset the reader says no and the adapter falls back
 * to `JSON.parse` and its generic handler — so the subset can only make a frame slower, never read
 * differently (frame-scan.test.ts and each venue's scan test check that against JSON.parse).
 *
 * Why it exists: `JSON.parse` builds an array per level and an object per message that the
 * adapter reads once and drops; on small, frequent deltas that is half the pipeline's cost
 * (`npm run bench`). Here levels land in reused rows; only the strings the book keeps are sliced.
 */

/** One side's levels: `rows[0..n)`, each row the level's strings (`undefined` past its width). */
export class LevelRows {
  rows: readonly (readonly (string | undefined)[])[] = [];
  n = 0;
  /** Rows owned by the reader, reused frame after frame. */
  private readonly own: (string | undefined)[][] = [];

  /** Present a `JSON.parse`d, already validated level list (the generic path): no copy. */
  wrap(parsed: readonly (readonly (string | undefined)[])[]): this {
    this.rows = parsed;
    this.n = parsed.length;
    return this;
  }

  /** Start filling the reader's own rows. */
  reset(): void {
    this.rows = this.own;
    this.n = 0;
  }

  /** The row to fill next (created once, then reused), cleared to `width` columns. */
  next(width: number): (string | undefined)[] {
    let r = this.own[this.n];
    if (r === undefined) {
      r = [];
      for (let k = 0; k < width; k++) r.push(undefined);
      this.own.push(r);
    }
    for (let k = 0; k < r.length; k++) r[k] = undefined;
    this.n++;
    return r;
  }
}

/** JSON integers of up to 15 digits are exact in a double (2^53 ≈ 9.007e15). */
const MAX_INT_DIGITS = 15;

export class FrameScan {
  private t = '';
  /** Cursor: index of the next unread character. */
  i = 0;

  begin(text: string): this {
    this.t = text;
    this.i = 0;
    return this;
  }

  /** Consume exactly `s` (punctuation and keys, e.g. `","changes":`). */
  lit(s: string): boolean {
    if (!this.t.startsWith(s, this.i)) return false;
    this.i += s.length;
    return true;
  }

  /** The next character code, not consumed (NaN at the end). */
  peek(): number {
    return this.t.charCodeAt(this.i);
  }

  /** A JSON string at the cursor → its value; undefined if there is none or it has an escape or
   * a control character (JSON.parse rejects those or would decode them: not this subset). */
  str(): string | undefined {
    const t = this.t;
    let i = this.i;
    if (t.charCodeAt(i) !== 34) return undefined;
    const s = ++i;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 34) break;
      if (!(c >= 32) || c === 92) return undefined; // NaN (end of text) fails `c >= 32` too
      i++;
    }
    this.i = i + 1;
    return t.slice(s, i);
  }

  /** A JSON integer literal → its value; NaN (cursor unspecified) if the number has a fraction,
   * an exponent, a leading zero, more than 15 digits, or is not there. */
  int(): number {
    const t = this.t;
    let i = this.i;
    const neg = t.charCodeAt(i) === 45;
    if (neg) i++;
    const start = i;
    let m = 0;
    let c = t.charCodeAt(i);
    while (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      c = t.charCodeAt(++i);
    }
    const digits = i - start;
    if (digits === 0 || digits > MAX_INT_DIGITS || (digits > 1 && t.charCodeAt(start) === 48)) return NaN;
    if (c === 46 || c === 101 || c === 69) return NaN;
    this.i = i;
    return neg ? -m : m;
  }

  /** An integer the caller does not read (`int` semantics). */
  skipInt(): boolean {
    const n = this.int();
    return n === n;
  }

  /** `[[s,s…],…]`: every level an array of `minW..maxW` strings, into `out`'s own rows. */
  levels(out: LevelRows, minW: number, maxW: number): boolean {
    out.reset();
    if (!this.lit('[')) return false;
    if (this.lit(']')) return true;
    for (;;) {
      if (!this.lit('[')) return false;
      const row = out.next(maxW);
      let w = 0;
      for (;;) {
        if (w === maxW) return false;
        const s = this.str();
        if (s === undefined) return false;
        row[w++] = s;
        if (this.lit(']')) break;
        if (!this.lit(',')) return false;
      }
      if (w < minW) return false;
      if (this.lit(']')) return true;
      if (!this.lit(',')) return false;
    }
  }

  /** The whole text was read. */
  done(): boolean {
    return this.i === this.t.length;
  }
}
