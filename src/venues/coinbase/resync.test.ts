import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NaiveBook, SpyOutput } from '../../cli/replay/harness';
import { readSession } from '../../cli/replay/read-session';
import { STAT } from '../../core/series/stream-stats';
import type { RawFrame, StreamKey } from '../../core/types';
import { Pipeline } from '../../sources/pipeline';
import { CoinbaseAdapter } from './adapter';

/**
 * The Advanced Trade capture with one frame removed / duplicated / two swapped: the connection's
 * `sequence_num` must break, both books resync (nothing applied across), and a snapshot frame
 * (built by a naive reference from the capture, numbered in sequence) brings them back live.
 */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const ADV = resolve(REPO, '../shared/fixtures/coinbase/COINBASE-advanced-trade_BTC-USD_ETH-USD_2026-08-09_level2-market_trades-ticker-candles-heartbeats_cryptofeed-v3-AGPL.jsonl.gz');
const PRODUCTS = ['BTC-USD', 'ETH-USD'] as const;

type L2 = { channel: string; events: { type: string; product_id: string; updates: { side: string; price_level: string; new_quantity: string }[] }[] };

function referenceUpTo(frames: readonly RawFrame[], end: number): Map<string, NaiveBook> {
  const refs = new Map<string, NaiveBook>();
  for (const f of frames.slice(0, end)) {
    if (f.kind !== 'ws' || !f.text.includes('"l2_data"')) continue;
    for (const e of (JSON.parse(f.text) as L2).events) {
      if (e.type === 'snapshot') refs.set(e.product_id, new NaiveBook());
      const pick = (side: string) => e.updates.filter((u) => u.side === side).map((u) => [u.price_level, u.new_quantity]);
      refs.get(e.product_id)!.apply(pick('bid'), pick('offer'));
    }
  }
  return refs;
}

const renumber = (f: RawFrame, by: number): RawFrame => ({ ...f, text: f.text.replace(/"sequence_num":(\d+)/, (_, n: string) => `"sequence_num":${Number(n) + by}`) });

describe('Coinbase Advanced Trade resync on the real capture', () => {
  const frames = readSession(ADV).frames;
  const l2Idx = frames.flatMap((f, i) => (f.kind === 'ws' && f.text.includes('"l2_data"') && f.text.includes('"type":"update"') ? [i] : []));
  const k = l2Idx[100]!;
  const injectAfter = l2Idx[200]!; // the original frame after which the fresh snapshot arrives

  for (const mutation of ['remove', 'duplicate', 'swap'] as const) {
    it(`${mutation}: sequence_num break ⇒ both books gap, resyncing, requests; live again on a snapshot`, () => {
      let mutated = frames.slice();
      if (mutation === 'remove') mutated.splice(k, 1);
      else if (mutation === 'duplicate') mutated.splice(k + 1, 0, frames[k]!);
      else [mutated[k], mutated[k + 1]] = [mutated[k + 1]!, mutated[k]!];
      const at = mutated.indexOf(frames[injectAfter]!) + 1;
      const refs = referenceUpTo(frames, injectAfter + 1);
      const seq = Number(/"sequence_num":(\d+)/.exec(frames[injectAfter]!.text)![1]) + 1;
      const events = PRODUCTS.map((p) => ({
        type: 'snapshot',
        product_id: p,
        updates: [...refs.get(p)!.sorted('bids').map(([px, q]) => ({ side: 'bid', event_time: '2026-08-09T21:06:00Z', price_level: px, new_quantity: q })), ...refs.get(p)!.sorted('asks').map(([px, q]) => ({ side: 'offer', event_time: '2026-08-09T21:06:00Z', price_level: px, new_quantity: q }))],
      }));
      const snap: RawFrame = { tUs: frames[injectAfter]!.tUs, kind: 'ws', conn: 'ws1', text: JSON.stringify({ channel: 'l2_data', client_id: '', timestamp: '2026-08-09T21:06:00Z', sequence_num: seq, events }) };
      mutated = [...mutated.slice(0, at), snap, ...mutated.slice(at).map((f) => renumber(f, 1))];

      const out = new SpyOutput();
      const requests: StreamKey[] = [];
      const p = new Pipeline({ adapters: [new CoinbaseAdapter()], out, nowPerfMs: () => 0, requester: { request: (s) => void requests.push(s) } });
      const updatesAt = (): number => PRODUCTS.reduce((s, x) => s + (p.stream(`coinbase:${x}`)?.stats[STAT.bookUpdates] ?? 0), 0);
      let updatesBeforeSnap = NaN;
      mutated.forEach((f, i) => {
        if (i === at) {
          for (const x of PRODUCTS) {
            expect(p.stream(`coinbase:${x}`)!.state, x).toBe('resyncing');
            expect(p.stream(`coinbase:${x}`)!.book.isEmpty(), x).toBe(true);
          }
          updatesBeforeSnap = updatesAt();
        }
        p.push(f);
      });
      for (const x of PRODUCTS) {
        const rt = p.stream(`coinbase:${x}`)!;
        expect(rt.stats[STAT.gaps], x).toBe(1);
        expect(rt.state, x).toBe('live');
        expect(rt.stats[STAT.crossedEvents], x).toBe(0);
        expect(referenceUpTo(frames, frames.length).get(x)!.equals(rt.book), x).toBe(true);
      }
      expect([...requests].sort()).toEqual(['coinbase:BTC-USD', 'coinbase:ETH-USD']);
      // Nothing was applied between the break and the snapshot: the update count at the snapshot
      // equals the count of updates before the broken frame.
      const before = frames.slice(0, k).filter((f) => f.text.includes('"l2_data"')).reduce((n, f) => n + (JSON.parse(f.text) as L2).events.filter((e) => e.type === 'update').length, 0);
      expect(updatesBeforeSnap).toBe(mutation === 'duplicate' ? before + 1 : before);
    });
  }
});
