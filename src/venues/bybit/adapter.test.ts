import { describe, expect, it } from 'vitest';
import type { RawFrame } from '../../core/types';
import { RecordingSink } from '../testing/recording-sink';
import { BybitAdapter, type BybitCategory } from './adapter';

const ws = (text: string, tUs = 1, conn = 'linear'): RawFrame => ({ tUs, kind: 'ws', conn, text });
const ob = (type: 'snapshot' | 'delta', u: number, b: string[][], a: string[][], depth = 50, sym = 'BTCUSDT'): string =>
  JSON.stringify({ topic: `orderbook.${depth}.${sym}`, type, ts: 1700000000000 + u, data: { s: sym, b, a, u, seq: 9000 + u }, cts: 1 });

function drive(texts: readonly string[], category: BybitCategory = 'linear'): { sink: RecordingSink; adapter: BybitAdapter } {
  const adapter = new BybitAdapter(category);
  const sink = new RecordingSink();
  texts.forEach((t, i) => {
    let msg: unknown;
    try {
      msg = adapter.parse(t);
    } catch {
      return;
    }
    adapter.onFrame(ws(t, i, category), msg, sink);
  });
  return { sink, adapter };
}

const levels = (sink: RecordingSink, key = 'bybit-linear:BTCUSDT') => {
  const b = sink.books.get(key as `bybit-linear:${string}`)!;
  const side = (s: typeof b.bids) => Array.from({ length: s.depth }, (_, r) => `${s.at(r)!.pxStr}:${s.at(r)!.szStr}`);
  return { bids: side(b.bids), asks: side(b.asks) };
};

describe('Bybit book rule (venues.md §7.2), table-driven', () => {
  const snap = ob('snapshot', 500, [['100.0', '1.0'], ['99.9', '2.0']], [['100.1', '0.5']]);
  const cases = [
    {
      name: 'venues.md §7.2 worked example',
      texts: [snap, ob('delta', 501, [['100.0', '0'], ['99.8', '4.0']], [['100.1', '0.7']])],
      bids: ['99.9:2.0', '99.8:4.0'],
      asks: ['100.1:0.7'],
      gaps: 0,
      state: 'live',
    },
    { name: 'a later delta with u = 1 ⇒ resync (service restart)', texts: [snap, ob('delta', 1, [['99.0', '1']], [])], bids: [], asks: [], gaps: 1, state: 'resyncing' },
    { name: 'a u jump (502 after 500) ⇒ suspected gap', texts: [snap, ob('delta', 502, [['99.0', '1']], [])], bids: [], asks: [], gaps: 1, state: 'resyncing' },
    { name: 'a repeated u on a delta ⇒ suspected gap', texts: [snap, ob('delta', 500, [['99.0', '1']], [])], bids: [], asks: [], gaps: 1, state: 'resyncing' },
    {
      name: 'any new snapshot resets the book (no gap), u == 1 snapshot included',
      texts: [snap, ob('snapshot', 1, [['98.0', '3']], [['98.5', '1']])],
      bids: ['98.0:3'],
      asks: ['98.5:1'],
      gaps: 0,
      state: 'live',
    },
    {
      name: 'after a gap, deltas are dropped until the next snapshot; then live again',
      texts: [snap, ob('delta', 502, [], []), ob('delta', 503, [['1', '1']], []), ob('snapshot', 900, [['97.0', '1']], [['97.5', '2']]), ob('delta', 901, [['96.0', '5']], [])],
      bids: ['97.0:1', '96.0:5'],
      asks: ['97.5:2'],
      gaps: 1,
      state: 'live',
    },
    {
      name: 'orderbook.1: only snapshots, the same u repeated every 3 s is fine',
      texts: [ob('snapshot', 7, [['10', '1']], [['11', '1']], 1), ob('snapshot', 7, [['10', '1']], [['11', '1']], 1), ob('snapshot', 8, [['10', '2']], [['11', '1']], 1)],
      bids: ['10:2'],
      asks: ['11:1'],
      gaps: 0,
      state: 'live',
    },
    { name: 'a delta before any snapshot is not applied', texts: [ob('delta', 5, [['1', '1']], [])], bids: [], asks: [], gaps: 0, state: undefined },
  ];
  it.each(cases)('$name', ({ texts, bids, asks, gaps, state }) => {
    const { sink } = drive(texts);
    expect(levels(sink)).toEqual({ bids, asks });
    expect(sink.of('gap').length).toBe(gaps);
    expect(sink.of('request').length).toBe(gaps);
    expect(sink.of('state').at(-1)?.state).toBe(state);
    expect(sink.of('problem')).toEqual([]);
  });

  it('commits: onBook(stream, isSnapshot, seq = u, exchMs = ts) for each applied message', () => {
    const { sink } = drive([snap, ob('delta', 501, [], [['100.2', '1']])]);
    expect(sink.of('book')).toEqual([
      { m: 'book', stream: 'bybit-linear:BTCUSDT', isSnapshot: true, seq: 500, exchMs: 1700000000500, tUs: 0 },
      { m: 'book', stream: 'bybit-linear:BTCUSDT', isSnapshot: false, seq: 501, exchMs: 1700000000501, tUs: 1 },
    ]);
  });

  it('a second depth for the same symbol is ignored and counted, never mixed into the book', () => {
    const { sink } = drive([snap, ob('snapshot', 3, [['1', '1']], [['2', '1']], 200), ob('delta', 501, [], [])]);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['second-depth-ignored']);
    expect(levels(sink).bids).toEqual(['100.0:1.0', '99.9:2.0']);
    expect(sink.of('gap')).toEqual([]);
  });
});

