import { describe, expect, it } from 'vitest';
import { loadCaptures, NaiveBook, newRun, type Run } from '../../cli/replay/harness';
import { STAT } from '../../core/series/stream-stats';
import type { RawFrame } from '../../core/types';
import { OkxAdapter } from './adapter';
import { okxBookChecksum, okxLevelsChecksum } from './checksum';

/**
 * Both OKX captures through the real pipeline: every exchange checksum verifies with the exact
 * counts ../shared/fixtures/PROVENANCE.md §3 reports (290/290, 3,679/3,679), no gap, no crossed
 * book, no problem; the final books equal a naive reference; the full-string checksum of every
 * committed book equals the venue's value (a differential check of the incremental CRC).
 */
const F = {
  may13: 'okx/fixtures/OKX-v5_BTC-USDT_UNI-USD-SWAP_BTC-USD-220527_2022-05-13_books-trades-tickers_cryptofeed.jsonl',
  feb27: 'okx/fixtures/OKX-v5_10inst_2022-02-27_books-l2-tbt-trades-tickers_cryptofeed.jsonl',
};

interface RawBook {
  readonly instId: string;
  readonly action: string;
  readonly bids: string[][];
  readonly asks: string[][];
  readonly checksum: number;
}

/** A books-family message read straight from frame text (no adapter code involved). */
function bookOf(f: RawFrame): RawBook | undefined {
  if (f.kind !== 'ws' || !f.text.includes('"action"')) return undefined;
  const m = JSON.parse(f.text) as { arg: { channel: string; instId: string }; action: string; data: { bids: string[][]; asks: string[][]; checksum: number }[] };
  const d = m.data[0]!;
  return { instId: m.arg.instId, action: m.action, bids: d.bids, asks: d.asks, checksum: d.checksum };
}

function referenceBooks(frames: readonly RawFrame[]): Map<string, NaiveBook> {
  const refs = new Map<string, NaiveBook>();
  for (const f of frames) {
    const b = bookOf(f);
    if (b === undefined) continue;
    let ref = refs.get(b.instId);
    if (ref === undefined) refs.set(b.instId, (ref = new NaiveBook()));
    if (b.action === 'snapshot') ref.load(b.bids, b.asks);
    else ref.apply(b.bids, b.asks);
  }
  return refs;
}

const runOkx = (frames: readonly RawFrame[]): Run => {
  const run = newRun([new OkxAdapter()]);
  for (const f of frames) run.pipeline.push(f);
  return run;
};

const sum = (run: Run, field: keyof typeof STAT): number => run.pipeline.streams.reduce((s, rt) => s + rt.stats[STAT[field]]!, 0);

function expectClean(run: Run): void {
  for (const f of ['gaps', 'resyncs', 'checksumFail', 'crossedEvents', 'problems', 'unknownMessages'] as const) expect(sum(run, f), f).toBe(0);
  expect(run.pipeline.totals).toEqual({ frames: run.pipeline.totals.frames, problems: 0, unknown: 0 });
  expect(run.out.problems()).toEqual([]);
  expect(run.requests).toEqual([]);
  for (const rt of run.pipeline.streams) {
    expect(rt.state, rt.key).toBe('live');
    // Deep out-of-the-money options can have no bids at all: their mid is NaN by right, and the
    // harness counts such rows as "NaN in a live row". Only two-sided books must have none.
    if (!ONE_SIDED.has(rt.key)) expect(run.out.nanInLiveRows[rt.idx], rt.key).toBe(0);
  }
}

/** Option books of the 2022-02-27 capture with an empty bid side throughout (checked below). */
const ONE_SIDED = new Set(['okx:ETH-USD-220624-20000-C', 'okx:ETH-USD-220228-3000-C']);

