/**
 * A strict, allocation-light reader of ONE frame's JSON text, for the few message shapes that are
 * most of a venue's traffic (book deltas). It reads the exact key order and tokens the venue sends
 * and nothing else: no whitespace, strings without escapes or control characters, integers with
 * at most 15 digits. On anything outside that subset the reader says no and the adapter falls back
 * to `JSON.parse` and its generic handler — so the subset can only make a frame slower, never read
 * differently (frame-scan.test.ts checks the primitives against JSON.parse; scan-equivalence.test.ts
 * runs whole captures, and mutated ones, through both paths).
 *
 * Why it exists: `JSON.parse` builds an array per level and an object per message that the
 * adapter reads once and drops; on small, frequent deltas that is half the pipeline's cost
 * (`npm run bench`). Here levels land in reused rows; only the strings the book keeps are sliced
 * (and copied where a slice would keep the frame alive: `own`).
 */

import { ownSlice as ownSlice_IMPORT } from '../../core/book/own-slice';

/** A string the book may keep: copied where a slice would keep the frame alive (own-slice.ts).
 * A module-local copy of the import, read per level (tsx's CommonJS transform makes each read of
 * an import a getter call). */
const own = ownSlice_IMPORT;

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

  /** The row to fill next (created once with `width` columns, then reused as it was left:
   * the filler overwrites or clears every column). */
  next(width: number): (string | undefined)[] {
    let r = this.own[this.n];
    if (r === undefined) {
      r = [];
      for (let k = 0; k < width; k++) r.push(undefined);
      this.own.push(r);
    }
    this.n++;
    return r;
  }
}

/** JSON integers of up to 15 digits are exact in a double (2^53 ≈ 9.007e15). */
const MAX_INT_DIGITS = 15;

/** Slots of FrameScan's key cache (a power of two; a collision only costs a slice). */
const KEY_CACHE = 64;

export class FrameScan {
  private t = '';
  private readonly keys: (string | undefined)[] = new Array<string | undefined>(KEY_CACHE).fill(undefined);
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

  /** Consume the one character `c` (a character code: `lit` for punctuation, without a call
   * into String.prototype.startsWith). */
  ch(c: number): boolean {
    if (this.t.charCodeAt(this.i) !== c) return false;
    this.i++;
    return true;
  }

  /** The character code `k` places after the cursor, not consumed (NaN past the end). */
  code(k: number): number {
    return this.t.charCodeAt(this.i + k);
  }

  /** A JSON string at the cursor → its value; undefined if there is none or it has an escape or
   * a control character (JSON.parse rejects those or would decode them: not this subset). */
  str(): string | undefined {
    return this.span() ? own(this.t, this.spanStart, this.spanEnd) : undefined;
  }

  /** Where the last `span()` string's value starts and ends in the text. */
  spanStart = 0;
  spanEnd = 0;

  /** `str()` without the slice: the value is text[spanStart, spanEnd) (for a reader that parses
   * it where it stands). */
  span(): boolean {
    const t = this.t;
    let i = this.i;
    if (t.charCodeAt(i) !== 34) return false;
    const s = ++i;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 34) break;
      if (!(c >= 32) || c === 92) return false; // NaN (end of text) fails `c >= 32` too
      i++;
    }
    this.i = i + 1;
    this.spanStart = s;
    this.spanEnd = i;
    return true;
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

  /** `[[s,s…],…]`: every level an array of `minW..maxW` strings, into `out`'s own rows (columns
   * past a level's width are cleared). Character codes, not `lit`: this is the per-level loop. */
  levels(out: LevelRows, minW: number, maxW: number): boolean {
    const t = this.t;
    let i = this.i;
    out.reset();
    if (t.charCodeAt(i) !== 91) return false; // [
    i++;
    if (t.charCodeAt(i) === 93) {
      this.i = i + 1;
      return true;
    }
    for (;;) {
      if (t.charCodeAt(i) !== 91) return false;
      i++;
      const row = out.next(maxW);
      let w = 0;
      for (;;) {
        if (w === maxW || t.charCodeAt(i) !== 34) return false;
        const s = ++i;
        for (;;) {
          const c = t.charCodeAt(i);
          if (c === 34) break;
          if (!(c >= 32) || c === 92) return false; // end of text (NaN), control, escape
          i++;
        }
        row[w++] = own(t, s, i);
        const d = t.charCodeAt(++i);
        i++;
        if (d === 93) break; // ]
        if (d !== 44) return false; // ,
      }
      if (w < minW) return false;
      for (let k = w; k < maxW; k++) row[k] = undefined;
      const d = t.charCodeAt(i++);
      if (d === 93) {
        this.i = i;
        return true;
      }
      if (d !== 44) return false;
    }
  }

  /** A JSON string at the cursor that names a venue's symbol, channel or topic: the same value
   * as `str()`, but a repeat of a recent one is returned as the string already held (no slice
   * per frame, and Map lookups on it reuse its cached hash). */
  key(): string | undefined {
    const t = this.t;
    let i = this.i;
    if (t.charCodeAt(i) !== 34) return undefined;
    const s = ++i;
    let h = 0;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 34) break;
      if (!(c >= 32) || c === 92) return undefined;
      h = (Math.imul(h, 31) + c) | 0;
      i++;
    }
    this.i = i + 1;
    const n = i - s;
    const slot = (h ^ n) & (KEY_CACHE - 1);
    const k = this.keys[slot];
    if (k !== undefined && k.length === n && t.startsWith(k, s)) return k;
    return (this.keys[slot] = own(t, s, i));
  }

  /** The whole text was read. */
  done(): boolean {
    return this.i === this.t.length;
  }
}
