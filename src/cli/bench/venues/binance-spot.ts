import { fileURLToPath } from 'node:url';
import type { RawFrame, VenueId } from '../../../core/types';
import { loadFrames } from '../load-frames';

/** Binance spot bench set: the 2024-08-08 hftbacktest BTCUSDT capture (depth@100ms, trade,
 * bookTicker; WS-API snapshot; PROVENANCE.md §3). */
const CAPTURE = fileURLToPath(
  new URL('../../../venues/binance/fixtures/BTCUSDT_2024-08-08T2354Z_depth100ms-trade-bookTicker_hftbacktest.jsonl.gz', import.meta.url),
);

export const binanceSpotBench = {
  name: 'binance-spot-BTCUSDT-capture',
  load: (): RawFrame[] => loadFrames(CAPTURE),
  venues: ['binance'] as VenueId[],
};

export default binanceSpotBench;
