import { describe, expect, it } from 'vitest';
import { loadCaptures, newRun, type Run } from '../../cli/replay/harness';
import { STAT } from '../../core/series/stream-stats';
import type { RawFrame } from '../../core/types';
import { KrakenAdapter } from './adapter';
import { referenceV1 } from './reference';

const F = { apr17: 'kraken/fixtures/KRAKEN-v1_10pairs_2021-04-17_book1000-trade-ticker_cryptofeed.jsonl' };

function runKraken(list: readonly RawFrame[]): Run {
  const run = newRun([new KrakenAdapter()]);
  for (const f of list) run.pipeline.push(f);
  return run;
}

/**
 * Real capture (2021-04-17, v1), one book frame removed / duplicated / reordered / its checksum
 * flipped: the CRC must catch it, the stream goes `resyncing` with an empty book, nothing is
 * committed across, one resync is requested; in a replay it waits for a new snapshot, and an
 * injected snapshot (built by the independent reference) brings it back live.
 */
const frames = loadCaptures(F.apr17);
const PAIR = 'XBT/CHF';
const KEY = `kraken:${PAIR}` as const;

type V1 = unknown[];
const isPairBook = (f: RawFrame): boolean => f.kind === 'ws' && f.text.startsWith('[') && f.text.endsWith(`"book-1000","${PAIR}"]`);
const cOf = (f: RawFrame): string | undefined => /"c":"(\d+)"/.exec(f.text)?.[1];

/** Update frames of PAIR whose checksum differs from the previous one: they changed the top 10. */
const topUpdates: number[] = [];
let prevC: string | undefined;
frames.forEach((f, i) => {
  if (!isPairBook(f) || f.text.includes('"as":')) return;
  const c = cOf(f);
  if (c !== prevC) topUpdates.push(i);
  prevC = c;
});
const k = topUpdates[40]!;

const stream = (run: Run) => run.pipeline.stream(KEY)!;

/** Push frames; return the state right after the first gap of PAIR, and the commit count then. */
function replay(list: readonly RawFrame[], inject?: { after: number; frame: RawFrame }): { run: Run; gapAt: number; atGap: { state: string; empty: boolean; requests: number; nanRows: number; commits: number } | undefined } {
  const run = newRun([new KrakenAdapter()]);
  let gapAt = -1;
  let atGap;
  for (let i = 0; i < list.length; i++) {
    run.pipeline.push(list[i]!);
    const rt = run.pipeline.stream(KEY);
    if (gapAt < 0 && rt !== undefined && rt.stats[STAT.gaps] === 1) {
      gapAt = i;
      atGap = { state: rt.state, empty: rt.book.isEmpty(), requests: run.requests.length, nanRows: run.out.nanRows[rt.idx]!, commits: run.out.bookCommits[rt.idx]! };
    }
    if (gapAt >= 0 && (inject === undefined || i < inject.after)) {
      expect(rt!.state).toBe('resyncing');
      expect(run.out.bookCommits[rt!.idx]).toBe(atGap!.commits); // nothing presented across the gap
      expect(rt!.book.isEmpty()).toBe(true);
    }
    if (inject !== undefined && i === inject.after) run.pipeline.push(inject.frame);
  }
  return { run, gapAt, atGap };
}

function expectDetected(list: readonly RawFrame[], from: number): Run {
  const { run, gapAt, atGap } = replay(list);
  expect(gapAt).toBeGreaterThanOrEqual(from);
  expect(atGap).toEqual({ state: 'resyncing', empty: true, requests: 1, nanRows: 1, commits: expect.any(Number) as number });
  const rt = stream(run);
  expect(rt.stats[STAT.gaps]).toBe(1);
  expect(rt.stats[STAT.checksumFail]).toBe(1);
  expect(run.requests).toEqual([{ stream: KEY, symbol: PAIR, retryAfterMs: 0 }]); // asked once, never repeated
  for (const other of run.pipeline.streams) if (other.key !== KEY) expect(other.stats[STAT.gaps], other.key).toBe(0);
  return run;
}

