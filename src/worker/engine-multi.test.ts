/**
 * The Engine live on two venues at once, through real Comlink, against one loopback `ws` server
 * that speaks Binance spot (combined streams + WS-API depth) and Bybit v5 public linear (subscribe
 * in-band, snapshot in the stream), each serving real captured frames. Bybit drops one delta on its
 * first pass (an injected gap): the adapter asks for a resync, the live source resubscribes, the
 * server answers with a fresh snapshot. The recorded session replays to the very same rows.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { SERIES_COL, SERIES_COLUMNS } from '../core/series/columns';
import { STAT, STAT_WIDTH, stateIndex } from '../core/series/stream-stats';
import type { EngineApi } from '../shared/engine-api';
import { EngineReader } from '../shared/reader';
import { defaultLiveIo, type WsCtor } from '../sources/live/io';
import { Engine } from './engine';
import { IdbSessionStore } from './storage/idb-session-store';
import { value, until, readSeries } from '../../tests/unit/engine-kit';

const msgText = (line: string): string => line.slice(line.indexOf('"msg":') + 6, -1);
const BN = gunzipSync(readFileSync(new URL('../venues/binance/fixtures/BTCUSDT_2024-08-08T2354Z_depth100ms-trade-bookTicker_hftbacktest.jsonl.gz', import.meta.url)))
  .toString('utf8')
  .split('\n')
  .filter(Boolean);
const bnFrames = BN.filter((l) => l.includes('"kind":"ws"')).slice(0, 3000).map(msgText);
const bnSnapshot = msgText(BN.find((l) => l.includes('"kind":"rest"'))!);
// Bybit public-history lines are bare messages. The capture is `orderbook.500`; we subscribe
// `orderbook.200` (BYBIT_BOOK_DEPTH), whose messages have the same shape: only the topic differs.
const byFrames = readFileSync(new URL('../venues/bybit/fixtures/XRPUSDT_2024-12-01T0000Z_orderbook500-linear_bybit-public-history.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => l.replace('"topic":"orderbook.500.', '"topic":"orderbook.200.'));
// OKX (2022 capture, books with the legacy checksum): BTC-USDT's books and trades messages and
// their subscribe acks, byte for byte (tickers are not subscribed: left out).
const okxFrames = readFileSync(new URL('../venues/okx/fixtures/OKX-v5_BTC-USDT_UNI-USD-SWAP_BTC-USD-220527_2022-05-13_books-trades-tickers_cryptofeed.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.includes('"kind":"ws"') && l.includes('"instId":"BTC-USDT"}') && !l.includes('"channel":"tickers"'))
  .map(msgText);
/** Real ack shape (fixtures/BYBIT-v5_orderbook1_linear+spot_2025-06-13_cryptofeed-PR1085.jsonl). */
const ack = (op: string) => `{"success":true,"ret_msg":"","conn_id":"a38867ec-70b5-4044-a765-54b36bdd6fd9","req_id":"","op":"${op}"}`;
const GAP_AT = 20;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function loopback(): Promise<{ base: string; bybitGot: string[] }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  const timers = new Set<ReturnType<typeof setInterval>>();
  const bybitGot: string[] = [];
  const serve = (ws: WebSocket, frames: readonly string[], skip: number): ReturnType<typeof setInterval> => {
    let i = 0;
    const t = setInterval(() => {
      for (const end = Math.min(i + 50, frames.length); i < end; i++) if (i !== skip) ws.send(frames[i]!);
      if (i >= frames.length) clearInterval(t);
    }, 5);
    timers.add(t);
    return t;
  };
  wss.on('connection', (ws, req) => {
    if (req.url?.startsWith('/stream?streams=')) serve(ws, bnFrames, -1);
    else if (req.url === '/ws-api/v3')
      ws.on('message', (data) => {
        const r = JSON.parse(data.toString()) as { id: string };
        ws.send(`{"id":${JSON.stringify(r.id)},"status":200,"result":${bnSnapshot},"rateLimits":[]}`);
      });
    else if (req.url === '/v5/public/linear') {
      let book: ReturnType<typeof setInterval> | undefined;
      ws.on('message', (data) => {
        const text = data.toString();
        bybitGot.push(text);
        const m = JSON.parse(text) as { op: string; args?: string[] };
        if (m.op === 'ping') return;
        ws.send(ack(m.op));
        if (!m.args?.some((a) => a.startsWith('orderbook.'))) return;
        clearInterval(book);
        // First subscription: one delta goes missing. A resubscribe: the book from its snapshot, whole.
        if (m.op === 'subscribe') book = serve(ws, byFrames, bybitGot.length === 1 ? GAP_AT : -1);
      });
    } else if (req.url === '/ws/v5/public') {
      ws.on('message', (data) => {
        const text = data.toString();
        if (text !== 'ping' && text.includes('"subscribe"')) serve(ws, okxFrames, -1);
      });
    } else ws.close(1008, 'unknown path');
  });
  await new Promise((r) => wss.once('listening', r));
  cleanups.push(async () => {
    for (const t of timers) clearInterval(t);
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
  });
  return { base: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, bybitGot };
}

