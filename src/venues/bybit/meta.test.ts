import { describe, expect, it } from 'vitest';
import { bybitLinearLive, bybitSpotLive, sniffBybit, symbolsOfBybit } from './meta';

describe('Bybit live definitions (venues.md §7.1)', () => {
  it('documented hosts per category, subscribe ≤ 10 args per request, ping every 20 s', () => {
    expect(bybitLinearLive.defaultEndpoints).toEqual({ public: 'wss://stream.bybit.com/v5/public/linear' });
    expect(bybitSpotLive.defaultEndpoints).toEqual({ public: 'wss://stream.bybit.com/v5/public/spot' });
    const syms = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'DOGEUSDT'];
    const [c] = bybitLinearLive.connections(syms, bybitLinearLive.defaultEndpoints);
    expect(c!.conn).toBe('linear');
    expect(c!.url).toBe('wss://stream.bybit.com/v5/public/linear');
    const reqs = c!.subscribe.map((t) => JSON.parse(t) as { op: string; args: string[] });
    expect(reqs.every((r) => r.op === 'subscribe' && r.args.length <= 10)).toBe(true);
    expect(reqs.flatMap((r) => r.args)).toEqual(syms.flatMap((s) => [`orderbook.200.${s}`, `publicTrade.${s}`, `tickers.${s}`]));
    expect(bybitLinearLive.keepAlive).toEqual({ text: '{"op":"ping"}', idleMs: 20_000 });
  });

  it('splits many symbols across sockets (args ≤ 21,000 chars each) and resyncs on the right one', () => {
    const syms = Array.from({ length: 250 }, (_, i) => `S${i}USDT`);
    const cs = bybitSpotLive.connections(syms, bybitSpotLive.defaultEndpoints);
    expect(cs.map((c) => c.conn)).toEqual(['spot', 'spot2', 'spot3']);
    for (const c of cs) expect(c.subscribe.flatMap((t) => (JSON.parse(t) as { args: string[] }).args).join('","').length).toBeLessThan(21_000);
    const a = bybitSpotLive.resync('S120USDT', 3, bybitSpotLive.defaultEndpoints);
    expect(a).toEqual({
      kind: 'resubscribe',
      conn: 'spot2',
      texts: ['{"req_id":"resync:S120USDT:3:u","op":"unsubscribe","args":["orderbook.200.S120USDT"]}', '{"req_id":"resync:S120USDT:3:s","op":"subscribe","args":["orderbook.200.S120USDT"]}'],
    });
  });

  it('sniff: URLs decide the category; text only on category-only fields', () => {
    expect(sniffBybit('linear', 'wss://stream.bybit.com/v5/public/linear')).toBe(true);
    expect(sniffBybit('spot', 'wss://stream.bybit.com/v5/public/linear')).toBe(false);
    expect(sniffBybit('spot', 'wss://stream-testnet.bybit.com/v5/public/spot')).toBe(true);
    expect(sniffBybit('linear', 'wss://ws.okx.com:8443/ws/v5/public')).toBe(false);
    expect(sniffBybit('linear', '{"topic":"tickers.BTCUSDT","type":"snapshot","data":{"symbol":"BTCUSDT","markPrice":"1"}}')).toBe(true);
    expect(sniffBybit('spot', '{"topic":"publicTrade.ETHUSDT","ts":1,"type":"snapshot","data":[{"i":"2280000001739247417","T":1}]}')).toBe(true);
    expect(sniffBybit('linear', '{"topic":"publicTrade.ETHUSDT","ts":1,"type":"snapshot","data":[{"i":"2280000001739247417","T":1}]}')).toBe(false);
    expect(sniffBybit('spot', '{"e":"depthUpdate"}')).toBe(false);
  });

  it('symbolsOf: subscribe args and topics', () => {
    expect(symbolsOfBybit(undefined, '{"op":"subscribe","args":["tickers.BTCUSDT","orderbook.200.ETHUSDT","kline.1.SOLUSDT"]}')).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    expect(symbolsOfBybit(undefined, '{"topic":"orderbook.1.BANDUSDT","type":"snapshot"}')).toEqual(['BANDUSDT']);
  });
});
