import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newRun } from '../../cli/replay/harness';
import { STAT } from '../../core/series/stream-stats';
import type { RawFrame } from '../../core/types';
import { RecordingSink } from '../testing/recording-sink';
import { KrakenAdapter } from './adapter';
import { crc32Ascii } from './checksum';
import { bookSubscribe } from './meta';

const KDR = readFileSync(new URL('./fixtures/KRAKEN-v2_book_real-single-messages_kraken-data-recorder.jsonl', import.meta.url), 'utf8').trim().split('\n');

const ws = (text: string, tUs = 1, conn = 'ws0'): RawFrame => ({ tUs, kind: 'ws', conn, text });
const sent = (text: string, tUs = 0, conn = 'ws0'): RawFrame => ({ tUs, kind: 'ws_sent', conn, text });

function drive(frames: RawFrame[]): RecordingSink {
  const a = new KrakenAdapter();
  const sink = new RecordingSink();
  for (const f of frames) {
    let msg: unknown;
    if (f.kind === 'ws') {
      try {
        msg = a.parse(f.text);
      } catch {
        continue;
      }
    }
    a.onFrame(f, msg, sink);
  }
  return sink;
}

describe('kraken-data-recorder v2 messages (CC BY-ND, verbatim)', () => {
  it('GST/USD snapshot: checksum 1931231958 verifies, the stream goes live', () => {
    const sink = drive([ws(KDR[0]!)]);
    expect(sink.of('checksum')).toEqual([{ m: 'checksum', stream: 'kraken:GST/USD', ok: true, detail: '' }]);
    expect(sink.of('book')).toMatchObject([{ stream: 'kraken:GST/USD', isSnapshot: true }]);
    expect(sink.of('state').map((s) => s.state)).toEqual(['live']);
    const b = sink.books.get('kraken:GST/USD')!;
    expect(b.bids.at(6)!.pxStr).toBe('0.010'); // literal kept: "0.010", not "0.01"
    expect(b.asks.at(0)!.pxStr).toBe('0.017');
    expect(KDR[0]).toContain('"checksum":1931231958');
  });

  it('the ETH/AUD update without a snapshot: no crash, nothing committed, a resync is asked once', () => {
    const run = newRun([new KrakenAdapter()]);
    run.pipeline.push(ws(KDR[1]!));
    run.pipeline.push(ws(KDR[1]!, 2));
    const rt = run.pipeline.stream('kraken:ETH/AUD')!;
    expect(rt.state).toBe('syncing');
    expect(rt.book.isEmpty()).toBe(true);
    expect(rt.stats[STAT.bookUpdates]).toBe(0);
    expect(rt.stats[STAT.checksumOk]! + rt.stats[STAT.checksumFail]!).toBe(0);
    expect(run.requests).toEqual([{ stream: 'kraken:ETH/AUD', symbol: 'ETH/AUD', retryAfterMs: 0 }]);
  });

  it('both through the pipeline: problems none, unknowns none', () => {
    const run = newRun([new KrakenAdapter()]);
    for (const l of KDR) run.pipeline.push(ws(l));
    expect(run.out.problems()).toEqual([]);
    expect(run.pipeline.totals.unknown).toBe(0);
  });
});

/**
 * venues.md §6.2 worked example (Kraken's "Book checksum (WebSocket v2)" page), as v2 frames with
 * JSON-number literals, subscribed at depth 25 with one extra bid (#11) as headroom. Expected
 * checksums after each step come from §8.4's reference (strings built and hashed independently).
 */
const ASKS: [string, string][] = [
  ['45285.2', '0.00100000'], ['45286.4', '1.54571953'], ['45286.6', '1.54571109'], ['45289.6', '1.54560911'], ['45290.2', '0.15890660'],
  ['45291.8', '1.54553491'], ['45294.7', '0.04454749'], ['45296.1', '0.35380000'], ['45297.5', '0.09945542'], ['45299.5', '0.18772827'],
];
const BIDS: [string, string][] = [
  ['45283.5', '0.10000000'], ['45283.4', '1.54582015'], ['45282.1', '0.10000000'], ['45281.0', '0.10000000'], ['45280.3', '1.54592586'],
  ['45279.0', '0.07990000'], ['45277.6', '0.03310103'], ['45277.5', '0.30000000'], ['45277.3', '1.54602737'], ['45276.6', '0.15445238'],
];
const BID11: [string, string] = ['45276.0', '2.00000000'];

