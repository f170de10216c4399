import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newRun } from '../../cli/replay/harness';
import type { FrameKind, RawFrame } from '../../core/types';
import { RecordingSink } from '../testing/recording-sink';
import { OkxAdapter, PONG } from './adapter';

let t = 1_000_000;
const fr = (kind: FrameKind, text: string, extra: Partial<RawFrame> = {}): RawFrame => ({ tUs: (t += 1000), kind, conn: 'ws', text, ...extra });

function feed(texts: (string | RawFrame)[], a = new OkxAdapter(), sink = new RecordingSink()) {
  for (const x of texts) {
    const f = typeof x === 'string' ? fr('ws', x) : x;
    let msg: unknown;
    if (f.kind === 'ws' || f.kind === 'rest') {
      try {
        msg = a.parse(f.text);
      } catch {
        sink.onProblem('bad-json', undefined, '');
        continue;
      }
    }
    a.onFrame(f, msg, sink);
  }
  return { a, sink };
}

/** tardis-node okexSwapV5Messages (MPL-2.0), PROVENANCE.md §3. */
const shapes = (
  JSON.parse(readFileSync(new URL('./fixtures/shape-samples_mark-price-index-tickers-funding-rate-open-interest-bbo-tbt_tardis-node.json', import.meta.url), 'utf8')) as { messages: unknown[] }
).messages.map((m) => JSON.stringify(m));
const shape = (channel: string, n = 0): string => shapes.filter((s) => s.includes(`"channel":"${channel}"`))[n]!;

describe('OkxAdapter control frames', () => {
  it('the plain-text `pong` is a keep-alive, not bad JSON: nothing emitted, no problem through the pipeline', () => {
    expect(new OkxAdapter().parse('pong')).toBe(PONG);
    const { sink } = feed(['pong']);
    expect(sink.calls).toEqual([]);
    const run = newRun([new OkxAdapter()]);
    run.pipeline.push(fr('ws', 'pong'));
    expect(run.pipeline.totals).toEqual({ frames: 1, problems: 0, unknown: 0 });
  });

  it('subscribe / unsubscribe acks emit nothing; our own ping and subscribe frames emit nothing but `syncing`', () => {
    const { sink } = feed([
      '{"event":"subscribe","arg":{"channel":"books","instId":"BTC-USDT"},"connId":"a4d3ae55"}',
      '{"event":"unsubscribe","arg":{"channel":"books","instId":"BTC-USDT"},"connId":"a4d3ae55"}',
      fr('ws_sent', 'ping'),
      fr('ws_open', '', { url: 'wss://ws.okx.com:8443/ws/v5/public' }),
    ]);
    expect(sink.calls).toEqual([]);
    const sub = feed([fr('ws_sent', '{"op":"subscribe","args":[{"channel":"books","instId":"BTC-USDT"},{"channel":"trades","instId":"BTC-USDT"}]}')]).sink;
    expect(sub.calls).toEqual([{ m: 'state', stream: 'okx:BTC-USDT', state: 'syncing', reason: 'subscribed' }]);
  });

  it('`error` and ⚠ `notice` events are problems', () => {
    const { sink } = feed([
      '{"event":"error","code":"60012","msg":"Invalid request: {\\"op\\": \\"subscribe\\"}","connId":"a4d3ae55"}',
      '{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade. Please reconnect.","connId":"a4d3ae55"}',
      '{"event":"mystery"}',
    ]);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['venue-error', 'server-notice']);
    expect(sink.of('unknown')).toHaveLength(1);
  });
});

