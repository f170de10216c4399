import { fileURLToPath } from 'node:url';
import type { RawFrame, VenueId } from '../../../core/types';
import { loadFrames } from '../load-frames';

/**
 * Kraken bench set: the 2021-04-05 cryptofeed v1 capture (10 pairs at book depth 1000, 14,496
 * updates, every one carrying a CRC32 the adapter verifies; PROVENANCE.md §3). v1 values are JSON
 * strings, so this measures book + truncation + checksum, not the v2 number-literal pre-pass
 * (no real v2 stream capture exists; see src/venues/kraken/number-text.ts for that measurement).
 */
const CAPTURE = fileURLToPath(new URL('../../../venues/kraken/fixtures/KRAKEN-v1_XBTUSD+9pairs_2021-04-05_book1000_cryptofeed.jsonl', import.meta.url));

export const krakenBench = {
  name: 'kraken-v1-10pairs-book1000-capture',
  load: (): RawFrame[] => loadFrames(CAPTURE),
  venues: ['kraken'] as VenueId[],
};

export default krakenBench;
