import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NaiveBook, SpyOutput, VENUES_DIR } from '../../cli/replay/harness';
import { readSession } from '../../cli/replay/read-session';
import type { L2Book } from '../../core/book/l2-book';
import { STAT } from '../../core/series/stream-stats';
import type { RawFrame, StreamKey } from '../../core/types';
import { Pipeline } from '../../sources/pipeline';
import { CoinbaseAdapter } from './adapter';

/**
 * Coinbase captures through the real pipeline, with PROVENANCE.md's counts, a naive reference
 * replay, a crossed-book check at every commit, and the empirical trade-side finding.
 */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** AGPL: read in place, never copied (PROVENANCE.md §2 CF3). */
const ADV = resolve(REPO, '../shared/fixtures/coinbase/COINBASE-advanced-trade_BTC-USD_ETH-USD_2026-08-09_level2-market_trades-ticker-candles-heartbeats_cryptofeed-v3-AGPL.jsonl.gz');
const EXCH = `${VENUES_DIR}coinbase/fixtures/COINBASE-exchange_10products_2021-04-17_level2-ticker-matches_cryptofeed.jsonl`;

class CheckedOutput extends SpyOutput {
  commits = 0;
  crossedCommits = 0;
  override bookChanged(idx: number, book: L2Book, seq: number, tUs: number): void {
    super.bookChanged(idx, book, seq, tUs);
    if (seq !== seq) return;
    this.commits++;
    if (book.isCrossed()) this.crossedCommits++;
  }
}

function run(frames: readonly RawFrame[]) {
  const out = new CheckedOutput();
  const requests: StreamKey[] = [];
  const p = new Pipeline({ adapters: [new CoinbaseAdapter()], out, nowPerfMs: () => 0, requester: { request: (s) => void requests.push(s) } });
  for (const f of frames) p.push(f);
  const sum = (field: keyof typeof STAT): number => p.streams.reduce((s, rt) => s + rt.stats[STAT[field]]!, 0);
  return { p, out, requests, sum };
}

function expectClean(r: ReturnType<typeof run>): void {
  for (const f of ['gaps', 'resyncs', 'crossedEvents', 'problems', 'unknownMessages'] as const) expect(r.sum(f), f).toBe(0);
  expect(r.p.totals.problems + r.p.totals.unknown).toBe(0);
  expect(r.out.problems()).toEqual([]);
  expect(r.requests).toEqual([]);
  expect(r.out.crossedCommits).toBe(0);
  for (const rt of r.p.streams) expect(r.out.nanInLiveRows[rt.idx], rt.key).toBe(0);
}

const best = (side: Map<string, string>, pick: (a: number, b: number) => number): number => {
  let x = NaN;
  for (const p of side.keys()) x = x !== x ? Number(p) : pick(x, Number(p));
  return x;
};

type Adv = { channel: string; sequence_num: number; events: { type: string; product_id: string; updates: { side: string; price_level: string; new_quantity: string }[]; trades: { product_id: string; price: string; side: string; time: string }[] }[] };

describe('header-less import (registry sniff/symbolsOf)', () => {
  it('both captures map their connection to coinbase with their products', () => {
    expect(readSession(ADV).header).toMatchObject({ venues: ['coinbase'], conns: { ws1: 'coinbase' }, symbols: ['BTC-USD', 'ETH-USD'] });
    expect(readSession(EXCH).header).toMatchObject({ venues: ['coinbase'], conns: { ws1: 'coinbase' } });
    expect(readSession(EXCH).header.symbols).toHaveLength(10);
  });
});