const strip = (s: string): string => s.replace('.', '').replace(/^0+/, '');
const refCrc = (asks: [string, string][], bids: [string, string][]): number =>
  crc32Ascii([...asks.slice(0, 10), ...bids.slice(0, 10)].map(([p, q]) => strip(p) + strip(q)).join(''));
const lv = (l: [string, string][]): string => l.map(([p, q]) => `{"price":${p},"qty":${q}}`).join(',');
const bookMsg = (type: string, bids: [string, string][], asks: [string, string][], checksum: number): string =>
  `{"channel":"book","type":"${type}","data":[{"symbol":"BTC/USD","bids":[${lv(bids)}],"asks":[${lv(asks)}],"checksum":${checksum},"timestamp":"2022-06-13T08:09:10.123456Z"}]}`;

describe('venues.md §6.2 worked example, step by step', () => {
  it('the snapshot top 10 gives the documented 3310070434', () => {
    expect(refCrc(ASKS, BIDS)).toBe(3310070434);
  });

  const steps: { name: string; msg: (prev: number) => string; bestBid: string; bestAsk: string; bids: [string, string][]; asks: [string, string][] }[] = [
    { name: 'snapshot (11 bids)', msg: () => bookMsg('snapshot', [...BIDS, BID11], ASKS, 3310070434), bestBid: '45283.5', bestAsk: '45285.2', bids: BIDS, asks: ASKS },
    {
      name: 'update qty 0 removes the best bid; bid #11 enters the window',
      msg: () => bookMsg('update', [['45283.5', '0']], [], refCrc(ASKS, [...BIDS.slice(1), BID11])),
      bestBid: '45283.4', bestAsk: '45285.2', bids: [...BIDS.slice(1), BID11], asks: ASKS,
    },
    {
      name: 'update in exponent form: qty 0E-8 deletes the best ask, a new ask 45285.0 joins',
      msg: () => bookMsg('update', [], [['45285.2', '0E-8'], ['45285.0', '0.50000000']], refCrc([['45285.0', '0.50000000'], ...ASKS.slice(1)], [...BIDS.slice(1), BID11])),
      bestBid: '45283.4', bestAsk: '45285.0', bids: [...BIDS.slice(1), BID11], asks: [['45285.0', '0.50000000'], ...ASKS.slice(1)],
    },
  ];

  it('each step commits, verifies and shows the expected touch', () => {
    const run = newRun([new KrakenAdapter()]);
    run.pipeline.push(sent(bookSubscribe(['BTC/USD'])));
    steps.forEach((st, i) => {
      run.pipeline.push(ws(st.msg(i), 10 + i));
      const rt = run.pipeline.stream('kraken:BTC/USD')!;
      expect(rt.state, st.name).toBe('live');
      expect(rt.stats[STAT.checksumOk], st.name).toBe(i + 1);
      expect(rt.book.bids.at(0)!.pxStr, st.name).toBe(st.bestBid);
      expect(rt.book.asks.at(0)!.pxStr, st.name).toBe(st.bestAsk);
      for (let r = 0; r < 10; r++) expect([rt.book.bids.at(r)!.pxStr, rt.book.bids.at(r)!.szStr], `${st.name} bid ${r}`).toEqual(st.bids[r]);
    });
    expect(run.out.problems()).toEqual([]);
  });

  it('without the extra bid (depth 10, no headroom) the removal cannot be followed: a gap, not a wrong book', () => {
    const run = newRun([new KrakenAdapter()]);
    run.pipeline.push(ws(bookMsg('snapshot', BIDS, ASKS, 3310070434)));
    run.pipeline.push(ws(steps[1]!.msg(1), 2));
    const rt = run.pipeline.stream('kraken:BTC/USD')!;
    expect(rt.stats[STAT.gaps]).toBe(1);
    expect(rt.state).toBe('resyncing');
    expect(rt.book.isEmpty()).toBe(true);
  });

  it('a plain JSON.parse (trailing zeros lost) would fail the documented checksum', () => {
    const lossy = new KrakenAdapter();
    // what a naive client does: JSON.parse, then String() the numbers
    lossy.parse = (t: string): unknown => JSON.parse(t, (k: string, v: unknown) => ((k === 'price' || k === 'qty') && typeof v === 'number' ? String(v) : v));
    const sink = new RecordingSink();
    const f = ws(bookMsg('snapshot', BIDS, ASKS, 3310070434));
    lossy.onFrame(f, lossy.parse(f.text), sink);
    expect(sink.of('checksum').map((c) => c.ok)).toEqual([false]);
    // and bare JSON numbers are rejected as malformed, never hashed as something else
    const raw = new KrakenAdapter();
    const sink2 = new RecordingSink();
    raw.onFrame(f, JSON.parse(f.text), sink2);
    expect(sink2.of('problem').map((p) => p.code)).toEqual(['bad-message']);
    expect(sink2.of('book')).toEqual([]);
  });
});

