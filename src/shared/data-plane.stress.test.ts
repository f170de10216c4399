/**
 * Cross-thread stress test (ringbuf.js style): real node worker_threads, seeded writers hammering
 * the column ring, the book seqlock slot and the event FIFO while readers verify every copy.
 * Bounded in time: each pair runs ~1 s.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { bookSlotBytes, initBookSlot } from './book-slot';
import { columnRingBytes, initColumnRing } from './column-ring';
import { eventFifoBytes, initEventFifo } from './event-fifo';
import type { StressReport } from './fixtures/stress-worker';

const RUN_MS = 800;
// The ESM build of tsx's API (require.resolve picks the CJS one, which a data: module can't use).
const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
const script = new URL('./fixtures/stress-worker.ts', import.meta.url).href;
// A data: URL bootstrap lets the worker load TypeScript through tsx without a build step.
const boot = new URL(
  'data:text/javascript,' +
    encodeURIComponent(`import { tsImport } from '${tsxApi}'; await tsImport(${JSON.stringify(script)}, ${JSON.stringify(script)});`),
);

interface Spawned {
  readonly ready: Promise<void>;
  readonly report: Promise<StressReport>;
}

function spawn(role: string, buf: SharedArrayBuffer, stop: SharedArrayBuffer, seed: number): Spawned {
  const w = new Worker(boot, { workerData: { role, buf, stop, seed } });
  let onReady = (): void => undefined;
  const ready = new Promise<void>((r) => (onReady = r));
  const report = new Promise<StressReport>((resolve, reject) => {
    w.on('message', (m: StressReport | { ready: true }) => {
      if ('ready' in m) return onReady();
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
  return { ready, report };
}

/** stop[0]: stop, stop[1]: FIFO writer finished, stop[2]: go (after both threads loaded). */
async function pair(writer: string, reader: string, buf: SharedArrayBuffer, seed: number): Promise<[StressReport, StressReport]> {
  const stop = new SharedArrayBuffer(12);
  const flags = new Int32Array(stop);
  const threads = [spawn(writer, buf, stop, seed), spawn(reader, buf, stop, seed + 1)];
  await Promise.all(threads.map((t) => t.ready));
  Atomics.store(flags, 2, 1);
  Atomics.notify(flags, 2);
  await new Promise((r) => setTimeout(r, RUN_MS));
  Atomics.store(flags, 0, 1);
  return Promise.all(threads.map((t) => t.report)) as Promise<[StressReport, StressReport]>;
}

describe('data plane across real threads', () => {
  it('the column ring never yields a torn or out-of-order row', async () => {
    const buf = new SharedArrayBuffer(columnRingBytes(64, 4));
    initColumnRing(buf, 64, 4);
    const [w, r] = await pair('ring-writer', 'ring-reader', buf, 1234);
    expect(r.errors).toEqual([]);
    expect(w.ops).toBeGreaterThan(10_000);
    expect(r.checked).toBeGreaterThan(1000);
  }, 10_000);

  it('the book seqlock never yields a torn book', async () => {
    const buf = new SharedArrayBuffer(bookSlotBytes());
    initBookSlot(buf);
    const [w, r] = await pair('book-writer', 'book-reader', buf, 99);
    expect(r.errors).toEqual([]);
    expect(w.ops).toBeGreaterThan(1000);
    expect(r.checked).toBeGreaterThan(100);
    expect(r.extra).toBeLessThan(r.ops); // bounded retries: some reads give up (counted), not all
  }, 10_000);

  it('the event FIFO delivers in order, and sent = received + dropped', async () => {
    const buf = new SharedArrayBuffer(eventFifoBytes(4096));
    initEventFifo(buf);
    const [w, r] = await pair('fifo-writer', 'fifo-reader', buf, 7);
    expect(r.errors).toEqual([]);
    expect(r.checked).toBeGreaterThan(100);
    expect(r.checked + r.extra).toBe(w.extra);
  }, 10_000);
});
