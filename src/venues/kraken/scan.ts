import { type FrameScan, LevelRows } from '../common/frame-scan';
import { MAX_LEVELS_PER_SIDE } from './messages';

/** Payload-object keys of a v1 book message (PROVENANCE.md §4.5): updates `a`/`b`, snapshots
 * `as`/`bs`, in this slot order. */
export const V1_A = 0;
export const V1_B = 1;
export const V1_AS = 2;
export const V1_BS = 3;

/**
 * A v1 book message `[channelID, payload…, channelName, pair]` as v1.ts `onBook` reads it, reused
 * for every message: filled by `scanV1Book` (the venue's own spelling, without JSON.parse) or, for
 * any other spelling, by v1.ts from the parsed array. Payload object `j`'s `a`/`b`/`as`/`bs` are
 * `levels(key, j)` (undefined where the object has no such key) and its `c` is `c[j]`. A level's
 * time is `num[i]` of its rows (`parseDecimal` of the text, NaN if none), not a string.
 */
export class V1BookMsg {
  name = '';
  pair = '';
  /** Payload objects in the message (1: one side or a snapshot; 2: `{a}` then `{b, c}`). */
  parts = 0;
  readonly c: (string | undefined)[] = [];
  private readonly present: (LevelRows | undefined)[] = [];
  private readonly own: LevelRows[] = [];

  /** Levels of `key` in payload object `j`; undefined if that object has no such key. */
  levels(key: number, j: number): LevelRows | undefined {
    return this.present[j * 4 + key];
  }

  /** Payload object `j` starts: no keys yet. */
  beginPart(j: number): void {
    for (let k = 0; k < 4; k++) this.present[j * 4 + k] = undefined;
    this.c[j] = undefined;
  }

  /** The rows for `key` of object `j`, now present (created once per slot, then reused). */
  slot(key: number, j: number): LevelRows {
    const i = j * 4 + key;
    let r = this.own[i];
    if (r === undefined) {
      for (let k = this.own.length; k <= i; k++) this.own.push(new LevelRows());
      r = this.own[i]!;
    }
    this.present[i] = r;
    return r;
  }
}

const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const COMMA = 44;

/** A level's time column (`[price, volume, time, "r"?]`): read as a number into `num`. */
export const TIME_COL = 2;

/** The `c` key's bit in the scanner's seen-keys mask (after the four level slots). */
const C_KEY = 4;

/**
 * `[320,{"a":[["58810.30000","2.00000000","1617666423.714230"]]},{"b":[…],"c":"821599009"},
 * "book-1000","XBT/USD"]` and `[…,{"as":[…],"bs":[…]},…]`: an integer channel id, one or two payload
 * objects whose keys are a/b/as/bs/c (each at most once, levels of 2–4 strings: price, volume,
 * time, "r"), a `book-*` channel name and the pair. Anything else (trades, other spellings,
 * whitespace, a third payload): false, and the frame goes to JSON.parse.
 */
export function scanV1Book(text: string, sc: FrameScan, m: V1BookMsg): boolean {
  if (text.charCodeAt(0) !== 91) return false;
  sc.begin(text).ch(LBRACKET);
  if (!sc.skipInt() || !sc.ch(COMMA)) return false;
  let j = 0;
  while (sc.code(0) === LBRACE) {
    if (j === 2) return false;
    sc.ch(LBRACE);
    m.beginPart(j);
    let seen = 0;
    for (;;) {
      // a key: "a" "b" "c" "as" "bs", then a colon (character codes: this runs per message)
      if (sc.code(0) !== 34) return false;
      const k1 = sc.code(1);
      let key: number;
      let len: number;
      if (sc.code(2) === 34) {
        key = k1 === 97 ? V1_A : k1 === 98 ? V1_B : k1 === 99 ? C_KEY : -1;
        len = 3;
      } else if (sc.code(2) === 115 && sc.code(3) === 34) {
        key = k1 === 97 ? V1_AS : k1 === 98 ? V1_BS : -1;
        len = 4;
      } else return false;
      if (key < 0 || sc.code(len) !== 58) return false;
      sc.i += len + 1;
      if ((seen & (1 << key)) !== 0) return false; // a repeated key: JSON.parse's last-wins, not ours
      seen |= 1 << key;
      if (key === C_KEY) {
        const c = sc.str();
        if (c === undefined) return false;
        m.c[j] = c;
      } else {
        const rows = m.slot(key, j);
        if (!sc.levels(rows, 2, 4, TIME_COL) || rows.n > MAX_LEVELS_PER_SIDE) return false;
      }
      if (sc.ch(RBRACE)) break;
      if (!sc.ch(COMMA)) return false;
    }
    j++;
    if (!sc.ch(COMMA)) return false;
  }
  if (j === 0) return false;
  const name = sc.key();
  if (name === undefined || !name.startsWith('book-') || !sc.ch(COMMA)) return false;
  const pair = sc.key();
  if (pair === undefined || !sc.ch(RBRACKET) || !sc.done()) return false;
  m.name = name;
  m.pair = pair;
  m.parts = j;
  return true;
}
