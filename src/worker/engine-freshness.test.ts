/**
 * EngineApi.checkFreshness (venues.md §1.4 rule 2) through real Comlink, against a loopback `ws`
 * server serving a real Binance capture and then going silent WITHOUT closing (what a hidden tab
 * may wake up to). The engine's epoch clock is controlled: it runs on the capture's own time, and
 * the test moves it forward as a long-hidden tab would find it. The socket watchdog (performance
 * clock, real time) never fires in the test: only the freshness check can find the stream stale.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { STAT, STAT_WIDTH, stateIndex } from '../core/series/stream-stats';
import type { EngineApi } from '../shared/engine-api';
import { EngineReader } from '../shared/reader';
import { defaultLiveIo, type WsCtor } from '../sources/live/io';
import { Engine } from './engine';
import { IdbSessionStore } from './storage/idb-session-store';
import { value, until } from '../../tests/unit/engine-kit';

const lines = gunzipSync(readFileSync(new URL('../venues/binance/fixtures/BTCUSDT_2024-08-08T2354Z_depth100ms-trade-bookTicker_hftbacktest.jsonl.gz', import.meta.url)))
  .toString('utf8')
  .split('\n')
  .filter(Boolean);
const msgText = (line: string): string => line.slice(line.indexOf('"msg":') + 6, -1);
const wsFrames = lines.filter((l) => l.includes('"kind":"ws"')).slice(0, 600).map(msgText);
const snapshotText = msgText(lines.find((l) => l.includes('"kind":"rest"'))!);
/** Exchange time of the last frame served: the engine's clock starts there. */
const lastE = Math.max(...wsFrames.map((f) => Number(/"E":(\d+)/.exec(f)?.[1] ?? 0)));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function silentAfterCapture(): Promise<{ base: string; paths: string[] }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  const paths: string[] = [];
  wss.on('connection', (ws, req) => {
    paths.push(req.url ?? '');
    if (req.url?.startsWith('/stream?streams=')) {
      for (const f of wsFrames) ws.send(f); // then silence, socket left open
    } else if (req.url === '/ws-api/v3') {
      ws.on('message', (data) => {
        const q = JSON.parse(data.toString()) as { id: string };
        ws.send(`{"id":${JSON.stringify(q.id)},"status":200,"result":${snapshotText},"rateLimits":[]}`);
      });
    }
  });
  await new Promise((r) => wss.once('listening', r));
  cleanups.push(async () => {
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
  });
  return { base: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, paths };
}

describe('Engine.checkFreshness', () => {
  it('idle: nothing to check', async () => {
    const engine = new Engine({ openStore: () => IdbSessionStore.open('freshness-idle') });
    cleanups.push(() => engine.dispose());
    expect(value(await engine.checkFreshness())).toEqual({ mode: 'idle', checked: 0, stale: [], replaced: [] });
  });

  it('a stream whose data is older than staleAfterSec is marked stale and its socket replaced', async () => {
    const { base, paths } = await silentAfterCapture();
    const t0 = Date.now();
    let jumpUs = 0;
    const engine = new Engine({
      openStore: () => IdbSessionStore.open('freshness-live'),
      // epoch clock on the capture's time (+ the test's jump); the performance clock stays real
      liveIo: () => ({ ...defaultLiveIo(), WebSocket: WebSocket as unknown as WsCtor, nowUs: () => lastE * 1000 + (Date.now() - t0) * 1000 + jumpUs }),
      tickMs: 20,
    });
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(engine, port2);
    cleanups.push(async () => {
      await engine.dispose();
      port1.close();
      port2.close();
    });
    const api = Comlink.wrap<EngineApi>(port1);
    value(await api.init({ sharedMemory: true }));
    value(await api.startLive({ venue: 'binance', symbols: ['BTCUSDT'], record: false, endpoints: { streamBase: base, wsApi: `${base}/ws-api/v3`, rest: 'http://127.0.0.1:9' } }));
    const reader = new EngineReader(value(await api.layout()));
    const stats = new Float64Array(STAT_WIDTH);
    await until(() => reader.readStats(0, stats) && stats[STAT.state] === stateIndex('live') && stats[STAT.frames]! >= wsFrames.length);

    // Just back: everything is fresh.
    const fresh = value(await api.checkFreshness());
    expect(fresh).toMatchObject({ mode: 'live', checked: 1, stale: [], replaced: [] });
    expect(paths.filter((p) => p.startsWith('/stream'))).toHaveLength(1);

    // The tab slept 2 minutes (Binance staleAfterSec 30): the silent socket is replaced.
    jumpUs = 120e6;
    const r = value(await api.checkFreshness());
    expect(r.stale).toHaveLength(1);
    expect(r.stale[0]).toMatchObject({ stream: 'binance:BTCUSDT', conn: 'binance:ws', staleAfterMs: 30_000 });
    expect(r.stale[0]!.frameAgeMs).toBeGreaterThan(119_000);
    expect(r.stale[0]!.exchAgeMs).toBeGreaterThan(119_000);
    expect(r.replaced).toEqual(['binance:ws']);
    await until(() => reader.readStats(0, stats) && stats[STAT.state] !== stateIndex('live'));
    expect([stateIndex('stale'), stateIndex('connecting'), stateIndex('syncing')]).toContain(stats[STAT.state]);
    await until(() => paths.filter((p) => p.startsWith('/stream')).length === 2); // the replacement socket
  });
});
