import { describe, expect, it } from 'vitest';
import type { FrameKind, RawFrame } from '../../core/types';
import { RecordingSink } from '../testing/recording-sink';
import { BinanceSpotAdapter } from './adapter';
import { DEPTH_BUFFER_CAP } from './depth-sync';

let t = 1_000_000;
const fr = (kind: FrameKind, text: string, extra: Partial<RawFrame> = {}): RawFrame => ({ tUs: (t += 1000), kind, conn: 'ws', text, ...extra });
const K = 'binance:BNBBTC' as const;

function feed(frames: RawFrame[], a = new BinanceSpotAdapter(), sink = new RecordingSink()) {
  for (const f of frames) a.onFrame(f, f.kind === 'ws' || f.kind === 'rest' ? safeParse(f.text) : undefined, sink);
  return { a, sink };
}
const safeParse = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
};
const depth = (U: number, u: number, b: string[][] = [], a: string[][] = [], s = 'BNBBTC') =>
  fr('ws', JSON.stringify({ stream: `${s.toLowerCase()}@depth@100ms`, data: { e: 'depthUpdate', E: 1700000000000 + u, s, U, u, b, a } }));
const rest = (lastUpdateId: number, bids: string[][], asks: string[][], url?: string) =>
  fr('rest', JSON.stringify({ lastUpdateId, bids, asks }), { conn: 'http', ...(url === undefined ? {} : { url }) });
const wsapi = (obj: unknown) => fr('ws', JSON.stringify(obj), { conn: 'wsapi' });

describe('BinanceSpotAdapter — venues.md §2.3 worked example', () => {
  it('buffers, drops E1, applies E2/E3, then sees the gap at U=172', () => {
    const { sink, a } = feed([
      depth(157, 160, [['0.0024', '10']]),
      depth(161, 165, [['0.0024', '0'], ['0.0023', '5']], [['0.0026', '100']]),
      depth(166, 170, [], [['0.0026', '40']]),
      rest(160, [['0.0024', '12'], ['0.0022', '7']], [['0.0026', '90'], ['0.0027', '3']]),
    ]);
    expect(sink.of('request')).toEqual([{ m: 'request', stream: K, symbol: 'BNBBTC', retryAfterMs: 0 }]);
    const books = sink.of('book');
    expect(books.map((b) => [b.isSnapshot, b.seq])).toEqual([[true, 160], [false, 165], [false, 170]]);
    const book = sink.book(K);
    expect([book.bids.at(0)?.pxStr, book.bids.at(0)?.szStr, book.bids.at(1)?.pxStr, book.bids.depth]).toEqual(['0.0023', '5', '0.0022', 2]);
    expect([book.asks.at(0)?.szStr, book.asks.at(1)?.szStr]).toEqual(['40', '3']);
    expect(sink.of('state').map((s) => s.state)).toEqual(['syncing', 'live']);
    sink.clear();
    feed([depth(172, 175, [['0.0021', '1']])], a, sink);
    expect(sink.of('gap')).toHaveLength(1);
    expect(sink.of('state').map((s) => s.state)).toEqual(['resyncing']);
    expect(sink.of('book')).toEqual([]); // nothing applied across the gap
    expect(sink.book(K).isEmpty()).toBe(true);
    expect(sink.of('request')).toHaveLength(1);
    // a snapshot that covers the gap event brings it back
    sink.clear();
    feed([rest(174, [['0.0020', '1']], [['0.0030', '1']], 'https://x/api/v3/depth?symbol=BNBBTC&limit=5000'), depth(175, 176, [['0.0020', '2']])], a, sink);
    expect(sink.of('book').map((b) => [b.isSnapshot, b.seq])).toEqual([[true, 174], [false, 175], [false, 176]]);
    expect(sink.of('state').map((s) => s.state)).toEqual(['live']);
  });

  it('snapshot too old (lastUpdateId < first buffered U) ⇒ asks again with back-off, counted', () => {
    const { sink } = feed([depth(157, 160), rest(150, [['1', '1']], [['2', '1']])]);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['snapshot-too-old']);
    expect(sink.of('request').map((r) => r.retryAfterMs)).toEqual([0, 1000]);
    expect(sink.of('book')).toEqual([]);
  });

  it('lastUpdateId = first U − 1 is "too old" too: §2.3 step 3 is applied as written', () => {
    const { sink } = feed([depth(157, 160), rest(156, [['1', '1']], [['2', '1']])]);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['snapshot-too-old']);
  });

  it('a snapshot that never overlaps (buffer has a hole after it) ⇒ problem, retried, backing off', () => {
    const { sink } = feed([depth(157, 160), depth(170, 171), rest(165, [['1', '1']], [['2', '1']]), rest(165, [['1', '1']], [['2', '1']])]);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['snapshot-no-overlap', 'snapshot-too-old']);
    expect(sink.of('request').map((r) => r.retryAfterMs)).toEqual([0, 1000, 2000]);
  });

  it('NKN-style first event ending exactly at lastUpdateId is dropped; the snapshot waits for the crossing event', () => {
    const { sink } = feed([depth(750, 752), rest(752, [['1', '1']], [['2', '1']]), depth(753, 760)]);
    expect(sink.of('book').map((b) => [b.isSnapshot, b.seq])).toEqual([[true, 752], [false, 760]]);
  });

  it('buffer overflow ⇒ problem and restart, never unbounded', () => {
    const frames = Array.from({ length: DEPTH_BUFFER_CAP + 5 }, (_, i) => depth(10 * i + 1, 10 * i + 10));
    const { sink } = feed(frames);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['depth-buffer-overflow']);
    expect(sink.of('book')).toEqual([]);
  });

  it('a snapshot arriving while live is reported, not applied', () => {
    const { sink } = feed([depth(1, 5), rest(5, [['1', '1']], [['2', '1']]), depth(6, 7), rest(7, [], [], 'https://x/api/v3/depth?symbol=BNBBTC')]);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['snapshot-unused']);
    expect(sink.book(K).bids.depth).toBe(1);
  });
});

