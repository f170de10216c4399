import { describe, expect, it } from 'vitest';
import type { RawFrame } from '../../core/types';
import type { ReplayIo } from './replay-io';
import { ReplaySource, type ReplayProgress } from './replay-source';

class ManualIo implements ReplayIo {
  now = 0;
  private timers: { id: number; at: number; fn: () => void }[] = [];
  private id = 0;
  disposed = 0;
  nowMs(): number {
    return this.now;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    this.timers.push({ id: ++this.id, at: this.now + ms, fn });
    return this.id;
  }
  clearTimeout(h: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== h);
  }
  yieldThen(fn: () => void): void {
    this.setTimeout(fn, 0);
  }
  dispose(): void {
    this.disposed++;
  }
  /** Run timers due within `ms`, letting promise callbacks (batch reads) settle in between. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      await new Promise((r) => setTimeout(r, 0));
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (next === undefined) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.now = Math.max(this.now, next.at);
      next.fn();
    }
    this.now = end;
  }
}

const frame = (tMs: number): RawFrame => ({ tUs: 1e15 + tMs * 1000, kind: 'ws', conn: 'ws', text: `{"t":${tMs}}` });

async function* batches(framesMs: number[], size: number): AsyncGenerator<readonly RawFrame[]> {
  for (let i = 0; i < framesMs.length; i += size) yield framesMs.slice(i, i + size).map(frame);
}

describe('ReplaySource', () => {
  it('at 1× delivers each frame at its recorded offset, across batches, then completes', async () => {
    const io = new ManualIo();
    const got: [number, number][] = [];
    let done: ReplayProgress | null = null;
    const src = new ReplaySource(batches([0, 100, 250, 1000], 2), (f) => got.push([io.now, JSON.parse(f.text).t]), { speed: 1, framesTotal: 4, onDone: (p) => (done = p) }, io);
    src.start();
    await io.advance(0);
    expect(got).toEqual([[0, 0]]);
    await io.advance(260);
    expect(got).toEqual([[0, 0], [100, 100], [250, 250]]);
    expect(src.progress().framesDone).toBe(3);
    await io.advance(1000);
    expect(got.at(-1)).toEqual([1000, 1000]);
    expect(done).toMatchObject({ done: true, framesDone: 4, framesTotal: 4, error: null });
    expect(io.disposed).toBe(1);
  });

  it('at 10× compresses time, and a speed change re-anchors at the last frame', async () => {
    const io = new ManualIo();
    const got: [number, number][] = [];
    const src = new ReplaySource(batches([0, 1000, 2000, 3000], 10), (f) => got.push([io.now, JSON.parse(f.text).t]), { speed: 10, framesTotal: 4 }, io);
    src.start();
    await io.advance(100);
    expect(got).toEqual([[0, 0], [100, 1000]]);
    src.setSpeed(1);
    await io.advance(999);
    expect(got).toHaveLength(2);
    await io.advance(1);
    expect(got.at(-1)).toEqual([1100, 2000]);
    src.setSpeed('max');
    await io.advance(0);
    expect(got).toHaveLength(4);
    expect(src.progress().done).toBe(true);
  });

  it('pauses and resumes; long recording pauses are shortened', async () => {
    const io = new ManualIo();
    const got: number[] = [];
    const src = new ReplaySource(batches([0, 10, 3_600_000], 10), (f) => got.push(io.now), { speed: 1, framesTotal: 3, maxGapMs: 2000 }, io);
    src.start();
    await io.advance(0);
    src.pause();
    await io.advance(500);
    expect(got).toEqual([0]);
    expect(src.progress().paused).toBe(true);
    src.resume();
    await io.advance(9);
    expect(got).toEqual([0]);
    await io.advance(1);
    expect(got).toEqual([0, 510]);
    await io.advance(2000);
    expect(got).toEqual([0, 510, 2510]);
  });

  it('max speed yields between chunks and reports a failing store as an error', async () => {
    const io = new ManualIo();
    let n = 0;
    async function* failing(): AsyncGenerator<readonly RawFrame[]> {
      yield Array.from({ length: 1000 }, (_, i) => frame(i));
      throw new Error('disk gone');
    }
    // Each frame "costs" 0.1 ms of clock: the 12 ms slice ends at the first check (128 frames).
    const src = new ReplaySource(failing(), () => { n++; io.now += 0.1; }, { speed: 'max', framesTotal: 2000, sliceMs: 12 }, io);
    src.start();
    await io.advance(0);
    expect(n).toBe(128);
    await io.advance(1000);
    expect(n).toBe(1000);
    await src.finished;
    expect(src.progress()).toMatchObject({ done: true, framesDone: 1000, error: 'reading the session failed: Error: disk gone' });
  });

  it('stop ends the replay and releases the store iterator', async () => {
    const io = new ManualIo();
    let returned = false;
    async function* gen(): AsyncGenerator<readonly RawFrame[]> {
      try {
        for (let i = 0; ; i++) yield [frame(i * 1000)];
      } finally {
        returned = true;
      }
    }
    const src = new ReplaySource(gen(), () => {}, { speed: 1, framesTotal: 10 }, io);
    src.start();
    await io.advance(1500);
    src.stop();
    await src.finished;
    await io.advance(0);
    expect(returned).toBe(true);
    expect(src.progress().done).toBe(true);
  });
});
