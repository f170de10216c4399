/**
 * The Bybit v5 capture the impersonator replays: the 2026-08-09 cryptofeed-v3 recording (AGPL,
 * read in place from ../shared/fixtures — PROVENANCE.md fixtures/bybit), connections `linear`
 * (BTC/ETH/SOL/DOGE USDT) and `spot` (BTC/ETH USDT), topics `orderbook.200.*`, `publicTrade.*`,
 * `tickers.*`, `kline.1.*`. Subscribe acks are per client, so they are not replayed from it.
 */
import type { CaptureFrame, Level } from '../capture';
import { sharedFixture, wsLines } from '../common/capture-lines';

export const BYBIT_AGPL_CAPTURE = sharedFixture(
  'bybit/BYBIT-v5_linear-BTC-ETH-SOL-DOGE_spot-BTC-ETH_2026-08-09_orderbook200-publicTrade-tickers-kline_cryptofeed-v3-AGPL.jsonl',
);

export const BYBIT_CATEGORIES = ['linear', 'spot'] as const;
export type BybitCategory = (typeof BYBIT_CATEGORIES)[number];

export interface BybitBookData {
  s: string;
  b: Level[];
  a: Level[];
  u: number;
  seq: number;
}

export interface BybitFrame extends CaptureFrame {
  category: BybitCategory;
  topic: string;
  /** `book` = orderbook.*, the frames the wire faults act on. */
  family: 'book' | 'tickers' | 'other';
  msgType: string;
  /** orderbook data, or tickers data. */
  data: Record<string, unknown>;
  tsMs: number;
  /** tickers `cs`, orderbook `cts`. */
  extra: number | undefined;
}

const cache = new Map<string, BybitFrame[]>();

/** Every pushed message of the capture (those with a `topic`), in recorded order. */
export function loadBybitCapture(file = BYBIT_AGPL_CAPTURE): BybitFrame[] {
  const hit = cache.get(file);
  if (hit) return hit;
  const out: BybitFrame[] = [];
  for (const l of wsLines(file)) {
    const m = l.msg;
    if (typeof m.topic !== 'string' || (l.conn !== 'linear' && l.conn !== 'spot')) continue;
    const topic = m.topic;
    const family = topic.startsWith('orderbook.') ? 'book' : topic.startsWith('tickers.') ? 'tickers' : 'other';
    out.push({
      tUs: l.tUs,
      stream: `${l.conn}|${topic}`,
      type: 'other',
      text: l.text,
      category: l.conn,
      topic,
      family,
      msgType: String(m.type),
      data: m.data as Record<string, unknown>,
      tsMs: typeof m.ts === 'number' ? m.ts : 0,
      extra: typeof m.cts === 'number' ? m.cts : typeof m.cs === 'number' ? m.cs : undefined,
    });
  }
  cache.set(file, out);
  return out;
}
