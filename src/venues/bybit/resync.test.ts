import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NaiveBook, SpyOutput, VENUES_DIR } from '../../cli/replay/harness';
import { readSession } from '../../cli/replay/read-session';
import { STAT } from '../../core/series/stream-stats';
import type { RawFrame, StreamKey } from '../../core/types';
import { Pipeline } from '../../sources/pipeline';
import { BybitAdapter } from './adapter';

/**
 * Real captures with one orderbook delta removed / duplicated / two swapped: the u rule must see
 * it, present nothing across it, ask for a resync, wait in `resyncing` (replay has no requester),
 * and come back live when a snapshot (built by a naive reference from the capture) is injected.
 */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const AGPL = resolve(REPO, '../shared/fixtures/bybit/BYBIT-v5_linear-BTC-ETH-SOL-DOGE_spot-BTC-ETH_2026-08-09_orderbook200-publicTrade-tickers-kline_cryptofeed-v3-AGPL.jsonl');
const HIST = `${VENUES_DIR}bybit/fixtures/XRPUSDT_2024-12-01T0000Z_orderbook500-linear_bybit-public-history.jsonl`;

function loadHistory(path: string): RawFrame[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((text) => ({ tUs: Number(/"ts":(\d+)/.exec(text)![1]) * 1000, kind: 'ws' as const, conn: 'linear', text }));
}

interface Ob {
  topic: string;
  type: string;
  ts: number;
  data: { s: string; b: string[][]; a: string[][]; u: number; seq: number };
}
/** The same topic names exist on both categories' sockets: match the connection too. */
const obOf = (f: RawFrame, topic: string, conn: string): Ob | undefined =>
  f.kind === 'ws' && f.conn === conn && f.text.includes(`"topic":"${topic}"`) ? (JSON.parse(f.text) as Ob) : undefined;

function run(frames: readonly RawFrame[]) {
  const out = new SpyOutput();
  const requests: StreamKey[] = [];
  const p = new Pipeline({
    adapters: [new BybitAdapter('spot'), new BybitAdapter('linear')],
    venueOfConn: (c) => (c.startsWith('spot') ? 'bybit-spot' : 'bybit-linear'),
    out,
    nowPerfMs: () => 0,
    requester: { request: (s) => void requests.push(s) },
  });
  const commitsAfter: number[] = []; // book commits of the stream after each frame
  return { p, out, requests, commitsAfter };
}

const CASES = [
  { name: 'AGPL 2026-08-09 linear BTCUSDT', load: () => readSession(AGPL).frames, topic: 'orderbook.200.BTCUSDT', key: 'bybit-linear:BTCUSDT', conn: 'linear' },
  { name: 'AGPL 2026-08-09 spot ETHUSDT', load: () => readSession(AGPL).frames, topic: 'orderbook.200.ETHUSDT', key: 'bybit-spot:ETHUSDT', conn: 'spot' },
  { name: 'public history XRPUSDT', load: () => loadHistory(HIST), topic: 'orderbook.500.XRPUSDT', key: 'bybit-linear:XRPUSDT', conn: 'linear' },
] as const;

describe.each(CASES)('resync on $name', ({ load, topic, key, conn }) => {
  const frames = load();
  const idx = frames.flatMap((f, i) => (obOf(f, topic, conn)?.type === 'delta' ? [i] : []));
  const k = idx[20]!;

  for (const mutation of ['remove', 'duplicate', 'swap'] as const) {
    it(`${mutation}: gap, nothing applied across, resyncing + request, live again on an injected snapshot`, () => {
      const mutated = frames.slice();
      if (mutation === 'remove') mutated.splice(k, 1);
      else if (mutation === 'duplicate') mutated.splice(k + 1, 0, frames[k]!);
      else [mutated[k], mutated[idx[21]!]] = [mutated[idx[21]!]!, mutated[k]!];
      // The truth after delta idx[30], and a snapshot frame carrying it, injected right after it.
      const ref = new NaiveBook();
      for (const f of frames.slice(0, idx[30]! + 1)) {
        const m = obOf(f, topic, conn);
        if (m?.type === 'snapshot') ref.load(m.data.b, m.data.a);
        else if (m !== undefined) ref.apply(m.data.b, m.data.a);
      }
      const at = obOf(frames[idx[30]!]!, topic, conn)!;
      const snap = JSON.stringify({ topic, type: 'snapshot', ts: at.ts, data: { s: at.data.s, b: ref.sorted('bids'), a: ref.sorted('asks'), u: at.data.u, seq: at.data.seq }, cts: at.ts });
      const injectAt = mutated.indexOf(frames[idx[30]!]!) + 1;
      const r = run(mutated);
      let commitsInGap = 0;
      mutated.forEach((f, i) => {
        if (i === injectAt) r.p.push({ tUs: f.tUs, kind: 'ws', conn, text: snap });
        const rt = r.p.stream(key as StreamKey);
        const before = rt?.stats[STAT.bookUpdates] ?? 0;
        r.p.push(f);
        const rt2 = r.p.stream(key as StreamKey);
        if (rt2 !== undefined && rt2.state !== 'live' && rt2.stats[STAT.gaps]! > 0) commitsInGap += rt2.stats[STAT.bookUpdates]! - before;
        if (i === injectAt - 1) {
          expect(rt2!.state).toBe('resyncing');
          expect(rt2!.book.isEmpty()).toBe(true);
        }
      });
      const rt = r.p.stream(key as StreamKey)!;
      expect(rt.stats[STAT.gaps]).toBe(1);
      expect(r.requests.filter((s) => s === key)).toEqual([key]);
      expect(commitsInGap).toBe(0);
      expect(r.out.events.some((e) => e.type === 'state' && e.stream === key && e.state === 'resyncing')).toBe(true);
      expect(rt.state).toBe('live');
      // After the injected snapshot the book follows the capture again, to its end.
      const end = new NaiveBook();
      for (const f of frames) {
        const m = obOf(f, topic, conn);
        if (m?.type === 'snapshot') end.load(m.data.b, m.data.a);
        else if (m !== undefined) end.apply(m.data.b, m.data.a);
      }
      expect(end.equals(rt.book)).toBe(true);
      expect(rt.stats[STAT.crossedEvents]).toBe(0);
      // No other stream was disturbed.
      for (const o of r.p.streams) if (o.key !== key) expect(o.stats[STAT.gaps], o.key).toBe(0);
    });
  }
});
