import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VENUES_DIR } from '../../cli/replay/harness';
import type { FrameKind, RawFrame } from '../../core/types';
import { DEPTH_BUFFER_CAP } from '../binance/depth-sync';
import { RecordingSink } from '../testing/recording-sink';
import { BinanceUsdmAdapter } from './adapter';
import { USDM_FIXTURES } from './testing';

let t = 1_000_000;
const fr = (kind: FrameKind, text: string, extra: Partial<RawFrame> = {}): RawFrame => ({ tUs: (t += 1000), kind, conn: 'public', text, ...extra });
const K = 'binance-usdm:BTCUSDT' as const;
const safeParse = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
};
function feed(frames: RawFrame[], a = new BinanceUsdmAdapter(), sink = new RecordingSink()) {
  for (const f of frames) a.onFrame(f, f.kind === 'ws' || f.kind === 'rest' ? safeParse(f.text) : undefined, sink);
  return { a, sink };
}
type Lv = string[][];
const depth = (U: number, u: number, pu: number, b: Lv = [], a: Lv = [], s = 'BTCUSDT') =>
  fr('ws', JSON.stringify({ stream: `${s.toLowerCase()}@depth@100ms`, data: { e: 'depthUpdate', E: 1700000000000 + u, T: 1700000000000 + u, s, U, u, pu, b, a } }));
const rest = (lastUpdateId: number, bids: Lv, asks: Lv, sym = 'BTCUSDT') =>
  fr('rest', JSON.stringify({ lastUpdateId, E: 1, T: 1, bids, asks }), { conn: 'http', url: `https://fapi.binance.com/fapi/v1/depth?symbol=${sym}&limit=1000` });
const seqs = (sink: RecordingSink) => sink.of('book').map((b) => [b.isSnapshot, b.seq]);

describe('BinanceUsdmAdapter — venues.md §3.3 worked example, table-driven', () => {
  // Snapshot lastUpdateId=1000; A {U:990,u:999,pu:985}, B {U:995,u:1005,pu:999}, C {U:1006,u:1010,pu:1005};
  // drop A (999 < 1000), B overlaps (995 <= 1000 <= 1005), C chains (pu 1005); D {pu:1008} ⇒ resync.
  const A = () => depth(990, 999, 985, [['99.0', '1']]);
  const B = () => depth(995, 1005, 999, [['100.0', '2']]);
  const C = () => depth(1006, 1010, 1005, [], [['100.5', '0']]);
  const snap = () => rest(1000, [['99.5', '1']], [['100.5', '3'], ['101.0', '4']]);
  const cases: { name: string; frames: () => RawFrame[]; books: (number | boolean)[][]; state: string; gaps: number }[] = [
    { name: 'A B C then snapshot: A dropped, B C applied', frames: () => [A(), B(), C(), snap()], books: [[true, 1000], [false, 1005], [false, 1010]], state: 'live', gaps: 0 },
    { name: 'snapshot between B and C', frames: () => [A(), B(), snap(), C()], books: [[true, 1000], [false, 1005], [false, 1010]], state: 'live', gaps: 0 },
    { name: 'D {pu:1008} after C ⇒ gap, nothing applied across', frames: () => [A(), B(), C(), snap(), depth(1011, 1012, 1008)], books: [[true, 1000], [false, 1005], [false, 1010]], state: 'resyncing', gaps: 1 },
    { name: 'only A buffered: waits for the event reaching lastUpdateId', frames: () => [A(), snap()], books: [], state: 'syncing', gaps: 0 },
    // tardis-node / ccxt / cryptofeed accept a first event continuing the snapshot directly (§3.3)
    { name: 'first event with pu == lastUpdateId (U > lastUpdateId) is accepted', frames: () => [depth(1003, 1007, 1000), snap()], books: [[true, 1000], [false, 1007]], state: 'live', gaps: 0 },
    { name: 'first event ending exactly at lastUpdateId is applied (futures: drop only u < id)', frames: () => [depth(996, 1000, 990), snap(), depth(1001, 1002, 1000)], books: [[true, 1000], [false, 1000], [false, 1002]], state: 'live', gaps: 0 },
  ];
  it.each(cases)('$name', ({ frames, books, state, gaps }) => {
    const { sink } = feed(frames());
    expect(seqs(sink)).toEqual(books);
    expect(sink.of('state').at(-1)?.state).toBe(state);
    expect(sink.of('gap')).toHaveLength(gaps);
  });

  it('the book after C: 100.0 bid added, 100.5 ask removed', () => {
    const { sink } = feed([A(), B(), C(), snap()]);
    const book = sink.book(K);
    expect([book.bids.at(0)?.pxStr, book.bids.at(0)?.szStr, book.bids.at(1)?.pxStr, book.bids.depth]).toEqual(['100.0', '2', '99.5', 2]);
    expect([book.asks.at(0)?.pxStr, book.asks.depth]).toEqual(['101.0', 1]);
  });

  it('after the gap: book cleared, one snapshot request, the gap event kept for the next snapshot', () => {
    const { a, sink } = feed([A(), B(), C(), snap(), depth(1011, 1012, 1008)]);
    expect(sink.book(K).isEmpty()).toBe(true);
    expect(sink.of('request').map((r) => r.retryAfterMs)).toEqual([0, 0]);
    sink.clear();
    feed([rest(1011, [['99', '1']], [['101', '1']]), depth(1013, 1015, 1012)], a, sink);
    expect(seqs(sink)).toEqual([[true, 1011], [false, 1012], [false, 1015]]);
    expect(sink.of('state').map((s) => s.state)).toEqual(['live']);
  });
});