describe('Bybit trades, tickers, control frames', () => {
  it('publicTrade: S is the taker side (venues.md §7.3), every entry in order', () => {
    const t = JSON.stringify({
      topic: 'publicTrade.BTCUSDT',
      type: 'snapshot',
      ts: 5,
      data: [
        { T: 3, s: 'BTCUSDT', S: 'Buy', v: '0.1', p: '100.5', L: 'PlusTick', i: 'a9188a0a-82bc', BT: false },
        { T: 4, s: 'BTCUSDT', S: 'Sell', v: '0.2', p: '100.4', i: '2280000001739247417', BT: false },
        { T: 4, s: 'BTCUSDT', S: 'Sell', v: '0.3', p: '100.3', i: '42', BT: false },
      ],
    });
    const { sink } = drive([t]);
    expect(sink.of('trade').map((x) => [x.px, x.sz, x.taker, x.exchMs, x.id])).toEqual([
      ['100.5', '0.1', 'buy', 3, NaN],
      ['100.4', '0.2', 'sell', 4, NaN], // 19 digits: not exact as a double
      ['100.3', '0.3', 'sell', 4, 42],
    ]);
  });

  it('linear tickers: snapshot then partial deltas merged; each carried reference reported', () => {
    const snapT = JSON.stringify({ topic: 'tickers.BTCUSDT', type: 'snapshot', ts: 10, cs: 1, data: { symbol: 'BTCUSDT', markPrice: '100.5', indexPrice: '100.4', fundingRate: '0.0001', nextFundingTime: '1786320000000', bid1Price: '100.4', bid1Size: '1', ask1Price: '100.6', ask1Size: '2' } });
    const deltaT = JSON.stringify({ topic: 'tickers.BTCUSDT', type: 'delta', ts: 11, cs: 2, data: { symbol: 'BTCUSDT', bid1Price: '100.45', bid1Size: '3' } });
    const delta2 = JSON.stringify({ topic: 'tickers.BTCUSDT', type: 'delta', ts: 12, cs: 3, data: { symbol: 'BTCUSDT', markPrice: '100.7' } });
    const { sink, adapter } = drive([snapT, deltaT, delta2]);
    expect(sink.of('ref').map((r) => [r.field, r.value, r.exchMs])).toEqual([
      ['markPx', 100.5, 10],
      ['indexPx', 100.4, 10],
      ['fundingRate', 0.0001, 10],
      ['nextFundingMs', 1786320000000, 10],
      ['markPx', 100.7, 12],
    ]);
    expect(adapter.ticker('BTCUSDT')!.v).toMatchObject({ markPrice: '100.7', indexPrice: '100.4', bid1Price: '100.45', bid1Size: '3', ask1Price: '100.6' });
  });

  it('spot tickers (snapshot-only 24 h stats) emit nothing', () => {
    const t = JSON.stringify({ topic: 'tickers.BTCUSDT', ts: 1, type: 'snapshot', cs: 1, data: { symbol: 'BTCUSDT', lastPrice: '1', usdIndexPrice: '1' } });
    expect(drive([t], 'spot').sink.calls).toEqual([]);
  });

  it('acks, pongs and kline emit nothing; a refused subscribe is a problem', () => {
    const quiet = [
      '{"success":true,"ret_msg":"subscribe","conn_id":"x","op":"subscribe"}',
      '{"success":true,"ret_msg":"","conn_id":"x","req_id":"","op":"subscribe"}',
      '{"success":true,"ret_msg":"pong","conn_id":"x","op":"ping"}',
      '{"op":"pong","args":["1"],"conn_id":"x"}',
      '{"topic":"kline.1.BTCUSDT","data":[],"ts":1,"type":"snapshot"}',
    ];
    expect(drive(quiet).sink.calls).toEqual([]);
    const { sink } = drive(['{"success":false,"ret_msg":"error:handler not found","op":"subscribe"}']);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['subscribe-rejected']);
  });

  it('garbage and oversized frames: problems or unknowns, never a throw, never a book', () => {
    const big = JSON.stringify({ topic: 'orderbook.50.BTCUSDT', type: 'delta', ts: 1, data: { s: 'BTCUSDT', b: Array.from({ length: 100_000 }, () => ['1', 2]), a: [], u: 2 } });
    const junk = ['{}', '[]', '42', 'null', '"x"', '{"topic":7}', '{"topic":"orderbook.50.BTCUSDT"}', '{"topic":"orderbook.x.Y","data":{}}', '{"topic":"publicTrade.X","data":[{"S":"Up"}]}', '{"topic":"tickers.X","data":3}', '{"topic":"mystery.X"}', big];
    const adapter = new BybitAdapter('linear');
    const sink = new RecordingSink();
    for (const t of junk) expect(() => adapter.onFrame(ws(t), JSON.parse(t), sink)).not.toThrow();
    expect(sink.of('problem').length + sink.of('unknown').length).toBeGreaterThanOrEqual(junk.length - 1); // '{}'… each counted
    expect(sink.of('book')).toEqual([]);
    expect(sink.of('trade')).toEqual([]);
  });

  it('ws_sent subscribe ⇒ syncing; ws_close ⇒ connecting with the book cleared; a new snapshot rebuilds', () => {
    const adapter = new BybitAdapter('linear');
    const sink = new RecordingSink();
    const push = (f: RawFrame) => adapter.onFrame(f, f.kind === 'ws' ? JSON.parse(f.text) : undefined, sink);
    push({ tUs: 1, kind: 'ws_open', conn: 'linear', url: 'wss://stream.bybit.com/v5/public/linear', text: '' });
    push({ tUs: 2, kind: 'ws_sent', conn: 'linear', text: '{"op":"subscribe","args":["orderbook.50.BTCUSDT","publicTrade.BTCUSDT"]}' });
    push(ws(ob('snapshot', 10, [['1', '1']], [['2', '1']]), 3));
    push({ tUs: 4, kind: 'ws_close', conn: 'linear', text: '{"code":1006,"reason":""}' });
    expect(sink.of('state').map((s) => s.state)).toEqual(['syncing', 'live', 'connecting']);
    expect(sink.books.get('bybit-linear:BTCUSDT')!.isEmpty()).toBe(true);
    push(ws(ob('delta', 11, [['1', '2']], []), 5));
    expect(sink.of('book').length).toBe(1); // nothing applied on an invalid book
    push(ws(ob('snapshot', 1, [['1', '3']], [['2', '1']]), 6));
    expect(sink.of('state').at(-1)!.state).toBe('live');
    expect(levels(sink).bids).toEqual(['1:3']);
  });
});
