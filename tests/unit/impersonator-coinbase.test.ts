/** The loopback Coinbase Advanced Trade impersonator (tests/impersonator/coinbase) checked with a naive client. */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startCoinbaseImpersonator, type CoinbaseImpersonator } from '../impersonator/coinbase/server';
import { ClientBook, closeAfterEach, nothingPending, until as untilWithin } from './loopback';

let imp: CoinbaseImpersonator | undefined;
const sockets = closeAfterEach(() => imp, () => (imp = undefined));

const until = (pred: () => boolean, timeoutMs = 4000): Promise<void> => untilWithin(pred, timeoutMs);

interface Msg { channel: string; sequence_num: number; events: { type?: string; product_id?: string; updates?: { side: string; price_level: string; new_quantity: string }[]; subscriptions?: Record<string, string[]> }[] }

/** A client keeping every message and a naive BTC-USD book. */
class Client extends ClientBook {
  texts: string[] = [];
  msgs: Msg[] = [];
  closed = false;
  constructor(readonly ws: WebSocket) {
    super();
    ws.on('message', (d) => {
      const t = d.toString();
      this.texts.push(t);
      let m: Msg;
      try { m = JSON.parse(t) as Msg; } catch { return; }
      this.msgs.push(m);
      if (m.channel !== 'l2_data') return;
      const e = m.events[0]!;
      if (e.product_id !== 'BTC-USD' || !Array.isArray(e.updates)) return;
      if (e.type === 'snapshot') this.clearBook();
      for (const u of e.updates) this.setLevel(u.side === 'bid' ? this.bids : this.asks, u.price_level, u.new_quantity);
    });
    ws.on('close', () => (this.closed = true));
  }
  send(o: unknown): void { this.ws.send(JSON.stringify(o)); }
  seqs(): number[] { return this.msgs.map((m) => m.sequence_num); }
  l2Count(): number { return this.msgs.filter((m) => m.channel === 'l2_data').length; }
}

async function connect(): Promise<Client> {
  const ws = new WebSocket(imp!.wsBase);
  sockets.push(ws);
  const c = new Client(ws);
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  for (const channel of ['level2', 'market_trades', 'heartbeats']) c.send({ type: 'subscribe', product_ids: ['BTC-USD'], channel });
  return c;
}

/** After a pause: every message went out; the last l2_data the client got is the last one played. */
const settle = async (c: Client): Promise<void> => {
  const n = imp!.status().conns[0]!.seq;
  await until(() => c.seqs().includes(n - 1));
};

describe('Coinbase impersonator', () => {
  it('numbers sequence_num per connection from 0, acks, snapshots; the client book equals the reference', async () => {
    imp = await startCoinbaseImpersonator({ speed: 4 });
    const c = await connect();
    await until(() => c.l2Count() >= 30);
    expect(c.seqs().slice(0, 20)).toEqual([...Array(20).keys()]);
    expect(c.msgs.some((m) => m.channel === 'subscriptions' && m.events[0]!.subscriptions?.heartbeats?.[0] === 'heartbeats')).toBe(true);
    expect(c.msgs.find((m) => m.channel === 'l2_data')!.events[0]!.type).toBe('snapshot');
    expect(c.msgs.every((m) => m.channel !== 'l2_data' || m.events[0]!.product_id === 'BTC-USD')).toBe(true);
    imp.fault({ fault: 'pause' });
    await settle(c);
    const s = c.seqs();
    for (let i = 1; i < s.length; i++) expect(s[i]).toBe(s[i - 1]! + 1);
    expect(c.top(100)).toEqual(imp.book('BTC-USD', 100));
  });

  it('drop → sequence_num jump, duplicate, reorder, garbage, oversized; a resubscribe gets the book as of now', async () => {
    imp = await startCoinbaseImpersonator({ speed: 4 });
    const c = await connect();
    await until(() => c.l2Count() >= 5);
    const step = async (f: Parameters<CoinbaseImpersonator['fault']>[0], check: (seqs: number[], texts: string[]) => void) => {
      const [nm, nt] = [c.msgs.length, c.texts.length];
      imp!.fault(f);
      // The fault hits the next book frame, which may come after any number of trades: wait
      // until the gate has applied it, then until everything sent by then has arrived (a fixed
      // message count flaked under load when trades filled it).
      await until(() => nothingPending(imp!.status().conns[0]!.pending));
      const sentSeq = imp!.status().conns[0]!.seq - 1;
      await until(() => Math.max(...c.seqs()) > sentSeq); // a later message: all before it arrived (one socket, in order)
      check(c.seqs().slice(nm - 1), c.texts.slice(nt));
    };
    // What a window of sequence_num shows: numbers missing from its range, repeated, and steps back.
    // (Trades are numbered too and bypass the book faults, so a reordered book frame may come back
    // several numbers late: count the steps back rather than expect [2, -1, 2].)
    const shape = (s: number[]) => ({
      missing: Math.max(...s) - Math.min(...s) + 1 - new Set(s).size,
      repeats: s.length - new Set(s).size,
      back: s.slice(1).filter((x, i) => x < s[i]!).length,
    });
    await step({ fault: 'drop' }, (s) => expect(shape(s)).toEqual({ missing: 1, repeats: 0, back: 0 }));
    await step({ fault: 'duplicate' }, (s) => expect(shape(s)).toEqual({ missing: 0, repeats: 1, back: 0 }));
    await step({ fault: 'reorder' }, (s) => expect(shape(s)).toEqual({ missing: 0, repeats: 0, back: 1 }));
    await step({ fault: 'garbage' }, (s, t) => { expect(shape(s)).toEqual({ missing: 1, repeats: 0, back: 0 }); expect(t.some((x) => x.includes('502 Bad Gateway'))).toBe(true); });
    await step({ fault: 'oversized', bytes: 3_000_000 }, (s, t) => { expect(shape(s)).toEqual({ missing: 0, repeats: 0, back: 0 }); expect(t.some((x) => x.length === 3_000_000)).toBe(true); });
    c.send({ type: 'unsubscribe', product_ids: ['BTC-USD'], channel: 'level2' });
    c.send({ type: 'subscribe', product_ids: ['BTC-USD'], channel: 'level2' });
    const before = c.msgs.length;
    await until(() => c.msgs.slice(before).some((m) => m.channel === 'l2_data' && m.events[0]!.type === 'snapshot'));
    imp.fault({ fault: 'pause' });
    await settle(c);
    expect(c.top(100)).toEqual(imp.book('BTC-USD', 100));
    expect(imp.status().counts).toMatchObject({ subscribes: 4, unsubscribes: 1 });
  });

  it('stall sends nothing; close; a new connection counts from 0 again', async () => {
    imp = await startCoinbaseImpersonator({ speed: 4 });
    const c = await connect();
    await until(() => c.l2Count() >= 5);
    imp.fault({ fault: 'stall', ms: 500 });
    await new Promise((r) => setTimeout(r, 50)); // frames already on the wire
    const n = c.texts.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(c.texts.length).toBe(n);
    await until(() => c.texts.length > n + 2);
    imp.fault({ fault: 'close' });
    await until(() => c.closed);
    const c2 = await connect();
    await until(() => c2.l2Count() >= 3);
    expect(c2.seqs().slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(c2.msgs.find((m) => m.channel === 'l2_data')!.events[0]!.type).toBe('snapshot');
  });
});
