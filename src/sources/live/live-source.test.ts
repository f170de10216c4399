/** LiveSource against a loopback `ws` server speaking Binance combined streams + WS-API depth. */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { RawFrame, StreamKey } from '../../core/types';
import { binanceSpotLive } from '../../venues/binance/meta';
import { defaultLiveIo, type WsCtor } from './io';
import { LiveSource } from './live-source';

const FIXTURE = new URL('../../venues/binance/fixtures/NKNUSDT-BLZETH-LRCBTC-RUNEEUR_2021-10-12_depth100ms-bookTicker-aggTrade-kline_cryptofeed.jsonl', import.meta.url);
const lines = readFileSync(FIXTURE, 'utf8').split('\n').filter((l) => l.includes('"kind":"ws"'));
// `msg` is the last key: its text is sliced out byte for byte (TEAM-NOTES "Frame record").
const msgText = (line: string) => line.slice(line.indexOf('"msg":') + 6, -1);
const served = lines.slice(0, 20).map(msgText);

let wss: WebSocketServer | undefined;
afterEach(async () => {
  for (const c of wss?.clients ?? []) c.terminate();
  await new Promise((r) => (wss ? wss.close(r) : r(null)));
  wss = undefined;
});

async function until(pred: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('LiveSource over loopback', () => {
  it('streams frames, fetches a snapshot over the WS-API, records everything, stops cleanly', async () => {
    const paths: string[] = [];
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    wss.on('connection', (ws, req) => {
      paths.push(req.url ?? '');
      if (req.url?.startsWith('/stream')) for (const t of served) ws.send(t);
      else
        ws.on('message', (d) => {
          const r = JSON.parse(d.toString()) as { id: string };
          ws.send(`{"id":${JSON.stringify(r.id)},"status":200,"result":{"lastUpdateId":1,"bids":[],"asks":[]}}`);
        });
    });
    await new Promise((r) => wss!.once('listening', r));
    const base = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    const frames: RawFrame[] = [];
    const io = { ...defaultLiveIo(), WebSocket: WebSocket as unknown as WsCtor };
    const src = new LiveSource(binanceSpotLive, ['NKNUSDT'], { streamBase: base, wsApi: `${base}/ws-api/v3`, rest: 'http://127.0.0.1:1' }, io, {
      frame: (f) => frames.push(f),
    });
    src.start();
    await until(() => frames.filter((f) => f.conn === 'ws' && f.kind === 'ws').length === served.length);
    expect(frames[0]).toMatchObject({ kind: 'ws_open', conn: 'ws', url: `${base}/stream?streams=nknusdt@depth@100ms/nknusdt@trade/nknusdt@bookTicker` });
    expect(frames.filter((f) => f.kind === 'ws').map((f) => f.text)).toEqual(served);
    const nowUs = Date.now() * 1000;
    expect(Math.abs(frames[1]!.tUs - nowUs)).toBeLessThan(5_000_000);

    src.fetcher.request('binance:NKNUSDT' as StreamKey, 'NKNUSDT', 0, 0);
    await until(() => frames.some((f) => f.conn === 'wsapi' && f.kind === 'ws'));
    const api = frames.filter((f) => f.conn === 'wsapi');
    expect(api.map((f) => f.kind)).toEqual(['ws_open', 'ws_sent', 'ws']);
    expect(JSON.parse(api[1]!.text)).toEqual({ id: 'snap:NKNUSDT:1', method: 'depth', params: { symbol: 'NKNUSDT', limit: 5000 } });
    expect(paths).toEqual(['/stream?streams=nknusdt@depth@100ms/nknusdt@trade/nknusdt@bookTicker', '/ws-api/v3']);

    src.stop();
    const closes = frames.filter((f) => f.kind === 'ws_close');
    expect(closes.map((f) => f.conn).sort()).toEqual(['ws', 'wsapi']);
    await until(() => [...wss!.clients].length === 0);
  });
});
