/**
 * A Kraken v1 `book-1000` capture (PROVENANCE.md §4.5) made into Kraken v2 `book` frames on the
 * fly (venues.md §6.2): v1 `[chanId,{"a":[[p,q,ts(,"r")]…]},{"b":…,"c":"…"},"book-1000","XBT/USD"]`
 * → `{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":p,"qty":q}],
 * "asks":[…],"checksum":…,"timestamp":"…"}]}` with p/q the v1 strings' text as number literals.
 * A v2 subscription has a depth (25 for the app): Kraken sends only what happens inside that
 * window, plus the levels that enter it from below, and the client truncates (§6.2). So per update
 * the naive full-depth reference book (truncated at 1000 like v1's) is advanced and the frame keeps
 * the update's levels inside the window before or after it, adding the levels that entered it.
 * The checksum is recomputed over the reference's top 10 and must equal the capture's own `c`
 * (`mismatches` counts the ones that do not: a check of this converter).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchFrame } from '../common/bench-host';
import { KrakenRefBook, levelsJson, type KrakenLevel } from './book';

export const KRAKEN_CAPTURE = fileURLToPath(
  new URL('../../../src/venues/kraken/fixtures/KRAKEN-v1_XBTUSD+9pairs_2021-04-05_book1000_cryptofeed.jsonl', import.meta.url),
);
/** v1 asset codes that v2 renamed (venues.md §6.1: `XBT/USD` → `BTC/USD`). */
const V2_NAMES: Record<string, string> = { XBT: 'BTC', XDG: 'DOGE' };
export const v2Symbol = (v1Pair: string): string => v1Pair.split('/').map((a) => V2_NAMES[a] ?? a).join('/');
const V1_DEPTH = 1000;

type V1Level = [string, string, string, ...string[]];

export interface KrakenUpdate {
  symbol: string;
  a: V1Level[];
  b: V1Level[];
  /** The capture's checksum (v1 `c`). */
  c: number;
}

export interface KrakenCapture {
  symbols: string[];
  /** Each symbol's book as of the timeline start (v1 snapshot + earlier updates), fresh copies. */
  initial(symbol: string): KrakenRefBook;
  updates: KrakenUpdate[];
  frames: BenchFrame[];
  /** Per frame: index into `updates`, or -1 for a loop-start snapshot of `frames[i].key`. */
  src: number[];
  /** Per update, its v2 text for a subscription of `depth` (undefined: nothing inside the window). */
  textsFor(depth: number): (string | undefined)[];
  /** Per update, for a subscriber at `depth`: does its checksum see the update lost (`drop`) or
   * sent after the next book frame (`reorder`)? See `faultVisibility`. */
  visibleFaults(depth: number): FaultVisibility;
  /** Updates whose recomputed checksum differs from the capture's `c` (0 expected). */
  mismatches: number;
}

/** Apply a v1 update to a reference book; v1 keeps 1000 levels a side (book-1000). */
export function applyUpdate(book: KrakenRefBook, u: KrakenUpdate): void {
  for (const [p, q] of u.a) book.set('ask', p, q);
  for (const [p, q] of u.b) book.set('bid', p, q);
  book.asks.truncate(V1_DEPTH);
  book.bids.truncate(V1_DEPTH);
}

