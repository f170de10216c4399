/** Resync routing and budgets of the live source, on a fake clock. */
import { describe, expect, it } from 'vitest';
import type { RawFrame, StreamKey } from '../../core/types';
import { binanceUsdmLive } from '../../venues/binance-usdm/meta';
import { LiveSource } from './live-source';
import { FakeIo, response } from './testing/fake-io';
import { fakeStreamVenue, fakeVenueLive } from './testing/fake-venue';

const flush = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const io = new FakeIo();
  const frames: RawFrame[] = [];
  const problems: string[] = [];
  const symbols = Array.from({ length: 10 }, (_, i) => `S${i}-USDT`);
  const src = new LiveSource(
    [
      { def: fakeVenueLive, symbols: ['BTCUSDT'], endpoints: fakeVenueLive.defaultEndpoints },
      { def: fakeStreamVenue, symbols, endpoints: fakeStreamVenue.defaultEndpoints },
    ],
    io,
    { frame: (f) => frames.push(f), problem: (code, detail) => problems.push(`${code}: ${detail}`) },
  );
  return { io, frames, problems, src, symbols };
}

describe('LiveSource resync routing', () => {
  it('prefixes every label with the venue and opens only the stream sockets at start', () => {
    const { io, src } = setup();
    expect(Object.keys(src.conns)).toEqual(['binance:ws', 'binance:wsapi', 'binance:rest', 'binance-usdm:ws', 'binance-usdm:rest']);
    src.start();
    expect(io.sockets.map((s) => s.url)).toEqual(['wss://s.example/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker', 'wss://okx.example/ws/v5/public']);
    src.stop();
    expect(io.pendingTimers()).toBe(0);
  });

  it('a mass gap on a resubscribe venue is queued, spaced and rate-limited (2 frames/s, burst 4)', () => {
    const { io, frames, src, symbols } = setup();
    src.start();
    const okx = io.sockets[1]!;
    okx.open();
    const sentAtMs: number[] = [];
    const send = okx.send.bind(okx);
    okx.send = (t: string) => {
      sentAtMs.push(io.nowMs());
      send(t);
    };
    for (const s of symbols) src.request(`binance-usdm:${s}` as StreamKey, s, 0, 0);
    src.request(`binance-usdm:${symbols[0]}` as StreamKey, symbols[0]!, 0, 0); // a repeat: not doubled
    expect(okx.sent).toHaveLength(1); // never synchronous: called from inside the pipeline
    io.advance(20_000);
    const resub = okx.sent.slice(1).filter((t) => t !== 'ping');
    expect(resub).toHaveLength(2 * symbols.length);
    expect(JSON.parse(resub[0]!)).toEqual({ op: 'unsubscribe', args: [{ channel: 'books', instId: 'S0-USDT' }] });
    expect(JSON.parse(resub[1]!)).toEqual({ op: 'subscribe', args: [{ channel: 'books', instId: 'S0-USDT' }] });
    // Pairs go out together; pairs are ≥ 250 ms apart, and after the burst one pair per second.
    const pairs = sentAtMs.filter((_, i) => i % 2 === 0);
    expect(pairs[1]! - pairs[0]!).toBe(250);
    for (let i = 2; i < pairs.length; i++) expect(pairs[i]! - pairs[i - 1]!).toBeGreaterThanOrEqual(750);
    expect(pairs.at(-1)! - pairs[0]!).toBeGreaterThanOrEqual(8_000);
    // Every resubscribe frame is recorded as ws_sent on the venue's label.
    expect(frames.filter((f) => f.kind === 'ws_sent' && f.conn === 'binance-usdm:ws')).toHaveLength(1 + 2 * symbols.length);
    src.stop();
  });

  it('a resubscribe whose socket is down is dropped with a problem (its reconnect resubscribes all)', () => {
    const { io, problems, src } = setup();
    src.start();
    src.request('binance-usdm:S1-USDT' as StreamKey, 'S1-USDT', 0, 0);
    io.advance(10);
    expect(problems).toEqual(['resubscribe-dropped: binance-usdm:ws not open: {"op":"unsubscribe","args":[{"channel":"books","instId":"S1-USDT"}]}']);
    src.stop();
  });

  it('snapshot venues go to their own rate-budgeted fetcher; a REST-only venue fetches over REST', async () => {
    const io = new FakeIo();
    const frames: RawFrame[] = [];
    const src = new LiveSource([{ def: binanceUsdmLive, symbols: ['BTCUSDT'], endpoints: { ...binanceUsdmLive.defaultEndpoints, rest: 'http://127.0.0.1:9' } }], io, { frame: (f) => frames.push(f) });
    expect(Object.keys(src.conns)).toEqual(['binance-usdm:public', 'binance-usdm:market', 'binance-usdm:rest']);
    src.start();
    src.request('binance-usdm:BTCUSDT' as StreamKey, 'BTCUSDT', 0, 0);
    io.advance(0);
    expect(io.fetches.map((f) => f.url)).toEqual(['http://127.0.0.1:9/fapi/v1/depth?symbol=BTCUSDT&limit=1000']);
    expect(io.sockets).toHaveLength(2); // no WS-API socket
    io.fetches[0]!.resolve(response(200, '{"lastUpdateId":1,"E":2,"T":3,"bids":[],"asks":[]}'));
    await flush();
    expect(frames.at(-1)).toMatchObject({ kind: 'rest', conn: 'binance-usdm:rest', url: io.fetches[0]!.url });
    src.stop();
  });

  it('an unknown venue in a stream key is ignored (the pipeline only asks for its own streams)', () => {
    const { io, src } = setup();
    src.request('coinbase:BTC-USD' as StreamKey, 'BTC-USD', 0, 0);
    io.advance(1_000);
    expect(io.sockets).toHaveLength(0);
    expect(io.fetches).toHaveLength(0);
  });
});

describe('Resubscriber hourly budget', () => {
  it('a feed that gaps again and again slows to the hourly budget', () => {
    const io = new FakeIo();
    const src = new LiveSource([{ def: fakeStreamVenue, symbols: ['A-B'], endpoints: fakeStreamVenue.defaultEndpoints }], io, { frame: () => {} }, { resubscribe: { perHour: 20 }, staleAfterMs: Infinity });
    src.start();
    const ws = io.lastSocket();
    ws.open();
    for (let i = 0; i < 30; i++) {
      src.request('binance-usdm:A-B' as StreamKey, 'A-B', 0, 0);
      io.advance(2_000);
    }
    // 20 frames = 10 resyncs in the first minute, then one pair per 6 min (20/h).
    expect(ws.sent.filter((t) => t.includes('"unsubscribe"'))).toHaveLength(10);
    io.advance(360_000);
    src.request('binance-usdm:A-B' as StreamKey, 'A-B', 0, 0);
    io.advance(1_000);
    expect(ws.sent.filter((t) => t.includes('"unsubscribe"'))).toHaveLength(11);
    src.stop();
  });
});
