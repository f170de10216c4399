import { isObj, levelsOk as sharedLevelsOk, type Obj } from '../common/json-guards';

export { isObj, type Obj };

/**
 * Bybit v5 public message shapes (venues.md §7) and cheap structural guards. The guards check
 * exactly the fields the adapter reads, so a malformed frame becomes a counted problem instead of
 * a half-applied book.
 */

/** `[price, size]` as the venue's strings; size is absolute, "0" deletes (venues.md §7.2). */
export type Level = readonly [string, string];

/** `data` of `orderbook.{depth}.{symbol}`: `u` update id, `seq` cross sequence (§7.2). */
export interface BookData {
  readonly s: string;
  readonly b: readonly Level[];
  readonly a: readonly Level[];
  readonly u: number;
  readonly seq?: number;
}

/** One `publicTrade` entry: `S` is the TAKER side, `Buy`/`Sell` (venues.md §7.3, BY-DOC trade.mdx). */
export interface TradeData {
  readonly T: number;
  readonly s: string;
  readonly S: string;
  readonly v: string;
  readonly p: string;
  readonly i?: string;
}

/** Every element is a pair of strings. Checked before any level is applied. */
export const levelsOk = sharedLevelsOk as (x: unknown) => x is readonly Level[];

export function isBookData(d: unknown): d is BookData {
  return isObj(d) && typeof d.s === 'string' && typeof d.u === 'number' && levelsOk(d.b) && levelsOk(d.a);
}

export function isTradeData(t: unknown): t is TradeData {
  return isObj(t) && typeof t.s === 'string' && typeof t.S === 'string' && typeof t.p === 'string' && typeof t.v === 'string';
}

/** A trade id as a number when it is one exactly (spot ids are 19-digit strings, linear ids
 * UUIDs: neither fits a double, so NaN — the id is informational only). */
export function tradeIdOf(i: unknown): number {
  const n = typeof i === 'string' ? Number(i) : NaN;
  return Number.isSafeInteger(n) ? n : NaN;
}