describe(`fault injection on ${F.apr17} (${PAIR})`, () => {
  it('the chosen frame is a top-of-book update well after the snapshot', () => {
    expect(topUpdates.length).toBeGreaterThan(60);
    expect(cOf(frames[k]!)).toBeDefined();
  });

  it('a removed frame: detected at the next checksum that covers it', () => {
    const cut = frames.filter((_, i) => i !== k);
    expectDetected(cut, k);
  });

  it('a flipped checksum: detected on that very frame', () => {
    const flipped = frames.slice();
    const c = cOf(frames[k]!)!;
    flipped[k] = { ...frames[k]!, text: frames[k]!.text.replace(`"c":"${c}"`, `"c":"${(Number(c) + 1) >>> 0}"`) };
    const { gapAt } = replay(flipped);
    expect(gapAt).toBe(k);
    expectDetected(flipped, k);
  });

  it('a flipped checksum on an update below the top 10 (verified against the cached CRC): detected on that very frame', () => {
    const deep = frames.findIndex((f, i) => i > k && isPairBook(f) && !f.text.includes('"as":') && !topUpdates.includes(i));
    expect(deep).toBeGreaterThan(k);
    const flipped = frames.slice();
    const c = cOf(frames[deep]!)!;
    flipped[deep] = { ...frames[deep]!, text: frames[deep]!.text.replace(`"c":"${c}"`, `"c":"${(Number(c) + 1) >>> 0}"`) };
    const { gapAt } = replay(flipped);
    expect(gapAt).toBe(deep);
    expectDetected(flipped, deep);
  });

  it('two top-of-book frames swapped: detected', () => {
    const j = topUpdates[41]!;
    const swapped = frames.slice();
    [swapped[k], swapped[j]] = [frames[j]!, frames[k]!];
    expectDetected(swapped, k);
  });

  it('a stale duplicate replayed later: detected', () => {
    const dup = frames.slice();
    dup.splice(topUpdates[50]!, 0, frames[k]!);
    expectDetected(dup, topUpdates[50]!);
  });

  it('an adjacent duplicate is idempotent (absolute sizes): no gap, the book still equals the reference', () => {
    const dup = frames.slice();
    dup.splice(k + 1, 0, frames[k]!);
    const run = runKraken(dup);
    expect(stream(run).stats[STAT.gaps]).toBe(0);
    expect(referenceV1(frames).books.get(PAIR)!.equals(stream(run).book)).toBe(true);
  });

  it('recovery: a fresh snapshot (built by the reference) after the gap brings it back live, checksums verify again', () => {
    const cut = frames.filter((_, i) => i !== k);
    const after = topUpdates[48]! - 1; // index in `cut`: several updates after the gap
    const ref = referenceV1(frames.slice(0, after + 2)).books.get(PAIR)!; // cut[after] = frames[after + 1]
    const lv = (side: 'bids' | 'asks') => ref.sorted(side).map(([p, q]) => [p, q, '0.0']);
    const snap: RawFrame = { tUs: cut[after]!.tUs + 1, kind: 'ws', conn: 'ws_book', text: JSON.stringify([464, { as: lv('asks'), bs: lv('bids') }, 'book-1000', PAIR] as V1) };
    const { run, gapAt } = replay(cut, { after, frame: snap });
    expect(gapAt).toBeGreaterThan(0);
    expect(gapAt).toBeLessThan(after);
    const rt = stream(run);
    expect(rt.state).toBe('live');
    expect(rt.stats[STAT.gaps]).toBe(1);
    expect(rt.stats[STAT.snapshots]).toBe(2);
    expect(rt.stats[STAT.checksumFail]).toBe(1);
    expect(rt.stats[STAT.checksumOk]).toBeGreaterThan(100);
    expect(referenceV1(frames).books.get(PAIR)!.equals(rt.book)).toBe(true);
  });

  it('⚠ the limit of the protocol: a lost update deep in the book (top 10 unchanged) is invisible', () => {
    // a frame of PAIR whose checksum equals the previous one: it changed nothing in the top 10
    const deep = frames.findIndex((f, i) => i > k && isPairBook(f) && !topUpdates.includes(i) && !f.text.includes('"r"]'));
    const run = runKraken(frames.filter((_, i) => i !== deep));
    const rt = stream(run);
    const ref = referenceV1(frames).books.get(PAIR)!;
    // Either a later update re-covers the level (book equal) or the book is silently wrong below
    // the top 10; the CRC cannot tell (venues.md §6.2: "over the top 10 levels regardless of depth").
    if (rt.stats[STAT.gaps] === 0) expect(typeof ref.equals(rt.book)).toBe('boolean');
    expect(rt.state === 'live' || rt.state === 'resyncing').toBe(true);
  });
});

