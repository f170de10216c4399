/** The loopback Binance USD-M impersonator (tests/impersonator/binance-usdm) checked against its capture. */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadCapture } from '../impersonator/capture';
import { FuturesReferenceBook } from '../impersonator/common/futures-book';
import { startUsdmImpersonator, USDM_CAPTURES, type UsdmImpersonator } from '../impersonator/binance-usdm/server';
import { bookTickersByU, closeAfterEach, openTextClient, until, type TextClient } from './loopback';

const PUBLIC = '/public/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker/btcusdt@trade/btcusdt@markPrice@1s';
const MARKET = '/market/stream?streams=btcusdt@aggTrade/btcusdt@markPrice@1s/btcusdt@bookTicker';
let imp: UsdmImpersonator | undefined;
const sockets = closeAfterEach(() => imp, () => (imp = undefined));

type Client = TextClient;
const connect = (path: string): Promise<Client> => openTextClient(`ws://127.0.0.1:${imp!.port}${path}`, sockets);

type Depth = { U: number; u: number; pu: number; b: [string, string][]; a: [string, string][] };
const depths = (c: Client): Depth[] =>
  c.texts.filter((t) => t.includes('"e":"depthUpdate"')).map((t) => (JSON.parse(t) as { data: Depth }).data);

/** Best level of a side by a scan (sorting the whole side per check is too slow here). */
function best(side: Map<string, string>, dir: 1 | -1): [string, string] | undefined {
  let out: [string, string] | undefined;
  for (const [p, q] of side) if (out === undefined || dir * (Number(p) - Number(out[0])) > 0) out = [p, q];
  return out;
}

