import { describe, expect, it } from 'vitest';
import { binanceSpotLive, depthSymbolsOfUrl, symbolOfSnapshotId, symbolOfUrl, symbolsOfFrame } from './meta';

describe('binanceSpotLive', () => {
  const ep = binanceSpotLive.defaultEndpoints;
  it('uses the documented hosts (TEAM-NOTES "Live Binance spot wiring")', () => {
    expect(ep).toEqual({ streamBase: 'wss://data-stream.binance.vision', wsApi: 'wss://ws-api.binance.com:443/ws-api/v3', rest: 'https://data-api.binance.vision' });
  });
  it('one combined-stream socket for the symbols plus the WS-API socket', () => {
    const c = binanceSpotLive.connections(['BTCUSDT', 'ETHUSDT'], ep);
    expect(c).toEqual([
      { conn: 'ws', url: 'wss://data-stream.binance.vision/stream?streams=btcusdt@depth@100ms/btcusdt@trade/btcusdt@bookTicker/ethusdt@depth@100ms/ethusdt@trade/ethusdt@bookTicker', subscribe: [] },
      { conn: 'wsapi', url: ep.wsApi, subscribe: [] },
    ]);
    expect(binanceSpotLive.wsApiConn).toBe('wsapi');
    expect(depthSymbolsOfUrl(c[0]!.url)).toEqual(['BTCUSDT', 'ETHUSDT']);
  });
  it('splits many symbols across sockets (≤ 1024 streams each, venues.md §2.1)', () => {
    const syms = Array.from({ length: 450 }, (_, i) => `S${i}USDT`);
    const c = binanceSpotLive.connections(syms, ep);
    expect(c.map((x) => x.conn)).toEqual(['ws', 'ws2', 'ws3', 'wsapi']);
    expect(c.slice(0, 3).flatMap((x) => depthSymbolsOfUrl(x.url))).toHaveLength(450);
  });
  it('snapshot requests: WS-API depth 5000 with a self-describing id, REST fallback, weight 250', () => {
    const r = binanceSpotLive.snapshotRequest('btcusdt', 7, ep);
    expect(JSON.parse(r.wsApiText)).toEqual({ id: 'snap:BTCUSDT:7', method: 'depth', params: { symbol: 'BTCUSDT', limit: 5000 } });
    expect(r.restUrl).toBe('https://data-api.binance.vision/api/v3/depth?symbol=BTCUSDT&limit=5000');
    expect(r.weight).toBe(250);
    expect(symbolOfSnapshotId('snap:BTCUSDT:7')).toBe('BTCUSDT');
    expect(symbolOfSnapshotId(7)).toBeUndefined();
    expect(symbolOfUrl(r.restUrl)).toBe('BTCUSDT');
  });
  it('shutdown notice, raw and combined (venues.md §2.1)', () => {
    expect(binanceSpotLive.isShutdownNotice('{"e":"serverShutdown","E":1}')).toBe(true);
    expect(binanceSpotLive.isShutdownNotice('{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1}}')).toBe(true);
    expect(binanceSpotLive.isShutdownNotice('{"e":"trade"}')).toBe(false);
  });
  it('partial-depth streams are not diff streams', () => {
    expect(depthSymbolsOfUrl('wss://x/stream?streams=a@depth/b@depth@100ms/c@depth5/d@depth10@100ms')).toEqual(['A', 'B']);
  });
  it('symbolsOfFrame for header inference', () => {
    expect(symbolsOfFrame('wss://x/stream?streams=a@depth/b@trade/!serverShutdown', '')).toEqual(['A', 'B']);
    expect(symbolsOfFrame(undefined, '{"stream":"x","data":{"e":"trade","s":"ETHBTC"}}')).toEqual(['ETHBTC']);
  });
});
