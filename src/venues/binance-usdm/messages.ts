/**
 * Binance USDⓈ-M message shapes (venues.md §3.2) and guards for what differs from spot. Everything
 * spot and futures share (levels, snapshots, bookTicker fields, acks) comes from ../binance/messages.
 */
import { isDepthUpdate, type DepthUpdate, type Obj } from '../binance/messages';

/** `<symbol>@depth[@100ms|@500ms|@0ms]`: spot's fields plus `T` (transaction time) and **`pu`** =
 * the final update id of the previous event of this symbol (venues.md §3.2). */
export interface FuturesDepthUpdate extends DepthUpdate {
  readonly T: number;
  readonly pu: number;
}

/** `<symbol>@markPrice[@1s]` (venues.md §3.2). Era variants seen in
 * fixtures/shape-samples_*.json (PROVENANCE.md §4.3): no `i` in 2019; delivery contracts add `P`
 * and send `T: 0`; later payloads add `ap`/`st` (ignored). */
export interface MarkPriceUpdate {
  readonly e: 'markPriceUpdate';
  readonly E: number;
  readonly s: string;
  /** mark price */
  readonly p: string;
  /** index price (absent before 2020) */
  readonly i?: string;
  /** estimated settle price: only meaningful in the last hour before settlement; not a RefField */
  readonly P?: string;
  /** funding rate ('' or meaningless on delivery contracts) */
  readonly r?: string;
  /** next funding time, epoch ms; 0 on delivery contracts */
  readonly T?: number;
}

export function isFuturesDepthUpdate(m: Obj): m is Obj & FuturesDepthUpdate {
  return typeof m.pu === 'number' && isDepthUpdate(m);
}

export function isMarkPriceUpdate(m: Obj): m is Obj & MarkPriceUpdate {
  return typeof m.s === 'string' && typeof m.p === 'string';
}

/**
 * Futures `@trade` prints that are not order-book executions: tardis-node's BinanceTradesMapper
 * skips `X` = `INSURANCE_FUND` and `ADL` (stored tardis-node `src/mappers/binance.ts`,
 * `isOffBookTrade`), and `NA` as of HEAD `c1d73fb` (venues.md §3.2). `MARKET` (or no `X`, as in
 * 2019 data) is a normal trade.
 */
export const isOffBookTrade = (x: unknown): boolean => x === 'INSURANCE_FUND' || x === 'ADL' || x === 'NA';
