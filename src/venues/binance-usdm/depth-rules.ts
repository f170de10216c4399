import { APPLY, GAP, type DepthRules } from '../binance/depth-rules';
import type { FuturesDepthUpdate } from './messages';

/**
 * Binance USDⓈ-M, venues.md §3.3 (it differs from spot §2.3). `U != previous u + 1` is normal
 * here (update ids are shared across symbols; PROVENANCE.md §3): continuity is only via `pu`.
 * A duplicated or reordered event breaks the `pu` chain and is a gap too: the doc says "otherwise
 * restart", and we never guess which copy is right.
 */
export const USDM_DEPTH_RULES: DepthRules<FuturesDepthUpdate> = {
  // §3.3 has no "snapshot too old" step: step 4 alone decides.
  checksTooOld: false,
  // §3.3 step 3: "Drop events with u < lastUpdateId" (strictly less: an event ending AT it stays).
  dropped: (ev, lastId) => ev.u < lastId,
  // §3.3 step 4: `U <= lastUpdateId <= u`, or `pu == lastUpdateId` (accepted by tardis-node
  // `BinanceFuturesBookChangeMapper` at c1d73fb, ccxt `(U <= nonce && u >= nonce) || pu === nonce`
  // and cryptofeed `binance_futures.py` `_check_update_id`: venues.md §3.3, §9).
  overlaps: (first, lastId) => (first.U <= lastId && lastId <= first.u) || first.pu === lastId,
  missDetail: (first, lastId) => `first kept event U ${first.U} u ${first.u} pu ${first.pu} vs lastUpdateId ${lastId}`,
  // §3.3 step 5: every later event must have `pu == previous event's u`, else restart.
  link: (ev, bookId) => (ev.pu === bookId ? APPLY : GAP),
  gapDetail: (ev, bookId) => `pu ${ev.pu} != previous u ${bookId} (U ${ev.U}, u ${ev.u})`,
};
