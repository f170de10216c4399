import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NaiveBook, SpyOutput, VENUES_DIR } from '../../cli/replay/harness';
import { readSession } from '../../cli/replay/read-session';
import type { L2Book } from '../../core/book/l2-book';
import { STAT } from '../../core/series/stream-stats';
import type { RawFrame, StreamKey } from '../../core/types';
import { Pipeline } from '../../sources/pipeline';
import { BybitAdapter } from './adapter';

/**
 * Bybit v5 captures through the real pipeline (both categories, routed by connection), with the
 * counts ../shared/fixtures/PROVENANCE.md reports, an independent naive replay as the reference
 * book, and a crossed-book check at every commit.
 */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** AGPL: read in place from the shared folder, never copied (PROVENANCE.md §2 CF3). */
export const AGPL = resolve(REPO, '../shared/fixtures/bybit/BYBIT-v5_linear-BTC-ETH-SOL-DOGE_spot-BTC-ETH_2026-08-09_orderbook200-publicTrade-tickers-kline_cryptofeed-v3-AGPL.jsonl');
const OB1 = `${VENUES_DIR}bybit/fixtures/BYBIT-v5_orderbook1_linear+spot_2025-06-13_cryptofeed-PR1085.jsonl`;
const HIST = `${VENUES_DIR}bybit/fixtures/XRPUSDT_2024-12-01T0000Z_orderbook500-linear_bybit-public-history.jsonl`;

/** Bybit's public-history archive holds bare messages (no t_us): frame them on a `linear` conn,
 * local time = the message's own `ts` (PROVENANCE.md §1 "Files in other formats"). */
export function loadHistory(path: string): RawFrame[] {
  const out: RawFrame[] = [{ tUs: 0, kind: 'ws_open', conn: 'linear', url: 'wss://stream.bybit.com/v5/public/linear', text: '' }];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const ts = /"ts":(\d+)/.exec(line)?.[1];
    out.push({ tUs: Number(ts) * 1000, kind: 'ws', conn: 'linear', text: line });
  }
  return out;
}

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

export function runBybit(frames: readonly RawFrame[]) {
  const out = new CheckedOutput();
  const requests: StreamKey[] = [];
  let perfMs = 0;
  const pipeline = new Pipeline({
    adapters: [new BybitAdapter('spot'), new BybitAdapter('linear')],
    venueOfConn: (c) => (c.startsWith('spot') ? 'bybit-spot' : 'bybit-linear'),
    out,
    nowPerfMs: () => (perfMs += 0.001),
    requester: { request: (stream) => void requests.push(stream) },
  });
  for (const f of frames) pipeline.push(f);
  const sum = (venue: string, field: keyof typeof STAT): number =>
    pipeline.streams.filter((rt) => rt.venue === venue).reduce((s, rt) => s + rt.stats[STAT[field]]!, 0);
  return { pipeline, out, requests, sum };
}

/** The reference: every orderbook message applied naively (snapshot = load, delta = apply). */
function naiveBooks(frames: readonly RawFrame[]): Map<string, NaiveBook> {
  const books = new Map<string, NaiveBook>();
  for (const f of frames) {
    if (f.kind !== 'ws' || !f.text.includes('"topic":"orderbook.')) continue;
    const m = JSON.parse(f.text) as { type: string; data: { s: string; b: string[][]; a: string[][] } };
    const key = `${f.conn.startsWith('spot') ? 'bybit-spot' : 'bybit-linear'}:${m.data.s}`;
    let ref = books.get(key);
    if (ref === undefined) books.set(key, (ref = new NaiveBook()));
    if (m.type === 'snapshot') ref.load(m.data.b, m.data.a);
    else ref.apply(m.data.b, m.data.a);
  }
  return books;
}

function expectClean(r: ReturnType<typeof runBybit>): void {
  for (const f of ['gaps', 'resyncs', 'crossedEvents', 'problems', 'unknownMessages'] as const) {
    expect(r.sum('bybit-spot', f) + r.sum('bybit-linear', f), f).toBe(0);
  }
  expect(r.pipeline.totals.problems + r.pipeline.totals.unknown).toBe(0);
  expect(r.out.problems()).toEqual([]);
  expect(r.requests).toEqual([]);
  expect(r.out.crossedCommits).toBe(0);
  for (const rt of r.pipeline.streams) expect(r.out.nanInLiveRows[rt.idx], rt.key).toBe(0);
}

