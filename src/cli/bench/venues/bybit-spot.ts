import type { RawFrame, VenueId } from '../../../core/types';
import { bybitFramesOf } from './bybit-linear';

/** The `spot` socket of the 2026-08-09 Bybit v5 capture (see bybit-linear.ts). */
export const bybitSpotBench = {
  name: 'bybit-spot-2sym-orderbook200-capture',
  load: (): RawFrame[] => bybitFramesOf('spot'),
  venues: ['bybit-spot'] as VenueId[],
};

export default bybitSpotBench;