describe('Coinbase Exchange feed, 2021-04-17 cryptofeed (10 products)', () => {
  const frames = readSession(EXCH).frames;
  const msgs = frames.filter((f) => f.kind === 'ws').map((f) => JSON.parse(f.text) as { type: string; product_id: string; bids: string[][]; asks: string[][]; changes: string[][]; side: string });

  it('10 snapshots + 9,719 l2updates applied, never crossed, books equal a naive replay', () => {
    const r = run(frames);
    expect(r.sum('snapshots')).toBe(10);
    expect(r.sum('bookUpdates')).toBe(9719);
    expect(r.out.commits).toBe(9729);
    expectClean(r);
    const refs = new Map<string, NaiveBook>();
    for (const m of msgs) {
      if (m.type === 'snapshot') refs.set(m.product_id, new NaiveBook()), refs.get(m.product_id)!.load(m.bids, m.asks);
      if (m.type === 'l2update') refs.get(m.product_id)!.apply(m.changes.filter((c) => c[0] === 'buy').map((c) => c.slice(1)), m.changes.filter((c) => c[0] === 'sell').map((c) => c.slice(1)));
    }
    expect(refs.size).toBe(10);
    for (const [p, ref] of refs) expect(ref.equals(r.p.stream(`coinbase:${p}`)!.book), p).toBe(true);
    for (const rt of r.p.streams) expect(rt.state, rt.key).toBe('live');
  });

  it('97 matches → trades with the taker = opposite of the maker `side` (venues.md §5.1); last_match not replayed', () => {
    const r = run(frames);
    expect(r.sum('trades')).toBe(97);
    const matches = msgs.filter((m) => m.type === 'match');
    expect(matches.length).toBe(97);
    const adapter = new CoinbaseAdapter();
    const takers: string[] = [];
    const sink = { onTrade: (_s: string, _p: string, _z: string, t: string) => void takers.push(t) };
    const proxy = new Proxy(sink, { get: (t, k) => (k in t ? t[k as 'onTrade'] : () => undefined) });
    for (const f of frames.filter((x) => x.text.includes('"type":"match"'))) adapter.onFrame(f, JSON.parse(f.text), proxy as never);
    expect(takers).toEqual(matches.map((m) => (m.side === 'sell' ? 'buy' : 'sell')));
  });
});

describe('Coinbase Advanced Trade, 2026-08-09 cryptofeed v3 (AGPL, read in place)', () => {
  const frames = readSession(ADV).frames;
  const adv = frames.filter((f) => f.kind === 'ws').map((f) => JSON.parse(f.text) as Adv);

  it('sequence_num +1 across all channels; 2 snapshots + 773 updates; never crossed; equals a naive replay', () => {
    expect(adv.every((m, i) => m.sequence_num === i)).toBe(true);
    const r = run(frames);
    expect(r.sum('snapshots')).toBe(2);
    expect(r.sum('bookUpdates')).toBe(773);
    expectClean(r);
    const refs = new Map<string, NaiveBook>();
    for (const m of adv) {
      if (m.channel !== 'l2_data') continue;
      for (const e of m.events) {
        if (e.type === 'snapshot') refs.set(e.product_id, new NaiveBook());
        const pick = (side: string) => e.updates.filter((u) => u.side === side).map((u) => [u.price_level, u.new_quantity]);
        refs.get(e.product_id)!.apply(pick('bid'), pick('offer'));
      }
    }
    for (const [p, ref] of refs) expect(ref.equals(r.p.stream(`coinbase:${p}`)!.book), p).toBe(true);
    expect([...refs.keys()].sort()).toEqual(['BTC-USD', 'ETH-USD']);
  });

  it('market_trades `side` is the maker side: BUY prints at/below the best bid (28/28), SELL at/above the best ask (49/50)', () => {
    // Independent of the adapter: naive books, each trade compared with the book as of its `time`.
    const us = (s: string): number => {
      const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(s)!;
      return Date.parse(`${m[1]}Z`) * 1000 + Number(`${m[2] ?? ''}000000`.slice(0, 6));
    };
    const books = new Map<string, NaiveBook>();
    const history = new Map<string, [number, number, number][]>(); // [event µs, best bid, best ask]
    const trades: Adv['events'][number]['trades'] = [];
    for (const m of adv) {
      for (const e of m.events) {
        if (m.channel === 'market_trades' && e.type === 'update') trades.push(...e.trades);
        if (m.channel !== 'l2_data') continue;
        if (e.type === 'snapshot') books.set(e.product_id, new NaiveBook()), history.set(e.product_id, []);
        const b = books.get(e.product_id)!;
        let t = 0;
        for (const u of e.updates) {
          t = Math.max(t, us((u as unknown as { event_time: string }).event_time));
          b.apply(u.side === 'bid' ? [[u.price_level, u.new_quantity]] : [], u.side === 'offer' ? [[u.price_level, u.new_quantity]] : []);
        }
        history.get(e.product_id)!.push([t, best(b.bids, Math.max), best(b.asks, Math.min)]);
      }
    }
    const tally: Record<string, number> = {};
    for (const tr of trades) {
      const h = history.get(tr.product_id)!.filter((x) => x[0] < us(tr.time)).at(-1);
      if (h === undefined) continue;
      const px = Number(tr.price);
      const where = px >= h[2] ? 'atAsk' : px <= h[1] ? 'atBid' : 'inside';
      tally[`${tr.side}:${where}`] = (tally[`${tr.side}:${where}`] ?? 0) + 1;
    }
    expect(tally).toEqual({ 'BUY:atBid': 28, 'SELL:atAsk': 49, 'SELL:inside': 1 });
    // …so the adapter reports the taker as the opposite side, oldest trade first.
    const r = run(frames);
    expect(r.sum('trades')).toBe(trades.length);
  });
});
