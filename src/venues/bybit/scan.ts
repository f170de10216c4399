import { type FrameScan, LevelRows } from '../common/frame-scan';

/**
 * One `orderbook.{depth}.{symbol}` message as the book sync reads it, reused for every message:
 * filled by `scanBook` (the common shape, without JSON.parse) or by the adapter from a parsed
 * frame (any other spelling of the same message). Either way the same handler runs on it.
 */
export class BookMsg {
  topic = '';
  /** `snapshot` / `delta`; anything else is reported as unknown (the parsed value, any type). */
  type: unknown = '';
  /** Exchange time, epoch ms (NaN if the frame has none). */
  ts = NaN;
  /** false: `data` failed the structural guard (the handler reports it once it knows the stream). */
  ok = false;
  s = '';
  u = NaN;
  readonly b = new LevelRows();
  readonly a = new LevelRows();
}

const ORDERBOOK_PREFIX = '{"topic":"orderbook.';

/**
 * The book push as Bybit sends it (BY-DOC orderbook.mdx; the 2026-08-09 capture):
 * `{"topic":"orderbook.200.BTCUSDT","ts":…,"type":"delta","data":{"s":…,"b":[[px,sz]…],"a":[…],
 * "u":…,"seq":…},"cts":…}` — `ts`/`type` come in either order (spot vs linear, venues.md §7.2),
 * `seq` and `cts` may be absent. Only `[px, sz]` levels. Anything else: false (JSON.parse path).
 */
export function scanBook(text: string, sc: FrameScan, m: BookMsg): boolean {
  if (!text.startsWith(ORDERBOOK_PREFIX)) return false;
  sc.begin(text).lit('{"topic":');
  const topic = sc.key();
  if (topic === undefined) return false;
  let ts: number;
  let type: string | undefined;
  if (sc.lit(',"ts":')) {
    ts = sc.int();
    if (!sc.lit(',"type":')) return false;
    type = sc.key();
  } else {
    if (!sc.lit(',"type":')) return false;
    type = sc.key();
    if (!sc.lit(',"ts":')) return false;
    ts = sc.int();
  }
  if (type === undefined || ts !== ts || !sc.lit(',"data":{"s":')) return false;
  const s = sc.key();
  if (s === undefined || !sc.lit(',"b":') || !sc.levels(m.b, 2, 2) || !sc.lit(',"a":') || !sc.levels(m.a, 2, 2) || !sc.lit(',"u":')) return false;
  const u = sc.int();
  if (u !== u) return false;
  if (sc.lit(',"seq":') && !sc.skipInt()) return false;
  if (!sc.lit('}')) return false;
  if (sc.lit(',"cts":') && !sc.skipInt()) return false;
  if (!sc.lit('}') || !sc.done()) return false;
  m.topic = topic;
  m.type = type;
  m.ts = ts;
  m.ok = true;
  m.s = s;
  m.u = u;
  return true;
}
