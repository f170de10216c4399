import { describe, expect, it } from 'vitest';
import { STAT, STAT_WIDTH, stateIndex } from '../../core/series/stream-stats';
import type { StreamKey, StreamState } from '../../core/types';
import type { StreamSnapshot } from '../data/frame-store';
import { autoKind, membersOf, sizeExclusion } from './cross-members';

const snap = (key: StreamKey, state: StreamState, idx = 0): StreamSnapshot => {
  const stats = new Float64Array(STAT_WIDTH);
  stats[STAT.state] = stateIndex(state);
  const [venue = '', symbol = ''] = key.split(':');
  return { info: { idx, key, venue: venue as 'binance', symbol }, stats, hist: new Float64Array(1) };
};

describe('cross-venue members', () => {
  const streams = [
    snap('binance:BTCUSDT', 'live'),
    snap('binance-usdm:BTCUSDT', 'live'),
    snap('okx:BTC-USDT-SWAP', 'live'),
    snap('binance:ETHUSDT', 'live'),
    snap('coinbase:BTC-USD', 'resyncing'),
  ];

  it('groups by base, counts only live books, says why others are out', () => {
    const m = membersOf(streams, 'BTC', 'all');
    expect(m.map((x) => x.key)).toEqual(['binance:BTCUSDT', 'binance-usdm:BTCUSDT', 'okx:BTC-USDT-SWAP', 'coinbase:BTC-USD']);
    expect(m.map((x) => x.live)).toEqual([true, true, true, false]);
    expect(sizeExclusion(m[3]!)).toBe('resyncing: book not trusted');
    expect(sizeExclusion(m[2]!)).toMatch(/contracts/);
    expect(sizeExclusion(m[0]!)).toBe('');
  });

  it('auto kind: the kind with more live streams when spot and perp mix', () => {
    expect(autoKind(membersOf(streams, 'BTC', 'all'))).toBe('perp'); // 2 live perps vs 1 live spot
    expect(autoKind(membersOf(streams, 'ETH', 'all'))).toBe('all');
  });
});