export function loadKrakenCapture(symbols: readonly string[] = ['BTC/USD'], loops = 10, file = KRAKEN_CAPTURE): KrakenCapture {
  const snaps = new Map<string, { as: V1Level[]; bs: V1Level[] }>();
  const pre: KrakenUpdate[] = [];
  const updates: KrakenUpdate[] = [];
  const tUs: number[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{"t_us"') || !line.includes('"kind":"ws"')) continue;
    const rec = JSON.parse(line) as { t_us: number; msg: unknown };
    if (!Array.isArray(rec.msg) || typeof rec.msg.at(-1) !== 'string') continue;
    const m = rec.msg as unknown[];
    const symbol = v2Symbol(m.at(-1) as string);
    if (!symbols.includes(symbol) || !String(m.at(-2)).startsWith('book-')) continue;
    const parts = m.slice(1, -2) as Record<string, unknown>[];
    if (parts[0]!.as !== undefined) {
      snaps.set(symbol, { as: parts[0]!.as as V1Level[], bs: parts[0]!.bs as V1Level[] });
      continue;
    }
    const u: KrakenUpdate = { symbol, a: [], b: [], c: NaN };
    for (const p of parts) {
      if (Array.isArray(p.a)) u.a.push(...(p.a as V1Level[]));
      if (Array.isArray(p.b)) u.b.push(...(p.b as V1Level[]));
      if (typeof p.c === 'string') u.c = Number(p.c);
    }
    if (!snaps.has(symbol)) continue; // before its snapshot: not part of the book
    if (snaps.size < symbols.length) pre.push(u);
    else {
      updates.push(u);
      tUs.push(rec.t_us);
    }
  }
  if (snaps.size < symbols.length) throw new Error(`no v1 snapshot for ${symbols.join(',')} in ${file}`);
  const initial = (symbol: string): KrakenRefBook => {
    const b = new KrakenRefBook();
    const s = snaps.get(symbol)!;
    for (const [p, q] of s.as) b.set('ask', p, q);
    for (const [p, q] of s.bs) b.set('bid', p, q);
    for (const u of pre) if (u.symbol === symbol) applyUpdate(b, u);
    return b;
  };

  const frames: BenchFrame[] = [];
  const src: number[] = [];
  const spanUs = tUs[tUs.length - 1]! - tUs[0]! + 200_000;
  const lastC = new Map<string, number>();
  /** Per update: it changes its book's checksum (a timeline depth frame, which stream faults hit). */
  const changes = updates.map((u) => {
    const changed = lastC.get(u.symbol) !== u.c;
    lastC.set(u.symbol, u.c);
    return changed;
  });
  for (let i = 0; i < loops; i++) {
    if (i > 0) {
      for (const s of symbols) {
        frames.push({ tUs: tUs[0]! + i * spanUs - 100_000, stream: `book:${s}`, key: `book:${s}`, index: frames.length, type: 'other', text: '' });
        src.push(-1);
      }
    }
    updates.forEach((u, j) => {
      const f: BenchFrame = { tUs: tUs[j]! + i * spanUs, stream: `book:${u.symbol}`, key: `book:${u.symbol}`, index: frames.length, type: 'other', text: '' };
      if (changes[j]) {
        f.type = 'depth';
        f.depth = { U: frames.length, u: frames.length, b: [], a: [] };
      }
      frames.push(f);
      src.push(j);
    });
  }

  const cache = new Map<number, Converted>();
  let mismatches = 0;
  const converted = (depth: number): Converted => {
    let r = cache.get(depth);
    if (r === undefined) {
      r = convert(symbols, initial, updates, depth);
      mismatches = r.mismatches;
      cache.set(depth, r);
    }
    return r;
  };
  const visibility = new Map<number, FaultVisibility>();
  const visibleFaults = (depth: number): FaultVisibility => {
    let v = visibility.get(depth);
    if (v === undefined) visibility.set(depth, (v = faultVisibility(symbols, initial, updates, changes, converted(depth), depth)));
    return v;
  };
  converted(25);
  return {
    symbols: [...symbols], initial, updates, frames, src,
    textsFor: (depth) => converted(depth).texts,
    visibleFaults,
    get mismatches() { return mismatches; },
  };
}

interface Converted {
  texts: (string | undefined)[];
  /** Per update: the levels its v2 frame carries (undefined: no frame) and its checksum. */
  levels: ({ asks: KrakenLevel[]; bids: KrakenLevel[]; checksum: number } | undefined)[];
  mismatches: number;
}

export interface FaultVisibility {
  drop: boolean[];
  reorder: boolean[];
  /** Frames where the simulated subscriber's checksum differed from the frame's own (0 expected:
   * a check of the simulation). */
  selfCheckFailures: number;
}

/**
 * Kraken books carry no sequence numbers (venues.md §6.2): only the top-10 checksum can reveal a
 * lost or reordered update, and an update whose effect a later one undoes (a level added, then
 * removed) is invisible — and harmless once undone. So per book update `j` (one that changes the
 * checksum: a timeline depth frame) a subscriber at `depth` is replayed, truncating as the app does,
 * without `j` up to and including the next depth frame (`drop`), and with `j` sent after that frame
 * (`reorder`, only when no other frame of the symbol goes out between the two: a swap of
 * neighbours): the fault is visible when some frame's checksum then differs from the one it carries.
 */
function faultVisibility(
  symbols: readonly string[],
  initial: (s: string) => KrakenRefBook,
  updates: readonly KrakenUpdate[],
  changes: readonly boolean[],
  conv: Converted,
  depth: number,
): FaultVisibility {
  const clients = new Map<string, KrakenRefBook>();
  for (const s of symbols) clients.set(s, truncatedCopy(initial(s), depth));
  const drop = new Array<boolean>(updates.length).fill(false);
  const reorder = new Array<boolean>(updates.length).fill(false);
  let selfCheckFailures = 0;
  /** Apply frame `i` to `b`; true when its checksum then differs from the frame's own. */
  const apply = (b: KrakenRefBook, i: number): boolean => {
    const l = conv.levels[i];
    if (l === undefined) return false;
    for (const [p, q] of l.asks) b.set('ask', p, q);
    for (const [p, q] of l.bids) b.set('bid', p, q);
    b.asks.truncate(depth);
    b.bids.truncate(depth);
    return b.checksum() !== l.checksum;
  };
  for (let j = 0; j < updates.length; j++) {
    const sym = updates[j]!.symbol;
    const client = clients.get(sym)!;
    if (changes[j] && conv.levels[j] !== undefined) {
      let k = j + 1;
      // Frames of this symbol that go out between `j` and the next depth frame `k`: those that
      // change no checksum are not timeline depth frames, so a held `j` would wait behind them.
      let between = false;
      while (k < updates.length && !changes[k]) {
        if (updates[k]!.symbol === sym && conv.levels[k] !== undefined) between = true;
        k++;
      }
      const without = truncatedCopy(client, depth);
      let seen = false;
      for (let i = j + 1; i <= k && i < updates.length; i++) if (updates[i]!.symbol === sym && apply(without, i)) seen = true;
      drop[j] = seen;
      // Only a swap of two neighbours on this subscriber's wire: with frames between them, one of
      // those may reveal the missing `j` first, the client resyncs, and `j` — still held until `k`
      // — then lands on the fresh snapshot as a stale frame: a second, real, checksum failure that
      // is the bench's doing, not the fault's (seen in CI: gaps +2 for one reorder).
      reorder[j] = !between && k < updates.length && (seen || apply(without, j));
    }
    if (apply(client, j)) selfCheckFailures++;
  }
  return { drop, reorder, selfCheckFailures };
}

function truncatedCopy(b: KrakenRefBook, depth: number): KrakenRefBook {
  const c = new KrakenRefBook();
  for (const [p, q] of b.top('ask', depth)) c.set('ask', p, q);
  for (const [p, q] of b.top('bid', depth)) c.set('bid', p, q);
  return c;
}

function convert(symbols: readonly string[], initial: (s: string) => KrakenRefBook, updates: readonly KrakenUpdate[], depth: number): Converted {
  const books = new Map(symbols.map((s) => [s, initial(s)]));
  let mismatches = 0;
  const levels: Converted['levels'] = [];
  const texts = updates.map((u) => {
    const book = books.get(u.symbol)!;
    const before = { ask: new Set(book.asks.topPrices(depth)), bid: new Set(book.bids.topPrices(depth)) };
    applyUpdate(book, u);
    const ck = book.checksum();
    if (ck !== u.c) mismatches++;
    const side = (s: 'ask' | 'bid', levels: V1Level[]): KrakenLevel[] => {
      const after = book.top(s, depth);
      const inAfter = new Set(after.map((l) => l[0]));
      const out: KrakenLevel[] = [];
      const touched = new Set<string>();
      for (const [p, q] of levels) {
        touched.add(p);
        if (inAfter.has(p) || (before[s].has(p) && Number(q) === 0)) out.push([p, q]);
      }
      for (const l of after) if (!before[s].has(l[0]) && !touched.has(l[0])) out.push(l); // entered the window
      return out;
    };
    const asks = side('ask', u.a);
    const bids = side('bid', u.b);
    levels.push(asks.length + bids.length === 0 ? undefined : { asks, bids, checksum: ck });
    if (asks.length + bids.length === 0) return undefined;
    const ts = Math.max(...[...u.a, ...u.b].map((l) => Number(l[2])));
    return `{"channel":"book","type":"update","data":[{"symbol":"${u.symbol}","bids":${levelsJson(bids)},"asks":${levelsJson(asks)},"checksum":${ck},"timestamp":"${isoUs(ts)}"}]}`;
  });
  return { texts, levels, mismatches };
}

/** RFC 3339 with microseconds, as v2 timestamps (`2021-04-05T23:47:03.693648Z`). */
function isoUs(sec: number): string {
  const whole = Math.floor(sec);
  const us = Math.round((sec - whole) * 1e6);
  return `${new Date(whole * 1000).toISOString().slice(0, 19)}.${String(Math.min(us, 999_999)).padStart(6, '0')}Z`;
}
