import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadFrames } from '../../cli/bench/load-frames';
import { BYBIT_AGPL_CAPTURE } from '../../cli/bench/venues/bybit-linear';
import { loadCaptures } from '../../cli/replay/harness';
import type { L2Book } from '../../core/book/l2-book';
import type { EngineEvent, RawFrame, StreamKey, VenueId } from '../../core/types';
import { Pipeline, type PipelineOutput } from '../../sources/pipeline';
import { HeaderInferrer } from '../../sources/session-format';
import { parseKraken } from '../kraken/number-text';
import { createAdapters } from '../registry';

/**
 * The frame readers (frame-scan.ts and each venue's scan.ts) against the generic path they
 * shortcut: the same frames through two pipelines — adapters as shipped, and adapters whose
 * `parse` is plain JSON.parse (so every frame takes the generic handler) — must leave the same
 * trace: every row, book commit (with the top of the book as venue strings), trade and event,
 * and the same final books. Over whole captures, then over captures with frames mutated at
 * random (fast-check, seeded), where the readers must refuse or agree.
 */

/** Everything a pipeline emits, as text. */
class TraceOutput implements PipelineOutput {
  readonly log: string[] = [];
  streamAdded(idx: number, key: StreamKey): void {
    this.log.push(`add ${idx} ${key}`);
  }
  row(idx: number, row: Float64Array): void {
    this.log.push(`row ${idx} ${Array.from(row).join(',')}`);
  }
  bookChanged(idx: number, book: L2Book, seq: number, tUs: number): void {
    this.log.push(`book ${idx} ${seq} ${tUs} ${top(book, 3)}`);
  }
  trade(idx: number, tUs: number, exchMs: number, px: string, sz: string, buy: boolean): void {
    this.log.push(`trade ${idx} ${tUs} ${exchMs} ${px} ${sz} ${buy}`);
  }
  event(ev: EngineEvent): void {
    this.log.push(`event ${JSON.stringify(ev)}`);
  }
}

function top(book: L2Book, n: number): string {
  const out: string[] = [];
  for (const side of [book.bids, book.asks]) {
    for (let r = 0; r < n; r++) {
      const l = side.at(r);
      out.push(l === undefined ? '-' : `${l.pxStr}@${l.szStr}`);
    }
  }
  return out.join(' ');
}

function allLevels(book: L2Book): string {
  return top(book, Math.max(book.bids.depth, book.asks.depth));
}

/** Run `frames` with the adapters their header names; `generic`: no frame reader, every frame
 * through the venue's plain parse. */
function trace(frames: readonly RawFrame[], generic: boolean): string[] {
  const inferrer = new HeaderInferrer();
  for (const f of frames) inferrer.observe(f);
  const { venues, conns } = inferrer.header('run');
  const adapters = createAdapters(venues);
  // Kraken's generic parse keeps v2 number literals as text (number-text.ts); others: JSON.parse
  if (generic) for (const a of adapters) a.parse = a.venue === 'kraken' ? (t: string): unknown => parseKraken(t) : (t: string): unknown => JSON.parse(t);
  const out = new TraceOutput();
  let perfMs = 0;
  const p = new Pipeline({
    adapters,
    venueOfConn: (c) => conns[c] as VenueId | undefined,
    out,
    nowPerfMs: () => (perfMs += 0.001),
    requester: { request: (s, sym, ms, tUs) => void out.log.push(`request ${s} ${sym} ${ms} ${tUs}`) },
  });
  for (const f of frames) p.push(f);
  for (const rt of p.streams) out.log.push(`final ${rt.key} ${rt.state} ${allLevels(rt.book)}`);
  return out.log;
}

/** Count of frames each side's adapters read without JSON.parse (the test must exercise it). */
function scanned(frames: readonly RawFrame[]): number {
  const inferrer = new HeaderInferrer();
  for (const f of frames) inferrer.observe(f);
  const { venues, conns } = inferrer.header('run');
  const adapters = createAdapters(venues);
  let n = 0;
  for (const f of frames) {
    if (f.kind !== 'ws') continue;
    const a = adapters.find((x) => x.venue === conns[f.conn]) ?? adapters[0]!;
    const m = a.parse(f.text);
    if (m !== null && typeof m === 'object' && !Array.isArray(m) && Object.getPrototypeOf(m) !== Object.prototype) n++;
  }
  return n;
}

interface Case {
  readonly name: string;
  readonly frames: () => RawFrame[];
  /** At least this many frames take the reader (so the comparison is not vacuous). */
  readonly minScanned: number;
}

