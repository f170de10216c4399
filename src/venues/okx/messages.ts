import { isObj, levelsOk as sharedLevelsOk, type Obj } from '../common/json-guards';

export { isObj, type Obj };

/**
 * OKX v5 public message shapes (venues.md §4) and cheap structural guards. The guards check
 * exactly the fields the adapter reads, so a malformed frame becomes a counted problem instead of
 * a half-applied book.
 */

/** `[price, size, "0" (deprecated liquidated orders), orderCount]` as the venue's strings; size
 * "0" deletes the level (venues.md §4.2). Only the first two elements are read. */
export type Level = readonly [string, string, ...string[]];

/** One `data[]` element of a `books*` / `bbo-tbt` push, and of the REST `market/books` answer. */
export interface BookData {
  readonly asks: readonly Level[];
  readonly bids: readonly Level[];
  /** Exchange time, epoch ms as a string. */
  readonly ts?: string;
  /** Legacy CRC32 (signed int32) of the top 25 levels; 0 since 2026-06-23 (venues.md §4.4). */
  readonly checksum?: number;
  /** -1 on a snapshot; absent in captures before OKX added the fields (PROVENANCE.md §4.4). */
  readonly prevSeqId?: number;
  readonly seqId?: number;
}

/** `{"arg":{"channel","instId"},"action"?,"data":[…]}` — every push on the public socket. */
export interface Push {
  readonly arg: { readonly channel: string; readonly instId: string };
  readonly action?: string;
  readonly data: readonly unknown[];
}

/** Every element is an array whose first two entries are strings (the shared guard; OKX levels
 * carry two more entries, liquidated orders and order count: venues.md §4.2). */
export const levelsOk = sharedLevelsOk as (x: unknown) => x is readonly Level[];

export function isPush(m: Obj): m is Obj & Push {
  const a = m.arg;
  return isObj(a) && typeof a.channel === 'string' && typeof a.instId === 'string' && Array.isArray(m.data);
}

const optNum = (x: unknown): boolean => x === undefined || typeof x === 'number';

export function isBookData(d: unknown): d is BookData {
  return (
    isObj(d) &&
    levelsOk(d.asks) &&
    levelsOk(d.bids) &&
    (d.ts === undefined || typeof d.ts === 'string') &&
    optNum(d.checksum) &&
    optNum(d.prevSeqId) &&
    optNum(d.seqId)
  );
}

/** `trades` / `trades-all`: `side` is the TAKER side (venues.md §4.5; tardis maps it straight to
 * its "liquidity taker side"). */
export interface TradeData {
  readonly instId: string;
  readonly tradeId: string;
  readonly px: string;
  readonly sz: string;
  readonly side: 'buy' | 'sell';
  readonly ts: string;
}

export function isTradeData(d: unknown): d is TradeData {
  return (
    isObj(d) &&
    typeof d.px === 'string' &&
    typeof d.sz === 'string' &&
    (d.side === 'buy' || d.side === 'sell') &&
    typeof d.ts === 'string' &&
    (d.tradeId === undefined || typeof d.tradeId === 'string')
  );
}

/** Epoch-ms / decimal string → number; NaN for absent, empty ("" is how OKX leaves a field unset)
 * or non-numeric values. */
export function num(x: unknown): number {
  if (typeof x === 'number') return x;
  if (typeof x !== 'string' || x.length === 0) return NaN;
  return +x;
}

/** The REST `GET /api/v5/market/books` answer: `{"code":"0","msg":"","data":[{asks,bids,ts,seqId?}]}`. */
export interface RestBooks {
  readonly code: string;
  readonly msg?: string;
  readonly data: readonly unknown[];
}

export function isRestBooks(m: unknown): m is RestBooks {
  return isObj(m) && typeof m.code === 'string' && Array.isArray(m.data);
}

/** The snapshot's `seqId`: a number, or a numeric string (the REST answer's type is unverified ⚠). */
export function seqOf(x: unknown): number {
  const n = num(x);
  return Number.isSafeInteger(n) ? n : NaN;
}
