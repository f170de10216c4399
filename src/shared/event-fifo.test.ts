import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../core/types';
import { EventFifoReader, EventFifoWriter, eventFifoBytes, initEventFifo } from './event-fifo';

const info = (i: number): EngineEvent => ({ type: 'info', detail: `event ${i} ✓ ünïcode`, tUs: i });

function fifo(storage: number, shared = true) {
  const buf = shared ? new SharedArrayBuffer(eventFifoBytes(storage)) : new ArrayBuffer(eventFifoBytes(storage));
  initEventFifo(buf);
  return { buf, w: new EventFifoWriter(buf), r: new EventFifoReader(buf) };
}

describe('event fifo', () => {
  it('delivers events in order across many wraps', () => {
    const { w, r } = fifo(200);
    const got: EngineEvent[] = [];
    for (let i = 0; i < 500; i++) {
      expect(w.push(info(i))).toBe(true);
      if (i % 3 === 2) got.push(...r.drain());
    }
    got.push(...r.drain());
    expect(got).toEqual(Array.from({ length: 500 }, (_, i) => info(i)));
    expect(r.drain()).toEqual([]);
  });

  it('a full FIFO drops and counts, never blocks; the reader reports it once', () => {
    const { w, r } = fifo(128);
    let ok = 0;
    for (let i = 0; i < 10; i++) if (w.push(info(i))) ok++;
    expect(ok).toBeGreaterThan(0);
    expect(ok).toBeLessThan(10);
    const got = r.drain();
    expect(got[0]).toEqual({ type: 'info', detail: `dropped ${10 - ok} events (event FIFO full)`, tUs: 9 });
    expect(got.slice(1)).toEqual(Array.from({ length: ok }, (_, i) => info(i)));
    expect(w.push(info(99))).toBe(true);
    expect(r.drain()).toEqual([info(99)]);
  });

  it('problem events keep their shape', () => {
    const { w, r } = fifo(1024, false);
    const ev: EngineEvent = { type: 'problem', problem: { code: 'recording-quota', detail: 'x', tUs: 5, stream: 'binance:BTCUSDT' } };
    w.push(ev);
    expect(r.drain()).toEqual([ev]);
  });

  it('fallback copies move events: each copy carries only newer ones', () => {
    const { w } = fifo(256, false);
    w.push(info(1));
    w.push(info(2));
    const r = new EventFifoReader(w.takeCopy());
    expect(r.drain()).toEqual([info(1), info(2)]);
    w.push(info(3));
    r.attach(w.takeCopy());
    expect(r.drain()).toEqual([info(3)]);
    r.attach(w.takeCopy());
    expect(r.drain()).toEqual([]);
  });
});
