import { type FrameScan, LevelRows } from '../common/frame-scan';
import { isoMs as isoMs_IMPORT } from './messages';

/** Module-local copy of an import read per message (tsx's CommonJS transform makes each read of
 * an import a getter call). */
const isoMs = isoMs_IMPORT;

/**
 * One Exchange-feed `l2update` as its handler reads it, reused for every message: filled by
 * `scanL2Update` (the feed's own spelling, without JSON.parse) or by the handler's caller from a
 * parsed frame. Either way exchange.ts `onL2Update` runs on it.
 */
export class ExchangeL2Update {
  product = '';
  /** `[side, price, size]` rows; undefined: `changes` failed the structural guard. */
  changes: LevelRows | undefined = undefined;
  readonly rows = new LevelRows();
  /** `time` as epoch ms (NaN if absent or not ISO-8601). */
  timeMs = NaN;
}

const PREFIX = '{"type":"l2update","product_id":';

/**
 * `{"type":"l2update","product_id":"BTC-USD","changes":[["buy","57861.61","0.00000000"]],
 * "time":"2021-04-05T23:47:03.432621Z"}` exactly (venues.md §5.1; every l2update of the 2021
 * cryptofeed captures). Sides other than buy/sell, other keys or another order: false.
 */
export function scanL2Update(text: string, sc: FrameScan, m: ExchangeL2Update): boolean {
  if (!text.startsWith(PREFIX)) return false;
  sc.begin(text).lit(PREFIX);
  const product = sc.key();
  if (product === undefined || !sc.lit(',"changes":') || !sc.levels(m.rows, 3, 3) || !sc.lit(',"time":')) return false;
  const time = sc.str();
  if (time === undefined || !sc.lit('}') || !sc.done()) return false;
  const rows = m.rows.rows;
  for (let i = 0; i < m.rows.n; i++) {
    const side = rows[i]![0];
    if (side !== 'buy' && side !== 'sell') return false;
  }
  m.product = product;
  m.changes = m.rows;
  m.timeMs = isoMs(time);
  return true;
}
