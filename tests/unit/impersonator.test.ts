/** The loopback Binance impersonator (tests/impersonator) checked against its own capture. */
import { describe, expect, it } from 'vitest';
import { loadCapture } from '../impersonator/capture';
import { ReferenceBook } from '../impersonator/reference-book';
import { startImpersonator, type Impersonator } from '../impersonator/server';
import { bookTickersByU, closeAfterEach, openTextClient, until, type TextClient } from './loopback';

const STREAMS = 'btcusdt@depth@100ms/btcusdt@bookTicker';
let imp: Impersonator | undefined;
const sockets = closeAfterEach(() => imp, () => (imp = undefined));

/** After a pause: wait until every depth frame written to the socket has arrived. */
const settle = (c: Client): Promise<void> => until(() => depthUs(c).at(-1)?.u === imp!.status().lastSentU);

type Client = TextClient;
const connect = (path: string): Promise<Client> => openTextClient(`ws://127.0.0.1:${imp!.port}${path}`, sockets);

const depthUs = (c: Client): { U: number; u: number }[] =>
  c.texts
    .filter((t) => t.startsWith('{"stream":"btcusdt@depth'))
    .map((t) => (JSON.parse(t) as { data: { U: number; u: number } }).data);

async function wsApiDepth(limit: number): Promise<{ status: number; result?: unknown; error?: unknown; id: unknown }> {
  const api = await connect('/ws-api/v3');
  api.ws.send(JSON.stringify({ id: 'snap:BTCUSDT:1', method: 'depth', params: { symbol: 'BTCUSDT', limit } }));
  await until(() => api.texts.length > 0);
  return JSON.parse(api.texts[0]!) as { status: number; result?: unknown; id: unknown };
}

