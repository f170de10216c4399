import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { EngineEvent, RawFrame } from '../core/types';
import { Recorder } from './recorder';
import { IdbSessionStore } from './storage/idb-session-store';
import type { SessionStore } from './storage/session-store';

let dbNo = 0;
const init = { name: 'rec', venues: ['binance'] as const, symbols: ['BTCUSDT'], startUs: 5, origin: 'live' as const, header: {} };
const frame = (i: number): RawFrame => ({ tUs: 10 + i, kind: 'ws', conn: 'ws', text: `{"i":${i}}` });

async function count(store: SessionStore, id: string): Promise<number> {
  let n = 0;
  for await (const b of store.frames(id)) n += b.length;
  return n;
}

/** A store that starts throwing QuotaExceededError after `okBatches` successful appends. */
function quotaStore(inner: SessionStore, okBatches: number, name = 'QuotaExceededError'): SessionStore {
  let n = 0;
  return new Proxy(inner, {
    get(target, prop, recv) {
      if (prop === 'appendBatch') {
        return async (id: string, frames: readonly RawFrame[]) => {
          if (n++ >= okBatches) throw new DOMException('The quota has been exceeded.', name);
          return target.appendBatch(id, frames);
        };
      }
      const v = Reflect.get(target, prop, recv) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

describe('Recorder', () => {
  it('flushes every N frames and every T ms; a crash loses at most the open batch', async () => {
    const store = await IdbSessionStore.open(`rec-${++dbNo}`);
    const rec = await Recorder.start(store, init, { maxFrames: 10, maxMs: 500 });
    for (let i = 0; i < 25; i++) rec.push(frame(i));
    await rec.flush().then(() => undefined);
    // 2 full batches were written by push, then flush wrote the remaining 5
    expect(await count(store, rec.sessionId)).toBe(25);
    rec.push(frame(25));
    rec.maybeFlush(1000);
    rec.maybeFlush(1400);
    await new Promise((r) => setTimeout(r, 20));
    expect(await count(store, rec.sessionId)).toBe(25); // not due yet
    rec.maybeFlush(1500);
    await new Promise((r) => setTimeout(r, 20));
    expect(await count(store, rec.sessionId)).toBe(26);
    rec.push(frame(26)); // never flushed: the "closed tab" case
    const meta = (await store.get(rec.sessionId))!;
    expect(meta.truncated).toBe(true); // still says it did not finish
    expect(meta.frames).toBe(26);
  });

  it('stop() flushes and marks the session complete', async () => {
    const store = await IdbSessionStore.open(`rec-${++dbNo}`);
    const rec = await Recorder.start(store, init);
    for (let i = 0; i < 3; i++) rec.push(frame(i));
    const meta = await rec.stop();
    expect(meta).toMatchObject({ frames: 3, truncated: false, note: '', endUs: 12 });
    expect(rec.state).toBe('stopped');
    rec.push(frame(9));
    expect(await count(store, rec.sessionId)).toBe(3);
  });

  it('QuotaExceededError stops recording, warns once, keeps what was stored readable', async () => {
    const inner = await IdbSessionStore.open(`rec-${++dbNo}`);
    const events: EngineEvent[] = [];
    const rec = await Recorder.start(quotaStore(inner, 2), init, { maxFrames: 4, onProblem: (e) => events.push(e) });
    for (let i = 0; i < 20; i++) rec.push(frame(i));
    await rec.flush();
    await rec.flush();
    expect(rec.state).toBe('failed');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'problem', problem: { code: 'recording-quota', tUs: 29 } });
    const meta = (await inner.get(rec.sessionId))!;
    expect(meta).toMatchObject({ frames: 8, truncated: true });
    expect(meta.note).toMatch(/quota exceeded/);
    expect(await count(inner, rec.sessionId)).toBe(8);
    expect(await rec.stop()).toMatchObject({ truncated: true });
  });

  it('any other write error stops recording too (recording-failed)', async () => {
    const inner = await IdbSessionStore.open(`rec-${++dbNo}`);
    const events: EngineEvent[] = [];
    const rec = await Recorder.start(quotaStore(inner, 0, 'UnknownError'), init, { onProblem: (e) => events.push(e) });
    rec.push(frame(0));
    await rec.flush();
    expect(events[0]).toMatchObject({ problem: { code: 'recording-failed' } });
    expect((await inner.get(rec.sessionId))?.note).toMatch(/UnknownError/);
  });
});
