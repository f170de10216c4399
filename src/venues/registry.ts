import type { VenueId } from '../core/types';
import { BinanceSpotAdapter } from './binance/adapter';
import { binanceSpotLive, symbolsOfFrame } from './binance/meta';
import { BinanceUsdmAdapter } from './binance-usdm/adapter';
import { binanceUsdmLive, sniffUsdm, symbolsOfUsdmFrame } from './binance-usdm/meta';
import { KrakenAdapter } from './kraken/adapter';
import { krakenLive, sniff as sniffKraken, symbolsOf as symbolsOfKraken } from './kraken/meta';
import { BybitAdapter } from './bybit/adapter';
import { bybitLinearLive, bybitSpotLive, sniffBybit, symbolsOfBybit } from './bybit/meta';
import { CoinbaseAdapter } from './coinbase/adapter';
import { coinbaseLive, sniffCoinbase, symbolsOfCoinbase } from './coinbase/meta';
import { OkxAdapter } from './okx/adapter';
import { okxLive, sniffOkx, symbolsOfFrame as symbolsOfOkx } from './okx/meta';
import type { VenueAdapter, VenueLiveDef } from './types';

export interface VenueRegistryEntry {
  /** A fresh adapter (adapters hold per-symbol sync state: one per pipeline). */
  createAdapter(): VenueAdapter;
  readonly live: VenueLiveDef;
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
  'binance-usdm': { createAdapter: () => new BinanceUsdmAdapter(), live: binanceUsdmLive, sniff: sniffUsdm, symbolsOf: symbolsOfUsdmFrame },
  kraken: { createAdapter: () => new KrakenAdapter(), live: krakenLive, sniff: sniffKraken, symbolsOf: symbolsOfKraken },
  'bybit-linear': { createAdapter: () => new BybitAdapter('linear'), live: bybitLinearLive, sniff: (s) => sniffBybit('linear', s), symbolsOf: symbolsOfBybit },
  'bybit-spot': { createAdapter: () => new BybitAdapter('spot'), live: bybitSpotLive, sniff: (s) => sniffBybit('spot', s), symbolsOf: symbolsOfBybit },
  coinbase: { createAdapter: () => new CoinbaseAdapter(), live: coinbaseLive, sniff: sniffCoinbase, symbolsOf: symbolsOfCoinbase },
  okx: { createAdapter: () => new OkxAdapter(), live: okxLive, sniff: sniffOkx, symbolsOf: symbolsOfOkx },
};

export const createAdapters = (venues: readonly VenueId[]): VenueAdapter[] => venues.map((v) => VENUE_REGISTRY[v].createAdapter());