describe('reference book', () => {
  it('matches every bookTicker of the capture that carries a depth event u', () => {
    const cap = loadCapture();
    // bookTicker is real-time and the diff stream batches 100 ms, so a ticker usually arrives
    // before the depth event that ends on its u: index tickers by u first.
    const tickers = bookTickersByU(cap.frames);
    const book = new ReferenceBook(cap.snapshot);
    for (const ev of cap.preDepth) book.apply(ev);
    let checked = 0;
    for (const f of cap.frames) {
      if (!f.depth) continue;
      book.apply(f.depth);
      const t = tickers.get(f.depth.u);
      if (!t) continue;
      const top = book.snapshot(1);
      expect([top.bids[0], top.asks[0]]).toEqual([[t.b, t.B], [t.a, t.A]]);
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe('impersonator', () => {
  it('replays the requested combined streams byte for byte, in capture order', async () => {
    imp = await startImpersonator({ speed: 20 });
    const c = await connect(`/stream?streams=${STREAMS}`);
    await until(() => depthUs(c).length >= 10);
    const expected = imp.capture.frames.filter((f) => f.type === 'depth' || f.type === 'bookTicker').map((f) => f.text);
    expect(c.texts).toEqual(expected.slice(0, c.texts.length));
    const d = depthUs(c);
    for (let i = 1; i < d.length; i++) expect(d[i]!.U).toBe(d[i - 1]!.u + 1);
    expect(imp.status().sent.trade).toBeGreaterThan(0); // played, but this socket did not ask for trades
    expect(c.texts.some((t) => t.includes('@trade'))).toBe(false);
  });

  it('answers WS-API and REST depth with the reference book as of now', async () => {
    imp = await startImpersonator({ speed: 20 });
    const c = await connect(`/stream?streams=${STREAMS}`);
    await until(() => depthUs(c).length >= 5);
    imp.fault({ fault: 'pause' });
    await settle(c);
    const lastU = depthUs(c).at(-1)!.u;
    const res = await wsApiDepth(50);
    expect(res).toMatchObject({ id: 'snap:BTCUSDT:1', status: 200 });
    const snap = res.result as { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] };
    expect(snap.lastUpdateId).toBe(lastU);
    expect(snap).toEqual(imp.referenceBook(50));
    expect(snap.bids).toHaveLength(50);
    expect(Number(snap.bids[0]![0])).toBeLessThan(Number(snap.asks[0]![0]));
    // Independent check: the capture's snapshot plus the depth frames this client received.
    const own = new ReferenceBook(imp.capture.snapshot);
    for (const ev of imp.capture.preDepth) own.apply(ev);
    for (const t of c.texts.filter((x) => x.includes('depthUpdate'))) own.apply((JSON.parse(t) as { data: never }).data);
    expect(own.snapshot(50)).toEqual(snap);
    const rest = await fetch(`${imp.httpUrl}/api/v3/depth?symbol=BTCUSDT&limit=50`);
    expect(rest.headers.get('access-control-allow-origin')).toBe('*');
    expect(rest.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await rest.json()).toEqual(snap);
  });

  it('drops, duplicates and swaps depth frames; the market still moves', async () => {
    imp = await startImpersonator({ speed: 20 });
    const c = await connect(`/stream?streams=${STREAMS}`);
    await until(() => depthUs(c).length >= 2);
    imp.fault({ fault: 'dropDepth' });
    await until(() => imp!.status().dropped === 1 && depthUs(c).length >= 4);
    imp.fault([{ fault: 'duplicateDepth' }]);
    await until(() => imp!.status().duplicated === 1);
    const res = await fetch(`${imp.httpUrl}/control`, { method: 'POST', body: JSON.stringify({ fault: 'swapDepth' }) });
    expect(res.status).toBe(200);
    await until(() => imp!.status().swapped === 1);
    const n = depthUs(c).length;
    await until(() => depthUs(c).length >= n + 2); // the frame after the swapped pair, too
    imp.fault({ fault: 'pause' });
    await settle(c);
    const d = depthUs(c);
    const breaks = d.slice(1).map((e, i) => e.U - d[i]!.u - 1).filter((x) => x !== 0);
    // drop: one jump forward; duplicate: one step back; swap (A C B D): forward, back, forward.
    expect(breaks.filter((x) => x > 0)).toHaveLength(3);
    expect(breaks.filter((x) => x < 0)).toHaveLength(2);
    const st = imp.status();
    expect(st.lastEmittedU).toBe(Math.max(...d.map((e) => e.u)));
    expect(imp.referenceBook(1).lastUpdateId).toBe(st.lastEmittedU);
    const bad = await fetch(`${imp.httpUrl}/control`, { method: 'POST', body: '{"fault":"nope"}' });
    expect(bad.status).toBe(400);
  });

  it('sends garbage, oversized and serverShutdown frames, stalls and closes', async () => {
    imp = await startImpersonator({ speed: 20 });
    const c = await connect(`/stream?streams=${STREAMS}`);
    await until(() => c.texts.length >= 3);
    imp.fault([{ fault: 'garbage' }, { fault: 'oversized', bytes: 100_000 }, { fault: 'serverShutdown' }]);
    await until(() => c.texts.some((t) => t.includes('serverShutdown')));
    const garbage = c.texts.find((t) => {
      try {
        JSON.parse(t);
        return false;
      } catch {
        return true;
      }
    });
    expect(garbage).toBeDefined();
    expect(c.texts.some((t) => t.length >= 99_000)).toBe(true);
    const shutdown = JSON.parse(c.texts.find((t) => t.includes('serverShutdown'))!) as { stream: string; data: { e: string; E: number } };
    expect(shutdown.stream).toBe('!serverShutdown');
    expect(shutdown.data.e).toBe('serverShutdown');
    imp.fault({ fault: 'stall', ms: 400 });
    // Frames already in flight land first (depth + bookTicker played, plus the 3 broadcasts).
    await until(() => c.texts.length === imp!.status().sent.depth + imp!.status().sent.bookTicker + 3);
    const n = c.texts.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(c.texts.length).toBe(n);
    await until(() => c.texts.length > n);
    imp.fault({ fault: 'close', code: 1001 });
    await until(() => c.closed !== null);
    expect(c.closed!.code).toBe(1001);
  });

  it('after a serverShutdown notice closes the sockets it was sent on, not one opened since', async () => {
    imp = await startImpersonator({ speed: 20 });
    const old = await connect(`/stream?streams=${STREAMS}`);
    imp.fault({ fault: 'serverShutdown', closeAfterMs: 300 });
    await until(() => old.texts.some((t) => t.includes('serverShutdown')));
    const fresh = await connect(`/stream?streams=${STREAMS}`);
    await until(() => old.closed !== null);
    expect(old.closed!.code).toBe(1001);
    const n = fresh.texts.length;
    await until(() => fresh.texts.length > n + 5);
    expect(fresh.closed).toBeNull();
  });

  it('answers the next snapshots with 429, 418 and a stale book on command', async () => {
    imp = await startImpersonator({ speed: 20 });
    const c = await connect(`/stream?streams=${STREAMS}`);
    await until(() => depthUs(c).length >= 40);
    imp.fault([{ fault: 'snapshot429', retryAfterSec: 7 }, { fault: 'snapshot418' }, { fault: 'snapshotStale', lagEvents: 30 }]);
    const r429 = await wsApiDepth(100);
    expect(r429).toMatchObject({ status: 429, error: { code: -1003 } });
    const r418 = await fetch(`${imp.httpUrl}/api/v3/depth?symbol=BTCUSDT&limit=100`);
    expect(r418.status).toBe(418);
    expect(r418.headers.get('retry-after')).toBe('2');
    imp.fault({ fault: 'pause' });
    await settle(c);
    const stale = await wsApiDepth(100);
    expect(stale.status).toBe(200);
    expect((stale.result as { lastUpdateId: number }).lastUpdateId).toBeLessThan(imp.status().lastEmittedU);
    const fresh = await wsApiDepth(100);
    expect((fresh.result as { lastUpdateId: number }).lastUpdateId).toBe(imp.status().lastEmittedU);
    expect(imp.status().snapshots).toMatchObject({ errors: 2, stale: 1 });
  });
});