describe('Bybit v5 captures through the pipeline', () => {
  it('header-less import maps each connection to its category (registry sniff/symbolsOf)', () => {
    const h = readSession(AGPL).header;
    expect(h.conns).toEqual({ linear: 'bybit-linear', spot: 'bybit-spot' });
    expect(h.symbols).toEqual(['BTCUSDT', 'DOGEUSDT', 'ETHUSDT', 'SOLUSDT']);
    expect(readSession(OB1).header.conns).toEqual({ linear: 'bybit-linear', spot: 'bybit-spot' });
  });

  it('2026-08-09 cryptofeed v3 (AGPL, read in place): linear 4 + 1,594, spot 2 + 548, zero gaps, never crossed', () => {
    const frames = readSession(AGPL).frames;
    const r = runBybit(frames);
    expect(r.sum('bybit-linear', 'snapshots')).toBe(4);
    expect(r.sum('bybit-linear', 'bookUpdates')).toBe(1594);
    expect(r.sum('bybit-spot', 'snapshots')).toBe(2);
    expect(r.sum('bybit-spot', 'bookUpdates')).toBe(548);
    expect(r.out.commits).toBe(4 + 1594 + 2 + 548);
    expectClean(r);
    const books = r.pipeline.streams.filter((rt) => rt.stats[STAT.snapshots]! > 0);
    expect(books.map((rt) => rt.key).sort()).toEqual(
      ['bybit-linear:BTCUSDT', 'bybit-linear:DOGEUSDT', 'bybit-linear:ETHUSDT', 'bybit-linear:SOLUSDT', 'bybit-spot:BTCUSDT', 'bybit-spot:ETHUSDT'],
    );
    const refs = naiveBooks(frames);
    for (const rt of books) {
      expect(rt.state, rt.key).toBe('live');
      expect(refs.get(rt.key)!.equals(rt.book), rt.key).toBe(true);
    }
    // Trades: every publicTrade entry, counted straight from the text (no adapter code).
    const tradeEntries = frames.filter((f) => f.text.includes('"topic":"publicTrade.')).reduce((n, f) => n + (JSON.parse(f.text) as { data: unknown[] }).data.length, 0);
    expect(r.sum('bybit-spot', 'trades') + r.sum('bybit-linear', 'trades')).toBe(tradeEntries);
    expect(tradeEntries).toBeGreaterThanOrEqual(120); // 120 publicTrade messages (PROVENANCE.md)
  });

  it('2026-08-09: linear tickers merge into mark/index/funding references; spot tickers give none', () => {
    const frames = readSession(AGPL).frames;
    const r = runBybit(frames);
    // Expected values: the last message that carried each field, read from the text.
    const last = new Map<string, Record<string, string>>();
    for (const f of frames) {
      if (f.conn !== 'linear' || !f.text.includes('"topic":"tickers.')) continue;
      const d = (JSON.parse(f.text) as { data: Record<string, string> }).data;
      last.set(d.symbol!, { ...last.get(d.symbol!), ...d });
    }
    expect(last.size).toBe(4);
    for (const [sym, d] of last) {
      const s = r.pipeline.stream(`bybit-linear:${sym}`)!.stats;
      expect(s[STAT.markPx], sym).toBe(Number(d.markPrice));
      expect(s[STAT.indexPx], sym).toBe(Number(d.indexPrice));
      expect(s[STAT.fundingRate], sym).toBe(Number(d.fundingRate));
      expect(s[STAT.nextFundingMs], sym).toBe(Number(d.nextFundingTime));
    }
    expect(r.pipeline.stream('bybit-linear:BTCUSDT')!.stats[STAT.nextFundingMs]).toBe(1786320000000);
    for (const rt of r.pipeline.streams.filter((x) => x.venue === 'bybit-spot')) expect(rt.stats[STAT.markPx], rt.key).toBeNaN();
  });

  it('2025-06-13 orderbook.1 (PR1085): 359 lines, every push a snapshot, repeated u is not a gap', () => {
    const frames = readSession(OB1).frames;
    expect(frames.length).toBe(359);
    const r = runBybit(frames);
    const pushes = frames.filter((f) => f.text.includes('"topic":"orderbook.1.'));
    expect(pushes.every((f) => f.text.includes('"type":"snapshot"'))).toBe(true);
    expect(r.sum('bybit-spot', 'snapshots') + r.sum('bybit-linear', 'snapshots')).toBe(pushes.length);
    expect(pushes.length).toBe(266 + 61 + 10); // +1 steps, repeats, and each of the 10 topics' first push
    expect(r.sum('bybit-spot', 'bookUpdates') + r.sum('bybit-linear', 'bookUpdates')).toBe(0);
    expectClean(r);
    expect(r.pipeline.streams.filter((rt) => rt.state === 'live').length).toBe(10);
  });

  it('2024-12-01 public history XRPUSDT orderbook.500: 1 snapshot + 49 deltas, u 20254869 → 20254918', () => {
    const frames = loadHistory(HIST);
    const r = runBybit(frames);
    const rt = r.pipeline.stream('bybit-linear:XRPUSDT')!;
    expect(rt.stats[STAT.snapshots]).toBe(1);
    expect(rt.stats[STAT.bookUpdates]).toBe(49);
    expect(rt.stats[STAT.seq]).toBe(20254918);
    expect(rt.state).toBe('live');
    expectClean(r);
    expect(naiveBooks(frames).get('bybit-linear:XRPUSDT')!.equals(rt.book)).toBe(true);
  });
});
