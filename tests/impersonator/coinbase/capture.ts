/**
 * The Coinbase Advanced Trade capture the impersonator replays: the 2026-08-09 cryptofeed-v3
 * recording (AGPL, read in place from ../shared/fixtures — PROVENANCE.md fixtures/coinbase):
 * BTC-USD and ETH-USD `l2_data`, `market_trades`, `ticker`, `candles`, `heartbeats`. The
 * `subscriptions` acks answer that recorder's requests, so they are not replayed.
 */
import type { CaptureFrame } from '../capture';
import { sharedFixture, wsLines } from '../common/capture-lines';

export const COINBASE_AGPL_CAPTURE = sharedFixture(
  'coinbase/COINBASE-advanced-trade_BTC-USD_ETH-USD_2026-08-09_level2-market_trades-ticker-candles-heartbeats_cryptofeed-v3-AGPL.jsonl.gz',
);

/** Message channel → the channel name a client subscribes to (venues.md §5.2: `level2` → `l2_data`). */
export const SUBSCRIBE_NAME: Record<string, string> = {
  l2_data: 'level2', market_trades: 'market_trades', ticker: 'ticker', candles: 'candles', heartbeats: 'heartbeats',
};

export interface L2Update {
  side: 'bid' | 'offer';
  event_time: string;
  price_level: string;
  new_quantity: string;
}

export interface CoinbaseFrame extends CaptureFrame {
  /** The message's `channel`. */
  channel: string;
  /** The product it concerns; undefined for heartbeats (every subscriber gets them). */
  product: string | undefined;
  timestamp: string;
  /** `l2_data` only: the event. */
  l2?: { type: string; updates: L2Update[] };
}

const PRODUCT = /"product_id":"([^"]+)"/;
const cache = new Map<string, CoinbaseFrame[]>();

export function loadCoinbaseCapture(file = COINBASE_AGPL_CAPTURE): CoinbaseFrame[] {
  const hit = cache.get(file);
  if (hit) return hit;
  const out: CoinbaseFrame[] = [];
  for (const l of wsLines(file)) {
    const m = l.msg as { channel?: unknown; timestamp?: unknown; events?: { type: string; product_id?: string; updates?: L2Update[] }[] };
    if (typeof m.channel !== 'string' || SUBSCRIBE_NAME[m.channel] === undefined) continue;
    // Every l2_data / market_trades / ticker / candles frame of this capture concerns one product.
    const product = m.channel === 'heartbeats' ? undefined : PRODUCT.exec(l.text.slice(0, 4000))?.[1];
    const f: CoinbaseFrame = { tUs: l.tUs, stream: m.channel, type: 'other', text: l.text, channel: m.channel, product, timestamp: String(m.timestamp) };
    const e = m.events?.[0];
    if (m.channel === 'l2_data' && e !== undefined) f.l2 = { type: e.type, updates: e.updates ?? [] };
    out.push(f);
  }
  cache.set(file, out);
  return out;
}