describe('BinanceUsdmAdapter — sync edge cases', () => {
  it('a snapshot older than the buffer (no overlap, pu ≠ id) ⇒ problem, new request with back-off', () => {
    const { sink } = feed([depth(1003, 1007, 1001), rest(1000, [['1', '1']], [['2', '1']]), rest(1000, [['1', '1']], [['2', '1']])]);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['snapshot-no-overlap', 'snapshot-no-overlap']);
    expect(sink.of('request').map((r) => r.retryAfterMs)).toEqual([0, 1000, 2000]);
    expect(sink.of('book')).toEqual([]);
  });

  it('a break inside the buffer is a gap right after the snapshot', () => {
    const { sink } = feed([depth(995, 1005, 999), depth(1006, 1010, 1004), rest(1000, [['1', '1']], [['2', '1']])]);
    expect(seqs(sink)).toEqual([[true, 1000], [false, 1005]]);
    expect(sink.of('gap')).toHaveLength(1);
    expect(sink.of('state').at(-1)?.state).toBe('resyncing');
  });

  it('live: an exact duplicate of the last event breaks the pu chain ⇒ gap (the doc says restart)', () => {
    const { sink } = feed([depth(995, 1005, 999), rest(1000, [['1', '1']], [['2', '1']]), depth(995, 1005, 999)]);
    expect(sink.of('gap')).toHaveLength(1);
  });

  it('buffer overflow ⇒ problem and restart, never unbounded', () => {
    const frames = Array.from({ length: DEPTH_BUFFER_CAP + 5 }, (_, i) => depth(10 * i + 1, 10 * i + 10, 10 * i));
    const { sink } = feed(frames);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['depth-buffer-overflow']);
  });

  it('a snapshot arriving while live is reported, not applied', () => {
    const { sink } = feed([depth(1, 5, 0), rest(5, [['1', '1']], [['2', '1']]), rest(7, [], [])]);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['snapshot-unused']);
    expect(sink.book(K).bids.depth).toBe(1);
  });

  it('inline snapshot (no url): to the only symbol waiting, or the only one not live; ambiguous ⇒ problem', () => {
    const inline = (id: number) => fr('rest', JSON.stringify({ lastUpdateId: id, bids: [['1', '1']], asks: [['2', '1']] }), { conn: 'http' });
    // hftbacktest 2023-04-04: the snapshot lands before the first depth event
    const early = feed([fr('ws', '{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":3,"s":"BTCUSDT","b":"1","B":"1","a":"2","A":"1","T":1,"E":1}}'), inline(3), depth(1, 5, 0)]).sink;
    expect(seqs(early)).toEqual([[true, 3], [false, 5]]);
    const two = feed([depth(1, 5, 0), depth(1, 5, 0, [], [], 'ETHUSDT'), inline(3)]).sink;
    expect(two.of('problem').map((p) => p.code)).toEqual(['snapshot-unassigned']);
  });

  it('rest_error 429 ⇒ problem and a request after 60 s (REQUEST_WEIGHT window)', () => {
    const url = 'https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000';
    const { sink } = feed([depth(1, 5, 0), fr('rest_error', JSON.stringify({ status: 429, body: '{"code":-1003}' }), { conn: 'http', url })]);
    expect(sink.of('problem')[0]).toMatchObject({ code: 'snapshot-rate-limited', stream: K });
    expect(sink.of('request').map((r) => r.retryAfterMs)).toEqual([0, 60_000]);
  });

  it('rest_error 429 with the recorded Retry-After (epoch-ms retryAfter) ⇒ a request after that wait', () => {
    const url = 'https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000';
    const err = fr('rest_error', JSON.stringify({ status: 429, body: '{"code":-1003}', retryAfter: 3_000 }), { conn: 'http', url });
    const { sink } = feed([depth(1, 5, 0), { ...err, tUs: 1_000_000 }]);
    expect(sink.of('request').map((r) => r.retryAfterMs)).toEqual([0, 2_000]);
  });

  it('ws_open marks depth streams syncing; ws_close of that conn drops them to connecting; the market conn does not', () => {
    const url = 'wss://fstream.binance.com/public/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker/btcusdt@trade';
    const { a, sink } = feed([fr('ws_open', '', { url }), depth(1, 5, 0), rest(3, [['1', '1']], [['2', '1']])]);
    expect(sink.of('state').map((s) => s.state)).toEqual(['syncing', 'live']);
    sink.clear();
    feed([fr('ws_close', '{"code":1006,"reason":""}', { conn: 'market' })], a, sink);
    expect(sink.calls).toEqual([]);
    feed([fr('ws_close', '{"code":1006,"reason":""}'), fr('ws_open', '', { url }), depth(20, 25, 19)], a, sink);
    expect(sink.of('state').map((s) => s.state)).toEqual(['connecting', 'syncing']);
    expect(sink.book(K).isEmpty()).toBe(true);
    expect(sink.of('gap')).toEqual([]);
    expect(sink.of('request')).toHaveLength(1);
  });
});

