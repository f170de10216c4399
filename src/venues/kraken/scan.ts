import { DEC as DEC_IMPORT, parseDecimal as parseDecimal_IMPORT, parseDecimalSpelled as parseDecimalSpelled_IMPORT, scanDecimal as scanDecimal_IMPORT, SPELL as SPELL_IMPORT } from '../../core/book/decimal';
import { ownSlice as ownSlice_IMPORT } from '../../core/book/own-slice';
import type { FrameScan } from '../common/frame-scan';
import { MAX_LEVELS_PER_SIDE, type V1Level } from './messages';

/** Module-local copies of imports read per level (tsx's CommonJS transform makes each read of an
 * import a getter call). */
const DEC = DEC_IMPORT;
const SPELL = SPELL_IMPORT;
const scanDecimal = scanDecimal_IMPORT;
const parseDecimal = parseDecimal_IMPORT;
const parseDecimalSpelled = parseDecimalSpelled_IMPORT;
const ownSlice = ownSlice_IMPORT;

/** Payload-object keys of a v1 book message (PROVENANCE.md §4.5): updates `a`/`b`, snapshots
 * `as`/`bs`, in this slot order. */
export const V1_A = 0;
export const V1_B = 1;
export const V1_AS = 2;
export const V1_BS = 3;

/**
 * One side's levels of a v1 book message, as the book takes them (`BookSide.setIn`): per level
 * where its price and volume strings stand (the frame's text, for the reader; the parsed
 * strings themselves, for the generic path), their values and the price's spelling (decimal.ts),
 * so the book parses nothing again and slices only what it keeps. Reused message after message
 * (so it holds on to the last message's text until the next one: one frame per slot at most).
 */
export class V1Levels {
  n = 0;
  /** Latest level time in ms, republished levels (`"r"`) excluded: their time is the original
   * order's (PROVENANCE.md §4.5); NaN if none. */
  maxMs = NaN;
  pxText: string[] = [];
  szText: string[] = [];
  pxStart = new Int32Array(4);
  pxEnd = new Int32Array(4);
  szStart = new Int32Array(4);
  szEnd = new Int32Array(4);
  px = new Float64Array(4);
  sz = new Float64Array(4);
  sp = new Int32Array(4);

  reset(): void {
    this.n = 0;
    this.maxMs = NaN;
  }

  /** Level `n` is next: room for it. */
  room(): void {
    if (this.n < this.px.length) return;
    const cap = this.px.length * 2;
    this.pxStart = grownI32(this.pxStart, cap);
    this.pxEnd = grownI32(this.pxEnd, cap);
    this.szStart = grownI32(this.szStart, cap);
    this.szEnd = grownI32(this.szEnd, cap);
    this.sp = grownI32(this.sp, cap);
    this.px = grownF64(this.px, cap);
    this.sz = grownF64(this.sz, cap);
  }

  /** A level's time (seconds; NaN: none), republished or not, into `maxMs` (NaN never wins). */
  time(sec: number, republished: boolean): void {
    const t = sec * 1000;
    if (!republished && t === t && (t > this.maxMs || this.maxMs !== this.maxMs)) this.maxMs = t;
  }

  /** The generic path: a `JSON.parse`d, validated level list (messages.ts `v1LevelsOk`). */
  fromParsed(levels: readonly V1Level[]): this {
    this.reset();
    for (let i = 0; i < levels.length; i++) {
      const l = levels[i]!;
      this.room();
      const k = this.n++;
      const p = l[0];
      const s = l[1];
      this.pxText[k] = p;
      this.szText[k] = s;
      this.pxStart[k] = 0;
      this.pxEnd[k] = p.length;
      this.szStart[k] = 0;
      this.szEnd[k] = s.length;
      this.px[k] = parseDecimalSpelled(p);
      this.sp[k] = SPELL.code;
      this.sz[k] = parseDecimal(s);
      const t: unknown = l[2];
      this.time(typeof t === 'string' ? parseDecimal(t) : NaN, l[3] === 'r');
    }
    return this;
  }
}

const grownI32 = (a: Int32Array, cap: number): Int32Array<ArrayBuffer> => {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
};
const grownF64 = (a: Float64Array, cap: number): Float64Array<ArrayBuffer> => {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
};

/** The end of a channel's message text (V1BookMsg.tails). */
interface V1Tail {
  readonly text: string;
  readonly name: string;
  readonly pair: string;
}

