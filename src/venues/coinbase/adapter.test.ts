import { describe, expect, it } from 'vitest';
import type { RawFrame } from '../../core/types';
import { RecordingSink } from '../testing/recording-sink';
import { CoinbaseAdapter } from './adapter';

let seqNo = 0;
const env = (channel: string, events: unknown[], seq = seqNo++): string => JSON.stringify({ channel, client_id: '', timestamp: '2026-08-09T21:05:48.483587501Z', sequence_num: seq, events });
const l2 = (type: string, updates: [string, string, string][], product = 'BTC-USD') => ({ type, product_id: product, updates: updates.map(([side, price_level, new_quantity]) => ({ side, event_time: '2026-08-09T21:05:48.1Z', price_level, new_quantity })) });

function drive(texts: readonly string[], conn = 'ws'): RecordingSink {
  const adapter = new CoinbaseAdapter();
  const sink = new RecordingSink();
  texts.forEach((t, i) => adapter.onFrame({ tUs: i, kind: 'ws', conn, text: t }, JSON.parse(t), sink));
  return sink;
}

const levels = (sink: RecordingSink, product = 'BTC-USD') => {
  const b = sink.books.get(`coinbase:${product}`)!;
  const side = (s: typeof b.bids) => Array.from({ length: s.depth }, (_, r) => `${s.at(r)!.pxStr}:${s.at(r)!.szStr}`);
  return { bids: side(b.bids), asks: side(b.asks) };
};

describe('Coinbase Advanced Trade level2 (venues.md §5.2), table-driven', () => {
  const cases = [
    {
      name: 'venues.md §5.2 worked example',
      seqs: [0, 1],
      events: [l2('snapshot', [['bid', '100.00', '1.5'], ['offer', '100.10', '2']]), l2('update', [['bid', '100.00', '0'], ['bid', '99.95', '0.7']])],
      bids: ['99.95:0.7'],
      asks: ['100.10:2'],
      gaps: 0,
    },
    {
      name: 'a sequence_num jump ⇒ gap, book cleared, the jumped frame not applied',
      seqs: [0, 2],
      events: [l2('snapshot', [['bid', '100.00', '1.5'], ['offer', '100.10', '2']]), l2('update', [['bid', '99.95', '0.7']])],
      bids: [],
      asks: [],
      gaps: 1,
    },
    {
      name: 'a repeated sequence_num (duplicate frame) ⇒ gap',
      seqs: [0, 1, 1],
      events: [l2('snapshot', [['bid', '100', '1'], ['offer', '101', '1']]), l2('update', [['bid', '99', '1']]), l2('update', [['bid', '99', '1']])],
      bids: [],
      asks: [],
      gaps: 1,
    },
    {
      name: 'after a gap a new snapshot event rebuilds',
      seqs: [0, 5, 6],
      events: [l2('snapshot', [['bid', '100', '1'], ['offer', '101', '1']]), l2('update', [['bid', '99', '1']]), l2('snapshot', [['bid', '98', '2'], ['offer', '99', '3']])],
      bids: ['98:2'],
      asks: ['99:3'],
      gaps: 1,
    },
  ];
  it.each(cases)('$name', ({ seqs, events, bids, asks, gaps }) => {
    const sink = drive(events.map((e, i) => env('l2_data', [e], seqs[i])));
    expect(levels(sink)).toEqual({ bids, asks });
    expect(sink.of('gap').length).toBe(gaps);
    expect(sink.of('request').map((r) => r.symbol)).toEqual(gaps ? ['BTC-USD'] : []);
    expect(sink.of('problem')).toEqual([]);
  });

  it('a break on a heartbeat frame resyncs every book of that connection, not of another', () => {
    const adapter = new CoinbaseAdapter();
    const sink = new RecordingSink();
    const push = (conn: string, t: string) => adapter.onFrame({ tUs: 0, kind: 'ws', conn, text: t }, JSON.parse(t), sink);
    push('a', env('l2_data', [l2('snapshot', [['bid', '1', '1'], ['offer', '2', '1']], 'BTC-USD'), l2('snapshot', [['bid', '1', '1'], ['offer', '2', '1']], 'ETH-USD')], 0));
    push('b', env('l2_data', [l2('snapshot', [['bid', '1', '1'], ['offer', '2', '1']], 'SOL-USD')], 0));
    push('a', env('heartbeats', [{ current_time: 'x', heartbeat_counter: 1 }], 3));
    expect(sink.of('gap').map((g) => g.stream)).toEqual(['coinbase:BTC-USD', 'coinbase:ETH-USD']);
    expect(sink.of('book').map((b) => [b.stream, b.seq, b.exchMs])).toEqual([
      ['coinbase:BTC-USD', 0, 1786309548483],
      ['coinbase:ETH-USD', 0, 1786309548483],
      ['coinbase:SOL-USD', 0, 1786309548483],
    ]);
  });

  it('market_trades: newest-first list emitted oldest first, taker = opposite of `side` (maker side, see advanced.ts)', () => {
    const trades = [
      { product_id: 'BTC-USD', trade_id: '11', price: '100.1', size: '0.2', side: 'SELL', time: '2026-08-09T21:05:48.2Z' },
      { product_id: 'BTC-USD', trade_id: '10', price: '100.0', size: '0.1', side: 'BUY', time: '2026-08-09T21:05:48.1Z' },
    ];
    const sink = drive([env('market_trades', [{ type: 'snapshot', trades }], 0), env('market_trades', [{ type: 'update', trades }], 1)]);
    expect(sink.of('trade').map((t) => [t.px, t.taker, t.id, t.exchMs])).toEqual([
      ['100.0', 'sell', 10, 1786309548100],
      ['100.1', 'buy', 11, 1786309548200],
    ]);
  });

  it('heartbeats, subscriptions, ticker, candles emit nothing', () => {
    const sink = drive([
      env('heartbeats', [{ current_time: 'x', heartbeat_counter: 1 }], 0),
      env('subscriptions', [{ subscriptions: { level2: ['BTC-USD'] } }], 1),
      env('ticker', [{ type: 'snapshot', tickers: [] }], 2),
      env('candles', [{ type: 'snapshot', candles: [] }], 3),
    ]);
    expect(sink.calls).toEqual([]);
  });
});

