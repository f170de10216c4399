/** The loopback Bybit v5 impersonator (tests/impersonator/bybit) checked with a naive client. */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBybitImpersonator, type BybitImpersonator } from '../impersonator/bybit/server';
import { ClientBook, closeAfterEach, nothingPending, until } from './loopback';

let imp: BybitImpersonator | undefined;
const sockets = closeAfterEach(() => imp, () => (imp = undefined));

type Lv = [string, string];
interface Book { type: string; u: number; b: Lv[]; a: Lv[] }

/** A client that keeps its own naive book of one orderbook topic. */
class Client extends ClientBook {
  texts: string[] = [];
  books: Book[] = [];
  closed = false;
  constructor(readonly ws: WebSocket) {
    super();
    ws.on('message', (d) => {
      const t = d.toString();
      this.texts.push(t);
      if (!t.startsWith('{"topic":"orderbook.')) return;
      let m: { type: string; data: { u: number; b: Lv[]; a: Lv[] } };
      try { m = JSON.parse(t) as typeof m; } catch { return; }
      if (m.data.u === undefined) return;
      this.books.push({ type: m.type, u: m.data.u, b: m.data.b, a: m.data.a });
      if (m.type === 'snapshot') this.clearBook();
      for (const [p, q] of m.data.b) this.setLevel(this.bids, p, q);
      for (const [p, q] of m.data.a) this.setLevel(this.asks, p, q);
    });
    ws.on('close', () => (this.closed = true));
  }
  send(o: unknown): void { this.ws.send(JSON.stringify(o)); }
}

async function connect(category: 'linear' | 'spot', symbol = 'BTCUSDT'): Promise<Client> {
  const ws = new WebSocket(`${imp!.wsBase}/v5/public/${category}`);
  sockets.push(ws);
  const c = new Client(ws);
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  c.send({ req_id: 'sub:0', op: 'subscribe', args: [`orderbook.200.${symbol}`, `publicTrade.${symbol}`, `tickers.${symbol}`] });
  return c;
}

const us = (c: Client) => c.books.map((b) => b.u);
const settled = (c: Client, category: 'linear' | 'spot') => () => c.books.at(-1)?.u === imp!.book(category, 'BTCUSDT')?.u;

describe('Bybit impersonator', () => {
  it('acks, answers pings, sends a snapshot then +1 deltas; the client book equals the reference', async () => {
    imp = await startBybitImpersonator({ speed: 4 });
    const c = await connect('linear');
    await until(() => c.books.length >= 20);
    expect(JSON.parse(c.texts[0]!)).toMatchObject({ success: true, op: 'subscribe', req_id: 'sub:0' });
    expect(c.books[0]!.type).toBe('snapshot');
    const u = us(c);
    for (let i = 1; i < u.length; i++) expect(u[i]).toBe(u[i - 1]! + 1);
    expect(c.texts.some((t) => t.includes('"topic":"tickers.BTCUSDT","type":"snapshot"') && t.includes('"fundingRate"'))).toBe(true);
    c.send({ req_id: 'p1', op: 'ping' });
    await until(() => c.texts.some((t) => t.includes('"ret_msg":"pong"')));
    imp.fault({ fault: 'pause' });
    await until(settled(c, 'linear'));
    expect(c.top(200)).toEqual((({ bids, asks }) => ({ bids, asks }))(imp.book('linear', 'BTCUSDT')!));
    expect(imp.market.levels('linear', 'BTCUSDT')!.bids).toBeLessThanOrEqual(200);
  });

  it('drops, duplicates, reorders, garbles and oversizes book frames; a resubscribe gets the book as of now', async () => {
    imp = await startBybitImpersonator({ speed: 4 });
    const c = await connect('spot');
    await until(() => c.books.length >= 5);
    // The steps of `u` the client saw from just before the fault until everything the server had
    // sent once the fault was applied (frames already in flight when it was asked for included:
    // a fixed window right after the last frame seen flaked when one was in flight).
    const step = async (f: Parameters<BybitImpersonator['fault']>[0], check: (jumps: number[], texts: string[]) => void) => {
      const [nb, nt] = [c.books.length, c.texts.length];
      imp!.fault(f);
      await until(() => nothingPending(imp!.status().conns[0]!.pending));
      const sentU = imp!.book('spot', 'BTCUSDT')!.u;
      await until(() => Math.max(...us(c)) > sentU); // a later frame: all before it arrived (one socket, in order)
      const w = us(c).slice(nb - 1);
      check(w.slice(1).map((u, i) => u - w[i]!).filter((d) => d !== 1), c.texts.slice(nt));
    };
    await step({ fault: 'drop' }, (j) => expect(j).toEqual([2]));
    await step({ fault: 'duplicate' }, (j) => expect(j).toEqual([0]));
    await step({ fault: 'reorder' }, (j) => expect(j).toEqual([2, -1, 2]));
    await step({ fault: 'garbage' }, (j, t) => { expect(j).toEqual([2]); expect(t.some((x) => x.includes('502 Bad Gateway'))).toBe(true); });
    await step({ fault: 'oversized', bytes: 2_000_000 }, (j, t) => { expect(j).toEqual([2]); expect(t.some((x) => x.length === 2_000_000)).toBe(true); });
    c.send({ req_id: 'r:u', op: 'unsubscribe', args: ['orderbook.200.BTCUSDT'] });
    c.send({ req_id: 'r:s', op: 'subscribe', args: ['orderbook.200.BTCUSDT'] });
    await until(() => c.books.at(-1)?.type === 'snapshot' || c.books.slice(-5).some((b) => b.type === 'snapshot'));
    imp.fault({ fault: 'pause' });
    await until(settled(c, 'spot'));
    const snap = [...c.books].reverse().find((b) => b.type === 'snapshot')!;
    const after = c.books.slice(c.books.indexOf(snap));
    for (let i = 1; i < after.length; i++) expect(after[i]!.u).toBe(after[i - 1]!.u + 1);
    const ref = imp.book('spot', 'BTCUSDT')!;
    expect(c.top(200)).toEqual({ bids: ref.bids, asks: ref.asks });
    expect(imp.status().counts).toMatchObject({ subscribes: 2, unsubscribes: 1 });
  });

  it('a service restart sends a snapshot with u = 1 and later deltas count on from it; stall and close', async () => {
    imp = await startBybitImpersonator({ speed: 4 });
    const c = await connect('linear');
    await until(() => c.books.length >= 5);
    imp.fault({ fault: 'restart' });
    await until(() => c.books.some((b) => b.u === 4));
    const i = c.books.findIndex((b) => b.u === 1);
    expect(c.books[i]!.type).toBe('snapshot');
    expect(us(c).slice(i, i + 4)).toEqual([1, 2, 3, 4]);
    imp.fault({ fault: 'stall', ms: 500 });
    await new Promise((r) => setTimeout(r, 50)); // frames already on the wire
    const n = c.texts.length;
    c.send({ op: 'ping' });
    await new Promise((r) => setTimeout(r, 300));
    expect(c.texts.length).toBe(n);
    await until(() => c.texts.length > n + 2);
    imp.fault({ fault: 'close', code: 1001 });
    await until(() => c.closed);
    const c2 = await connect('linear');
    await until(() => c2.books.length >= 2);
    expect(c2.books[0]).toMatchObject({ type: 'snapshot' });
    expect(c2.books[1]!.u).toBe(c2.books[0]!.u + 1);
  });
});
