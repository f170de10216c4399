import { fileURLToPath } from 'node:url';
import type { RawFrame, VenueId } from '../../../core/types';
import { loadFrames } from '../load-frames';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../venues/okx/fixtures/${name}`, import.meta.url));

/**
 * OKX bench set: the 2022-05-13 cryptofeed capture of the 400-level `books` channel — the channel
 * the live description subscribes (src/venues/okx/meta.ts) — for BTC-USDT, UNI-USD-SWAP and
 * BTC-USD-220527; every book message carries a legacy checksum the adapter verifies
 * (PROVENANCE.md §3). 414 frames: small, so take the median of many runs.
 */
export const okxBench = {
  name: 'okx-books-3inst-capture',
  load: (): RawFrame[] => loadFrames(fixture('OKX-v5_BTC-USDT_UNI-USD-SWAP_BTC-USD-220527_2022-05-13_books-trades-tickers_cryptofeed.jsonl')),
  venues: ['okx'] as VenueId[],
};

/**
 * The harder set: the 2022-02-27 `books-l2-tbt` capture (10 instruments, 3,679 tick-by-tick book
 * messages of ~2.7 levels each, ~260 bytes of JSON, every one checksummed over ~800 bytes of
 * top-25 string). Here the per-commit cost of the pipeline itself is close to JSON.parse's.
 */
export const okxTbtBench = {
  name: 'okx-books-l2-tbt-10inst-capture',
  load: (): RawFrame[] => loadFrames(fixture('OKX-v5_10inst_2022-02-27_books-l2-tbt-trades-tickers_cryptofeed.jsonl')),
  venues: ['okx'] as VenueId[],
};

export default okxBench;
