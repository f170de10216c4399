import { describe, expect, it } from 'vitest';
import { readSession } from '../../cli/replay/read-session';
import { VENUES_DIR } from '../../cli/replay/harness';
import { depthSymbolsOfUrl } from '../binance/meta';
import { binanceUsdmLive, sniffUsdm, symbolsOfUsdmFrame } from './meta';
import { USDM_FIXTURES as F } from './testing';

describe('binanceUsdmLive (venues.md §3.1)', () => {
  const ep = binanceUsdmLive.defaultEndpoints;

  it('the 2026 routed hosts and the REST base', () => {
    expect(ep).toEqual({ public: 'wss://fstream.binance.com/public', market: 'wss://fstream.binance.com/market', rest: 'https://fapi.binance.com' });
  });

  it('two sockets: depth/bookTicker/trade on /public, aggTrade/markPrice@1s on /market', () => {
    expect(binanceUsdmLive.connections(['BTCUSDT', 'ethusdt'], ep)).toEqual([
      { conn: 'public', url: 'wss://fstream.binance.com/public/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker/btcusdt@trade/ethusdt@depth@100ms/ethusdt@bookTicker/ethusdt@trade', subscribe: [] },
      { conn: 'market', url: 'wss://fstream.binance.com/market/stream?streams=btcusdt@aggTrade/btcusdt@markPrice@1s/ethusdt@aggTrade/ethusdt@markPrice@1s', subscribe: [] },
    ]);
  });

  it('splits many symbols, ≤ 200 streams per socket (⚠ venues.md §3.1, §11.2)', () => {
    const syms = Array.from({ length: 130 }, (_, i) => `S${i}USDT`);
    const c = binanceUsdmLive.connections(syms, ep);
    expect(c.map((x) => x.conn)).toEqual(['public', 'public2', 'public3', 'market', 'market2', 'market3']);
    for (const x of c) expect(x.url.split('?streams=')[1]!.split('/').length).toBeLessThanOrEqual(200);
    expect(c.slice(0, 3).flatMap((x) => depthSymbolsOfUrl(x.url))).toHaveLength(130);
  });

  it('endpoint overrides (tests point them at loopback)', () => {
    const c = binanceUsdmLive.connections(['BTCUSDT'], { public: 'ws://127.0.0.1:9/public', market: 'ws://127.0.0.1:9/market', rest: 'http://127.0.0.1:9' });
    expect(c.map((x) => x.url.split('?')[0])).toEqual(['ws://127.0.0.1:9/public/stream', 'ws://127.0.0.1:9/market/stream']);
    expect(binanceUsdmLive.resync('btcusdt', 1, { rest: 'http://127.0.0.1:9' })).toMatchObject({ restUrl: 'http://127.0.0.1:9/fapi/v1/depth?symbol=BTCUSDT&limit=1000' });
  });

  it('resync = REST snapshot, limit 1000, weight 20; no WS-API (payload ⚠ unverified)', () => {
    expect(binanceUsdmLive.resync('btcusdt', 3, ep)).toEqual({ kind: 'snapshot', restUrl: 'https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000', weight: 20 });
    expect(binanceUsdmLive.keepAlive).toBeUndefined(); // server pings; the browser pongs (§1.3)
  });

  it('shutdown notice, raw and combined', () => {
    expect(binanceUsdmLive.isShutdownNotice('{"e":"serverShutdown","E":1}')).toBe(true);
    expect(binanceUsdmLive.isShutdownNotice('{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1}}')).toBe(true);
    expect(binanceUsdmLive.isShutdownNotice('{"e":"trade"}')).toBe(false);
  });
});

describe('sniff / symbols for header-less captures', () => {
  it('futures markers yes, spot frames no', () => {
    for (const s of [
      'wss://fstream.binance.com/stream?streams=btcusdt@depth@100ms',
      'https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000',
      '{"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":1,"T":1,"s":"BTCUSDT","U":1,"u":2,"pu":0,',
      '{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":1,',
      '{"lastUpdateId": 2710246765483, "E": 1680652700590, "T": 1680652700580, "bids": [',
    ]) expect(sniffUsdm(s), s).toBe(true);
    for (const s of [
      'wss://stream.binance.com:9443/stream?streams=btcusdt@depth@100ms',
      'https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000',
      '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":2,"b":[',
      '{"stream":"btcusdt@bookTicker","data":{"u":1,"s":"BTCUSDT","b":"1","B":"1","a":"2","A":"1"}}',
      '{"lastUpdateId":50093239218,"bids":[',
    ]) expect(sniffUsdm(s), s).toBe(false);
  });

  it('symbols from a combined-stream URL, a REST url, or the s field', () => {
    expect(symbolsOfUsdmFrame('wss://fstream.binance.com/public/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker', '')).toEqual(['BTCUSDT', 'BTCUSDT']);
    expect(symbolsOfUsdmFrame('https://fapi.binance.com/fapi/v1/depth?symbol=CTKUSDT&limit=1000', '')).toEqual(['CTKUSDT']);
  });

  // Needs 'binance-usdm' before 'binance' in VENUE_IDS: spot's sniff also matches binance.com and
  // depthUpdate, and header inference takes the first venue that matches.
  it.each([F.apr04, F.cf2021])('header inference maps every conn of %s to binance-usdm', (file) => {
    const h = readSession(VENUES_DIR + file).header;
    expect(h.venues).toEqual(['binance-usdm']);
    expect(Object.values(h.conns).every((v) => v === 'binance-usdm')).toBe(true);
  });
});
