/**
 * Kraken naive reference book (plain Maps of the wire's price text → qty text) and its CRC32
 * (venues.md §8.2, v1 = v2): top 10 asks low→high then top 10 bids high→low, each price and qty
 * text with the '.' removed and leading zeros stripped, IEEE CRC-32 (zlib.crc32, independent of
 * the app's), unsigned. v2 frames carry these texts as JSON number literals (§1.7).
 */
import { crc32 } from 'node:zlib';
import { NaiveSide } from '../common/naive-side';

export type KrakenLevel = readonly [price: string, qty: string];

export const KRAKEN_CHECKSUM_LEVELS = 10;

export class KrakenRefBook {
  readonly bids = new NaiveSide<string>('bid');
  readonly asks = new NaiveSide<string>('ask');

  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }

  set(side: 'bid' | 'ask', px: string, qty: string): void {
    const s = side === 'bid' ? this.bids : this.asks;
    if (Number(qty) === 0) s.delete(px);
    else s.set(px, qty);
  }

  top(side: 'bid' | 'ask', n: number): KrakenLevel[] {
    const s = side === 'bid' ? this.bids : this.asks;
    return s.topPrices(n).map((px) => [px, s.levels.get(px)!] as const);
  }

  checksum(): number {
    return krakenChecksum(this.top('ask', KRAKEN_CHECKSUM_LEVELS), this.top('bid', KRAKEN_CHECKSUM_LEVELS));
  }

  /** A v2 `book` snapshot of the top `depth` levels (venues.md §6.2). */
  snapshotText(symbol: string, depth: number): string {
    return `{"channel":"book","type":"snapshot","data":[{"symbol":"${symbol}","bids":${levelsJson(this.top('bid', depth))},"asks":${levelsJson(this.top('ask', depth))},"checksum":${this.checksum()}}]}`;
  }
}

const strip = (s: string): string => s.replace('.', '').replace(/^0+/, '');

export function krakenChecksum(asks: readonly KrakenLevel[], bids: readonly KrakenLevel[]): number {
  let s = '';
  for (const [p, q] of asks.slice(0, KRAKEN_CHECKSUM_LEVELS)) s += strip(p) + strip(q);
  for (const [p, q] of bids.slice(0, KRAKEN_CHECKSUM_LEVELS)) s += strip(p) + strip(q);
  return crc32(Buffer.from(s, 'ascii')) >>> 0;
}

/** `[{"price":58001.30000,"qty":0.50000000},…]`: the wire texts as number literals, unchanged. */
export function levelsJson(levels: readonly KrakenLevel[]): string {
  for (const [p, q] of levels) {
    if (!NUMBER.test(p) || !NUMBER.test(q)) throw new Error(`not a JSON number literal: ${p} ${q}`);
  }
  return `[${levels.map(([p, q]) => `{"price":${p},"qty":${q}}`).join(',')}]`;
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
