import { describe, expect, it } from 'vitest';
import type { FrameKind, RawFrame } from '../../core/types';
import { RecordingSink } from '../testing/recording-sink';
import { OkxAdapter } from './adapter';
import { OKX_BUFFER_CAP } from './book-sync';

/**
 * The seqId/prevSeqId chain (venues.md §4.3), the ⚠ defensive cases, and both bootstraps
 * (in-stream snapshot, announced REST snapshot, §4.4), on hand-made frames.
 */
let t = 1_000_000;
const fr = (kind: FrameKind, text: string, extra: Partial<RawFrame> = {}): RawFrame => ({ tUs: (t += 1000), kind, conn: 'ws', text, ...extra });
const K = 'okx:BTC-USDT' as const;
type L = string[];

function feed(frames: RawFrame[], a = new OkxAdapter(), sink = new RecordingSink()) {
  for (const f of frames) {
    let msg: unknown;
    if (f.kind === 'ws' || f.kind === 'rest') {
      try {
        msg = a.parse(f.text);
      } catch {
        sink.onProblem('bad-json', undefined, f.text.slice(0, 40));
        continue;
      }
    }
    a.onFrame(f, msg, sink);
  }
  return { a, sink };
}

const book = (action: 'snapshot' | 'update', prevSeqId: number, seqId: number, bids: L[] = [], asks: L[] = [], instId = 'BTC-USDT', checksum = 0) =>
  fr('ws', JSON.stringify({ arg: { channel: 'books', instId }, action, data: [{ asks, bids, ts: '1700000000000', checksum, prevSeqId, seqId }] }));
const snap = (seqId: number, bids: L[], asks: L[]) => book('snapshot', -1, seqId, bids, asks);
const upd = (prev: number, seq: number, bids: L[] = [], asks: L[] = []) => book('update', prev, seq, bids, asks);
const REST_URL = 'https://www.okx.com/api/v5/market/books?instId=BTC-USDT&source=0&sz=400';
const rest = (seqId: number | string | undefined, bids: L[], asks: L[], code = '0') =>
  fr('rest', JSON.stringify({ code, msg: '', data: [{ asks, bids, ts: '1700000000000', ...(seqId === undefined ? {} : { seqId }) }] }), { conn: 'http', url: REST_URL });

const levels = (sink: RecordingSink, side: 'bids' | 'asks'): string[] => {
  const s = sink.book(K)[side];
  return Array.from({ length: s.depth }, (_, i) => `${s.at(i)!.pxStr}:${s.at(i)!.szStr}`);
};

describe('venues.md §4.4 worked example, table-driven', () => {
  // Each row: the frame, then what must hold after it.
  const rows: { frame: () => RawFrame; bids: string[]; asks: string[]; seq: number; state: string; gaps: number }[] = [
    { frame: () => snap(100, [['100.0', '1', '0', '1']], [['100.5', '2', '0', '1']]), bids: ['100.0:1'], asks: ['100.5:2'], seq: 100, state: 'live', gaps: 0 },
    {
      frame: () => upd(100, 105, [['100.0', '0', '0', '0'], ['99.9', '3', '0', '2']], []),
      bids: ['99.9:3'],
      asks: ['100.5:2'],
      seq: 105,
      state: 'live',
      gaps: 0,
    },
    { frame: () => upd(110, 111, [['99.8', '1', '0', '1']]), bids: [], asks: [], seq: NaN, state: 'resyncing', gaps: 1 },
  ];
  it('snapshot → update (prevSeqId 100) → update with prevSeqId 110 ≠ 105 ⇒ resync', () => {
    const a = new OkxAdapter();
    const sink = new RecordingSink();
    for (const r of rows) {
      feed([r.frame()], a, sink);
      expect(levels(sink, 'bids')).toEqual(r.bids);
      expect(levels(sink, 'asks')).toEqual(r.asks);
      const s = (a as unknown as { books: Map<string, { seqId: number; state: string }> }).books.get('BTC-USDT')!;
      expect(s.seqId).toEqual(r.seq);
      expect(s.state).toBe(r.state);
      expect(sink.of('gap')).toHaveLength(r.gaps);
    }
    expect(sink.of('book').map((b) => [b.isSnapshot, b.seq])).toEqual([[true, 100], [false, 105]]);
    expect(sink.of('request')).toEqual([{ m: 'request', stream: K, symbol: 'BTC-USDT', retryAfterMs: 0 }]);
    expect(sink.of('gap')[0]!.detail).toContain('prevSeqId 110 != last seqId 105');
  });
});

