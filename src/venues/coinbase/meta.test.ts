import { describe, expect, it } from 'vitest';
import { coinbaseLive, sniffCoinbase, symbolsOfCoinbase } from './meta';

describe('Coinbase live definition (venues.md §5.2, §10)', () => {
  it('one Advanced Trade socket, one subscribe per channel, heartbeats included', () => {
    expect(coinbaseLive.defaultEndpoints).toEqual({ public: 'wss://advanced-trade-ws.coinbase.com' });
    expect(coinbaseLive.connections(['btc-usd', 'ETH-USD'], coinbaseLive.defaultEndpoints)).toEqual([
      {
        conn: 'ws',
        url: 'wss://advanced-trade-ws.coinbase.com',
        subscribe: ['level2', 'market_trades', 'heartbeats'].map((channel) => JSON.stringify({ type: 'subscribe', product_ids: ['BTC-USD', 'ETH-USD'], channel })),
      },
    ]);
    expect(coinbaseLive.keepAlive).toBeUndefined(); // no client ping on Coinbase (§1.3)
  });
  it('resync = unsubscribe + subscribe level2 for the product', () => {
    expect(coinbaseLive.resync('BTC-USD', 1, coinbaseLive.defaultEndpoints)).toEqual({
      kind: 'resubscribe',
      conn: 'ws',
      texts: ['{"type":"unsubscribe","product_ids":["BTC-USD"],"channel":"level2"}', '{"type":"subscribe","product_ids":["BTC-USD"],"channel":"level2"}'],
    });
  });
  it('sniff and symbolsOf', () => {
    expect(sniffCoinbase('wss://advanced-trade-ws.coinbase.com')).toBe(true);
    expect(sniffCoinbase('wss://ws-feed.pro.coinbase.com')).toBe(true);
    expect(sniffCoinbase('wss://stream.bybit.com/v5/public/spot')).toBe(false);
    expect(sniffCoinbase('{"channel":"l2_data","client_id":""}')).toBe(true);
    expect(sniffCoinbase('{"type":"l2update","product_id":"SKL-BTC"}')).toBe(true);
    expect(sniffCoinbase('{"topic":"orderbook.1.X"}')).toBe(false);
    expect(symbolsOfCoinbase(undefined, '{"type":"subscribe","product_ids":["SKL-USD","SKL-BTC"],"channels":["level2"]}')).toEqual(['SKL-USD', 'SKL-BTC']);
    expect(symbolsOfCoinbase(undefined, '{"type":"l2update","product_id":"NU-GBP","changes":[]}')).toEqual(['NU-GBP']);
  });
});
