import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { RawFrame } from '../../core/types';
import { IdbSessionStore } from './idb-session-store';
import type { NewSession } from './session-store';

let dbNo = 0;
const open = () => IdbSessionStore.open(`bookscope-test-${++dbNo}`);
const init = (startUs = 1_000_000): NewSession => ({
  name: 'test',
  venues: ['binance'],
  symbols: ['BTCUSDT'],
  startUs,
  origin: 'live',
  header: { format: 'bookscope-session', version: 1 },
});
const frame = (i: number, extra: Partial<RawFrame> = {}): RawFrame => ({ tUs: 1_000_000 + i, kind: 'ws', conn: 'ws', text: `{"i":${i},"s":"é"}`, ...extra });

async function all(store: IdbSessionStore, id: string): Promise<RawFrame[]> {
  const out: RawFrame[] = [];
  for await (const b of store.frames(id)) out.push(...b);
  return out;
}

describe('IdbSessionStore', () => {
  it('creates, appends batches, reads frames back in order with their fields', async () => {
    const s = await open();
    const meta = await s.create(init());
    expect(meta.frames).toBe(0);
    const b0 = [frame(0, { kind: 'ws_open', url: 'wss://x/stream' }), frame(1)];
    const b1 = [frame(2, { kind: 'rest', conn: 'http', url: 'https://x/depth' }), frame(3, { kind: 'ws_close' })];
    await s.appendBatch(meta.id, b0);
    await s.appendBatch(meta.id, b1);
    await s.appendBatch(meta.id, []);
    expect(await all(s, meta.id)).toEqual([...b0, ...b1]);
    const m = (await s.get(meta.id))!;
    expect(m.frames).toBe(4);
    expect(m.batches).toBe(2);
    expect(m.endUs).toBe(1_000_003);
    expect(m.bytes).toBe(b0.concat(b1).reduce((n, f) => n + Buffer.byteLength(f.text), 0));
    s.close();
  });

  it('lists newest first, renames, finalizes, deletes all batches of one session only', async () => {
    const s = await open();
    const a = await s.create(init(1));
    const b = await s.create(init(2));
    await s.appendBatch(a.id, [frame(0)]);
    await s.appendBatch(b.id, [frame(1)]);
    expect((await s.list()).map((m) => m.id)).toEqual([b.id, a.id]);
    await s.rename(a.id, 'renamed');
    const f = await s.finalize(a.id, { truncated: true, note: 'why' });
    expect(f).toMatchObject({ name: 'renamed', truncated: true, note: 'why', frames: 1 });
    await s.delete(b.id);
    await s.delete('nope');
    expect((await s.list()).map((m) => m.id)).toEqual([a.id]);
    expect(await all(s, b.id)).toEqual([]);
    expect(await all(s, a.id)).toHaveLength(1);
    await expect(s.appendBatch(b.id, [frame(2)])).rejects.toThrow(/no session/);
    await expect(s.rename('nope', 'x')).rejects.toThrow(/no session/);
    s.close();
  });

  it('reopening the same database keeps the sessions (schema upgrade runs once)', async () => {
    const name = `bookscope-test-reopen`;
    const s1 = await IdbSessionStore.open(name);
    const m = await s1.create(init());
    await s1.appendBatch(m.id, [frame(0)]);
    s1.close();
    const s2 = await IdbSessionStore.open(name);
    expect((await s2.get(m.id))?.frames).toBe(1);
    s2.close();
  });
});
