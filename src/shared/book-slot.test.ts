import { describe, expect, it } from 'vitest';
import { L2Book } from '../core/book/l2-book';
import { ASK, BID } from '../core/types';
import { BOOK_DEPTH, BookSlotReader, BookSlotWriter, bookSlotBytes, createBookView, initBookSlot } from './book-slot';

function slot() {
  const buf = new SharedArrayBuffer(bookSlotBytes());
  initBookSlot(buf);
  return { buf, w: new BookSlotWriter(buf), r: new BookSlotReader(buf) };
}

describe('book slot', () => {
  it('publishes the top 20 of an L2 book with venue strings', () => {
    const { w, r } = slot();
    const book = new L2Book();
    for (let i = 0; i < 30; i++) {
      book.set(BID, (100 - i).toFixed(8), `${i + 1}.00000000`);
      book.set(ASK, (101 + i).toFixed(8), `${i + 2}.5`);
    }
    w.writeBook(book, 12345678901, 1_700_000_000_000_000);
    const v = createBookView();
    expect(r.read(v)).toBe(true);
    expect(v.bidCount).toBe(BOOK_DEPTH);
    expect(v.askCount).toBe(BOOK_DEPTH);
    expect(v.bidPx[0]).toBe(100);
    expect(v.bidPxStr[0]).toBe('100.00000000');
    expect(v.bidSzStr[19]).toBe('20.00000000');
    expect(v.askPx[0]).toBe(101);
    expect(v.askSzStr[0]).toBe('2.5');
    expect(v.venueSeq).toBe(12345678901);
    expect(v.tUs).toBe(1_700_000_000_000_000);
    expect(v.crossed).toBe(false);
  });

  it('short sides leave NaN and empty strings; crossed flag; long strings are cut visibly', () => {
    const { w, r } = slot();
    const v = createBookView();
    w.begin();
    w.level(BID, 0, 5, 1, '5', '1');
    w.level(ASK, 0, 4, 2, '4', '0.123456789012345678901234567890');
    w.end(1, 1, NaN, 9, true);
    expect(r.read(v)).toBe(true);
    expect(v.crossed).toBe(true);
    expect(v.bidPx[1]).toBeNaN();
    expect(v.bidPxStr[1]).toBe('');
    expect(v.askSzStr[0]).toHaveLength(24);
    expect(v.askSzStr[0]!.endsWith('…')).toBe(true);
    expect(v.venueSeq).toBeNaN();
  });

  it('an unchanged slot leaves the view as is; a write in progress is not read', () => {
    const { w, r } = slot();
    const v = createBookView();
    w.begin();
    w.level(BID, 0, 1, 1, '1', '1');
    w.end(1, 0, 1, 1, false);
    expect(r.read(v)).toBe(true);
    v.bidPxStr[0] = 'sentinel';
    expect(r.read(v)).toBe(true);
    expect(v.bidPxStr[0]).toBe('sentinel'); // skipped: same lock
    w.begin(); // never ended: odd lock
    expect(r.read(v)).toBe(false);
    w.end(0, 0, 2, 2, false);
    expect(r.read(v)).toBe(true);
    expect(v.bidCount).toBe(0);
  });

  it('a view moved to another slot with an equal lock value is refilled', () => {
    const a = slot();
    const b = slot();
    a.w.clear(1);
    b.w.begin();
    b.w.level(BID, 0, 3, 3, '3', '3');
    b.w.end(1, 0, 0, 0, false);
    const v = createBookView();
    expect(a.r.read(v)).toBe(true);
    expect(b.r.read(v)).toBe(true);
    expect(v.bidCount).toBe(1);
  });
});
