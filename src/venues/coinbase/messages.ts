/**
 * Coinbase message shapes and cheap guards (venues.md §5). Two APIs share the venue:
 * - Advanced Trade (§5.2): envelope `{channel, sequence_num, timestamp, events[]}`;
 * - Exchange feed (§5.1, the 2021 capture's format): flat `{type, product_id, …}`.
 */

export type Obj = Record<string, unknown>;

export const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Advanced Trade `level2` update: `new_quantity` is the new absolute size, "0" removes. */
export interface L2Update {
  readonly side: string;
  readonly price_level: string;
  readonly new_quantity: string;
}

/** Every element has a `bid`/`offer` side and string price/quantity. Checked before applying. */
export function l2UpdatesOk(x: unknown): x is readonly L2Update[] {
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) {
    const u: unknown = x[i];
    if (!isObj(u) || (u.side !== 'bid' && u.side !== 'offer') || typeof u.price_level !== 'string' || typeof u.new_quantity !== 'string') return false;
  }
  return true;
}

/** Exchange `snapshot` bids/asks: `[px, size]` strings. */
export function levelsOk(x: unknown): x is readonly (readonly [string, string])[] {
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) {
    const l: unknown = x[i];
    if (!Array.isArray(l) || l.length < 2 || typeof l[0] !== 'string' || typeof l[1] !== 'string') return false;
  }
  return true;
}

/** Exchange `l2update` changes: `[side "buy"|"sell", px, size]` strings. */
export function changesOk(x: unknown): x is readonly (readonly [string, string, string])[] {
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) {
    const c: unknown = x[i];
    if (!Array.isArray(c) || c.length < 3 || (c[0] !== 'buy' && c[0] !== 'sell') || typeof c[1] !== 'string' || typeof c[2] !== 'string') return false;
  }
  return true;
}

/** One Advanced Trade `market_trades` entry (venues.md §5.2). */
export interface AdvTrade {
  readonly product_id: string;
  readonly trade_id?: string;
  readonly price: string;
  readonly size: string;
  readonly side: string;
  readonly time?: string;
}

export function isAdvTrade(t: unknown): t is AdvTrade {
  return isObj(t) && typeof t.product_id === 'string' && typeof t.price === 'string' && typeof t.size === 'string' && typeof t.side === 'string';
}

/** ISO time (`…T21:05:48.483587501Z`, nanosecond digits allowed by V8) → epoch ms, NaN if none. */
export const isoMs = (x: unknown): number => (typeof x === 'string' ? Date.parse(x) : NaN);
