import { describe, expect, it } from 'vitest';
import type { LiveConfig } from '../../shared/engine-api';
import { planLive } from './validate';

const plan = (cfg: unknown) => planLive(cfg as LiveConfig);
const brief = (cfg: unknown) => plan(cfg).venues.map((v) => ({ venue: v.venue, symbols: v.symbols, endpoints: v.endpoints }));

describe('planLive (arguments cross a thread boundary)', () => {
  it('keeps the single-venue form: upper-cased, deduplicated, Binance endpoints trimmed', () => {
    expect(brief({ venue: 'binance', symbols: ['btcusdt', ' BTCUSDT ', 'ethusdt'], record: true, endpoints: { streamBase: 'ws://127.0.0.1:1/', wsApi: 'ws://127.0.0.1:1/ws-api/v3', rest: 'http://127.0.0.1:2' } })).toEqual([
      { venue: 'binance', symbols: ['BTCUSDT', 'ETHUSDT'], endpoints: { streamBase: 'ws://127.0.0.1:1', wsApi: 'ws://127.0.0.1:1/ws-api/v3', rest: 'http://127.0.0.1:2' } },
    ]);
    expect(plan({ venue: 'binance', symbols: ['BTCUSDT'] }).record).toBe(true);
    expect(plan({ venue: 'binance', symbols: ['BTCUSDT'], record: false }).record).toBe(false);
  });

  it('several venues with venue-native symbols; a venue named twice is merged; defaults fill unnamed endpoints', () => {
    const v = brief({
      venue: 'binance',
      symbols: ['BTCUSDT'],
      streams: [
        { venue: 'kraken', symbols: ['btc/usd', 'ETH/USD'] },
        { venue: 'coinbase', symbols: ['BTC-USD'] },
        { venue: 'binance', symbols: ['ETHUSDT', 'BTCUSDT'] },
      ],
      venueEndpoints: { kraken: { public: 'ws://127.0.0.1:5/v2' }, 'bybit-linear': { public: 'ws://ignored' } },
      record: true,
    });
    expect(v.map((x) => [x.venue, x.symbols])).toEqual([
      ['binance', ['BTCUSDT', 'ETHUSDT']],
      ['kraken', ['BTC/USD', 'ETH/USD']],
      ['coinbase', ['BTC-USD']],
    ]);
    expect(v[1]!.endpoints).toEqual({ public: 'ws://127.0.0.1:5/v2' });
    expect(v[2]!.endpoints).toEqual({ public: 'wss://advanced-trade-ws.coinbase.com' });
  });

  it.each([
    [null, /no configuration/],
    [{ venue: 'ftx', symbols: ['BTC'] }, /unknown venue ftx/],
    [{ venue: 'binance', symbols: 'BTCUSDT' }, /must be a list/],
    [{ venue: 'binance', symbols: [] }, /no symbols for binance/],
    [{ record: true }, /no symbols/],
    [{ venue: 'binance', symbols: ['BTC/USDT'] }, /bad binance symbol/],
    [{ streams: [{ venue: 'kraken', symbols: ['BTCUSD'] }] }, /bad kraken symbol "BTCUSD" \(e.g. BTC\/USD\)/],
    [{ streams: [{ venue: 'coinbase', symbols: ['BTC-USD-SWAP'] }] }, /bad coinbase symbol/],
    [{ streams: [{ venue: 'bybit-linear', symbols: ['BTC-USDT'] }] }, /bad bybit-linear symbol/],
    [{ streams: [{ venue: 'binance', symbols: [{}] }] }, /bad binance symbol/],
    [{ streams: ['binance:BTCUSDT'] }, /must be \{ venue, symbols \}/],
    [{ streams: [{ venue: 'binance', symbols: Array.from({ length: 101 }, (_, i) => `S${i}`) }] }, /at most 100 symbols per venue/],
    [{ streams: [{ venue: 'kraken', symbols: ['BTC/USD'] }], endpoints: { streamBase: 'ws://a', wsApi: 'ws://b', rest: 'http://c' } }, /Binance spot endpoints/],
    [{ venue: 'binance', symbols: ['A'], endpoints: { streamBase: 'http://a', wsApi: 'ws://b', rest: 'http://c' } }, /must be ws\(s\)/],
    [{ streams: [{ venue: 'kraken', symbols: ['BTC/USD'] }], venueEndpoints: { kraken: { pubic: 'ws://x' } } }, /kraken has no endpoint "pubic" \(it has public\)/],
    [{ streams: [{ venue: 'kraken', symbols: ['BTC/USD'] }], venueEndpoints: { kraken: { public: 'https://x' } } }, /kraken endpoint public must be a ws\(s\):\/\/ URL/],
    [{ streams: [{ venue: 'binance-usdm', symbols: ['BTCUSDT'] }], venueEndpoints: { 'binance-usdm': { rest: 'wss://x' } } }, /endpoint rest must be a http\(s\):\/\/ URL/],
    [{ streams: [{ venue: 'kraken', symbols: ['BTC/USD'] }], venueEndpoints: { mtgox: {} } }, /unknown venue mtgox/],
  ])('refuses %j', (cfg, msg) => {
    expect(() => plan(cfg)).toThrow(msg);
  });
});