describe('seqId chain', () => {
  const start = () => feed([snap(100, [['100', '1']], [['101', '1']])]);

  it('a long chain with non-+1 steps stays live (PROVENANCE.md §4.4: seqId is not +1)', () => {
    const { a, sink } = start();
    let prev = 100;
    const frames: RawFrame[] = [];
    for (let i = 0; i < 50; i++) {
      const seq = prev + 1 + (i % 7);
      frames.push(upd(prev, seq, [[String(90 + (i % 5)), String(i + 1)]]));
      prev = seq;
    }
    feed(frames, a, sink);
    expect(sink.of('gap')).toEqual([]);
    expect(sink.of('book')).toHaveLength(51);
    expect(sink.of('book').at(-1)!.seq).toBe(prev);
  });

  it('a removed update breaks the chain: gap, book cleared, nothing presented after, one request', () => {
    const { a, sink } = start();
    feed([upd(100, 103, [['99', '1']]), /* 103→107 missing */ upd(107, 110, [['98', '1']]), upd(110, 111, [['97', '1']])], a, sink);
    expect(sink.of('gap')).toHaveLength(1);
    expect(sink.of('book').map((b) => b.seq)).toEqual([100, 103]);
    expect(sink.book(K).isEmpty()).toBe(true);
    expect(sink.of('state').map((s) => s.state)).toEqual(['live', 'resyncing']);
    expect(sink.of('request')).toHaveLength(1);
  });

  it('a duplicated update breaks the chain (prevSeqId repeats)', () => {
    const { a, sink } = start();
    feed([upd(100, 103, [['99', '1']]), upd(100, 103, [['99', '1']])], a, sink);
    expect(sink.of('gap')).toHaveLength(1);
  });

  it('reordered updates break the chain', () => {
    const { a, sink } = start();
    feed([upd(103, 105, [['98', '1']]), upd(100, 103, [['99', '1']])], a, sink);
    expect(sink.of('gap')).toHaveLength(1);
    expect(sink.of('book').map((b) => b.seq)).toEqual([100]);
  });

  it('⚠ seqId == prevSeqId with empty sides is a heartbeat: nothing emitted, chain continues', () => {
    const { a, sink } = start();
    sink.clear();
    feed([upd(100, 100), upd(100, 104, [['99', '2']])], a, sink);
    expect(sink.of('gap')).toEqual([]);
    expect(sink.of('book').map((b) => b.seq)).toEqual([104]);
  });

  it('⚠ a heartbeat that does not continue the chain is a gap', () => {
    const { a, sink } = start();
    feed([upd(99, 99)], a, sink);
    expect(sink.of('gap')).toHaveLength(1);
  });

  it('⚠ a seqId below its prevSeqId (reset after maintenance) ⇒ resync', () => {
    const { a, sink } = start();
    feed([upd(100, 5, [['99', '1']])], a, sink);
    expect(sink.of('gap')).toHaveLength(1);
    expect(sink.of('gap')[0]!.detail).toContain('seqId 5 < prevSeqId 100');
  });

  it('an update without seqIds after a sequenced snapshot ⇒ resync', () => {
    const { a, sink } = start();
    feed([fr('ws', JSON.stringify({ arg: { channel: 'books', instId: 'BTC-USDT' }, action: 'update', data: [{ asks: [], bids: [['99', '1']], ts: '1', checksum: 0 }] }))], a, sink);
    expect(sink.of('gap')).toHaveLength(1);
  });

  it('every snapshot resets the book (2022-02-27 capture sends two, PROVENANCE.md §3)', () => {
    const { a, sink } = start();
    feed([upd(100, 101, [['99', '1']]), snap(200, [['50', '5']], [['51', '5']])], a, sink);
    expect(levels(sink, 'bids')).toEqual(['50:5']);
    expect(levels(sink, 'asks')).toEqual(['51:5']);
    feed([upd(200, 201, [['49', '1']])], a, sink);
    expect(sink.of('gap')).toEqual([]);
  });

  it('after a gap, the resubscribe answer (a new in-stream snapshot) brings it back; updates between are not applied', () => {
    const { a, sink } = start();
    feed([upd(150, 151, [['99', '1']]), upd(151, 152, [['98', '1']])], a, sink);
    expect(sink.of('book')).toHaveLength(1);
    feed([snap(300, [['10', '1']], [['11', '1']]), upd(300, 301, [['10', '2']])], a, sink);
    expect(sink.of('book').map((b) => [b.isSnapshot, b.seq])).toEqual([[true, 100], [true, 300], [false, 301]]);
    expect(sink.of('state').map((s) => s.state)).toEqual(['live', 'resyncing', 'live']);
    expect(levels(sink, 'bids')).toEqual(['10:2']);
  });

  it('ws_close on the book connection ⇒ connecting, book invalid; a later snapshot rebuilds', () => {
    const { a, sink } = start();
    feed([fr('ws_close', '{"code":1006,"reason":""}')], a, sink);
    expect(sink.book(K).isEmpty()).toBe(true);
    expect(sink.of('state').at(-1)!.state).toBe('connecting');
    feed([snap(500, [['1', '1']], [['2', '1']])], a, sink);
    expect(sink.of('state').at(-1)!.state).toBe('live');
  });
});

