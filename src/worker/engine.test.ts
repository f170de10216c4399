/** The Engine through real Comlink over an in-process MessageChannel, with fake-indexeddb. */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { STAT, STAT_WIDTH, stateIndex } from '../core/series/stream-stats';
import { createBookView } from '../shared/book-slot';
import type { EngineApi, EngineLayout } from '../shared/engine-api';
import { EngineReader } from '../shared/reader';
import { Engine } from './engine';
import { IdbSessionStore } from './storage/idb-session-store';
import { until, value } from '../../tests/unit/engine-kit';

const FIX = new URL('../venues/binance/fixtures/', import.meta.url);
const BTC = 'BTCUSDT_2024-08-08T2354Z_depth100ms-trade-bookTicker_hftbacktest.jsonl.gz';

let dbNo = 0;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function connect(deps: ConstructorParameters<typeof Engine>[0] = {}): { api: Comlink.Remote<EngineApi>; engine: Engine } {
  const name = `engine-test-${++dbNo}`;
  const engine = new Engine({ openStore: () => IdbSessionStore.open(name), tickMs: 20, ...deps });
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(engine, port2);
  const api = Comlink.wrap<EngineApi>(port1);
  cleanups.push(async () => {
    await engine.dispose();
    api[Comlink.releaseProxy]();
    port1.close();
    port2.close();
  });
  return { api, engine };
}

/**
 * The BTCUSDT capture cut right after the depth event whose `u` has the capture's last aligned
 * bookTicker (same `u`): the book at the end of the cut must equal that ticker.
 */
function cutCapture(): { bytes: Uint8Array<ArrayBuffer>; bid: string; ask: string; u: number } {
  const lines = gunzipSync(readFileSync(new URL(BTC, FIX))).toString('utf8').split('\n').filter(Boolean);
  const depthAt = new Map<number, number>();
  const tickers: { u: number; b: string; a: string }[] = [];
  lines.forEach((l, i) => {
    const d = (JSON.parse(l) as { msg?: { data?: { e?: string; u?: number; b?: unknown; a?: unknown } } }).msg?.data;
    if (d?.e === 'depthUpdate') depthAt.set(d.u!, i);
    else if (d && d.e === undefined && typeof d.b === 'string') tickers.push({ u: d.u!, b: d.b, a: d.a as string });
  });
  const last = tickers.filter((t) => depthAt.has(t.u)).at(-1)!;
  const cut = lines.slice(0, depthAt.get(last.u)! + 1);
  return { bytes: new Uint8Array(gzipSync(cut.join('\n') + '\n')) as Uint8Array<ArrayBuffer>, bid: last.b, ask: last.a, u: last.u };
}

