import { fileURLToPath } from 'node:url';
import type { RawFrame, VenueId } from '../../../core/types';
import { loadFrames } from '../load-frames';

/**
 * Binance USD-M bench set: the 2023-04-04 + 04-05 hftbacktest BTCUSDT captures back to back
 * (73,765 frames: real-time `depth@0ms` with the `pu` chain, trade, bookTicker, markPrice@1s;
 * contiguous across both files, PROVENANCE.md §3), so the whole session stays live.
 */
const capture = (name: string): string => fileURLToPath(new URL(`../../../venues/binance-usdm/fixtures/${name}`, import.meta.url));

export const binanceUsdmBench = {
  name: 'binance-usdm-BTCUSDT-capture',
  load: (): RawFrame[] => [
    ...loadFrames(capture('BTCUSDT_2023-04-04T2358Z_depth0ms-trade-bookTicker-markPrice1s_hftbacktest.jsonl.gz')),
    ...loadFrames(capture('BTCUSDT_2023-04-05T0000Z_continuation_depth0ms-trade-bookTicker-markPrice1s_hftbacktest.jsonl.gz')),
  ],
  venues: ['binance-usdm'] as VenueId[],
};

export default binanceUsdmBench;