describe('REST bootstrap (OKX-LOG "Delist initial snapshot…", venues.md §4.4 ⚠ partly unverified)', () => {
  it('no in-stream snapshot: buffer, request, drop seqId <= snapshot, join by prevSeqId <= snap < seqId', () => {
    const { a, sink } = feed([
      fr('ws_sent', JSON.stringify({ op: 'subscribe', args: [{ channel: 'books', instId: 'BTC-USDT' }] })),
      upd(10, 20, [['99', '1']]),
      upd(20, 30, [['98', '1']]),
      upd(30, 40, [['97', '1']]),
    ]);
    expect(sink.of('request')).toHaveLength(1);
    expect(sink.of('book')).toEqual([]);
    feed([rest(35, [['99', '1'], ['98', '1']], [['101', '1']]), upd(40, 41, [['96', '1']])], a, sink);
    expect(sink.of('book').map((b) => [b.isSnapshot, b.seq])).toEqual([[true, 35], [false, 40], [false, 41]]);
    expect(levels(sink, 'bids')).toEqual(['99:1', '98:1', '97:1', '96:1']);
    expect(sink.of('state').map((s) => s.state)).toEqual(['syncing', 'live']);
  });

  it('a snapshot older than the first buffered prevSeqId is refetched with back-off', () => {
    const { a, sink } = feed([upd(10, 20), upd(20, 30)]);
    feed([rest(5, [['1', '1']], [['2', '1']])], a, sink);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['snapshot-too-old']);
    expect(sink.of('request').map((r) => r.retryAfterMs)).toEqual([0, 1000]);
    feed([rest('25', [['1', '1']], [['2', '1']])], a, sink); // a string seqId is accepted too
    expect(sink.of('book').map((b) => b.seq)).toEqual([25, 30]);
  });

  it('a snapshot that every buffered update is inside waits for the update that crosses it', () => {
    const { a, sink } = feed([upd(10, 20), upd(20, 30)]);
    feed([rest(30, [['1', '1']], [['2', '1']])], a, sink);
    expect(sink.of('book')).toEqual([]);
    feed([upd(30, 31, [['1', '2']])], a, sink);
    expect(sink.of('book').map((b) => b.seq)).toEqual([30, 31]);
  });

  it('missing updates between the snapshot and the buffer ⇒ no overlap, refetch', () => {
    const { a, sink } = feed([upd(10, 20), upd(28, 30)]);
    feed([rest(25, [['1', '1']], [['2', '1']])], a, sink);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['snapshot-no-overlap']);
    expect(sink.of('book')).toEqual([]);
  });

  it('a chain break inside the buffer restarts from the breaking update', () => {
    const { a, sink } = feed([upd(10, 20), upd(20, 30), upd(33, 40)]);
    feed([rest(25, [['1', '1']], [['2', '1']])], a, sink);
    expect(sink.of('book').map((b) => b.seq)).toEqual([25, 30]);
    expect(sink.of('gap')).toHaveLength(1);
    expect(sink.book(K).isEmpty()).toBe(true);
    feed([rest(40, [['1', '1']], [['2', '1']]), upd(40, 41)], a, sink);
    expect(sink.of('book').map((b) => b.seq)).toEqual([25, 30, 40, 41]);
  });

  it('REST errors and answers without seqId are problems, retried with back-off; a snapshot while live is unused', () => {
    const { a, sink } = feed([upd(10, 20)]);
    feed([rest(undefined, [], []), fr('rest_error', '{"status":429,"body":"Too Many Requests"}', { conn: 'http', url: REST_URL }), rest(30, [], [], '50011')], a, sink);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['snapshot-without-seqid', 'snapshot-failed', 'snapshot-failed']);
    expect(sink.of('request').map((r) => r.retryAfterMs)).toEqual([0, 1000, 2000, 4000]);
    feed([snap(100, [['1', '1']], [['2', '1']]), rest(100, [], [])], a, sink);
    expect(sink.of('problem').at(-1)!.code).toBe('snapshot-unused');
  });

  it('the buffer is bounded: overflow is a problem, the newest updates are kept', () => {
    const frames: RawFrame[] = [];
    for (let i = 0; i <= OKX_BUFFER_CAP; i++) frames.push(upd(i * 10, i * 10 + 10));
    const { sink } = feed(frames);
    expect(sink.of('problem').map((p) => p.code)).toEqual(['depth-buffer-overflow']);
  });
});