describe('Coinbase Exchange feed (venues.md §5.1)', () => {
  it('snapshot + l2update [side, px, size] (buy/sell), seq = local count (the feed has none)', () => {
    const sink = drive([
      JSON.stringify({ type: 'snapshot', product_id: 'BTC-USD', bids: [['100', '1']], asks: [['101', '2']] }),
      JSON.stringify({ type: 'l2update', product_id: 'BTC-USD', changes: [['buy', '100', '0'], ['buy', '99.5', '3'], ['sell', '100.5', '1']], time: '2021-04-17T16:43:37.075687Z' }),
    ]);
    expect(levels(sink)).toEqual({ bids: ['99.5:3'], asks: ['100.5:1', '101:2'] });
    expect(sink.of('book').map((b) => [b.isSnapshot, b.seq, b.exchMs])).toEqual([
      [true, 0, NaN],
      [false, 1, 1618677817075],
    ]);
  });

  it('match: side is the MAKER side ⇒ taker opposite; last_match, ticker, subscriptions, heartbeat silent; error is a problem', () => {
    const sink = drive([
      '{"type":"match","trade_id":1,"side":"sell","size":"1","price":"10","product_id":"SKL-USD","sequence":5,"time":"2021-04-17T16:43:37.089723Z"}',
      '{"type":"match","trade_id":2,"side":"buy","size":"1","price":"9","product_id":"SKL-USD","sequence":6,"time":"2021-04-17T16:43:37.089723Z"}',
      '{"type":"last_match","trade_id":0,"side":"buy","size":"1","price":"9","product_id":"SKL-USD","sequence":4,"time":"2021-04-17T16:43:30Z"}',
      '{"type":"ticker","sequence":1,"product_id":"SKL-USD","price":"1"}',
      '{"type":"subscriptions","channels":[]}',
      '{"type":"heartbeat","sequence":1,"last_trade_id":1,"product_id":"SKL-USD","time":"x"}',
    ]);
    expect(sink.of('trade').map((t) => [t.taker, t.id])).toEqual([
      ['buy', 1],
      ['sell', 2],
    ]);
    expect(sink.calls.filter((c) => c.m !== 'trade')).toEqual([]);
    expect(drive(['{"type":"error","message":"Failed to subscribe","reason":"level2 requires authentication"}']).of('problem').map((p) => p.code)).toEqual(['venue-error']);
  });

  it('garbage and oversized frames: problems or unknowns, never a throw, never a book', () => {
    const big = JSON.stringify({ type: 'l2update', product_id: 'X-Y', changes: Array.from({ length: 100_000 }, () => ['buy', 1, '1']) });
    const junk = ['{}', '[]', '7', 'null', '{"channel":"l2_data","sequence_num":0}', '{"channel":"l2_data","sequence_num":1,"events":[{"type":"snapshot","product_id":"A-B","updates":[{"side":"up"}]}]}', '{"type":"snapshot","product_id":"A-B","bids":3}', '{"type":"l2update"}', '{"type":"match","product_id":"A-B","price":"1","size":"1","side":"left"}', '{"channel":"mystery","sequence_num":2}', big];
    const adapter = new CoinbaseAdapter();
    const sink = new RecordingSink();
    for (const t of junk) expect(() => adapter.onFrame({ tUs: 0, kind: 'ws', conn: 'ws', text: t } as RawFrame, JSON.parse(t), sink)).not.toThrow();
    expect(sink.of('problem').length + sink.of('unknown').length).toBeGreaterThanOrEqual(junk.length);
    expect(sink.of('book')).toEqual([]);
  });

  it('ws_sent level2 subscribe ⇒ syncing; ws_close ⇒ connecting, book cleared; deltas then ignored', () => {
    const adapter = new CoinbaseAdapter();
    const sink = new RecordingSink();
    const push = (f: RawFrame) => adapter.onFrame(f, f.kind === 'ws' ? JSON.parse(f.text) : undefined, sink);
    push({ tUs: 0, kind: 'ws_open', conn: 'ws', url: 'wss://advanced-trade-ws.coinbase.com', text: '' });
    push({ tUs: 1, kind: 'ws_sent', conn: 'ws', text: '{"type":"subscribe","product_ids":["BTC-USD"],"channel":"level2"}' });
    push({ tUs: 2, kind: 'ws', conn: 'ws', text: env('l2_data', [l2('snapshot', [['bid', '1', '1'], ['offer', '2', '1']])], 0) });
    push({ tUs: 3, kind: 'ws_close', conn: 'ws', text: '{"code":1006,"reason":""}' });
    push({ tUs: 4, kind: 'ws', conn: 'ws', text: env('l2_data', [l2('update', [['bid', '1', '5']])], 7) });
    expect(sink.of('state').map((s) => s.state)).toEqual(['syncing', 'live', 'connecting']);
    expect(sink.books.get('coinbase:BTC-USD')!.isEmpty()).toBe(true);
    expect(sink.of('gap')).toEqual([]); // a new socket's numbering is not a gap
  });
});