describe('BinanceSpotAdapter — messages', () => {
  it('trade/aggTrade: m=true ⇒ taker sold (venues.md §2.2); raw and combined forms', () => {
    const { sink } = feed([
      fr('ws', '{"e":"trade","E":1,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":2,"m":true,"M":true}'),
      fr('ws', '{"stream":"bnbbtc@aggTrade","data":{"e":"aggTrade","E":3,"s":"BNBBTC","a":7,"p":"0.002","q":"5","f":100,"l":105,"T":4,"m":false,"M":true}}'),
    ]);
    expect(sink.of('trade')).toEqual([
      { m: 'trade', stream: K, px: '0.001', sz: '100', taker: 'sell', exchMs: 1, id: 12345 },
      { m: 'trade', stream: K, px: '0.002', sz: '5', taker: 'buy', exchMs: 3, id: 7 },
    ]);
  });

  it('bookTicker → onVenueBbo with seq = u', () => {
    const { sink } = feed([fr('ws', '{"stream":"bnbbtc@bookTicker","data":{"u":400900217,"s":"BNBBTC","b":"0.0024","B":"10","a":"0.0026","A":"100"}}')]);
    expect(sink.of('bbo')).toEqual([{ m: 'bbo', stream: K, seq: 400900217, b: '0.0024', B: '10', a: '0.0026', A: '100' }]);
  });

  it('acks and klines emit nothing', () => {
    const { sink } = feed([
      fr('ws', '{"result":null,"id":1}'),
      fr('ws', '{"stream":"bnbbtc@kline_1m","data":{"e":"kline","E":1,"s":"BNBBTC","k":{}}}'),
      fr('ws_sent', '{"method":"SUBSCRIBE","params":["bnbbtc@depth"],"id":1}'),
    ]);
    expect(sink.calls).toEqual([]);
  });

  it('serverShutdown is a reported problem (venues.md §2.1)', () => {
    const { sink } = feed([fr('ws', '{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1}}')]);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['server-shutdown']);
  });

  it('garbage never throws: unknown or problem', () => {
    const a = new BinanceSpotAdapter();
    const sink = new RecordingSink();
    const junk: unknown[] = [undefined, null, 5, 'x', [], {}, { e: 'depthUpdate' }, { e: 'depthUpdate', s: 'X', U: 2, u: 1, b: [], a: [] }, { stream: 's', data: { e: 'trade' } }, { e: 'weird', s: 'BNBBTC' }, { id: 'snap:BNBBTC:1', status: 200, result: { lastUpdateId: 'x' } }];
    for (const m of junk) expect(() => a.onFrame(fr('ws', 'ignored'), m, sink)).not.toThrow();
    expect(() => a.onFrame(fr('rest_error', 'not json', { url: 'https://x/api/v3/depth?symbol=BNBBTC' }), undefined, sink)).not.toThrow();
    expect(() => a.onFrame(fr('rest', '{}'), { lastUpdateId: 1, bids: [[1, 2]], asks: [] }, sink)).not.toThrow();
    expect(sink.of('unknown').length + sink.of('problem').length).toBe(junk.length + 2);
    expect(sink.of('book')).toEqual([]);
  });
});

