import { describe, expect, it } from 'vitest';
import { FrameScan } from '../common/frame-scan';
import { scanV1Book, V1_A, V1_B, V1BookMsg } from './scan';

/** scan.ts details the capture-wide equivalence test (scan-equivalence.test.ts) may not reach. */
describe('scanV1Book', () => {
  const upd = (id: number, tail: string): string => `[${id},{"a":[["58810.30000","2.00000000","1617666423.714230"]],"c":"821599009"},${tail}`;

  it('reads a channel\'s name and pair afresh whenever its tail text differs from the last one', () => {
    const sc = new FrameScan();
    const m = new V1BookMsg();
    expect(scanV1Book(upd(320, '"book-1000","XBT/USD"]'), sc, m)).toBe(true);
    expect([m.name, m.pair, m.checksum]).toEqual(['book-1000', 'XBT/USD', 821599009]);
    expect(scanV1Book(upd(320, '"book-1000","XBT/USD"]'), sc, m)).toBe(true); // the cached tail
    expect([m.name, m.pair]).toEqual(['book-1000', 'XBT/USD']);
    expect(scanV1Book(upd(320, '"book-100","XBT/EUR"]'), sc, m)).toBe(true); // same channel id, other text
    expect([m.name, m.pair]).toEqual(['book-100', 'XBT/EUR']);
    expect(scanV1Book(upd(320, '"book-1000","XBT/USD"]'), sc, m)).toBe(true);
    expect([m.name, m.pair]).toEqual(['book-1000', 'XBT/USD']);
  });

  it('refuses a frame whose end matches a cached tail but has more before it', () => {
    const sc = new FrameScan();
    const m = new V1BookMsg();
    expect(scanV1Book(upd(320, '"book-1000","XBT/USD"]'), sc, m)).toBe(true);
    expect(scanV1Book(upd(320, '"junk","book-1000","XBT/USD"]'), sc, m)).toBe(false);
    expect(scanV1Book(upd(320, '"book-1000","XBT/USD"] '), sc, m)).toBe(false);
    expect(scanV1Book(upd(320, '"trade","XBT/USD"]'), sc, m)).toBe(false); // not a book channel
  });

  it('reads levels where they stand: values, spelling, times (republished excluded), and "" as a missing checksum', () => {
    const sc = new FrameScan();
    const m = new V1BookMsg();
    const t = '[320,{"b":[["58719.90000","0.00000000","1617666423.739743"],["55230.00000","0.01291000","1617622066.465158","r"]],"c":""},"book-1000","XBT/USD"]';
    expect(scanV1Book(t, sc, m)).toBe(true);
    const b = m.levels(V1_B, 0)!;
    expect(m.levels(V1_A, 0)).toBeUndefined();
    expect(b.n).toBe(2);
    expect([b.px[0], b.sz[0], b.px[1], b.sz[1]]).toEqual([58719.9, 0, 55230, 0.01291]);
    expect(t.slice(b.pxStart[1], b.pxEnd[1])).toBe('55230.00000');
    expect(t.slice(b.szStart[1], b.szEnd[1])).toBe('0.01291000');
    expect(b.maxMs).toBe(1617666423.739743 * 1000);
    expect(m.checksum).toBeNaN();
  });
});
