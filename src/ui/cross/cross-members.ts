import type { Instrument } from '../../core/cross/instrument';
import { STAT } from '../../core/series/stream-stats';
import { STREAM_STATES, type StreamKey, type StreamState } from '../../core/types';
import type { StreamSnapshot } from '../data/frame-store';
import { instrumentOf, splitKey } from '../streams';

/** Stacked-bar and row colours per venue position in a group (colour-blind friendly order). */
export const MEMBER_COLORS = ['#58a6ff', '#d29922', '#bc8cff', '#39c5cf', '#f778ba', '#3fb950', '#ff7b72', '#e6edf3'] as const;

export interface Member {
  readonly key: StreamKey;
  readonly venue: string;
  readonly symbol: string;
  readonly inst: Instrument;
  readonly state: StreamState;
  readonly color: string;
  /** Counted in cross-venue numbers: the book is live. */
  readonly live: boolean;
  /** Why not counted ('' when counted). Sizes in contracts are excluded from size sums only. */
  readonly reason: string;
}

export const KIND_FILTERS = ['all', 'spot', 'perp'] as const;
export type KindFilter = (typeof KIND_FILTERS)[number];

export function membersOf(streams: readonly StreamSnapshot[], base: string, kind: KindFilter): Member[] {
  return streams
    .filter((s) => instrumentOf(s.info.key).base === base)
    .filter((s) => kind === 'all' || instrumentOf(s.info.key).kind === kind)
    .map((s, i) => {
      const state = STREAM_STATES[s.stats[STAT.state] as number] ?? 'connecting';
      const live = state === 'live';
      const { venue, symbol } = splitKey(s.info.key);
      return {
        key: s.info.key,
        venue,
        symbol,
        inst: instrumentOf(s.info.key),
        state,
        color: MEMBER_COLORS[i % MEMBER_COLORS.length] as string,
        live,
        reason: live ? '' : `${state}: book not trusted`,
      };
    });
}

/** Members whose sizes can be summed with the others (live, sizes in base units). */
export const sizeSummable = (m: Member): boolean => m.live && !m.inst.contractSized;

export const sizeExclusion = (m: Member): string =>
  !m.live ? m.reason : m.inst.contractSized ? 'sizes are contracts (contract value not known to the UI)' : '';

/** When a group mixes spot and perp: the kind with more live streams (ties: spot), else 'all'. */
export function autoKind(all: readonly Member[]): KindFilter {
  const count = (k: string, live: boolean) => all.filter((m) => m.inst.kind === k && (!live || m.live)).length;
  if (count('spot', false) === 0 || count('perp', false) === 0) return 'all';
  return count('perp', true) > count('spot', true) ? 'perp' : 'spot';
}