/** Entries of V1BookMsg's tail cache before it starts over. */
const TAIL_MAX = 1024;

/**
 * A v1 book message `[channelID, payload…, channelName, pair]` as v1.ts `onBook` reads it, reused
 * for every message: filled by `scanV1Book` (the venue's own spelling, without JSON.parse) or, for
 * any other spelling, by v1.ts from the parsed array. Payload object `j`'s `a`/`b`/`as`/`bs` are
 * `levels(key, j)` (undefined where the object has no such key).
 */
export class V1BookMsg {
  name = '';
  pair = '';
  /** Payload objects in the message (1: one side or a snapshot; 2: `{a}` then `{b, c}`). */
  parts = 0;
  /** The venue's checksum: `c` of the last payload object that has one, as a number; NaN when
   * there is none, or it is "" or not a number (all three are a missing checksum). */
  checksum = NaN;
  private readonly present: (V1Levels | undefined)[] = [];
  private readonly own: V1Levels[] = [];
  /** Per channel id: the text that ended its last message read — `"book-1000","XBT/USD"]` —
   * with the name and pair in it. A message that ends with the same text has the same name and
   * pair (the text was read as JSON strings when cached), so it is compared at once instead of
   * being read again. Bounded: a venue gives a connection a few hundred channels at most, and
   * the cache starts over past TAIL_MAX. */
  private readonly tails = new Map<number, V1Tail>();

  tailOf(channelId: number): V1Tail | undefined {
    return this.tails.get(channelId);
  }

  setTail(channelId: number, text: string, name: string, pair: string): void {
    if (this.tails.size >= TAIL_MAX) this.tails.clear();
    this.tails.set(channelId, { text, name, pair });
  }

  /** Levels of `key` in payload object `j`; undefined if that object has no such key. */
  levels(key: number, j: number): V1Levels | undefined {
    return this.present[j * 4 + key];
  }

  /** Payload object `j` starts: no keys yet. */
  beginPart(j: number): void {
    for (let k = 0; k < 4; k++) this.present[j * 4 + k] = undefined;
  }