const CASES: readonly Case[] = [
  {
    name: 'bybit v5 2026-08-09 (spot + linear, AGPL, read in place)',
    frames: () => loadFrames(BYBIT_AGPL_CAPTURE),
    minScanned: 2000,
  },
  {
    name: 'bybit v5 orderbook.1 2025-06-13',
    frames: () => loadCaptures('bybit/fixtures/BYBIT-v5_orderbook1_linear+spot_2025-06-13_cryptofeed-PR1085.jsonl'),
    minScanned: 300,
  },
  {
    name: 'coinbase exchange 2021-04-17',
    frames: () => loadCaptures('coinbase/fixtures/COINBASE-exchange_10products_2021-04-17_level2-ticker-matches_cryptofeed.jsonl'),
    minScanned: 9000,
  },
  {
    name: 'okx books 2022-05-13',
    frames: () => loadCaptures('okx/fixtures/OKX-v5_BTC-USDT_UNI-USD-SWAP_BTC-USD-220527_2022-05-13_books-trades-tickers_cryptofeed.jsonl'),
    minScanned: 280,
  },
  {
    // the 2026 pushes carry prevSeqId/seqId after the checksum (venues.md §4.3): chain them in
    name: 'okx books 2022-05-13 with a seqId chain added',
    frames: () => withSeqIds(loadCaptures('okx/fixtures/OKX-v5_BTC-USDT_UNI-USD-SWAP_BTC-USD-220527_2022-05-13_books-trades-tickers_cryptofeed.jsonl')),
    minScanned: 280,
  },
  {
    name: 'okx books-l2-tbt 2022-02-27',
    frames: () => loadCaptures('okx/fixtures/OKX-v5_10inst_2022-02-27_books-l2-tbt-trades-tickers_cryptofeed.jsonl'),
    minScanned: 3600,
  },
  {
    name: 'kraken v1 book-1000 2021-04-05',
    frames: () => loadCaptures('kraken/fixtures/KRAKEN-v1_XBTUSD+9pairs_2021-04-05_book1000_cryptofeed.jsonl'),
    minScanned: 14000,
  },
  {
    name: 'kraken v1 book-1000 + trades 2021-04-17',
    frames: () => loadCaptures('kraken/fixtures/KRAKEN-v1_10pairs_2021-04-17_book1000-trade-ticker_cryptofeed.jsonl'),
    minScanned: 4000,
  },
];

/** OKX book pushes with a per-instrument `prevSeqId`/`seqId` chain appended (snapshot: -1). */
function withSeqIds(frames: RawFrame[]): RawFrame[] {
  const last = new Map<string, number>();
  return frames.map((f) => {
    const m = /^\{"arg":\{"channel":"books","instId":"([^"]+)"\},"action":"(snapshot|update)"/.exec(f.text);
    if (f.kind !== 'ws' || m === null) return f;
    const prev = m[2] === 'snapshot' ? -1 : (last.get(m[1]!) ?? 0);
    const seq = (last.get(m[1]!) ?? 1000) + 7;
    last.set(m[1]!, seq);
    return { ...f, text: f.text.replace(/\}\]\}$/, `,"prevSeqId":${prev},"seqId":${seq}}]}`) };
  });
}

/** Edits that keep a frame JSON-like: characters JSON and the readers treat specially. */
const EDIT_CHARS = ['"', '\\', ',', ':', '[', ']', '{', '}', '0', '1', '9', '.', 'e', '-', ' ', 'x', '\u0001'];

function mutate(text: string, edits: readonly { at: number; op: number; ch: number }[]): string {
  let t = text;
  for (const e of edits) {
    const at = e.at % (t.length + 1);
    const ch = EDIT_CHARS[e.ch % EDIT_CHARS.length]!;
    if (e.op === 0) t = t.slice(0, at) + ch + t.slice(at);
    else if (e.op === 1) t = t.slice(0, at) + t.slice(at + 1);
    else t = t.slice(0, at) + ch + t.slice(at + 1);
  }
  return t;
}

describe('frame readers leave the same trace as JSON.parse + the generic handlers', () => {
  for (const c of CASES) {
    it(`${c.name}: whole capture`, () => {
      const frames = c.frames();
      expect(scanned(frames)).toBeGreaterThanOrEqual(c.minScanned);
      const fast = trace(frames, false);
      const slow = trace(frames, true);
      expect(fast.length).toBe(slow.length);
      for (let i = 0; i < fast.length; i++) if (fast[i] !== slow[i]) expect(fast[i], `trace line ${i}`).toBe(slow[i]);
    });

    it(`${c.name}: mutated frames are refused or read alike`, () => {
      const all = c.frames();
      // a window that holds the first snapshots and the deltas after them
      const firstWs = all.findIndex((f) => f.kind === 'ws');
      const frames = all.slice(0, Math.min(all.length, firstWs + 400));
      const wsIdx = frames.flatMap((f, i) => (f.kind === 'ws' ? [i] : []));
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: wsIdx.length - 1 }), { minLength: 1, maxLength: 3 }),
          fc.array(fc.record({ at: fc.nat(), op: fc.integer({ min: 0, max: 2 }), ch: fc.nat() }), { minLength: 1, maxLength: 3 }),
          (which, edits) => {
            const mutated = frames.slice();
            for (const w of which) {
              const i = wsIdx[w]!;
              // edits aimed inside the frame, biased to its start (headers) half the time
              const f = mutated[i]!;
              mutated[i] = { ...f, text: mutate(f.text, edits.map((e) => ({ ...e, at: e.op === 2 && e.at % 2 === 0 ? e.at % 60 : e.at }))) };
            }
            expect(trace(mutated, false)).toEqual(trace(mutated, true));
          },
        ),
        { numRuns: 60, seed: 20261121 },
      );
    });
  }
});