describe('OKX captures through the pipeline', () => {
  it('2022-05-13 `books`: cksum 290/290 (3 snapshots + 287 updates), 74 trades, no gap', () => {
    const frames = loadCaptures(F.may13);
    const run = runOkx(frames);
    expect(sum(run, 'checksumOk')).toBe(290);
    expect(sum(run, 'snapshots')).toBe(3);
    expect(sum(run, 'bookUpdates')).toBe(287);
    expect(sum(run, 'trades')).toBe(74);
    expect(run.pipeline.streams.map((rt) => rt.key).sort()).toEqual(['okx:BTC-USD-220527', 'okx:BTC-USDT', 'okx:UNI-USD-SWAP']);
    expectClean(run);
    for (const [instId, ref] of referenceBooks(frames)) expect(ref.equals(run.pipeline.stream(`okx:${instId}`)!.book), instId).toBe(true);
  });

  it('2022-02-27 `books-l2-tbt`, 10 instruments: cksum 3,679/3,679 (20 snapshots — two identical per instrument — + 3,659 updates)', () => {
    const frames = loadCaptures(F.feb27);
    const run = runOkx(frames);
    expect(sum(run, 'checksumOk')).toBe(3679);
    expect(sum(run, 'snapshots')).toBe(20);
    for (const rt of run.pipeline.streams) expect(rt.stats[STAT.snapshots], rt.key).toBe(2);
    expect(sum(run, 'bookUpdates')).toBe(3659);
    expect(sum(run, 'trades')).toBe(19);
    expect(run.pipeline.streams).toHaveLength(10);
    expectClean(run);
    for (const key of ONE_SIDED) {
      const rt = run.pipeline.stream(key as `okx:${string}`)!;
      expect([rt.book.bids.depth, rt.book.asks.depth], key).toEqual([0, 2]);
      expect([run.out.liveRows[rt.idx], run.out.nanInLiveRows[rt.idx]! > 0], key).toEqual([0, true]); // every row, none else
    }
    for (const [instId, ref] of referenceBooks(frames)) expect(ref.equals(run.pipeline.stream(`okx:${instId}`)!.book), instId).toBe(true);
  });

  it('differential: the full-string CRC of every committed book equals the venue checksum (3,969 books)', () => {
    let n = 0;
    for (const file of [F.may13, F.feb27]) {
      const run = newRun([new OkxAdapter()]);
      for (const f of loadCaptures(file)) {
        run.pipeline.push(f);
        const b = bookOf(f);
        if (b === undefined) continue;
        expect(okxBookChecksum(run.pipeline.stream(`okx:${b.instId}`)!.book)).toBe(b.checksum);
        n++;
      }
    }
    expect(n).toBe(290 + 3679);
  });

  it('each instrument commits once per book message; its (time-sampled) rows carry the book', () => {
    const frames = loadCaptures(F.may13);
    const run = runOkx(frames);
    const perInst = new Map<string, number>();
    for (const f of frames) {
      const b = bookOf(f);
      if (b !== undefined) perInst.set(b.instId, (perInst.get(b.instId) ?? 0) + 1);
    }
    for (const rt of run.pipeline.streams) {
      expect(run.out.bookCommits[rt.idx], rt.key).toBe(perInst.get(rt.symbol));
      expect(run.out.liveRows[rt.idx], rt.key).toBeGreaterThan(0);
      expect(run.out.liveRows[rt.idx], rt.key).toBeLessThanOrEqual(perInst.get(rt.symbol)!);
    }
  });
});

// ---- faults on the real captures ----------------------------------------------------------------

/** Indices of an instrument's update frames. */
const updatesOf = (frames: readonly RawFrame[], instId: string): number[] =>
  frames.flatMap((f, i) => (bookOf(f)?.instId === instId && bookOf(f)?.action === 'update' ? [i] : []));

/** The true book of `instId` after frame index `upTo` of the ORIGINAL capture. */
function referenceAt(frames: readonly RawFrame[], instId: string, upTo: number): NaiveBook {
  return referenceBooks(frames.slice(0, upTo + 1).filter((f) => bookOf(f)?.instId === instId)).get(instId)!;
}

/** An in-stream snapshot frame carrying `ref` (with its legacy checksum, so it is verified too). */
function snapshotFrame(instId: string, ref: NaiveBook, tUs: number, extra: Record<string, number> = {}): RawFrame {
  const bids = ref.sorted('bids').map(([p, q]) => [p, q, '0', '1']);
  const asks = ref.sorted('asks').map(([p, q]) => [p, q, '0', '1']);
  const checksum = okxLevelsChecksum(bids, asks);
  return { tUs, kind: 'ws', conn: 'ws1', text: JSON.stringify({ arg: { channel: 'books', instId }, action: 'snapshot', data: [{ asks, bids, ts: '1', checksum, ...extra }] }) };
}

const st = (run: Run, instId: string) => run.pipeline.stream(`okx:${instId}`)!;

