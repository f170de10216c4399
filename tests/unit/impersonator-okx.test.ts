/** The loopback OKX v5 bench (tests/impersonator/okx) checked against its own capture. */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { okxChecksum, OkxRefBook, type OkxBookData } from '../impersonator/okx/book';
import { loadOkxCapture, refOf } from '../impersonator/okx/capture';
import { startOkxBench, type OkxBench } from '../impersonator/okx/server';
import { closeAfterEach, until } from './loopback';

let bench: OkxBench | undefined;
const sockets = closeAfterEach(() => bench, () => (bench = undefined));

/** A naive OKX client: applies `books` pushes and checks every checksum. */
interface Client {
  ws: WebSocket;
  texts: string[];
  book: OkxRefBook;
  ok: number;
  bad: number;
  snapshots: number;
}

async function connect(): Promise<Client> {
  const ws = new WebSocket(bench!.endpoints.public);
  sockets.push(ws);
  const c: Client = { ws, texts: [], book: new OkxRefBook(), ok: 0, bad: 0, snapshots: 0 };
  ws.on('message', (d) => {
    const t = d.toString();
    c.texts.push(t);
    if (!t.startsWith('{"arg":{"channel":"books"')) return;
    const m = JSON.parse(t) as { action: string; data: OkxBookData[] };
    if (m.action === 'snapshot') {
      c.snapshots++;
      c.book.load(m.data[0]!);
    } else c.book.apply(m.data[0]!);
    if (c.book.checksum() === m.data[0]!.checksum) c.ok++;
    else c.bad++;
  });
  await new Promise((r) => ws.once('open', r));
  return c;
}

const sub = (op: string, channel = 'books') => JSON.stringify({ op, args: [{ channel, instId: 'BTC-USDT' }] });

describe('OKX bench', () => {
  it('its naive reference reproduces every checksum of the capture, over loops', () => {
    const cap = loadOkxCapture(['BTC-USDT'], 3);
    const snap = cap.snapshots.get('BTC-USDT')!;
    const b = refOf(snap);
    expect(b.checksum()).toBe(snap.data.checksum);
    let n = 0;
    cap.ops.forEach((op) => {
      if (op === undefined) return;
      if (op.action === 'snapshot') b.load(op.data);
      else b.apply(op.data);
      expect(b.checksum()).toBe(op.data.checksum);
      n++;
    });
    expect(n).toBeGreaterThan(290);
    expect(cap.frames.filter((f) => f.depth !== undefined).length).toBeGreaterThan(200);
    // venues.md §8.1 vector 1
    expect(okxChecksum([['3366.1', '7']], [['3366.8', '9'], ['3368', '8'], ['3372', '8']])).toBe(831078360);
  });

  it('acks, sends the capture snapshot byte for byte, answers ping, and a resubscribe snapshot continues the capture', async () => {
    bench = await startOkxBench({ speed: 10, autoStart: 'manual' });
    const c = await connect();
    c.ws.send(JSON.stringify({ op: 'subscribe', args: [{ channel: 'books', instId: 'BTC-USDT' }, { channel: 'trades', instId: 'BTC-USDT' }] }));
    await until(() => c.snapshots === 1);
    expect(c.texts[0]).toBe('{"event":"subscribe","arg":{"channel":"books","instId":"BTC-USDT"}}');
    expect(c.texts[1]).toBe(bench.capture.snapshots.get('BTC-USDT')!.text);
    c.ws.send('ping');
    await until(() => c.texts.includes('pong'));
    bench.start();
    await until(() => c.ok >= 20);
    c.ws.send(sub('unsubscribe'));
    c.ws.send(sub('subscribe'));
    await until(() => c.snapshots === 2 && c.ok >= 40, 5000);
    expect(c.bad).toBe(0);
    expect(c.texts.some((t) => t.startsWith('{"arg":{"channel":"trades"'))).toBe(true);
    c.ws.send(sub('subscribe').replace('BTC-USDT', 'NOPE-USDT'));
    await until(() => c.texts.some((t) => t.includes('"code":"60018"')));
  });

  it('drop, reorder and a flipped checksum are seen by a naive client; a duplicate is harmless', async () => {
    bench = await startOkxBench({ speed: 10 });
    const c = await connect();
    c.ws.send(sub('subscribe'));
    await until(() => c.ok >= 5);
    bench.fault({ fault: 'duplicate' });
    await until(() => bench!.status().duplicated === 1 && c.ok >= 10);
    expect(c.bad).toBe(0);
    for (const fault of ['drop', 'reorder', 'flipChecksum'] as const) {
      const bad = c.bad;
      bench.fault({ fault });
      await until(() => c.bad > bad, 5000);
      c.ws.send(sub('unsubscribe'));
      c.ws.send(sub('subscribe'));
      const snaps = c.snapshots;
      await until(() => c.snapshots > snaps);
      const okAfter = c.ok;
      const badAfter = c.bad;
      await until(() => c.ok >= okAfter + 5);
      expect(c.bad).toBe(badAfter);
    }
    const res = await fetch(`${bench.httpUrl}/control`, { method: 'POST', body: '{"fault":"nope"}' });
    expect(res.status).toBe(400);
  });
});