describe('USD-M reference book', () => {
  it('matches every bookTicker of the capture whose u ends a depth event (pu rule, venues.md §3.3)', () => {
    const cap = loadCapture(USDM_CAPTURES);
    const tickers = bookTickersByU(cap.frames);
    const book = new FuturesReferenceBook(cap.snapshot);
    for (const ev of cap.preDepth) book.apply(ev);
    let checked = 0;
    for (const f of cap.frames) {
      if (!f.depth) continue;
      book.apply(f.depth);
      const t = tickers.get(f.depth.u);
      if (!t) continue;
      expect([best(book.bids, 1), best(book.asks, -1)]).toEqual([[t.b, t.B], [t.a, t.A]]);
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('USD-M impersonator', () => {
  it('routes streams like the 2026 split and replays them byte for byte', async () => {
    imp = await startUsdmImpersonator({ speed: 20 });
    const pub = await connect(PUBLIC);
    const mkt = await connect(MARKET);
    await until(() => depths(pub).length >= 20 && mkt.texts.length >= 2, 5000);
    // /public: depth (captured as @depth@0ms), bookTicker, trade; markPrice asked there stays silent.
    const pubExpected = imp.capture.frames.filter((f) => f.type !== 'other').map((f) => f.text);
    expect(pub.texts).toEqual(pubExpected.slice(0, pub.texts.length));
    // /market: markPrice only (the capture has no aggTrade); bookTicker asked there stays silent.
    const mktExpected = imp.capture.frames.filter((f) => f.stream.includes('@markPrice')).map((f) => f.text);
    expect(mkt.texts).toEqual(mktExpected.slice(0, mkt.texts.length));
    const d = depths(pub);
    for (let i = 1; i < d.length; i++) expect(d[i]!.pu).toBe(d[i - 1]!.u);
    expect(imp.status().lastMark?.p).toMatch(/^\d+\.\d+$/);
  });

  it('answers REST depth as of now: E/T, CORS + CORP, and the next event continues it via pu', async () => {
    imp = await startUsdmImpersonator({ speed: 20 });
    const pub = await connect(PUBLIC);
    await until(() => depths(pub).length >= 5);
    imp.fault({ fault: 'pause' });
    await until(() => depths(pub).at(-1)?.u === imp!.status().lastSentU);
    const res = await fetch(`${imp.httpUrl}/fapi/v1/depth?symbol=BTCUSDT&limit=1000`);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const text = await res.text();
    expect(text).toMatch(/^\{"lastUpdateId":\d+,"E":\d+,"T":\d+,"bids":/);
    const snap = JSON.parse(text) as { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] };
    expect(snap.lastUpdateId).toBe(depths(pub).at(-1)!.u);
    // Independent: the capture's snapshot plus what this client received.
    const own = new FuturesReferenceBook(imp.capture.snapshot);
    for (const ev of imp.capture.preDepth) own.apply(ev);
    for (const ev of depths(pub)) own.apply(ev);
    expect({ lastUpdateId: snap.lastUpdateId, bids: snap.bids, asks: snap.asks }).toEqual(own.snapshot(1000));
    imp.fault({ fault: 'resume' });
    const n = depths(pub).length;
    await until(() => depths(pub).length > n);
    expect(depths(pub)[n]!.pu).toBe(snap.lastUpdateId);
    expect((await fetch(`${imp.httpUrl}/fapi/v1/depth?symbol=BTCUSDT&limit=5000`)).status).toBe(400);
  });

  it('drops, duplicates, swaps depth frames and answers 429/418/stale snapshots', async () => {
    imp = await startUsdmImpersonator({ speed: 20 });
    const pub = await connect(PUBLIC);
    await until(() => depths(pub).length >= 3);
    imp.fault([{ fault: 'dropDepth' }, { fault: 'duplicateDepth' }, { fault: 'swapDepth' }]);
    await until(() => imp!.status().swapped === 1 && imp!.status().duplicated === 1);
    const d = depths(pub);
    const breaks = d.slice(1).filter((e, i) => e.pu !== d[i]!.u).length;
    expect(breaks).toBeGreaterThanOrEqual(3);
    imp.fault([{ fault: 'snapshot429', retryAfterSec: 3 }, { fault: 'snapshot418', retryAfterSec: 2 }, { fault: 'snapshotStale', lagEvents: 10 }]);
    const url = `${imp.httpUrl}/fapi/v1/depth?symbol=BTCUSDT&limit=1000`;
    const r429 = await fetch(url);
    expect([r429.status, r429.headers.get('retry-after')]).toEqual([429, '3']);
    const r418 = await fetch(url);
    expect(r418.status).toBe(418);
    expect(((await r418.json()) as { msg: string }).msg).toMatch(/banned until \d{13}/);
    imp.fault({ fault: 'pause' });
    const stale = (await (await fetch(url)).json()) as { lastUpdateId: number };
    const fresh = (await (await fetch(url)).json()) as { lastUpdateId: number };
    expect(stale.lastUpdateId).toBeLessThan(fresh.lastUpdateId);
    expect(imp.status().snapshots).toEqual({ rest: 4, errors: 2, stale: 1 });
  });

  it('sends garbage, oversized and serverShutdown frames on both routes, and closes on command', async () => {
    imp = await startUsdmImpersonator({ speed: 20 });
    const pub = await connect(PUBLIC);
    const mkt = await connect(MARKET);
    imp.fault([{ fault: 'garbage' }, { fault: 'oversized', bytes: 100_000 }, { fault: 'serverShutdown' }]);
    for (const c of [pub, mkt]) {
      await until(() => c.texts.some((t) => t.includes('"serverShutdown"')));
      expect(c.texts.some((t) => t.includes('502 Bad Gateway'))).toBe(true);
      expect(c.texts.some((t) => t.length >= 99_000)).toBe(true);
    }
    const closed = new Promise<number>((resolve) => mkt.ws.once('close', (code) => resolve(code)));
    imp.fault({ fault: 'close', target: 'market' });
    expect(await closed).toBe(1001);
    expect(pub.ws.readyState).toBe(WebSocket.OPEN);
  });
});
