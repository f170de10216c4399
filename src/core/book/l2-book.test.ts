import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASK, BID, type BookSideId } from '../types';
import type { BookSide } from './book-side';
import { L2Book } from './l2-book';

/**
 * Naive reference: a Map per side, sorted on every query. Among levels of equal numeric price
 * (distinct strings such as "100" and "100.0") the most recently inserted ranks better, which is
 * the order BookSide keeps (it inserts after equal prices, toward the touch).
 */
interface RefLevel {
  px: number;
  sz: number;
  pxStr: string;
  szStr: string;
  seq: number;
}
class RefSide {
  readonly m = new Map<string, RefLevel>();
  private seq = 0;
  constructor(readonly isBid: boolean) {}
  set(pxStr: string, szStr: string): void {
    const sz = +szStr;
    if (sz === 0) this.m.delete(pxStr);
    else {
      const e = this.m.get(pxStr);
      if (e) Object.assign(e, { sz, szStr });
      else this.m.set(pxStr, { px: +pxStr, sz, pxStr, szStr, seq: this.seq++ });
    }
  }
  /** Best first. */
  sorted(): RefLevel[] {
    return [...this.m.values()].sort((a, b) => (this.isBid ? b.px - a.px : a.px - b.px) || b.seq - a.seq);
  }
  truncate(n: number): void {
    for (const l of this.sorted().slice(n)) this.m.delete(l.pxStr);
  }
}
class RefBook {
  readonly sides = [new RefSide(true), new RefSide(false)] as const;
  clear(): void {
    this.sides[0].m.clear();
    this.sides[1].m.clear();
  }
}

// Prices on a small grid so sets collide often; several spellings of one numeric price.
const pxStrArb = fc
  .tuple(fc.integer({ min: 9_990, max: 10_010 }), fc.constantFrom(0, 1, 2, 3))
  .map(([c, style]) => {
    const v = c / 100;
    return style === 0 ? v.toFixed(2) : style === 1 ? v.toFixed(8) : style === 2 ? String(v) : v.toFixed(3);
  });
const szStrArb = fc.oneof(
  fc.constantFrom('0', '0.00000000', '0.0'),
  fc.integer({ min: 1, max: 5_000_000 }).map((n) => (n / 1e5).toFixed(8)),
);
const sideArb = fc.constantFrom<BookSideId>(BID, ASK);
const levelArb = fc.tuple(pxStrArb, szStrArb);
const opArb = fc.oneof(
  { weight: 1, arbitrary: fc.record({ k: fc.constant('snap' as const), bids: fc.array(levelArb, { maxLength: 25 }), asks: fc.array(levelArb, { maxLength: 25 }) }) },
  { weight: 12, arbitrary: fc.record({ k: fc.constant('set' as const), side: sideArb, lv: levelArb }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('trunc' as const), side: sideArb, n: fc.integer({ min: 0, max: 12 }) }) },
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

function apply(book: L2Book, ref: RefBook, op: Op): void {
  if (op.k === 'snap') {
    book.clear();
    ref.clear();
    for (const [p, s] of op.bids) (book.set(BID, p, s), ref.sides[BID].set(p, s));
    for (const [p, s] of op.asks) (book.set(ASK, p, s), ref.sides[ASK].set(p, s));
  } else if (op.k === 'set') {
    book.set(op.side, op.lv[0], op.lv[1]);
    ref.sides[op.side].set(op.lv[0], op.lv[1]);
  } else {
    book.side(op.side).truncate(op.n);
    ref.sides[op.side].truncate(op.n);
  }
}

function sideMatches(side: BookSide, ref: RefSide, limits: number[]): void {
  const s = ref.sorted();
  expect(side.depth).toBe(s.length);
  expect(side.bestPx()).toBe(s.length ? s[0]!.px : NaN);
  for (let r = 0; r < s.length; r++) {
    const l = side.at(r)!;
    expect([l.pxStr, l.szStr, l.px, l.sz]).toEqual([s[r]!.pxStr, s[r]!.szStr, s[r]!.px, s[r]!.sz]);
    expect(side.get(s[r]!.pxStr)).toBe(l);
  }
  expect(side.at(s.length)).toBeUndefined();
  for (const n of [0, 1, 5, 10, 1000]) {
    const naive = s.slice(0, n).reduce((a, l) => a + l.sz, 0);
    expect(side.sizeTop(n)).toBeCloseTo(naive, 9);
  }
  const naiveNotional = (lim: number) =>
    s.filter((l) => (side.isBid ? l.px >= lim : l.px <= lim)).reduce((a, l) => a + l.px * l.sz, 0);
  for (const lim of limits) {
    expect(side.notionalWithin(lim)).toBeCloseTo(naiveNotional(lim), 6);
    // nested bands in one walk: near = the limit, far = one band further out
    const far = side.isBid ? lim - 0.05 : lim + 0.05;
    expect(side.notionalWithin2(lim, far)).toBeCloseTo(naiveNotional(far), 6);
    expect(side.nearNotional).toBeCloseTo(naiveNotional(lim), 6);
  }
}