describe('socket close and junk', () => {
  it('ws_close puts the book streams of that socket back to connecting; later updates ask for a resync', () => {
    const at = topUpdates[20]!;
    const list = [...frames.slice(0, at), { tUs: frames[at]!.tUs, kind: 'ws_close', conn: 'ws_book', text: '{"code":1006,"reason":""}' } as RawFrame, ...frames.slice(at)];
    const run = runKraken(list);
    const rt = stream(run);
    expect(rt.stats[STAT.reconnects]).toBe(1);
    expect(rt.state).toBe('syncing'); // updates without a snapshot arrived after the close
    expect(rt.book.isEmpty()).toBe(true);
    expect(run.requests.filter((r) => r.stream === KEY)).toHaveLength(1);
    expect(run.pipeline.streams.every((s) => s.state !== 'live' || s.key.startsWith('kraken:') === false)).toBe(true);
  });

  it('garbage and oversized frames are problems, never throws', () => {
    const run = runKraken(frames.slice(0, 200));
    const junk = [
      '', 'nope', '{', '[]', '[1,2]', '42', 'null', '{"channel":"book","type":"update","data":7}',
      '{"channel":"book","type":"update","data":[{"symbol":"XBT/CHF","bids":[{"price":1}]}]}',
      '[464,{"a":[["1"]],"c":"1"},"book-1000","XBT/CHF"]', '[464,{"a":7},"book-1000","XBT/CHF"]',
      '{"channel":"book","type":"snapshot","data":[{"symbol":"X/Y","bids":[],"asks":[],"checksum":-1}]}',
      '{"channel":"nope"}', '{"event":"nope"}', '{"method":"subscribe","success":false,"error":"x"}',
      '{"price":1.0.0}', '\u0000\uffff', '['.repeat(100_000), `{"channel":"book","type":"snapshot","data":[{"symbol":"BIG/USD","bids":[${'{"price":1.0,"qty":1.0},'.repeat(20_000)}{"price":1.0,"qty":1.0}],"asks":[],"checksum":1}]}`,
    ];
    const before = run.pipeline.totals.problems + run.pipeline.totals.unknown + run.pipeline.streams.reduce((s, rt) => s + rt.stats[STAT.problems]! + rt.stats[STAT.unknownMessages]!, 0);
    for (const text of junk) expect(() => run.pipeline.push({ tUs: 1, kind: 'ws', conn: 'ws_book', text })).not.toThrow();
    const after = run.pipeline.totals.problems + run.pipeline.totals.unknown + run.pipeline.streams.reduce((s, rt) => s + rt.stats[STAT.problems]! + rt.stats[STAT.unknownMessages]!, 0);
    expect(after - before).toBeGreaterThanOrEqual(junk.length);
    expect(run.pipeline.stream('kraken:BIG/USD')).toBeUndefined(); // 20,001 levels: rejected, no stream
    expect(stream(run).state).toBe('resyncing'); // the malformed XBT/CHF frames cost that book its trust
  });
});
