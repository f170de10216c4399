import { describe, expect, it } from 'vitest';
import type { RawFrame, StreamKey } from '../../core/types';
import { SnapshotFetcher } from './snapshot-fetcher';
import { FakeIo, response } from './testing/fake-io';
import { fakeSnapshotSource } from './testing/fake-venue';

const key = (s: string) => `binance:${s}` as StreamKey;
const flush = () => new Promise((r) => setTimeout(r, 0));

function setup(opts: ConstructorParameters<typeof SnapshotFetcher>[3] = {}) {
  const io = new FakeIo();
  const frames: RawFrame[] = [];
  const f = new SnapshotFetcher(fakeSnapshotSource(), io, { frame: (fr) => frames.push(fr) }, opts);
  return { io, frames, f };
}

describe('SnapshotFetcher over the WS-API', () => {
  it('opens the WS-API lazily, sends the request (recorded), and clears it on the response', () => {
    const { io, frames, f } = setup();
    f.request(key('BTCUSDT'), 'BTCUSDT', 0, 0);
    expect(io.sockets).toHaveLength(0); // never synchronous: called from inside the pipeline
    io.advance(0);
    expect(io.sockets).toHaveLength(1);
    io.lastSocket().open();
    io.advance(0);
    const sent = io.lastSocket().sent;
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!).id).toBe('snap:BTCUSDT:1');
    f.request(key('BTCUSDT'), 'BTCUSDT', 0, 0); // in flight: not doubled
    io.advance(1000);
    expect(io.lastSocket().sent).toHaveLength(1);
    io.lastSocket().message('{"id":"snap:BTCUSDT:1","status":200,"result":{"lastUpdateId":1,"bids":[],"asks":[]}}');
    expect(frames.map((x) => x.kind)).toEqual(['ws_open', 'ws_sent', 'ws']);
    expect(frames.every((x) => x.conn === 'wsapi')).toBe(true);
    expect(f.pendingCount()).toBe(0);
    f.stop();
    expect(io.pendingTimers()).toBe(0);
  });

  it('spaces requests and keeps within the weight budget after a mass disconnect', () => {
    const { io, f } = setup({ weightPerMin: 1500, burstWeight: 500, minSpacingMs: 250 });
    io.advance(0);
    for (let i = 0; i < 6; i++) f.request(key(`S${i}`), `S${i}`, 0, 0);
    io.advance(0);
    io.lastSocket().open();
    const ws = io.lastSocket();
    const sentAt: number[] = [];
    ws.send = (t: string) => {
      sentAt.push(io.nowMs());
      const id = JSON.parse(t).id as string;
      io.setTimeout(() => ws.message(`{"id":${JSON.stringify(id)},"status":200,"result":{}}`), 50);
    };
    io.advance(60_000);
    expect(sentAt).toHaveLength(6);
    // burst 500 = two at 250 weight, 250 ms apart; then 25 weight/s ⇒ one every 10 s
    expect(sentAt[1]! - sentAt[0]!).toBe(250);
    for (let i = 2; i < 6; i++) expect(sentAt[i]! - sentAt[i - 1]!).toBeGreaterThanOrEqual(9_750);
    expect(sentAt[5]! - sentAt[1]!).toBeGreaterThanOrEqual(39_750);
    f.stop();
  });

  it('honours retryAfterMs and stops sending after a 429 response', () => {
    const { io, f } = setup({ burstWeight: 5000 });
    f.request(key('A'), 'A', 2_000, 0);
    io.advance(1_900);
    expect(io.sockets).toHaveLength(0);
    io.advance(100);
    io.lastSocket().open();
    io.advance(0);
    expect(io.lastSocket().sent).toHaveLength(1);
    io.lastSocket().message('{"id":"snap:A:1","status":429,"error":{"code":-1003,"msg":"Too much request weight used"}}');
    f.request(key('A'), 'A', 0, 0);
    io.advance(59_000);
    expect(io.lastSocket().sent).toHaveLength(1);
    io.advance(2_000);
    expect(io.lastSocket().sent).toHaveLength(2);
    f.stop();
  });

  it('falls back to REST when the WS-API does not open; HTTP errors become rest_error frames', async () => {
    const { io, frames, f } = setup({ wsApiOpenTimeoutMs: 1_000, burstWeight: 5000 });
    f.request(key('A'), 'A', 0, 0);
    io.advance(1_200);
    expect(io.fetches).toHaveLength(1);
    expect(io.fetches[0]!.url).toBe('https://rest.example/api/v3/depth?symbol=A&limit=5000');
    io.fetches[0]!.resolve(response(200, '{"lastUpdateId":5,"bids":[],"asks":[]}'));
    await flush();
    expect(frames.at(-1)).toMatchObject({ kind: 'rest', conn: 'rest', url: io.fetches[0]!.url, text: '{"lastUpdateId":5,"bids":[],"asks":[]}' });
    f.request(key('A'), 'A', 0, 0);
    io.advance(300);
    expect(io.fetches).toHaveLength(2);
    io.fetches[1]!.resolve(response(429, 'busy', { 'Retry-After': '30' }));
    await flush();
    expect(frames.at(-1)?.kind).toBe('rest_error');
    const rec = JSON.parse(frames.at(-1)!.text) as { status: number; body: string; retryAfter: number };
    expect(rec).toMatchObject({ status: 429, body: 'busy' });
    // Retry-After 30 s recorded as the epoch ms the adapter may retry at (its tUs clock).
    expect(rec.retryAfter - frames.at(-1)!.tUs / 1000).toBeCloseTo(30_000, -1);
    f.request(key('A'), 'A', 0, 0);
    io.advance(29_000);
    expect(io.fetches).toHaveLength(2);
    io.advance(1_500);
    expect(io.fetches).toHaveLength(3);
    io.fetches[2]!.reject(new TypeError('Failed to fetch'));
    await flush();
    expect(JSON.parse(frames.at(-1)!.text)).toEqual({ status: 0, body: 'TypeError: Failed to fetch' });
    f.stop();
    expect(io.pendingTimers()).toBe(0);
  });

  it('re-queues a request whose WS-API socket closed before the answer', () => {
    const { io, f } = setup({ burstWeight: 5000 });
    f.request(key('A'), 'A', 0, 0);
    io.advance(0);
    io.lastSocket().open();
    io.advance(0);
    io.lastSocket().serverClose(1006, '');
    io.advance(1_000);
    io.lastSocket().open();
    io.advance(300);
    expect(io.lastSocket().sent).toHaveLength(1);
    expect(JSON.parse(io.lastSocket().sent[0]!).id).toBe('snap:A:2');
    f.stop();
  });
});
