import { isObj, type Obj } from '../common/json-guards';

export { isObj, type Obj };

/**
 * Kraken message shapes, v2 (venues.md §6; docs.kraken.com spot-websocket-v2) and v1
 * (PROVENANCE.md §4.5; docs.kraken.com spot-websocket-v1), with cheap structural guards. The
 * guards check exactly what the adapter reads, before any level is applied, so a malformed frame
 * never half-applies to a book.
 */

/** v2 level after `parseKraken`: `price`/`qty` are the wire literals as strings. */
export interface V2Level {
  readonly price: string;
  readonly qty: string;
}

/** One `data[]` entry of a v2 `book` snapshot/update. `checksum` is an unsigned 32-bit integer. */
export interface V2Book {
  readonly symbol: string;
  readonly bids: readonly V2Level[];
  readonly asks: readonly V2Level[];
  readonly checksum?: number;
  /** RFC 3339; absent in the kraken-data-recorder snapshot (PROVENANCE.md §3). */
  readonly timestamp?: string;
}

/** One `data[]` entry of a v2 `trade` message. `side` = taker (aggressor) side (venues.md §6.3). */
export interface V2Trade {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly price: string;
  readonly qty: string;
  readonly trade_id?: number;
  readonly timestamp?: string;
}

/** Levels per side above which a book message is rejected as malformed (KR-SDK `book/wire.rs`
 * uses the same cap: 10,000; the deepest subscription is 1000). */
export const MAX_LEVELS_PER_SIDE = 10_000;

export function v2LevelsOk(x: unknown): x is readonly V2Level[] {
  if (x === undefined) return true; // a side may be omitted: nothing changed there
  if (!Array.isArray(x) || x.length > MAX_LEVELS_PER_SIDE) return false;
  for (let i = 0; i < x.length; i++) {
    const l: unknown = x[i];
    if (!isObj(l) || typeof l.price !== 'string' || typeof l.qty !== 'string') return false;
  }
  return true;
}

export function isV2Book(d: unknown): d is V2Book {
  return (
    isObj(d) &&
    typeof d.symbol === 'string' &&
    v2LevelsOk(d.bids) &&
    v2LevelsOk(d.asks) &&
    (d.checksum === undefined || (typeof d.checksum === 'number' && d.checksum >= 0 && d.checksum <= 0xffffffff))
  );
}

export function isV2Trade(d: unknown): d is V2Trade {
  return isObj(d) && typeof d.symbol === 'string' && (d.side === 'buy' || d.side === 'sell') && typeof d.price === 'string' && typeof d.qty === 'string';
}

/** v1 level: `[price, volume, timestamp]`, plus a 4th `"r"` on republished levels (PROVENANCE §4.5). */
export type V1Level = readonly [string, string, string, string?];

export function v1LevelsOk(x: unknown): x is readonly V1Level[] {
  if (x === undefined) return true;
  if (!Array.isArray(x) || x.length > MAX_LEVELS_PER_SIDE) return false;
  for (let i = 0; i < x.length; i++) {
    const l: unknown = x[i];
    if (!Array.isArray(l) || l.length < 2 || typeof l[0] !== 'string' || typeof l[1] !== 'string') return false;
  }
  return true;
}

/** v1 book payload object: snapshot `{as, bs}`, update `{a}` / `{b}` / `{a, b}`, `c` on the last. */
export function isV1BookPart(x: unknown): x is Obj {
  return isObj(x) && v1LevelsOk(x.as) && v1LevelsOk(x.bs) && v1LevelsOk(x.a) && v1LevelsOk(x.b) && (x.c === undefined || typeof x.c === 'string');
}

/** v1 trade: `[price, volume, time, side 'b'|'s', orderType 'm'|'l', misc]`. */
export function v1TradesOk(x: unknown): x is readonly (readonly [string, string, string, string])[] {
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) {
    const t: unknown = x[i];
    if (!Array.isArray(t) || t.length < 4 || typeof t[0] !== 'string' || typeof t[1] !== 'string' || (t[3] !== 'b' && t[3] !== 's')) return false;
  }
  return true;
}

/** Subscribable depths (venues.md §6.2, v1 book page): the checksum window is 10 of them. */
export const BOOK_DEPTHS = [10, 25, 100, 500, 1000] as const;

export const isBookDepth = (n: unknown): n is number => typeof n === 'number' && (BOOK_DEPTHS as readonly number[]).includes(n);
