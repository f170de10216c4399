import type { DepthUpdate } from './messages';

/** What the chain test says about one event against the book (numbers: no enums, TEAM-NOTES). */
export const APPLY = 0;
export const STALE = 1;
export const GAP = 2;
export type Link = typeof APPLY | typeof STALE | typeof GAP;

/**
 * The checks in which Binance's local-book procedures differ (spot venues.md §2.3, USDⓈ-M §3.3).
 * Everything else — buffering, snapshot hand-off, back-off, gap ⇒ restart — is one procedure
 * (DepthSync). Detail strings are only built when a check has failed.
 */
export interface DepthRules<E extends DepthUpdate> {
  /** Spot step 3 only: `lastUpdateId < U of the first buffered event` ⇒ snapshot too old. */
  readonly checksTooOld: boolean;
  /** A buffered event already contained in a snapshot ending at `lastId`: dropped. */
  dropped(ev: E, lastId: number): boolean;
  /** The first event kept after dropping bridges the snapshot. */
  overlaps(first: E, lastId: number): boolean;
  missDetail(first: E, lastId: number): string;
  /** An event against the live book whose last applied update id is `bookId`. */
  link(ev: E, bookId: number): Link;
  gapDetail(ev: E, bookId: number): string;
}

/** Binance spot, venues.md §2.3 (text corrected 2024-12-16 and 2025-11-12). */
export const SPOT_DEPTH_RULES: DepthRules<DepthUpdate> = {
  // §2.3 step 3: "If snapshot.lastUpdateId < firstBuffered.U → snapshot too old, fetch again".
  checksTooOld: true,
  // §2.3 step 4: "Drop buffered events with u <= lastUpdateId".
  dropped: (ev, lastId) => ev.u <= lastId,
  // §2.3 step 4: the first remaining event has `U <= lastUpdateId + 1 <= u` (u > lastId after the drop).
  overlaps: (first, lastId) => first.U <= lastId + 1,
  missDetail: (first, lastId) => `first U ${first.U} > lastUpdateId+1 ${lastId + 1}`,
  // §2.3 step 6: `u < bookId` → ignore (stale); `U > bookId + 1` → gap; otherwise apply.
  link: (ev, bookId) => (ev.u < bookId ? STALE : ev.U > bookId + 1 ? GAP : APPLY),
  gapDetail: (ev, bookId) => `U ${ev.U} > bookId+1 ${bookId + 1}`,
};