function connectEngine(): Comlink.Remote<EngineApi> {
  const engine = new Engine({
    openStore: () => IdbSessionStore.open('engine-multi-test'),
    liveIo: () => ({ ...defaultLiveIo(), WebSocket: WebSocket as unknown as WsCtor }),
    tickMs: 20,
    liveOptions: { backoff: { baseMs: 20, capMs: 50, healthyMs: 60_000 } },
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

describe('Engine live on several venues', () => {
  it('Binance spot + Bybit linear + OKX in one pipeline and one session; a gap resyncs by resubscribe; the replay gives the same rows', async () => {
    const { base, bybitGot } = await loopback();
    const api = connectEngine();
    value(await api.init({ sharedMemory: true }));
    const mode = value(
      await api.startLive({
        record: true,
        streams: [
          { venue: 'binance', symbols: ['BTCUSDT'] },
          { venue: 'bybit-linear', symbols: ['xrpusdt'] },
          { venue: 'okx', symbols: ['btc-usdt'] },
        ],
        venueEndpoints: {
          binance: { streamBase: base, wsApi: `${base}/ws-api/v3`, rest: 'http://127.0.0.1:9' },
          'bybit-linear': { public: `${base}/v5/public/linear` },
          okx: { public: `${base}/ws/v5/public` },
        },
      }),
    );
    expect(mode).toMatchObject({ kind: 'live', venue: 'binance', symbols: ['BTCUSDT', 'XRPUSDT', 'BTC-USDT'] });
    const sessionId = mode.kind === 'live' ? mode.recordingSessionId! : '';
    const layout = value(await api.layout());
    expect(layout.streams.map((s) => s.key)).toEqual(['binance:BTCUSDT', 'bybit-linear:XRPUSDT', 'okx:BTC-USDT']);
    const reader = new EngineReader(layout);
    const bn = new Float64Array(STAT_WIDTH);
    const by = new Float64Array(STAT_WIDTH);
    const ok = new Float64Array(STAT_WIDTH);
    const okxBooks = okxFrames.filter((t) => t.includes('"channel":"books"') && t.includes('"action"')).length;
    await until(
      () =>
        reader.readStats(0, bn) && reader.readStats(1, by) && reader.readStats(2, ok) &&
        ok[STAT.state] === stateIndex('live') && ok[STAT.snapshots]! + ok[STAT.bookUpdates]! === okxBooks &&
        bn[STAT.state] === stateIndex('live') && bn[STAT.frames]! >= bnFrames.length &&
        by[STAT.snapshots] === 2 && by[STAT.state] === stateIndex('live') && by[STAT.seq] === JSON.parse(byFrames.at(-1)!).data.u,
    );
    expect(bn[STAT.bboMismatches]).toBe(0);
    expect(bn[STAT.bboChecks]).toBeGreaterThan(5);
    expect(by[STAT.gaps]).toBe(1);
    expect([ok[STAT.gaps], ok[STAT.snapshots], ok[STAT.trades]! > 0]).toEqual([0, 1, true]);
    // The resync went out on the Bybit socket as unsubscribe + subscribe of the book topic only.
    expect(bybitGot.map((t) => (JSON.parse(t) as { op: string; args: string[] }).args.join())).toEqual([
      'orderbook.200.XRPUSDT,publicTrade.XRPUSDT,tickers.XRPUSDT',
      'orderbook.200.XRPUSDT',
      'orderbook.200.XRPUSDT',
    ]);
    value(await api.stop());
    reader.readStats(0, bn);
    reader.readStats(1, by);
    reader.readStats(2, ok);
    const liveStats = [bn.slice(), by.slice(), ok.slice()];
    const liveSeries = [readSeries(reader, 0), readSeries(reader, 1), readSeries(reader, 2)];
    for (const series of liveSeries) expect(series[SERIES_COL.midPx]!.length).toBeGreaterThan(1);

    // One session for both venues; the header routes every label to its venue.
    const ex = value(await api.exportSession(sessionId));
    const lines = gunzipSync(Buffer.from(await ex.blob.arrayBuffer())).toString('utf8').split('\n').filter(Boolean);
    const header = JSON.parse(lines[0]!) as { venues: string[]; conns: Record<string, string>; config: { streams: unknown } };
    expect(header.venues).toEqual(['binance', 'bybit-linear', 'okx']);
    expect(header.conns).toEqual({
      'binance:ws': 'binance',
      'binance:wsapi': 'binance',
      'binance:rest': 'binance',
      'bybit-linear:linear': 'bybit-linear',
      'bybit-linear:rest': 'bybit-linear',
      'okx:ws': 'okx',
      'okx:rest': 'okx',
    });
    expect(header.config.streams).toEqual([
      { venue: 'binance', symbols: ['BTCUSDT'] },
      { venue: 'bybit-linear', symbols: ['XRPUSDT'] },
      { venue: 'okx', symbols: ['BTC-USDT'] },
    ]);
    const sent = lines.slice(1).filter((l) => l.includes('"kind":"ws_sent","conn":"bybit-linear:linear"')).map((l) => (JSON.parse(l) as { msg: { op: string } }).msg.op);
    expect(sent).toEqual(['subscribe', 'unsubscribe', 'subscribe']);

    value(await api.replay(sessionId, 'max'));
    await until(async () => {
      const m = value(await api.mode());
      return m.kind === 'replay' && m.status.done;
    });
    const replayLayout = value(await api.layout());
    expect(replayLayout.streams.map((s) => s.key)).toEqual(['binance:BTCUSDT', 'bybit-linear:XRPUSDT', 'okx:BTC-USDT']);
    reader.setLayout(replayLayout);
    const stats = new Float64Array(STAT_WIDTH);
    for (const idx of [0, 1, 2]) {
      const replaySeries = readSeries(reader, idx);
      for (const col of SERIES_COLUMNS) if (col !== 'parseUs') expect([idx, col, replaySeries[SERIES_COL[col]]]).toEqual([idx, col, liveSeries[idx]![SERIES_COL[col]]]);
      reader.readStats(idx, stats);
      for (const f of ['bboChecks', 'snapshots', 'gaps', 'resyncs', 'trades', 'bookUpdates', 'seq'] as const) expect([idx, f, stats[STAT[f]]]).toEqual([idx, f, liveStats[idx]![STAT[f]]]);
    }
  });
});
