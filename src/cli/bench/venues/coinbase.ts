import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawFrame, VenueId } from '../../../core/types';
import { loadFrames } from '../load-frames';

/** The 2026-08-09 Advanced Trade capture (level2 as `l2_data`, market_trades, ticker, candles,
 * heartbeats on one socket; PROVENANCE.md §3). AGPL: read in place from ../shared, never copied. */
export const COINBASE_AGPL_CAPTURE = resolve(
  fileURLToPath(new URL('../../../../', import.meta.url)),
  '../shared/fixtures/coinbase/COINBASE-advanced-trade_BTC-USD_ETH-USD_2026-08-09_level2-market_trades-ticker-candles-heartbeats_cryptofeed-v3-AGPL.jsonl.gz',
);
/** The 2021 Exchange-feed capture (permissive, copied into the venue's fixtures). */
export const COINBASE_EXCHANGE_CAPTURE = fileURLToPath(
  new URL('../../../venues/coinbase/fixtures/COINBASE-exchange_10products_2021-04-17_level2-ticker-matches_cryptofeed.jsonl', import.meta.url),
);

export const coinbaseBench = {
  name: 'coinbase-advanced-trade-2prod-level2-capture',
  load: (): RawFrame[] => loadFrames(COINBASE_AGPL_CAPTURE),
  venues: ['coinbase'] as VenueId[],
};

export const coinbaseExchangeBench = {
  name: 'coinbase-exchange-10prod-level2-capture',
  load: (): RawFrame[] => loadFrames(COINBASE_EXCHANGE_CAPTURE),
  venues: ['coinbase'] as VenueId[],
};

export default coinbaseBench;