describe('faults on the 2022-05-13 capture (legacy: the checksum is the only guard)', () => {
  const frames = loadCaptures(F.may13);
  const idx = updatesOf(frames, 'BTC-USDT');
  const k = idx[40]!;
  const mutations: Record<string, (m: RawFrame[]) => void> = {
    remove: (m) => void m.splice(k, 1),
    flip: (m) => void (m[k] = { ...m[k]!, text: m[k]!.text.replace(/"checksum":(-?\d+)/, (_, c: string) => `"checksum":${Number(c) + 1}`) }),
    swap: (m) => void ([m[k], m[idx[41]!]] = [m[idx[41]!]!, m[k]!]),
  };

  it.each(Object.keys(mutations))('%s: detected, resyncing, nothing presented across, asked once; other streams untouched', (name) => {
    const m = frames.slice();
    mutations[name]!(m);
    const run = newRun([new OkxAdapter()]);
    let commitsAtGap = -1;
    for (const f of m) {
      run.pipeline.push(f);
      const rt = st(run, 'BTC-USDT');
      if (rt !== undefined && commitsAtGap < 0 && rt.stats[STAT.gaps] === 1) commitsAtGap = run.out.bookCommits[rt.idx]!;
      if (commitsAtGap >= 0) {
        expect(rt.state).toBe('resyncing');
        expect(rt.book.isEmpty()).toBe(true);
        expect(run.out.bookCommits[rt.idx]).toBe(commitsAtGap);
      }
    }
    const rt = st(run, 'BTC-USDT');
    expect(commitsAtGap).toBeGreaterThan(40);
    expect([rt.stats[STAT.gaps], rt.stats[STAT.checksumFail], rt.stats[STAT.resyncs]]).toEqual([1, 1, 1]);
    expect(run.requests).toEqual([{ stream: 'okx:BTC-USDT', symbol: 'BTC-USDT', retryAfterMs: 0 }]);
    expect(run.out.nanRows[rt.idx]).toBe(1); // the chart breaks at the gap
    for (const other of ['UNI-USD-SWAP', 'BTC-USD-220527']) expect([st(run, other).stats[STAT.gaps], st(run, other).state]).toEqual([0, 'live']);
  });

  it('remove, then a correct snapshot: live again, later checksums verify, final book = reference', () => {
    const m = frames.slice();
    m.splice(k, 1);
    const at = idx[45]!; // original index; in `m` it sits one earlier
    m.splice(at, 0, snapshotFrame('BTC-USDT', referenceAt(frames, 'BTC-USDT', at), frames[at]!.tUs + 1));
    const run = runOkx(m);
    const rt = st(run, 'BTC-USDT');
    expect(rt.state).toBe('live');
    expect([rt.stats[STAT.gaps], rt.stats[STAT.checksumFail], rt.stats[STAT.snapshots]]).toEqual([1, 1, 2]);
    expect(rt.stats[STAT.checksumOk]).toBe(1 + (idx.length - 46) + 1 + 40); // snapshots, updates after, updates before
    expect(referenceBooks(frames).get('BTC-USDT')!.equals(rt.book)).toBe(true);
  });

  it('an adjacent duplicate is harmless here (absolute sizes): no gap, all checksums verify', () => {
    const m = frames.slice();
    m.splice(k + 1, 0, frames[k]!);
    const run = runOkx(m);
    expect(sum(run, 'checksumOk')).toBe(291);
    expect(sum(run, 'gaps')).toBe(0);
    expect(referenceBooks(frames).get('BTC-USDT')!.equals(st(run, 'BTC-USDT').book)).toBe(true);
  });
});

describe('legacy limits: what a checksum cannot see', () => {
  it('a lost update whose every level the next update re-sets leaves the book right: no gap is correct', () => {
    const frames = loadCaptures(F.feb27);
    const next = new Map<number, number>(); // update frame → the same instrument's next update frame
    const last = new Map<string, number>();
    frames.forEach((f, i) => {
      const b = bookOf(f);
      if (b?.action !== 'update') return;
      if (last.has(b.instId)) next.set(last.get(b.instId)!, i);
      last.set(b.instId, i);
    });
    const keys = (b: RawBook): string[] => [...b.bids.map((l) => `b${l[0]}`), ...b.asks.map((l) => `a${l[0]}`)];
    const covered = [...next].filter(([i, j]) => {
      const later = new Set(keys(bookOf(frames[j]!)!));
      return keys(bookOf(frames[i]!)!).every((k) => later.has(k));
    });
    expect(covered.length).toBeGreaterThan(100);
    const [i] = covered[Math.floor(covered.length / 2)]!;
    const run = runOkx(frames.filter((_, x) => x !== i));
    expect(sum(run, 'gaps')).toBe(0);
    const instId = bookOf(frames[i]!)!.instId;
    expect(referenceBooks(frames).get(instId)!.equals(st(run, instId).book)).toBe(true);
  });
});

/** The 2022-02-27 capture rewritten into today's form: seqId/prevSeqId chains (steps of 1–3, not +1,
 * PROVENANCE.md §4.4) and checksum 0 (dead since 2026-06-23). Optionally without in-stream snapshots. */