describe('v2 control messages and trades', () => {
  const acks = [
    '{"channel":"status","type":"update","data":[{"version":"2.0.0","system":"online","api_version":"v2","connection_id":12393906104898154338}]}',
    '{"channel":"heartbeat"}',
    '{"method":"pong","req_id":7,"time_in":"2023-09-24T14:10:23.799685Z","time_out":"2023-09-24T14:10:23.799703Z"}',
    '{"method":"subscribe","result":{"channel":"book","depth":25,"snapshot":true,"symbol":"BTC/USD"},"success":true,"time_in":"2023-09-25T09:04:31.742599Z","time_out":"2023-09-25T09:04:31.742648Z"}',
    '{"method":"unsubscribe","result":{"channel":"book","depth":25,"symbol":"BTC/USD"},"success":true,"time_in":"2023-09-25T09:04:31.742599Z","time_out":"2023-09-25T09:04:31.742648Z"}',
  ];
  it('status online, heartbeat, pong, subscribe/unsubscribe acks emit nothing', () => {
    expect(drive(acks.map((t) => ws(t))).calls).toEqual([]);
  });

  it('a refused subscribe and a non-online status are problems', () => {
    const sink = drive([
      ws('{"error":"Currency pair not supported ABC/USD","method":"subscribe","success":false,"symbol":"ABC/USD","time_in":"x","time_out":"y"}'),
      ws('{"channel":"status","type":"update","data":[{"system":"maintenance","version":"2.0.0"}]}'),
    ]);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['subscribe-failed', 'venue-status']);
  });

  it('trade side is the taker side; prices keep their text; history snapshots are not emitted', () => {
    const sink = drive([
      ws('{"channel":"trade","type":"snapshot","data":[{"symbol":"BTC/USD","side":"buy","price":1.0,"qty":1.0,"ord_type":"market","trade_id":1,"timestamp":"2023-09-25T07:48:36.925533Z"}]}'),
      ws('{"channel":"trade","type":"update","data":[{"symbol":"MATIC/USD","side":"sell","price":0.5117,"qty":40.00000000,"ord_type":"market","trade_id":4665906,"timestamp":"2023-09-25T07:49:37.708706Z"},{"symbol":"MATIC/USD","side":"buy","price":0.5120,"qty":5.1e-05,"ord_type":"limit","trade_id":4665907,"timestamp":"2023-09-25T07:49:37.708706Z"}]}'),
    ]);
    expect(sink.of('trade')).toEqual([
      { m: 'trade', stream: 'kraken:MATIC/USD', px: '0.5117', sz: '40.00000000', taker: 'sell', exchMs: Date.UTC(2023, 8, 25, 7, 49, 37, 708), id: 4665906 },
      { m: 'trade', stream: 'kraken:MATIC/USD', px: '0.5120', sz: '5.1e-05', taker: 'buy', exchMs: Date.UTC(2023, 8, 25, 7, 49, 37, 708), id: 4665907 },
    ]);
  });

  it('the subscribe we sent sets depth and moves the stream to syncing', () => {
    const sink = drive([sent(bookSubscribe(['BTC/USD']))]);
    expect(sink.of('state')).toEqual([{ m: 'state', stream: 'kraken:BTC/USD', state: 'syncing', reason: 'subscribed' }]);
  });
});