describe('BinanceSpotAdapter — snapshot sources and errors', () => {
  it('WS-API 200 response by id snap:<SYMBOL>:<n>', () => {
    const { sink } = feed([depth(1, 5), wsapi({ id: 'snap:BNBBTC:1', status: 200, result: { lastUpdateId: 3, bids: [['1', '1']], asks: [['2', '1']] }, rateLimits: [] })]);
    expect(sink.of('book').map((b) => [b.isSnapshot, b.seq])).toEqual([[true, 3], [false, 5]]);
  });

  it('WS-API 429 honours error.data.retryAfter − serverTime', () => {
    const { sink } = feed([depth(1, 5), wsapi({ id: 'snap:BNBBTC:1', status: 429, error: { code: -1003, msg: 'Too much request weight used', data: { serverTime: 1000, retryAfter: 46000 } } })]);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['snapshot-rate-limited']);
    expect(sink.of('request').map((r) => r.retryAfterMs)).toEqual([0, 45000]);
  });

  it('WS-API 429 without a hint waits 60 s; 418 without a hint waits 5 min', () => {
    const { sink } = feed([
      depth(1, 5),
      wsapi({ id: 'snap:BNBBTC:1', status: 429, error: { code: -1003, msg: 'x' } }),
      wsapi({ id: 'snap:BNBBTC:2', status: 418, error: { code: -1003, msg: 'x' } }),
    ]);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['snapshot-rate-limited', 'snapshot-ip-banned']);
    expect(sink.of('request').map((r) => r.retryAfterMs)).toEqual([0, 60_000, 300_000]);
  });

  it('rest_error: symbol from the url, 418 "banned until" in the body is honoured', () => {
    const body = JSON.stringify({ code: -1003, msg: 'Way too much request weight used; IP banned until 1700000120000.' });
    const url = 'https://x/api/v3/depth?symbol=BNBBTC&limit=5000';
    const { sink } = feed([depth(1, 5), { tUs: 1_700_000_000_000_000, kind: 'rest_error', conn: 'rest', url, text: JSON.stringify({ status: 418, body }) }]);
    expect(sink.of('problem')[0]).toMatchObject({ code: 'snapshot-ip-banned', stream: K });
    expect(sink.of('request')[1]!.retryAfterMs).toBe(120_000); // until − the frame's local time
  });

  it('rest_error 429 with the recorded Retry-After (epoch-ms retryAfter, snapshot-fetcher.ts) is honoured', () => {
    const url = 'https://x/api/v3/depth?symbol=BNBBTC&limit=5000';
    const text = JSON.stringify({ status: 429, body: '{"code":-1003}', retryAfter: 1_700_000_003_000 });
    const { sink } = feed([depth(1, 5), { tUs: 1_700_000_000_000_000, kind: 'rest_error', conn: 'rest', url, text }]);
    expect(sink.of('request')[1]!.retryAfterMs).toBe(3_000);
  });

  it('inline snapshot (no url) goes to the only symbol waiting; ambiguous ⇒ problem', () => {
    const one = feed([depth(1, 5), rest(3, [['1', '1']], [['2', '1']])]).sink;
    expect(one.of('book')).toHaveLength(2);
    const two = feed([depth(1, 5), depth(1, 5, [], [], 'ETHBTC'), rest(3, [['1', '1']], [['2', '1']])]).sink;
    expect(two.of('problem').map((p) => p.code)).toEqual(['snapshot-unassigned']);
    expect(two.of('book')).toEqual([]);
  });

  it('ws_open marks its depth streams syncing; ws_close drops them to connecting and they resync from scratch', () => {
    const url = 'wss://x/stream?streams=bnbbtc@depth@100ms/bnbbtc@trade/ethbtc@bookTicker';
    const { a, sink } = feed([fr('ws_open', '', { url }), depth(1, 5), rest(3, [['1', '1']], [['2', '1']]), depth(6, 7)]);
    expect(sink.of('state').map((s) => `${s.stream}:${s.state}`)).toEqual([`${K}:syncing`, `${K}:live`]);
    sink.clear();
    feed([fr('ws_close', '{"code":1006,"reason":""}'), fr('ws_open', '', { url }), depth(20, 25)], a, sink);
    expect(sink.of('state').map((s) => s.state)).toEqual(['connecting', 'syncing']);
    expect(sink.book(K).isEmpty()).toBe(true);
    expect(sink.of('gap')).toEqual([]);
    expect(sink.of('request')).toHaveLength(1);
    feed([rest(24, [['1', '1']], [['2', '1']], 'https://x/api/v3/depth?symbol=BNBBTC')], a, sink);
    expect(sink.of('state').map((s) => s.state)).toEqual(['connecting', 'syncing', 'live']);
  });

  it('a close on another connection leaves the stream alone', () => {
    const { a, sink } = feed([depth(1, 5), rest(3, [['1', '1']], [['2', '1']])]);
    sink.clear();
    feed([fr('ws_close', '{"code":1000,"reason":""}', { conn: 'wsapi' })], a, sink);
    expect(sink.calls).toEqual([]);
  });
});