function sequenced(frames: readonly RawFrame[], dropSnapshotsOf?: string): { frames: RawFrame[]; seqAt: Map<number, number> } {
  const last = new Map<string, number>();
  const seqAt = new Map<number, number>(); // original frame index → its seqId
  const out: RawFrame[] = [];
  frames.forEach((f, i) => {
    const b = bookOf(f);
    if (b === undefined) return void out.push(f);
    const m = JSON.parse(f.text) as { action: string; data: Record<string, unknown>[] };
    const prev = last.get(b.instId) ?? 1000;
    const seq = prev + 1 + (i % 3);
    last.set(b.instId, seq);
    seqAt.set(i, seq);
    Object.assign(m.data[0]!, { checksum: 0, prevSeqId: m.action === 'snapshot' ? -1 : prev, seqId: seq });
    if (m.action === 'snapshot' && b.instId === dropSnapshotsOf) return;
    out.push({ ...f, text: JSON.stringify(m) });
  });
  return { frames: out, seqAt };
}

describe('the 2022-02-27 capture in seqId form (checksum 0): the chain is the guard', () => {
  const original = loadCaptures(F.feb27);
  const { frames } = sequenced(original);

  it('replays clean: 0 gaps, 0 checksum checks, books = reference', () => {
    const run = runOkx(frames);
    expect([sum(run, 'gaps'), sum(run, 'checksumOk'), sum(run, 'checksumFail'), sum(run, 'bookUpdates'), sum(run, 'snapshots')]).toEqual([0, 0, 0, 3659, 20]);
    for (const [instId, ref] of referenceBooks(original)) expect(ref.equals(st(run, instId).book), instId).toBe(true);
  });

  const idx = updatesOf(frames, 'ELON-USDT');
  const k = idx[100]!;
  const faults: Record<string, (m: RawFrame[]) => void> = {
    remove: (m) => void m.splice(k, 1),
    duplicate: (m) => void m.splice(k + 1, 0, m[k]!),
    reorder: (m) => void ([m[k], m[idx[101]!]] = [m[idx[101]!]!, m[k]!]),
  };
  it.each(Object.keys(faults))('%s ⇒ gap, resyncing, book empty, one resubscribe request, nothing after', (name) => {
    const m = frames.slice();
    faults[name]!(m);
    const run = runOkx(m);
    const rt = st(run, 'ELON-USDT');
    expect([rt.stats[STAT.gaps], rt.state, rt.book.isEmpty()]).toEqual([1, 'resyncing', true]);
    expect(run.out.bookCommits[rt.idx]).toBe(2 + 100 + (name === 'remove' ? 0 : name === 'duplicate' ? 1 : 0));
    expect(run.requests).toEqual([{ stream: 'okx:ELON-USDT', symbol: 'ELON-USDT', retryAfterMs: 0 }]);
    expect(sum(run, 'gaps')).toBe(1);
  });

  it('REST bootstrap on real data: no in-stream snapshot, a REST answer mid-stream ⇒ live, book = reference', () => {
    const { frames: noSnap, seqAt } = sequenced(original, 'ELON-USDT');
    const origIdx = updatesOf(original, 'ELON-USDT');
    const at = origIdx[30]!; // the REST answer reflects the book after this update
    const ref = referenceAt(original, 'ELON-USDT', at);
    const restFrame: RawFrame = {
      tUs: original[origIdx[33]!]!.tUs + 1,
      kind: 'rest',
      conn: 'http',
      url: 'https://www.okx.com/api/v5/market/books?instId=ELON-USDT&source=0&sz=400',
      text: JSON.stringify({ code: '0', msg: '', data: [{ asks: ref.sorted('asks'), bids: ref.sorted('bids'), ts: '1', seqId: seqAt.get(at) }] }),
    };
    const insertAt = noSnap.indexOf(noSnap.find((f) => f.tUs > restFrame.tUs)!);
    noSnap.splice(insertAt, 0, restFrame);
    const run = runOkx(noSnap);
    const rt = st(run, 'ELON-USDT');
    expect(rt.state).toBe('live');
    expect([rt.stats[STAT.gaps], rt.stats[STAT.snapshots], rt.stats[STAT.bookUpdates]]).toEqual([0, 1, origIdx.length - 31]);
    expect(run.requests).toEqual([{ stream: 'okx:ELON-USDT', symbol: 'ELON-USDT', retryAfterMs: 0 }]);
    expect(referenceBooks(original).get('ELON-USDT')!.equals(rt.book)).toBe(true);
  });
});
