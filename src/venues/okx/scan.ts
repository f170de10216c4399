import { type FrameScan, LevelRows } from '../common/frame-scan';
import { num as num_IMPORT, type BookData } from './messages';

/** Module-local copy of an import read per message (tsx's CommonJS transform makes each read of
 * an import a getter call). */
const num = num_IMPORT;

/**
 * One book `data[]` element as OkxBookSync reads it: filled by `scanBooks` (a push in OKX's own
 * spelling, without JSON.parse) or `fromParsed` (any other spelling, and the REST answer).
 * The adapter reuses one for every frame; the sync keeps `copy()`s only (its update buffer).
 */
export class OkxBookMsg {
  readonly asks = new LevelRows();
  readonly bids = new LevelRows();
  /** `ts`, epoch ms (NaN if absent or not numeric: `num`). */
  exchMs = NaN;
  /** Legacy CRC32 (signed int32) of the top 25 levels; 0 since 2026-06-23 (venues.md §4.4). */
  checksum: number | undefined = undefined;
  prevSeqId: number | undefined = undefined;
  seqId: number | undefined = undefined;

  /** From a parsed element that passed `isBookData` (levels presented, not copied). */
  fromParsed(d: BookData): this {
    this.asks.wrap(d.asks);
    this.bids.wrap(d.bids);
    this.exchMs = num(d.ts);
    this.checksum = d.checksum;
    this.prevSeqId = d.prevSeqId;
    this.seqId = d.seqId;
    return this;
  }

  /** A copy that owns its levels (the reused record is overwritten by the next frame). */
  copy(): OkxBookMsg {
    const c = new OkxBookMsg();
    c.asks.wrap(copyRows(this.asks));
    c.bids.wrap(copyRows(this.bids));
    c.exchMs = this.exchMs;
    c.checksum = this.checksum;
    c.prevSeqId = this.prevSeqId;
    c.seqId = this.seqId;
    return c;
  }
}

const copyRows = (l: LevelRows): (string | undefined)[][] => l.rows.slice(0, l.n).map((r) => r.slice());

/** A `books`-family push read by `scanBooks`: one data element, action snapshot/update. */
export class OkxBooksPush {
  channel = '';
  instId = '';
  /** true: `action:"snapshot"`; false: `"update"`. */
  snapshot = false;
  readonly d = new OkxBookMsg();
}

const PREFIX = '{"arg":{"channel":';

/**
 * `{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[[px,sz,"0",
 * count]…],"bids":[…],"ts":"…","checksum":…,"prevSeqId":…,"seqId":…}]}` exactly (venues.md §4.2;
 * both OKX captures, whose 2022 pushes lack the seq fields, and OKX's 2026 doc samples). Channels
 * outside `channels`, another action, several data elements, other keys: false.
 */
export function scanBooks(text: string, sc: FrameScan, p: OkxBooksPush, channels: ReadonlySet<string>): boolean {
  if (!text.startsWith(PREFIX)) return false;
  sc.begin(text).lit(PREFIX);
  const channel = sc.key();
  if (channel === undefined || !channels.has(channel) || !sc.lit(',"instId":')) return false;
  const instId = sc.key();
  if (instId === undefined || !sc.lit('},"action":')) return false;
  const action = sc.key();
  if (action !== 'snapshot' && action !== 'update') return false;
  const d = p.d;
  if (!sc.lit(',"data":[{"asks":') || !sc.levels(d.asks, 2, 4) || !sc.lit(',"bids":') || !sc.levels(d.bids, 2, 4)) return false;
  if (!sc.lit(',"ts":"')) return false;
  const ts = sc.int();
  if (ts !== ts || !sc.lit('","checksum":')) return false;
  const checksum = sc.int();
  if (checksum !== checksum) return false;
  let prev: number | undefined;
  let seq: number | undefined;
  if (sc.lit(',"prevSeqId":')) {
    prev = sc.int();
    if (prev !== prev || !sc.lit(',"seqId":')) return false;
    seq = sc.int();
    if (seq !== seq) return false;
  }
  if (!sc.lit('}]}') || !sc.done()) return false;
  p.channel = channel;
  p.instId = instId;
  p.snapshot = action === 'snapshot';
  d.exchMs = ts;
  d.checksum = checksum;
  d.prevSeqId = prev;
  d.seqId = seq;
  return true;
}
