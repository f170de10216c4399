import { describe, expect, it } from 'vitest';
import { ColumnRingReader, ColumnRingWriter, columnRingBytes, copyColumnRingTail, initColumnRing } from './column-ring';

function ring(capacity: number, width: number, shared = false) {
  const buf = shared ? new SharedArrayBuffer(columnRingBytes(capacity, width)) : new ArrayBuffer(columnRingBytes(capacity, width));
  initColumnRing(buf, capacity, width);
  return { buf, w: new ColumnRingWriter(buf), r: new ColumnRingReader(buf) };
}

describe('column ring', () => {
  it('reads nothing before the first row', () => {
    const { r } = ring(8, 3);
    expect(r.readColumn(0, new Float64Array(4))).toBe(0);
  });

  it('copies the last values in time order, across the wrap', () => {
    const { w, r } = ring(8, 2, true);
    for (let i = 0; i < 21; i++) w.push([i, -i]);
    const out = new Float64Array(10);
    const n = r.readColumn(0, out);
    expect(n).toBe(7); // capacity - 1
    expect([...out.subarray(0, n)]).toEqual([14, 15, 16, 17, 18, 19, 20]);
    const short = new Float64Array(3);
    expect(r.readColumn(1, short)).toBe(3);
    expect([...short]).toEqual([-18, -19, -20]);
  });

  it('set/commit writes a row column by column; readColumns aligns columns', () => {
    const { w, r } = ring(16, 3);
    for (let i = 0; i < 5; i++) {
      w.set(0, i);
      w.set(1, i * 10);
      w.set(2, i * 100);
      w.commit();
    }
    const a = new Float64Array(3);
    const b = new Float64Array(4);
    expect(r.readColumns([0, 2], [a, b])).toBe(3);
    expect([...a]).toEqual([2, 3, 4]);
    expect([...b.subarray(0, 3)]).toEqual([200, 300, 400]);
    expect(r.count()).toBe(5);
  });

  it('an unknown column reads as NaN, clear() forgets rows', () => {
    const { w, r } = ring(4, 1);
    w.push([1]);
    const out = new Float64Array(2);
    expect(r.readColumn(5, out)).toBe(1);
    expect(out[0]).toBeNaN();
    w.clear();
    expect(r.readColumn(0, out)).toBe(0);
    w.push([7]);
    expect(r.readColumn(0, out)).toBe(1);
    expect(out[0]).toBe(7);
  });

  it('a tail copy holds only the last rows, readable by the same reader', () => {
    const { buf, w } = ring(64, 2, true);
    for (let i = 0; i < 100; i++) w.push([i, i + 0.5]);
    const copy = copyColumnRingTail(buf, 10);
    expect(copy.byteLength).toBe(columnRingBytes(11, 2));
    const r = new ColumnRingReader(copy);
    const out = new Float64Array(50);
    const n = r.readColumn(1, out);
    expect(n).toBe(10);
    expect([...out.subarray(0, n)]).toEqual([90.5, 91.5, 92.5, 93.5, 94.5, 95.5, 96.5, 97.5, 98.5, 99.5]);
    expect(r.count()).toBe(100);
  });

  it('a writer attached to an existing buffer continues where it was', () => {
    const { buf, w } = ring(8, 1);
    w.push([1]);
    w.push([2]);
    const w2 = new ColumnRingWriter(buf);
    w2.push([3]);
    const out = new Float64Array(8);
    const n = new ColumnRingReader(buf).readColumn(0, out);
    expect([...out.subarray(0, n)]).toEqual([1, 2, 3]);
  });
});