describe('L2Book vs a naive reference (property)', () => {
  it('agrees after every op of random snapshot/set/delete/truncate sequences', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), fc.array(fc.integer({ min: 9_985, max: 10_015 }), { maxLength: 4 }), (ops, lims) => {
        const book = new L2Book();
        const ref = new RefBook();
        const limits = lims.map((c) => c / 100);
        for (const op of ops) {
          apply(book, ref, op);
          sideMatches(book.bids, ref.sides[BID], limits);
          sideMatches(book.asks, ref.sides[ASK], limits);
          const b = ref.sides[BID].sorted()[0];
          const a = ref.sides[ASK].sorted()[0];
          expect(book.isCrossed()).toBe(b !== undefined && a !== undefined && b.px >= a.px);
          expect(book.isEmpty()).toBe(ref.sides[0].m.size === 0 && ref.sides[1].m.size === 0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('L2Book edge cases', () => {
  it.each([
    ['"0" deletes', [['100', '1'], ['100', '0']], 0],
    ['"0.00000000" deletes', [['100', '1'], ['100', '0.00000000']], 0],
    ['deleting an absent level is a no-op', [['100', '0'], ['101', '0.00000000']], 0],
    ['re-set updates in place', [['100', '1'], ['100', '2']], 1],
    ['same number, different strings are distinct levels', [['100', '1'], ['100.0', '2']], 2],
    ['delete by the other spelling leaves the level', [['100', '1'], ['100.00', '0']], 1],
  ] as const)('%s', (_, sets, depth) => {
    const b = new L2Book();
    for (const [p, s] of sets) b.set(BID, p, s);
    expect(b.bids.depth).toBe(depth);
  });

  it('deletes the right one of two equal-price levels', () => {
    const b = new L2Book();
    b.set(ASK, '100', '1');
    b.set(ASK, '100.0', '2');
    b.set(ASK, '100.00', '3');
    b.set(ASK, '100.0', '0');
    expect([b.asks.at(0)?.pxStr, b.asks.at(1)?.pxStr, b.asks.depth]).toEqual(['100.00', '100', 2]);
  });

  it('keeps venue strings and derives numbers', () => {
    const b = new L2Book();
    b.set(BID, '61837.63000000', '3.78826000');
    const l = b.bids.at(0)!;
    expect(l).toEqual({ pxStr: '61837.63000000', szStr: '3.78826000', px: 61837.63, sz: 3.78826 });
  });

  it.each([
    // [bids, asks, crossed]
    [['99'], ['100'], false],
    [['100'], ['100'], true], // locked counts as crossed: a book cannot trade with itself
    [['101'], ['100'], true],
    [[], ['100'], false],
    [['100'], [], false],
    [[], [], false],
  ])('isCrossed bids %j asks %j → %s', (bids, asks, crossed) => {
    const b = new L2Book();
    for (const p of bids) b.set(BID, p, '1');
    for (const p of asks) b.set(ASK, p, '1');
    expect(b.isCrossed()).toBe(crossed);
  });

  it('truncate keeps the best levels and forgets the rest', () => {
    const b = new L2Book();
    for (let i = 1; i <= 10; i++) b.set(BID, String(i), '1');
    b.bids.truncate(3);
    expect([b.bids.depth, b.bids.at(2)?.px, b.bids.get('7'), b.bids.get('8')?.px]).toEqual([3, 8, undefined, 8]);
    b.bids.truncate(5); // fewer than n: nothing happens
    expect(b.bids.depth).toBe(3);
    b.bids.truncate(0);
    expect(b.bids.bestPx()).toBeNaN();
  });

  it('empty sides answer NaN / 0 / undefined', () => {
    const b = new L2Book();
    expect([b.bestBidPx(), b.bestAskPx()]).toEqual([NaN, NaN]);
    expect([b.bids.sizeTop(5), b.asks.notionalWithin(1e9), b.asks.at(0)]).toEqual([0, 0, undefined]);
    expect(b.isEmpty()).toBe(true);
  });

  it('reuses freed level objects after clear (no growth in steady state)', () => {
    const b = new L2Book();
    b.set(BID, '1', '1');
    const l = b.bids.at(0);
    b.clear();
    b.set(BID, '2', '1');
    expect(b.bids.at(0)).toBe(l);
  });
});
