import { describe, expect, it } from 'vitest';
import { parseView, venueEndpointsFor, viewQuery, withStreams } from './url-view';

describe('url view', () => {
  it('keeps accepting the old venue + symbols form', () => {
    const v = parseView('?venue=binance&symbols=BTCUSDT,ethusdt&mode=live&streamBase=ws://127.0.0.1:9');
    expect(v.streams).toEqual([
      { venue: 'binance', symbol: 'BTCUSDT' },
      { venue: 'binance', symbol: 'ETHUSDT' },
    ]);
    expect(v.symbols).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(v.isDefault).toBe(false);
    expect(venueEndpointsFor(v)).toEqual({ binance: { streamBase: 'ws://127.0.0.1:9' } });
    expect(viewQuery(v)).toBe('venue=binance&symbols=BTCUSDT,ETHUSDT&mode=live&streamBase=ws://127.0.0.1:9');
  });

  it('parses streams= across venues and ep.<venue>.<name> overrides, and writes them back', () => {
    const v = parseView('?streams=binance:BTCUSDT,binance-usdm:BTCUSDT,nope:X&ep.binance-usdm.public=ws://127.0.0.1:7/public');
    expect(v.streams).toEqual([
      { venue: 'binance', symbol: 'BTCUSDT' },
      { venue: 'binance-usdm', symbol: 'BTCUSDT' },
    ]);
    expect(v.venue).toBe('binance');
    expect(v.venueEndpoints).toEqual({ 'binance-usdm': { public: 'ws://127.0.0.1:7/public' } });
    expect(viewQuery(v)).toBe('streams=binance:BTCUSDT,binance-usdm:BTCUSDT&ep.binance-usdm.public=ws://127.0.0.1:7/public');
  });

  it('an empty URL is the default view (demo fallback allowed)', () => {
    const v = parseView('');
    expect(v.isDefault).toBe(true);
    expect(v.streams).toEqual([{ venue: 'binance', symbol: 'BTCUSDT' }]);
  });

  it('withStreams follows the first venue', () => {
    const v = withStreams(parseView(''), [{ venue: 'binance-usdm', symbol: 'ETHUSDT' }]);
    expect([v.venue, v.symbols]).toEqual(['binance-usdm', ['ETHUSDT']]);
  });
});
