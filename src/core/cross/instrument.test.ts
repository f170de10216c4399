import { describe, expect, it } from 'vitest';
import { groupByBase, parseInstrument } from './instrument';

describe('parseInstrument', () => {
  it.each([
    ['BTCUSDT', 'unknown', 'BTC', 'USDT', 'spot', false],
    ['BTCUSDT', 'perp', 'BTC', 'USDT', 'perp', false],
    ['ETHFDUSD', 'spot', 'ETH', 'FDUSD', 'spot', false],
    ['BTCUSDT_240628', 'perp', 'BTC', 'USDT', 'future', false],
    ['BTC-USDT', 'unknown', 'BTC', 'USDT', 'spot', false],
    ['BTC-USDT-SWAP', 'unknown', 'BTC', 'USDT', 'perp', true],
    ['BTC-USD-220527', 'unknown', 'BTC', 'USD', 'future', true],
    ['BTC-USD', 'spot', 'BTC', 'USD', 'spot', false],
    ['BTC/USD', 'spot', 'BTC', 'USD', 'spot', false],
    ['XBT/USD', 'unknown', 'BTC', 'USD', 'spot', false],
    ['LRCBTC', 'spot', 'LRC', 'BTC', 'spot', false],
  ] as const)('%s (%s) → %s/%s %s', (sym, vk, base, quote, kind, contracts) => {
    expect(parseInstrument(sym, vk)).toEqual({ base, quote, kind, contractSized: contracts });
  });

  it('groups equivalent instruments by base, biggest group first', () => {
    const items = ['binance:BTCUSDT', 'okx:BTC-USDT-SWAP', 'kraken:BTC/USD', 'binance:ETHUSDT', 'coinbase:BTC-USD'];
    const g = groupByBase(items, (k) => parseInstrument(k.slice(k.indexOf(':') + 1)));
    expect(g.map((x) => [x.base, x.members.length])).toEqual([
      ['BTC', 4],
      ['ETH', 1],
    ]);
  });
});
