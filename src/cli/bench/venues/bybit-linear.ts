import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawFrame, VenueId } from '../../../core/types';
import { loadFrames } from '../load-frames';

/** The 2026-08-09 Bybit v5 capture (orderbook.200, publicTrade, tickers, kline on `linear` and
 * `spot` sockets; PROVENANCE.md §3). AGPL: read in place from ../shared, never copied. */
export const BYBIT_AGPL_CAPTURE = resolve(
  fileURLToPath(new URL('../../../../', import.meta.url)),
  '../shared/fixtures/bybit/BYBIT-v5_linear-BTC-ETH-SOL-DOGE_spot-BTC-ETH_2026-08-09_orderbook200-publicTrade-tickers-kline_cryptofeed-v3-AGPL.jsonl',
);

/** One category's connection of that capture (each category is its own venue id and socket). */
export const bybitFramesOf = (conn: 'linear' | 'spot'): RawFrame[] => loadFrames(BYBIT_AGPL_CAPTURE).filter((f) => f.conn === conn);

export const bybitLinearBench = {
  name: 'bybit-linear-4sym-orderbook200-capture',
  load: (): RawFrame[] => bybitFramesOf('linear'),
  venues: ['bybit-linear'] as VenueId[],
};

export default bybitLinearBench;
