/**
 * The Engine live, through real Comlink, against a tiny loopback `ws` server that speaks Binance
 * combined streams and WS-API `depth`, serving frames of a real capture byte for byte.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { SERIES_COL, SERIES_COLUMNS } from '../core/series/columns';
import { STAT, STAT_WIDTH, stateIndex } from '../core/series/stream-stats';
import { createBookView } from '../shared/book-slot';
import type { EngineApi } from '../shared/engine-api';
import { EngineReader } from '../shared/reader';
import { defaultLiveIo, type WsCtor } from '../sources/live/io';
import { Engine } from './engine';
import { IdbSessionStore } from './storage/idb-session-store';
import { value, until, readSeries } from '../../tests/unit/engine-kit';

const CAPTURE = new URL('../venues/binance/fixtures/BTCUSDT_2024-08-08T2354Z_depth100ms-trade-bookTicker_hftbacktest.jsonl.gz', import.meta.url);
const lines = gunzipSync(readFileSync(CAPTURE)).toString('utf8').split('\n').filter(Boolean);
// `msg` is the last key of a capture line: slice its text out byte for byte.
const msgText = (line: string): string => line.slice(line.indexOf('"msg":') + 6, -1);
const wsFrames = lines.filter((l) => l.includes('"kind":"ws"')).slice(0, 4000).map(msgText);
const snapshotText = msgText(lines.find((l) => l.includes('"kind":"rest"'))!);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** `closeAfter[n]`: the n-th stream connection is closed by the server after that many frames. */
async function loopbackBinance(closeAfter: number[] = []): Promise<{ base: string; paths: string[] }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  const timers = new Set<ReturnType<typeof setInterval>>();
  const paths: string[] = [];
  wss.on('connection', (ws, req) => {
    paths.push(req.url ?? '');
    if (req.url?.startsWith('/stream?streams=')) {
      let i = 0;
      const limit = closeAfter[paths.filter((p) => p.startsWith('/stream')).length - 1] ?? wsFrames.length;
      const t = setInterval(() => {
        for (const end = Math.min(i + 200, limit); i < end; i++) ws.send(wsFrames[i]!);
        if (i < limit) return;
        clearInterval(t);
        if (limit < wsFrames.length) ws.close(1001, 'going away');
      }, 5);
      timers.add(t);
    } else if (req.url === '/ws-api/v3') {
      ws.on('message', (data) => {
        const req = JSON.parse(data.toString()) as { id: string; method: string };
        if (req.method !== 'depth') return;
        ws.send(`{"id":${JSON.stringify(req.id)},"status":200,"result":${snapshotText},"rateLimits":[]}`);
      });
    } else ws.close(1008, 'unknown path');
  });
  await new Promise((r) => wss.once('listening', r));
  cleanups.push(async () => {
    for (const t of timers) clearInterval(t);
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
  });
  return { base: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, paths };
}

let dbNo = 0;
function connectEngine(fetcher: { wsApiOpenTimeoutMs?: number } = {}): Comlink.Remote<EngineApi> {
  const engine = new Engine({
    openStore: () => IdbSessionStore.open(`engine-live-test-${++dbNo}`),
    liveIo: () => ({ ...defaultLiveIo(), WebSocket: WebSocket as unknown as WsCtor }),
    tickMs: 20,
    liveOptions: { backoff: { baseMs: 20, capMs: 50, healthyMs: 60_000 }, fetcher },
  });
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(engine, port2);
  cleanups.push(async () => {
    await engine.dispose();
    port1.close();
    port2.close();
  });
  return Comlink.wrap<EngineApi>(port1);
}

async function replayToEnd(api: Comlink.Remote<EngineApi>, id: string): Promise<void> {
  value(await api.replay(id, 'max'));
  await until(async () => {
    const m = value(await api.mode());
    return m.kind === 'replay' && m.status.done;
  });
}

async function exportedRecords(api: Comlink.Remote<EngineApi>, id: string): Promise<string[]> {
  const ex = value(await api.exportSession(id));
  return gunzipSync(Buffer.from(await ex.blob.arrayBuffer())).toString('utf8').split('\n').filter(Boolean);
}

