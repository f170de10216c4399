import type { BasisLeg, LegNow } from '../../core/cross/basis';
import { SERIES_COL } from '../../core/series/columns';
import { STAT } from '../../core/series/stream-stats';
import { STREAM_STATES } from '../../core/types';
import type { StreamSnapshot } from '../data/frame-store';

const NONE: LegNow = { value: NaN, tUs: 0, live: false };
/** No stream chosen for this leg: reported as "no …", not as "not live". */
const UNCHOSEN: LegNow = { value: NaN, tUs: 0, live: true };
const isLive = (s: StreamSnapshot | undefined): boolean => s !== undefined && STREAM_STATES[s.stats[STAT.state] as number] === 'live';

/** A book mid: the stream's last series row and its local time (a NaN row = not live). */
function midLeg(s: StreamSnapshot | undefined, last: Float64Array | undefined): LegNow {
  if (s === undefined) return UNCHOSEN;
  if (last === undefined) return NONE;
  const tSec = last[SERIES_COL.tSec] as number;
  return { value: last[SERIES_COL.midPx] as number, tUs: Number.isFinite(tSec) ? tSec * 1e6 : 0, live: isLive(s) };
}

/** Mark / index: the latest value and the local µs it arrived (stats), trusted while the perp
 * stream is live (conservative: a perp that is resyncing greys its reference legs too). */
function refLeg(s: StreamSnapshot | undefined, px: number, tUs: number): LegNow {
  if (s === undefined) return NONE;
  const t = s.stats[tUs] as number;
  // Stats start zeroed: a reference never received is missing, not a price of 0.
  return { value: t > 0 ? (s.stats[px] as number) : NaN, tUs: t > 0 ? t : 0, live: isLive(s) };
}

export function currentLegs(
  perp: StreamSnapshot | undefined,
  spot: StreamSnapshot | undefined,
  last: ReadonlyMap<string, Float64Array>,
): Record<BasisLeg, LegNow> {
  return {
    perpMid: midLeg(perp, perp && last.get(perp.info.key)),
    spotMid: midLeg(spot, spot && last.get(spot.info.key)),
    mark: refLeg(perp, STAT.markPx, STAT.markTUs),
    index: refLeg(perp, STAT.indexPx, STAT.indexTUs),
  };
}
