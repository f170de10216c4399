import type { VenueId } from '../core/types';
import { BinanceSpotAdapter } from './binance/adapter';
import { binanceSpotLive, symbolsOfFrame } from './binance/meta';
import type { VenueAdapter, VenueLive } from './types';

export interface VenueRegistryEntry {
  /** A fresh adapter (adapters hold per-symbol sync state: one per pipeline). */
  createAdapter(): VenueAdapter;
  readonly live: VenueLive;
  /** Does a URL (ws_open / rest) or a frame's text look like this venue? For importing
   * header-less captures (TEAM-NOTES "Frame record / session file format"). */
  sniff(urlOrText: string): boolean;
  /** Symbols a frame names (URL streams, REST `symbol=`, message fields). */
  symbolsOf(url: string | undefined, text: string): string[];
}

/** `Record<VenueId, …>`: a VenueId without an entry here is a compile error. */
export const VENUE_REGISTRY: Record<VenueId, VenueRegistryEntry> = {
  binance: {
    createAdapter: () => new BinanceSpotAdapter(),
    live: binanceSpotLive,
    // binance.com / binance.vision hosts, or the unmistakable event and snapshot fields.
    sniff: (s) => /binance\.(com|vision)|"e":"depthUpdate"|"lastUpdateId"/.test(s),
    symbolsOf: symbolsOfFrame,
  },
};

export const createAdapters = (venues: readonly VenueId[]): VenueAdapter[] => venues.map((v) => VENUE_REGISTRY[v].createAdapter());