describe('BinanceUsdmAdapter — trades, tickers, references', () => {
  const shapes = (JSON.parse(readFileSync(VENUES_DIR + USDM_FIXTURES.shapes, 'utf8')) as { messages: unknown[] }).messages.map((m) => fr('ws', JSON.stringify(m), { conn: 'market' }));

  it('tardis-node shape samples: trades (m ⇒ taker side, X=INSURANCE_FUND dropped), aggTrade, bookTicker, forceOrder unknown', () => {
    const { sink } = feed(shapes);
    expect(sink.of('trade')).toEqual([
      // aggTrade arrives first, before any @trade was seen for BTCUSDT: counted
      { m: 'trade', stream: K, px: '10223.74', sz: '0.236', taker: 'buy', exchMs: 1568693103463, id: NaN }, // this sample has no `a`,
      { m: 'trade', stream: K, px: '7627.60', sz: '0.044', taker: 'buy', exchMs: 1574381164086, id: 10934580 },
      // ETHUSDT X=INSURANCE_FUND: not a book execution (tardis-node BinanceTradesMapper)
      { m: 'trade', stream: K, px: '11343.67', sz: '0.467', taker: 'sell', exchMs: 1596240000519, id: 173525189 },
    ]);
    expect(sink.of('bbo')).toEqual([{ m: 'bbo', stream: K, seq: 185130926750, b: '33134.42', B: '0.170', a: '33139.39', A: '0.380' }]);
    expect(sink.of('unknown').map((u) => u.detail)).toEqual(['event forceOrder']);
    expect(sink.of('problem')).toEqual([]);
  });

  it('markPriceUpdate era variants: 2019 without i, 2020 with i, delivery with P and T:0 (no funding)', () => {
    const { sink } = feed(shapes);
    const refs = sink.of('ref').map((r) => [r.stream, r.field, r.value, r.exchMs]);
    expect(refs).toEqual([
      [K, 'markPx', 8291.34697815, 1569888003001],
      [K, 'fundingRate', 0.0001, 1569888003001],
      [K, 'nextFundingMs', 1569916800000, 1569888003001],
      [K, 'markPx', 11857.56, 1597536008000],
      [K, 'indexPx', 11851.86949091, 1597536008000],
      [K, 'fundingRate', 0.0001564, 1597536008000],
      [K, 'nextFundingMs', 1597564800000, 1597536008000],
      ['binance-usdm:BTCBUSD_210129', 'markPx', 31799.2773, 1609830121004],
      ['binance-usdm:BTCBUSD_210129', 'indexPx', 31307.034, 1609830121004],
    ]);
  });

  it('aggTrade is dropped for a symbol whose @trade stream is subscribed (same fills twice otherwise)', () => {
    const pub = 'wss://fstream.binance.com/public/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker/btcusdt@trade';
    const agg = fr('ws', '{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":3,"s":"BTCUSDT","a":7,"p":"1","q":"5","f":100,"l":105,"T":4,"m":false}}', { conn: 'market' });
    const { sink } = feed([fr('ws_open', '', { url: pub }), agg]);
    expect(sink.of('trade')).toEqual([]);
    expect(feed([agg]).sink.of('trade')).toHaveLength(1);
  });

  it('delivery r:"" and a non-numeric mark: no NaN reaches the sink', () => {
    const { sink } = feed([
      fr('ws', '{"e":"markPriceUpdate","E":1,"s":"BTCUSDT_230630","p":"30000.1","i":"29990","P":"30001","r":"","T":0}'),
      fr('ws', '{"e":"markPriceUpdate","E":2,"s":"BTCUSDT","p":"abc","r":"0.0001","T":5}'),
    ]);
    expect(sink.of('ref').every((r) => Number.isFinite(r.value))).toBe(true);
    expect(sink.of('ref').map((r) => r.field)).toEqual(['markPx', 'indexPx', 'fundingRate', 'nextFundingMs']);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['bad-message']);
  });

  it('acks and our own sent frames emit nothing; serverShutdown is a reported problem', () => {
    expect(feed([fr('ws', '{"result":null,"id":1}'), fr('ws_sent', '{"method":"SUBSCRIBE","params":[],"id":1}')]).sink.calls).toEqual([]);
    const { sink } = feed([fr('ws', '{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1}}')]);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['server-shutdown']);
  });

  it('garbage and oversized frames never throw: unknown or problem, nothing applied', () => {
    const a = new BinanceUsdmAdapter();
    const sink = new RecordingSink();
    const big = { e: 'depthUpdate', s: 'BTCUSDT', U: 1, u: 2, pu: 0, b: Array.from({ length: 200_000 }, () => ['1', 1]), a: [] };
    const junk: unknown[] = [undefined, null, 5, 'x', [], {}, { e: 'depthUpdate' }, { e: 'depthUpdate', s: 'X', U: 2, u: 1, pu: 0, b: [], a: [] }, { e: 'depthUpdate', s: 'X', U: 1, u: 2, b: [], a: [] }, big, { stream: 's', data: { e: 'trade' } }, { e: 'aggTrade', s: 'X', p: 1, q: '1', m: true }, { e: 'markPriceUpdate', s: 'X' }, { e: 'bookTicker', s: 'X' }, { e: 'weird', s: 'BTCUSDT' }];
    for (const m of junk) expect(() => a.onFrame(fr('ws', 'ignored'), m, sink)).not.toThrow();
    expect(() => a.onFrame(fr('rest_error', 'not json', { url: 'https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT' }), undefined, sink)).not.toThrow();
    expect(() => a.onFrame(fr('rest', '{}'), { lastUpdateId: 1, bids: [[1, 2]], asks: [] }, sink)).not.toThrow();
    expect(sink.of('unknown').length + sink.of('problem').length).toBe(junk.length + 2);
    expect(sink.of('book')).toEqual([]);
  });
});
