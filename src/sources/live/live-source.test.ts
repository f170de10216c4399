/** LiveSource against a loopback `ws` server speaking Binance combined streams + WS-API depth and
 * Bybit v5 public (subscribe in-band), several venues on one source. */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { RawFrame, StreamKey } from '../../core/types';
import { binanceSpotLive } from '../../venues/binance/meta';
import { bybitLinearLive } from '../../venues/bybit/meta';
import { defaultLiveIo, type WsCtor } from './io';
import { LiveSource } from './live-source';

const FIXTURE = new URL('../../venues/binance/fixtures/NKNUSDT-BLZETH-LRCBTC-RUNEEUR_2021-10-12_depth100ms-bookTicker-aggTrade-kline_cryptofeed.jsonl', import.meta.url);
const lines = readFileSync(FIXTURE, 'utf8').split('\n').filter((l) => l.includes('"kind":"ws"'));
// `msg` is the last key: its text is sliced out byte for byte (TEAM-NOTES "Frame record").
const msgText = (line: string) => line.slice(line.indexOf('"msg":') + 6, -1);
const served = lines.slice(0, 20).map(msgText);
/** A real Bybit subscribe ack (fixtures/BYBIT-v5_orderbook1_linear+spot_2025-06-13_cryptofeed-PR1085.jsonl). */
const BYBIT_ACK = '{"success":true,"ret_msg":"","conn_id":"a38867ec-70b5-4044-a765-54b36bdd6fd9","req_id":"","op":"subscribe"}';

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
  it('runs two venues: prefixed labels, subscribe frames after open, a WS-API snapshot and a resubscribe, clean stop', async () => {
    const paths: string[] = [];
    const bybitGot: string[] = [];
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    wss.on('connection', (ws, req) => {
      paths.push(req.url ?? '');
      if (req.url?.startsWith('/stream')) for (const t of served) ws.send(t);
      else if (req.url === '/v5/public/linear')
        ws.on('message', (d) => {
          bybitGot.push(d.toString());
          ws.send(BYBIT_ACK);
        });
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
    const src = new LiveSource(
      [
        { def: binanceSpotLive, symbols: ['NKNUSDT'], endpoints: { streamBase: base, wsApi: `${base}/ws-api/v3`, rest: 'http://127.0.0.1:1' } },
        { def: bybitLinearLive, symbols: ['XRPUSDT'], endpoints: { public: `${base}/v5/public/linear` } },
      ],
      io,
      { frame: (f) => frames.push(f) },
    );
    expect(src.conns).toEqual({
      'binance:ws': 'binance',
      'binance:wsapi': 'binance',
      'binance:rest': 'binance',
      'bybit-linear:linear': 'bybit-linear',
      'bybit-linear:rest': 'bybit-linear',
    });
    src.start();
    await until(() => frames.filter((f) => f.conn === 'binance:ws' && f.kind === 'ws').length === served.length && bybitGot.length === 1);
    const bn = frames.filter((f) => f.conn === 'binance:ws');
    expect(bn[0]).toMatchObject({ kind: 'ws_open', url: `${base}/stream?streams=nknusdt@depth@100ms/nknusdt@trade/nknusdt@bookTicker` });
    expect(bn.filter((f) => f.kind === 'ws').map((f) => f.text)).toEqual(served);
    expect(Math.abs(bn[1]!.tUs - Date.now() * 1000)).toBeLessThan(5_000_000);
    // Bybit: the subscribe frame goes out right after the open, and is recorded.
    const sub = JSON.stringify({ req_id: 'sub:0', op: 'subscribe', args: ['orderbook.200.XRPUSDT', 'publicTrade.XRPUSDT', 'tickers.XRPUSDT'] });
    expect(bybitGot).toEqual([sub]);
    await until(() => frames.some((f) => f.conn === 'bybit-linear:linear' && f.kind === 'ws'));
    expect(frames.filter((f) => f.conn === 'bybit-linear:linear').map((f) => [f.kind, f.text])).toEqual([
      ['ws_open', ''],
      ['ws_sent', sub],
      ['ws', BYBIT_ACK],
    ]);

    // The pipeline's SnapshotRequester, routed by the stream key's venue.
    src.request('binance:NKNUSDT' as StreamKey, 'NKNUSDT', 0, 0);
    src.request('bybit-linear:XRPUSDT' as StreamKey, 'XRPUSDT', 0, 0);
    await until(() => frames.some((f) => f.conn === 'binance:wsapi' && f.kind === 'ws') && bybitGot.length === 3);
    const api = frames.filter((f) => f.conn === 'binance:wsapi');
    expect(api.map((f) => f.kind)).toEqual(['ws_open', 'ws_sent', 'ws']);
    expect(JSON.parse(api[1]!.text)).toEqual({ id: 'snap:NKNUSDT:1', method: 'depth', params: { symbol: 'NKNUSDT', limit: 5000 } });
    expect(bybitGot.slice(1).map((t) => JSON.parse(t) as unknown)).toEqual([
      { req_id: 'resync:XRPUSDT:1:u', op: 'unsubscribe', args: ['orderbook.200.XRPUSDT'] },
      { req_id: 'resync:XRPUSDT:1:s', op: 'subscribe', args: ['orderbook.200.XRPUSDT'] },
    ]);
    expect(paths.sort()).toEqual(['/stream?streams=nknusdt@depth@100ms/nknusdt@trade/nknusdt@bookTicker', '/v5/public/linear', '/ws-api/v3']);

    src.stop();
    const closes = frames.filter((f) => f.kind === 'ws_close');
    expect(closes.map((f) => f.conn).sort()).toEqual(['binance:ws', 'binance:wsapi', 'bybit-linear:linear']);
    await until(() => [...wss!.clients].length === 0);
  });
});
