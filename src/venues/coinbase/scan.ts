import { type FrameScan, LevelRows } from '../common/frame-scan';
import { isoMsIn as isoMsIn_IMPORT } from './messages';

/** Module-local copy of an import read per message (tsx's CommonJS transform makes each read of
 * an import a getter call). */
const isoMsIn = isoMsIn_IMPORT;

const LBRACKET = 91;
const RBRACKET = 93;
const COMMA = 44;

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
  if (product === undefined || !sc.lit(',"changes":') || !changes(sc, m.rows) || !sc.lit(',"time":') || !sc.span()) return false;
  const t0 = sc.spanStart;
  const t1 = sc.spanEnd;
  if (!sc.lit('}') || !sc.done()) return false;
  m.product = product;
  m.changes = m.rows;
  m.timeMs = isoMsIn(text, t0, t1);
  return true;
}

/** `[["buy"|"sell",price,size]…]` into `rows` (the side as the constant string: no slice). */
function changes(sc: FrameScan, rows: LevelRows): boolean {
  rows.reset();
  if (!sc.ch(LBRACKET)) return false;
  if (sc.ch(RBRACKET)) return true;
  for (;;) {
    let side: string;
    if (sc.lit('["buy",')) side = 'buy';
    else if (sc.lit('["sell",')) side = 'sell';
    else return false;
    const px = sc.str();
    if (px === undefined || !sc.ch(COMMA)) return false;
    const sz = sc.str();
    if (sz === undefined || !sc.ch(RBRACKET)) return false;
    const row = rows.next(3);
    row[0] = side;
    row[1] = px;
    row[2] = sz;
    if (sc.ch(RBRACKET)) return true;
    if (!sc.ch(COMMA)) return false;
  }
}
