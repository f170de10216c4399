/**
 * Test helpers for the USD-M captures (imported by *.test.ts only; no adapter code is used to
 * read the frames, so the checks stay independent of what they check).
 */
import type { RawFrame } from '../../core/types';

export const USDM_FIXTURES = {
  apr04: 'binance-usdm/fixtures/BTCUSDT_2023-04-04T2358Z_depth0ms-trade-bookTicker-markPrice1s_hftbacktest.jsonl.gz',
  apr05: 'binance-usdm/fixtures/BTCUSDT_2023-04-05T0000Z_continuation_depth0ms-trade-bookTicker-markPrice1s_hftbacktest.jsonl.gz',
  cf2021: 'binance-usdm/fixtures/SAND-CHR-NEO-CTK-BAT-USDT_2021-04-05_depth100ms-bookTicker-aggTrade_cryptofeed.jsonl',
  shapes: 'binance-usdm/fixtures/shape-samples_markPrice-bookTicker-trade-forceOrder_tardis-node.json',
} as const;

/** A futures depth event read straight from frame text. */
export interface RawFuturesDepth {
  readonly symbol: string;
  readonly U: number;
  readonly u: number;
  readonly pu: number;
  readonly b: string[][];
  readonly a: string[][];
}

export function futuresDepthOf(f: RawFrame): RawFuturesDepth | undefined {
  if (f.kind !== 'ws' || !f.text.includes('depthUpdate')) return undefined;
  const m = JSON.parse(f.text) as { data?: Record<string, unknown> } & Record<string, unknown>;
  const d = (m.data ?? m) as { e?: string; s: string; U: number; u: number; pu: number; b: string[][]; a: string[][] };
  return d.e === 'depthUpdate' ? { symbol: d.s, U: d.U, u: d.u, pu: d.pu, b: d.b, a: d.a } : undefined;
}

export interface RawSnapshot {
  readonly symbol: string | undefined;
  readonly lastUpdateId: number;
  readonly bids: string[][];
  readonly asks: string[][];
}

export function snapshotOf(f: RawFrame): RawSnapshot | undefined {
  if (f.kind !== 'rest') return undefined;
  const s = JSON.parse(f.text) as { lastUpdateId: number; bids: string[][]; asks: string[][] };
  return { symbol: /symbol=([A-Z0-9_]+)/.exec(f.url ?? '')?.[1], ...s };
}

/** A REST depth response frame carrying the given book (what the live source would record). */
export function restSnapshotFrame(symbol: string, lastUpdateId: number, bids: string[][], asks: string[][], tUs: number): RawFrame {
  return {
    tUs,
    kind: 'rest',
    conn: 'http',
    url: `https://fapi.binance.com/fapi/v1/depth?symbol=${symbol}&limit=1000`,
    text: JSON.stringify({ lastUpdateId, E: 0, T: 0, bids, asks }),
  };
}