describe('OkxAdapter channels (tardis-node shape samples)', () => {
  it('trades: `side` is the taker side (venues.md §4.5)', () => {
    const { sink } = feed([shape('trades'), '{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"7","px":"1","sz":"2","side":"sell","ts":"5"}]}']);
    expect(sink.of('trade')).toEqual([
      { m: 'trade', stream: 'okx:BTC-USDT-SWAP', px: '48938.5', sz: '5', taker: 'buy', exchMs: 1640131236050, id: 148266905 },
      { m: 'trade', stream: 'okx:BTC-USDT', px: '1', sz: '2', taker: 'sell', exchMs: 5, id: 7 },
    ]);
  });

  it('mark-price → markPx; funding-rate → fundingRate and fundingTime as nextFundingMs (both shapes)', () => {
    const { sink } = feed([shape('mark-price'), shape('funding-rate', 0), shape('funding-rate', 1)]);
    expect(sink.of('ref').map((r) => [r.stream, r.field, r.value])).toEqual([
      ['okx:WNCG-USDT-SWAP', 'markPx', 2.1729],
      ['okx:WNCG-USDT-SWAP', 'fundingRate', 0.00048105],
      ['okx:WNCG-USDT-SWAP', 'nextFundingMs', 1640131200000],
      ['okx:SOS-USDT-SWAP', 'nextFundingMs', 1640851200000], // no fundingRate in this shape
    ]);
    expect(sink.of('ref')[0]!.exchMs).toBe(1640131259180);
    expect(sink.of('problem')).toEqual([]);
  });

  it('index-tickers: indexPx for the index id and for every SWAP / future seen on it', () => {
    const { sink } = feed([
      fr('ws_sent', '{"op":"subscribe","args":[{"channel":"books","instId":"WNCG-USDT-SWAP"},{"channel":"index-tickers","instId":"WNCG-USDT"}]}'),
      shape('mark-price'),
      '{"arg":{"channel":"mark-price","instId":"WNCG-USDT-220325"},"data":[{"instId":"WNCG-USDT-220325","instType":"FUTURES","markPx":"2.2","ts":"1"}]}',
      shape('index-tickers'),
    ]);
    expect(sink.of('ref').filter((r) => r.field === 'indexPx').map((r) => [r.stream, r.value, r.exchMs])).toEqual([
      ['okx:WNCG-USDT', 2.1675, 1640131290649],
      ['okx:WNCG-USDT-SWAP', 2.1675, 1640131290649],
      ['okx:WNCG-USDT-220325', 2.1675, 1640131290649],
    ]);
  });

  it('bbo-tbt and books5 replace the book on every push (venues.md §4.2)', () => {
    const { sink } = feed([
      shape('bbo-tbt'),
      '{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT-SWAP"},"data":[{"asks":[["38633","1","0","1"]],"bids":[["38632","2","0","1"]],"ts":"1651761120005","seqId":9}]}',
    ]);
    const b = sink.book('okx:BTC-USDT-SWAP');
    expect([b.bids.depth, b.asks.depth, b.bids.at(0)!.pxStr, b.asks.at(0)!.pxStr]).toEqual([1, 1, '38632', '38633']);
    expect(sink.of('book').map((c) => [c.isSnapshot, c.seq])).toEqual([[true, 1651761120004], [true, 9]]);
    expect(sink.of('state').map((s) => s.state)).toEqual(['live']);
  });

  it('a books-l2-tbt update with no snapshot before it waits (syncing) and asks once', () => {
    const { sink } = feed([shape('books-l2-tbt'), shape('books-l2-tbt')]);
    expect(sink.of('book')).toEqual([]);
    expect(sink.of('state').map((s) => s.state)).toEqual(['syncing']);
    expect(sink.of('request')).toHaveLength(1);
  });

  it('tickers and open-interest are known and emit nothing; an unknown channel is counted', () => {
    const { sink } = feed([shape('tickers'), shape('open-interest'), '{"arg":{"channel":"liquidation-orders","instId":"X"},"data":[]}']);
    expect(sink.calls).toEqual([{ m: 'unknown', stream: 'okx:X', detail: 'channel liquidation-orders' }]);
  });
});

describe('OkxAdapter never throws: garbage, malformed and oversized frames are problems', () => {
  it('malformed levels are rejected before anything is applied', () => {
    const { sink } = feed([
      '{"arg":{"channel":"books","instId":"A"},"action":"snapshot","data":[{"asks":[["2","1"]],"bids":[["1","1"],["0.5",7]],"ts":"1","checksum":0,"prevSeqId":-1,"seqId":1}]}',
      '{"arg":{"channel":"books","instId":"A"},"action":"partial","data":[]}',
      '{"arg":{"channel":"trades","instId":"A"},"data":[{"px":"1","sz":"1","side":"up","ts":"1"}]}',
      '{"arg":{"channel":"mark-price","instId":"A"},"data":[{"markPx":""}]}',
      '{"arg":{"channel":"index-tickers","instId":"A"},"data":[7]}',
      '{"arg":{"channel":"funding-rate","instId":"A-SWAP"},"data":[{"fundingRate":""}]}',
    ]);
    expect(sink.of('problem').map((p) => p.code)).toEqual(Array(6).fill('bad-message'));
    expect(sink.book('okx:A').isEmpty()).toBe(true);
    expect(sink.of('book')).toEqual([]);
  });

  it('garbage and a 4 MB frame through the pipeline: counted, no throw', () => {
    const run = newRun([new OkxAdapter()]);
    const big = `{"arg":{"channel":"books","instId":"BIG"},"action":"snapshot","data":[{"asks":[${'["1","1","0","1"],'.repeat(200_000)}7]}]}`;
    const junk = ['', 'not json', '{', '[]', '42', '"str"', 'null', 'PONG', '{"arg":7,"data":[]}', '\u0000\uffff', big, 'x'.repeat(4 << 20)];
    for (const text of junk) for (const kind of ['ws', 'rest'] as const) expect(() => run.pipeline.push(fr(kind, text))).not.toThrow();
    for (const rt of run.pipeline.streams) expect(rt.book.isEmpty(), rt.key).toBe(true); // nothing half-applied
    expect(run.pipeline.totals.problems + run.pipeline.totals.unknown + run.out.problems().length).toBeGreaterThanOrEqual(junk.length * 2);
  });

  it('REST answers for something else are unknown; adapter errors are caught', () => {
    const { sink } = feed([fr('rest', '{"code":"0","data":[]}', { url: 'https://www.okx.com/api/v5/public/instruments?instType=SPOT' })]);
    expect(sink.of('unknown')).toHaveLength(1);
    const a = new OkxAdapter();
    const s = new RecordingSink();
    s.book = () => {
      throw new Error('boom');
    };
    expect(() => a.onFrame(fr('ws', '{}'), { arg: { channel: 'books', instId: 'X' }, action: 'snapshot', data: [{ asks: [], bids: [] }] }, s)).not.toThrow();
    expect(s.of('problem').map((p) => p.code)).toEqual(['adapter-error']);
  });
});