  /** The levels for `key` of object `j`, now present (created once per slot, then reused). */
  slot(key: number, j: number): V1Levels {
    const i = j * 4 + key;
    let r = this.own[i];
    if (r === undefined) {
      for (let k = this.own.length; k <= i; k++) this.own.push(new V1Levels());
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
const QUOTE = 34;

/** The `c` key's bit in the scanner's seen-keys mask (after the four level slots). */
const C_KEY = 4;

/**
 * `[320,{"a":[["58810.30000","2.00000000","1617666423.714230"]]},{"b":[…],"c":"821599009"},
 * "book-1000","XBT/USD"]` and `[…,{"as":[…],"bs":[…]},…]`: an integer channel id, one or two payload
 * objects whose keys are a/b/as/bs/c (each at most once; levels of plain decimal strings: price,
 * volume, optional time, optional "r"; `c` a plain decimal or ""), a `book-*` channel name and
 * the pair. Anything else (trades, other spellings, whitespace, a third payload, a number off
 * decimal.ts's fast path): false, and the frame goes to JSON.parse and the generic handler.
 */
export function scanV1Book(t: string, sc: FrameScan, m: V1BookMsg): boolean {
  if (t.charCodeAt(0) !== LBRACKET) return false;
  sc.begin(t).i = 1;
  const channelId = sc.int();
  if (channelId !== channelId) return false;
  // local index and character codes from here on: this runs per message
  let i = sc.i;
  if (t.charCodeAt(i++) !== COMMA) return false;
  let j = 0;
  let checksum = NaN;
  while (t.charCodeAt(i) === LBRACE) {
    if (j === 2) return false;
    i++;
    m.beginPart(j);
    let seen = 0;
    for (;;) {
      // a key: "a" "b" "c" "as" "bs", then a colon
      if (t.charCodeAt(i) !== QUOTE) return false;
      const k1 = t.charCodeAt(i + 1);
      let key: number;
      if (t.charCodeAt(i + 2) === QUOTE) {
        key = k1 === 97 ? V1_A : k1 === 98 ? V1_B : k1 === 99 ? C_KEY : -1;
        i += 3;
      } else if (t.charCodeAt(i + 2) === 115 && t.charCodeAt(i + 3) === QUOTE) {
        key = k1 === 97 ? V1_AS : k1 === 98 ? V1_BS : -1;
        i += 4;
      } else return false;
      if (key < 0 || t.charCodeAt(i++) !== 58) return false;
      if ((seen & (1 << key)) !== 0) return false; // a repeated key: JSON.parse's last-wins, not ours
      seen |= 1 << key;
      if (key === C_KEY) {
        // "" is a missing checksum, as on the generic path; another non-decimal: refused
        if (t.charCodeAt(i++) !== QUOTE) return false;
        const c = t.charCodeAt(i) === QUOTE ? NaN : scanDecimal(t, i);
        if (c === c) i = DEC.end;
        if (t.charCodeAt(i++) !== QUOTE) return false;
        checksum = c;
      } else {
        i = readLevels(t, i, m.slot(key, j));
        if (i < 0) return false;
      }
      const d = t.charCodeAt(i++);
      if (d === RBRACE) break;
      if (d !== COMMA) return false;
    }
    j++;
    if (t.charCodeAt(i++) !== COMMA) return false;
  }
  if (j === 0) return false;
  // `"book-1000","XBT/USD"]`: the same text as the channel's last message, or read afresh
  const tail = m.tailOf(channelId);
  if (tail !== undefined && t.length - i === tail.text.length && t.endsWith(tail.text)) {
    m.name = tail.name;
    m.pair = tail.pair;
  } else {
    sc.i = i;
    const name = sc.key();
    if (name === undefined || !name.startsWith('book-') || !sc.ch(COMMA)) return false;
    const pair = sc.key();
    if (pair === undefined || !sc.ch(RBRACKET) || !sc.done()) return false;
    m.name = name;
    m.pair = pair;
    m.setTail(channelId, ownSlice(t, i, t.length), name, pair);
  }
  m.parts = j;
  m.checksum = checksum;
  return true;
}

/**
 * `[["price","volume"(,"time"(,"r")?)?],…]` at `i` into `out` (at most MAX_LEVELS_PER_SIDE levels,
 * every number a plain decimal read where it stands); the index after the list, or -1.
 * Character codes and local indices: this is the per-level loop.
 */
function readLevels(t: string, i: number, out: V1Levels): number {
  out.reset();
  if (t.charCodeAt(i) !== LBRACKET) return -1;
  i++;
  if (t.charCodeAt(i) === RBRACKET) return i + 1;
  for (;;) {
    if (out.n === MAX_LEVELS_PER_SIDE || t.charCodeAt(i) !== LBRACKET || t.charCodeAt(i + 1) !== QUOTE) return -1;
    const pxStart = i + 2;
    const px = scanDecimal(t, pxStart);
    const pxEnd = DEC.end;
    if (px !== px || t.charCodeAt(pxEnd) !== QUOTE || t.charCodeAt(pxEnd + 1) !== COMMA || t.charCodeAt(pxEnd + 2) !== QUOTE) return -1;
    const sp = DEC.code;
    const szStart = pxEnd + 3;
    const sz = scanDecimal(t, szStart);
    const szEnd = DEC.end;
    if (sz !== sz || t.charCodeAt(szEnd) !== QUOTE) return -1;
    i = szEnd + 1;
    let sec = NaN;
    let republished = false;
    if (t.charCodeAt(i) === COMMA) {
      if (t.charCodeAt(i + 1) !== QUOTE) return -1;
      sec = scanDecimal(t, i + 2);
      if (sec !== sec || t.charCodeAt(DEC.end) !== QUOTE) return -1;
      i = DEC.end + 1;
      if (t.charCodeAt(i) === COMMA) {
        // the only 4th element Kraken sends: "r", a republished level
        if (t.charCodeAt(i + 1) !== QUOTE || t.charCodeAt(i + 2) !== 114 || t.charCodeAt(i + 3) !== QUOTE) return -1;
        republished = true;
        i += 4;
      }
    }
    if (t.charCodeAt(i) !== RBRACKET) return -1;
    out.room();
    const k = out.n++;
    out.pxText[k] = t;
    out.szText[k] = t;
    out.pxStart[k] = pxStart;
    out.pxEnd[k] = pxEnd;
    out.szStart[k] = szStart;
    out.szEnd[k] = szEnd;
    out.px[k] = px;
    out.sz[k] = sz;
    out.sp[k] = sp;
    out.time(sec, republished);
    const d = t.charCodeAt(++i);
    i++;
    if (d === RBRACKET) return i;
    if (d !== COMMA) return -1;
  }
}
