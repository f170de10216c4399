/**
 * Binance spot message shapes (venues.md §2.1, §2.2) and cheap structural guards. The guards
 * check exactly the fields the adapter reads, so a malformed frame becomes a counted problem
 * instead of a half-applied book.
 */
import { isObj, levelsOk, type Obj } from '../common/json-guards';

/** The shared guards, re-exported: the Binance adapters and tests read them from here. */
export { isObj, levelsOk, type Obj };

/** `[price, qty]` as the venue's strings; qty is absolute, "0" removes the level (§2.2). */
export type Level = readonly [string, string];

/** `<symbol>@depth[@100ms]` diff event. */
export interface DepthUpdate {
  readonly e: 'depthUpdate';
  readonly E: number;
  readonly s: string;
  /** First update id in the event. */
  readonly U: number;
  /** Final update id in the event. */
  readonly u: number;
  readonly b: readonly Level[];
  readonly a: readonly Level[];
}

/** `<symbol>@trade` and `<symbol>@aggTrade`: `m` = the buyer is the maker ⇒ the taker SOLD (§2.2). */
export interface TradeLike {
  readonly e: 'trade' | 'aggTrade';
  readonly E: number;
  readonly s: string;
  /** trade id (`trade`) */
  readonly t?: number;
  /** aggregate trade id (`aggTrade`) */
  readonly a?: number;
  readonly p: string;
  readonly q: string;
  readonly T: number;
  readonly m: boolean;
}

/** Spot `<symbol>@bookTicker`: `{u,s,b,B,a,A}` only, no event time (PROVENANCE.md §4.2). */
export interface BookTicker {
  readonly u: number;
  readonly s: string;
  readonly b: string;
  readonly B: string;
  readonly a: string;
  readonly A: string;
}

/** REST `/api/v3/depth` body and WS-API `depth` result (venues.md §1.6, §2.2). */
export interface DepthSnapshot {
  readonly lastUpdateId: number;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

/** WS-API response envelope: `{"id","status","result"|"error","rateLimits"}`. */
export interface WsApiResponse {
  readonly id: unknown;
  readonly status: number;
  readonly result?: unknown;
  readonly error?: { readonly code?: unknown; readonly msg?: unknown; readonly data?: unknown };
}

export function isDepthUpdate(m: Obj): m is Obj & DepthUpdate {
  return (
    typeof m.s === 'string' &&
    typeof m.U === 'number' &&
    typeof m.u === 'number' &&
    m.U <= m.u &&
    levelsOk(m.b) &&
    levelsOk(m.a)
  );
}

export function isTradeLike(m: Obj): m is Obj & TradeLike {
  return typeof m.s === 'string' && typeof m.p === 'string' && typeof m.q === 'string' && typeof m.m === 'boolean';
}

/** Spot bookTicker has no `e` (PROVENANCE.md §4.2), so it is recognised by its fields. */
export function isBookTicker(m: Obj): m is Obj & BookTicker {
  return (
    typeof m.u === 'number' &&
    typeof m.s === 'string' &&
    typeof m.b === 'string' &&
    typeof m.B === 'string' &&
    typeof m.a === 'string' &&
    typeof m.A === 'string'
  );
}

export function isDepthSnapshot(m: unknown): m is DepthSnapshot {
  return isObj(m) && typeof m.lastUpdateId === 'number' && levelsOk(m.bids) && levelsOk(m.asks);
}

export function isWsApiResponse(m: Obj): m is Obj & WsApiResponse {
  return 'id' in m && typeof m.status === 'number';
}

/** Stream subscription ack / LIST_SUBSCRIPTIONS answer: `{"result":null,"id":1}` (§2.1). */
export function isStreamAck(m: Obj): boolean {
  return 'id' in m && 'result' in m && !('status' in m);
}