describe('Engine over Comlink', () => {
  it('imports a real capture, replays it at max, and the shared book equals the last aligned bookTicker', async () => {
    const { api } = connect();
    const layout0 = value(await api.init({ sharedMemory: true }));
    expect(layout0.shared).toBe(true);
    const cap = cutCapture();
    const progress: number[] = [];
    const summary = value(await api.importSession(new Blob([cap.bytes]), 'btc-cut.jsonl.gz', Comlink.proxy((f: number) => progress.push(f))));
    expect(summary).toMatchObject({ origin: 'import', venues: ['binance'], symbols: ['BTCUSDT'], truncated: false });
    expect(value(await api.listSessions()).map((s) => s.id)).toEqual([summary.id]);

    const mode = value(await api.replay(summary.id, 'max'));
    expect(mode.kind).toBe('replay');
    await until(async () => {
      const m = value(await api.mode());
      return m.kind === 'replay' && m.status.done;
    });
    const m = value(await api.mode());
    expect(m).toMatchObject({ kind: 'replay', status: { sessionId: summary.id, done: true, framesDone: summary.frames, framesTotal: summary.frames } });
    expect(progress.at(-1)).toBe(1);

    const layout = value(await api.layout());
    expect(layout.version).toBeGreaterThan(layout0.version); // the stream set changed
    expect(layout.streams.map((s) => s.key)).toEqual(['binance:BTCUSDT']);
    const reader = new EngineReader(layout);
    const book = createBookView();
    expect(reader.readBook(0, book)).toBe(true);
    expect([book.bidPxStr[0], book.askPxStr[0]]).toEqual([cap.bid, cap.ask]);
    expect(book.venueSeq).toBe(cap.u);
    const stats = new Float64Array(STAT_WIDTH);
    expect(reader.readStats(0, stats)).toBe(true);
    expect(stats[STAT.state]).toBe(stateIndex('live'));
    expect(stats[STAT.gaps]).toBe(0);
    expect(stats[STAT.bboMismatches]).toBe(0);
    expect(stats[STAT.bboChecks]).toBeGreaterThan(500);
    expect(reader.seriesCount(0)).toBeGreaterThan(1000);
    const events = reader.drainEvents();
    expect(events.some((e) => e.type === 'info' && e.detail.startsWith('layout changed'))).toBe(true);
    expect(events.some((e) => e.type === 'state' && e.state === 'live')).toBe(true);
  });

  it('fallback path: pullLayout transfers copies that the same reader reads', async () => {
    const { api } = connect();
    value(await api.init({ sharedMemory: false }));
    const cap = cutCapture();
    const s = value(await api.importSession(new Blob([cap.bytes]), 'btc.jsonl.gz'));
    value(await api.replay(s.id, 'max'));
    await until(async () => {
      const m = value(await api.mode());
      return m.kind === 'replay' && m.status.done;
    });
    const pulled: EngineLayout = value(await api.pullLayout());
    expect(pulled.shared).toBe(false);
    expect(pulled.books[0]).toBeInstanceOf(ArrayBuffer);
    const book = createBookView();
    expect(new EngineReader(pulled).readBook(0, book)).toBe(true);
    expect([book.bidPxStr[0], book.askPxStr[0]]).toEqual([cap.bid, cap.ask]);
  });

  it('pause, speed change and resume at 1×/10×; stop goes idle', async () => {
    const { api } = connect();
    value(await api.init({ sharedMemory: true }));
    const s = value(await api.importSession(new Blob([cutCapture().bytes]), 'btc.jsonl.gz'));
    value(await api.replay(s.id, 10));
    await until(async () => {
      const m = value(await api.mode());
      return m.kind === 'replay' && m.status.framesDone > 10;
    });
    value(await api.pauseReplay());
    const a = value(await api.mode());
    await new Promise((r) => setTimeout(r, 100));
    const b = value(await api.mode());
    expect(a.kind === 'replay' && b.kind === 'replay' && a.status.paused && b.status.framesDone === a.status.framesDone).toBe(true);
    value(await api.setReplaySpeed('max'));
    value(await api.resumeReplay());
    await until(async () => {
      const m = value(await api.mode());
      return m.kind === 'replay' && m.status.done;
    });
    expect(value(await api.stop())).toEqual({ kind: 'idle' });
  });

  it('demo session: imported once as origin demo; sessions rename/export/delete', async () => {
    const bytes = readFileSync(new URL(BTC, FIX));
    let downloads = 0;
    const { api } = connect({
      fetch: async () => {
        downloads++;
        return { ok: true, status: 200, blob: async () => new Blob([bytes]) };
      },
    });
    value(await api.init({ sharedMemory: true }));
    const [d1, d2] = await Promise.all([api.ensureDemoSession('/demo/btc.jsonl.gz'), api.ensureDemoSession('/demo/btc.jsonl.gz')]);
    const d3 = await api.ensureDemoSession('/demo/btc.jsonl.gz');
    expect(value(d1).origin).toBe('demo');
    expect(value(d2).id).toBe(value(d1).id);
    expect(value(d3).id).toBe(value(d1).id);
    expect(downloads).toBe(1);
    const id = value(d1).id;
    value(await api.renameSession(id, 'Demo BTC'));
    const ex = value(await api.exportSession(id));
    expect(ex.fileName).toMatch(/^Demo_BTC_.*\.bookscope\.jsonl\.gz$/);
    const lines = gunzipSync(Buffer.from(await ex.blob.arrayBuffer())).toString('utf8').split('\n').filter(Boolean);
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'bookscope-session', name: 'Demo BTC' });
    expect(lines.length).toBe(value(d1).frames + 1);
    value(await api.deleteSession(id));
    expect(value(await api.listSessions())).toEqual([]);
  });

  it('errors come back as {ok:false}, never as throws', async () => {
    const { api } = connect({
      fetch: async () => ({ ok: false, status: 404, blob: async () => new Blob([]) }),
    });
    expect(await api.startLive({ venue: 'binance', symbols: ['BTCUSDT'], record: false })).toMatchObject({ ok: false, error: expect.stringContaining('init') });
    expect((await api.layout()).ok).toBe(false);
    value(await api.init({ sharedMemory: true }));
    const bad = [
      await api.replay('no-such-session', 'max'),
      await api.replay('x', 3 as never),
      await api.startLive({ venue: 'nope' as never, symbols: ['BTCUSDT'], record: false }),
      await api.startLive({ venue: 'binance', symbols: [], record: false }),
      await api.startLive({ venue: 'binance', symbols: ['BTC USDT'], record: false }),
      await api.startLive({ venue: 'binance', symbols: ['BTCUSDT'], record: false, endpoints: { streamBase: 'http://x', wsApi: 'ws://x', rest: 'http://x' } }),
      await api.setReplaySpeed('max'),
      await api.pauseReplay(),
      await api.resumeReplay(),
      await api.exportSession('nope'),
      await api.renameSession('nope', 'x'),
      await api.importSession(new Blob(['not a session at all\n'.repeat(10)]), 'junk.txt'),
      await api.importSession(new Blob([]), 'empty.jsonl'),
      await api.ensureDemoSession('/demo/missing.jsonl.gz'),
    ];
    for (const r of bad) expect(r).toMatchObject({ ok: false, error: expect.any(String) });
    expect(value(await api.mode())).toEqual({ kind: 'idle' });
  });

  it('storage that does not open: sessions calls fail as values, live still starts without recording', async () => {
    const { api } = connect({ openStore: () => Promise.reject(new Error('IndexedDB unavailable')) });
    const layout = value(await api.init({ sharedMemory: true }));
    expect(await api.listSessions()).toMatchObject({ ok: false, error: expect.stringContaining('IndexedDB unavailable') });
    const mode = value(await api.startLive({ venue: 'binance', symbols: ['BTCUSDT'], record: true, endpoints: { streamBase: 'ws://127.0.0.1:9', wsApi: 'ws://127.0.0.1:9', rest: 'http://127.0.0.1:9' } }));
    expect(mode).toEqual({ kind: 'live', venue: 'binance', symbols: ['BTCUSDT'], recordingSessionId: null });
    const reader = new EngineReader(value(await api.layout()));
    expect(reader.version).toBeGreaterThan(layout.version);
    const events = reader.drainEvents();
    expect(events.some((e) => e.type === 'problem' && e.problem.code === 'recording-failed')).toBe(true);
    expect(value(await api.stop())).toEqual({ kind: 'idle' });
  });
});