describe('Engine live over loopback', () => {
  it('goes live from the WS-API snapshot, records ws_open/ws/ws_sent/ws_close, stops cleanly', async () => {
    const { base, paths } = await loopbackBinance();
    const api = connectEngine();

    const layout = value(await api.init({ sharedMemory: true }));
    const mode = value(
      await api.startLive({ venue: 'binance', symbols: ['btcusdt'], record: true, endpoints: { streamBase: base, wsApi: `${base}/ws-api/v3`, rest: 'http://127.0.0.1:9' } }),
    );
    expect(mode).toMatchObject({ kind: 'live', venue: 'binance', symbols: ['BTCUSDT'], recordingSessionId: expect.any(String) });
    const sessionId = mode.kind === 'live' ? mode.recordingSessionId! : '';

    const reader = new EngineReader(value(await api.layout()));
    expect(reader.version).toBeGreaterThan(layout.version);
    const stats = new Float64Array(STAT_WIDTH);
    await until(() => reader.readStats(0, stats) && stats[STAT.state] === stateIndex('live') && stats[STAT.bboChecks]! >= 5);
    expect(stats[STAT.bboMismatches]).toBe(0);
    expect(stats[STAT.snapshots]).toBe(1);
    const book = createBookView();
    expect(reader.readBook(0, book)).toBe(true);
    expect(book.bidCount).toBeGreaterThan(0);
    expect(book.bidPx[0]!).toBeLessThan(book.askPx[0]!);
    expect(paths).toEqual(['/stream?streams=btcusdt@depth@100ms/btcusdt@trade/btcusdt@bookTicker', '/ws-api/v3']);

    expect(value(await api.stop())).toEqual({ kind: 'idle' });
    reader.readStats(0, stats);
    const liveStats = stats.slice();
    const liveSeries = readSeries(reader);
    expect(liveSeries[SERIES_COL.midPx]!.length).toBeGreaterThan(1); // rows are sampled ≤ 20/s of frame time (pipeline SAMPLE_INTERVAL_US)
    const [summary] = value(await api.listSessions());
    expect(summary).toMatchObject({ id: sessionId, origin: 'live', symbols: ['BTCUSDT'], truncated: false });
    const ex = value(await api.exportSession(sessionId));
    const out = gunzipSync(Buffer.from(await ex.blob.arrayBuffer())).toString('utf8').split('\n').filter(Boolean);
    const header = JSON.parse(out[0]!) as { conns: Record<string, string> };
    expect(header.conns).toEqual({ 'binance:ws': 'binance', 'binance:wsapi': 'binance', 'binance:rest': 'binance' });
    const recs = out.slice(1).map((l) => JSON.parse(l) as { kind: string; conn: string; url?: string; msg?: unknown });
    const kinds = (conn: string) => [...new Set(recs.filter((r) => r.conn === conn).map((r) => r.kind))];
    expect(kinds('binance:ws')).toEqual(['ws_open', 'ws', 'ws_close']);
    expect(kinds('binance:wsapi')).toEqual(['ws_open', 'ws_sent', 'ws', 'ws_close']);
    expect(recs[0]).toMatchObject({ kind: 'ws_open', conn: 'binance:ws', url: `${base}/stream?streams=btcusdt@depth@100ms/btcusdt@trade/btcusdt@bookTicker` });
    // Every market frame the server sent before the stop is in the session, byte for byte, in order.
    const wsTexts = out.slice(1).filter((l) => l.includes('"kind":"ws","conn":"binance:ws"')).map(msgText);
    expect(wsTexts.length).toBeGreaterThan(100);
    expect(wsTexts).toEqual(wsFrames.slice(0, wsTexts.length));
    expect(summary!.frames).toBe(recs.length);

    // Principle 1: replaying the recorded session rebuilds the very same book.
    await replayToEnd(api, sessionId);
    reader.setLayout(value(await api.layout()));
    // Every series row (one per book commit) is bit-identical, except the parse-time column
    // (measured with this machine's clock, not recorded).
    const replaySeries = readSeries(reader);
    for (const col of SERIES_COLUMNS) if (col !== 'parseUs') expect([col, replaySeries[SERIES_COL[col]]]).toEqual([col, liveSeries[SERIES_COL[col]]]);
    reader.readStats(0, stats);
    for (const f of ['bboChecks', 'bboMismatches', 'snapshots', 'gaps', 'trades', 'bookUpdates', 'seq'] as const) expect([f, stats[STAT[f]]]).toEqual([f, liveStats[STAT[f]]]);
  });

  it('reconnects after a server close, re-snapshots, and the session replays the reconnect exactly', async () => {
    const { base, paths } = await loopbackBinance([1500]);
    const api = connectEngine();
    value(await api.init({ sharedMemory: true }));
    const mode = value(await api.startLive({ venue: 'binance', symbols: ['BTCUSDT'], record: true, endpoints: { streamBase: base, wsApi: `${base}/ws-api/v3`, rest: 'http://127.0.0.1:9' } }));
    const sessionId = mode.kind === 'live' ? mode.recordingSessionId! : '';
    const reader = new EngineReader(value(await api.layout()));
    const stats = new Float64Array(STAT_WIDTH);
    await until(() => reader.readStats(0, stats) && stats[STAT.snapshots] === 2 && stats[STAT.state] === stateIndex('live') && stats[STAT.frames]! > 4500);
    expect(stats[STAT.reconnects]).toBeGreaterThanOrEqual(1);
    expect(stats[STAT.bboMismatches]).toBe(0);
    expect(paths.filter((p) => p.startsWith('/stream'))).toHaveLength(2);
    value(await api.stop());
    reader.readStats(0, stats);
    const liveStats = stats.slice();
    const liveSeries = readSeries(reader);

    const recs = (await exportedRecords(api, sessionId)).slice(1).map((l) => JSON.parse(l) as { kind: string; conn: string; msg?: { code?: number } });
    const wsLife = recs.filter((r) => r.conn === 'binance:ws' && r.kind !== 'ws').map((r) => r.kind);
    expect(wsLife).toEqual(['ws_open', 'ws_close', 'ws_open', 'ws_close']);
    expect(recs.find((r) => r.kind === 'ws_close')?.msg).toEqual({ code: 1001, reason: 'going away' });
    expect(recs.filter((r) => r.kind === 'ws_sent')).toHaveLength(2);

    await replayToEnd(api, sessionId);
    reader.setLayout(value(await api.layout()));
    const replaySeries = readSeries(reader);
    for (const col of SERIES_COLUMNS) if (col !== 'parseUs') expect([col, replaySeries[SERIES_COL[col]]]).toEqual([col, liveSeries[SERIES_COL[col]]]);
    reader.readStats(0, stats);
    for (const f of ['bboChecks', 'snapshots', 'gaps', 'reconnects', 'resyncs', 'trades', 'bookUpdates'] as const) expect([f, stats[STAT[f]]]).toEqual([f, liveStats[STAT[f]]]);
  });

  it('falls back to REST when the WS-API does not open; the rest frame (with url) is recorded', async () => {
    const { base } = await loopbackBinance();
    const urls: string[] = [];
    const http = createServer((req, res) => {
      urls.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end(snapshotText);
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => http.close(() => r())));
    const rest = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const api = connectEngine({ wsApiOpenTimeoutMs: 200 });
    value(await api.init({ sharedMemory: true }));
    const mode = value(await api.startLive({ venue: 'binance', symbols: ['BTCUSDT'], record: true, endpoints: { streamBase: base, wsApi: 'ws://127.0.0.1:9', rest } }));
    const reader = new EngineReader(value(await api.layout()));
    const stats = new Float64Array(STAT_WIDTH);
    await until(() => reader.readStats(0, stats) && stats[STAT.state] === stateIndex('live'));
    expect(urls).toEqual(['/api/v3/depth?symbol=BTCUSDT&limit=5000']);
    value(await api.stop());
    const recs = (await exportedRecords(api, mode.kind === 'live' ? mode.recordingSessionId! : '')).slice(1);
    const restLine = recs.find((l) => l.includes('"kind":"rest"'))!;
    expect(JSON.parse(restLine)).toMatchObject({ conn: 'binance:rest', url: `${rest}/api/v3/depth?symbol=BTCUSDT&limit=5000` });
    expect(msgText(restLine)).toBe(snapshotText);
  });
});
