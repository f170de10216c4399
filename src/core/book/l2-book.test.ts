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

// Several spellings of one numeric price, including ones parseDecimal leaves to `+s` (exponent,
// more than 24 characters): those levels are matched by comparing strings, the rest by spelling.
const spell = (c: number, style: number): string => {
  const v = c / 100;
  switch (style) {
    case 0:
      return v.toFixed(2);
    case 1:
      return v.toFixed(8);
    case 2:
      return String(v);
    case 3:
      return v.toFixed(3);
    case 4:
      return v.toExponential();
    default:
      return v.toFixed(2).padStart(26, '0');
  }
};
// Prices on a small grid so sets collide often.
const pxStrArb = fc.tuple(fc.integer({ min: 9_990, max: 10_010 }), fc.constantFrom(0, 1, 2, 3, 4, 5)).map(([c, style]) => spell(c, style));
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
  // ranks out of order too (at() walks from a cursor when reads are sequential)
  for (let r = s.length - 1; r >= 0; r -= 3) expect(side.at(r)!.pxStr).toBe(s[r]!.pxStr);
  expect(side.at(s.length)).toBeUndefined();
  expect(side.at(-1)).toBeUndefined();
  for (const n of [0, 1, 5, 10, 1000]) {
    const naive = s.slice(0, n).reduce((a, l) => a + l.sz, 0);
    expect(side.sizeTop(n)).toBeCloseTo(naive, 9);
  }
  // both depths in one walk: bit-identical to two sizeTop calls
  for (const [near, far] of [[0, 0], [0, 5], [1, 1], [5, 10], [3, 1000], [1000, 1000]] as const) {
    expect([side.sizeTop2(near, far), side.nearSize]).toEqual([side.sizeTop(far), side.sizeTop(near)]);
  }
  expect(side.bestSz()).toBe(s.length ? s[0]!.sz : NaN);
  const naiveNotional = (lim: number) =>
    s.filter((l) => (side.isBid ? l.px >= lim : l.px <= lim)).reduce((a, l) => a + l.px * l.sz, 0);
  // relative: the side keeps a running total and cached block totals (another summation order)
  const close = (got: number, want: number): void => expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
  for (const lim of limits) {
    close(side.notionalWithin(lim), naiveNotional(lim));
    // nested bands in one walk: near = the limit, far = one band further out
    const far = side.isBid ? lim - 0.05 : lim + 0.05;
    close(side.notionalWithin2(lim, far), naiveNotional(far));
    close(side.nearNotional, naiveNotional(lim));
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

describe('BookSide storage under churn (property)', () => {
  // Wide grid and large batches: arrays grow and re-centre, deletes far from the touch leave
  // tombstones that inserts reuse or shift into, compaction runs, snapshots arrive in any order.
  const wideLevel = fc.tuple(fc.integer({ min: 0, max: 1_500 }), fc.constantFrom(0, 0, 0, 1, 2, 4, 5), szStrArb);
  const batchArb = fc.oneof(
    { weight: 1, arbitrary: fc.record({ k: fc.constant('snap' as const), lv: fc.array(wideLevel, { maxLength: 600, size: 'max' }) }) },
    { weight: 6, arbitrary: fc.record({ k: fc.constant('batch' as const), lv: fc.array(wideLevel, { maxLength: 200, size: 'max' }) }) },
    // delete a random fraction of what is there (far levels included), then maybe reinsert some
    { weight: 3, arbitrary: fc.record({ k: fc.constant('purge' as const), frac: fc.double({ min: 0, max: 1, noNaN: true }), seed: fc.integer(), reinsert: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('trunc' as const), n: fc.integer({ min: 0, max: 400 }) }) },
  );

  it.each([true, false])('isBid=%s agrees with the reference after every batch', (isBid) => {
    fc.assert(
      fc.property(fc.array(batchArb, { maxLength: 25 }), fc.array(fc.integer({ min: 0, max: 1_500 }), { maxLength: 3 }), (ops, lims) => {
        const book = new L2Book();
        const ref = new RefBook();
        const id = isBid ? BID : ASK;
        const side = book.side(id);
        const rs = ref.sides[id];
        const put = (p: string, s: string): void => (book.set(id, p, s), rs.set(p, s));
        const limits = lims.map((c) => 100 + c / 100);
        for (const op of ops) {
          if (op.k === 'snap' || op.k === 'batch') {
            if (op.k === 'snap') (book.clear(), ref.clear());
            for (const [c, st, s] of op.lv) put(spell(10_000 + c, st), s);
          } else if (op.k === 'purge') {
            let x = op.seed >>> 0;
            const rnd = (): number => ((x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
            const gone: string[] = [];
            for (const l of rs.sorted()) if (rnd() < op.frac) (put(l.pxStr, '0'), gone.push(l.pxStr));
            if (op.reinsert) for (const p of gone) if (rnd() < 0.5) put(p, '1.00000000');
          } else {
            side.truncate(op.n);
            rs.truncate(op.n);
          }
          sideMatches(side, rs, limits);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('deleting most of a deep side far from the touch, then refilling it', () => {
    const b = new L2Book();
    const ref = new RefBook();
    const put = (p: string, s: string): void => (b.set(BID, p, s), ref.sides[BID].set(p, s));
    for (let i = 0; i < 3_000; i++) put((1_000 + i / 100).toFixed(8), '1.00000000');
    for (let i = 0; i < 2_900; i++) put((1_000 + i / 100).toFixed(8), '0.00000000'); // worst first
    sideMatches(b.bids, ref.sides[BID], [1_020, 1_029.5]);
    for (let i = 2_899; i >= 0; i -= 2) put((1_000 + i / 100).toFixed(8), '2.00000000');
    sideMatches(b.bids, ref.sides[BID], [1_010, 1_029.95]);
    for (let i = 0; i < 3_000; i += 3) put((1_000 + i / 100).toFixed(2), '3'); // other spellings: new levels
    sideMatches(b.bids, ref.sides[BID], [1_000, 1_015]);
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
    ['exponent spellings are levels of their own', [['1e2', '1'], ['100', '2'], ['1E2', '3'], ['1e2', '4']], 3],
    ['a price that is not a number is ignored', [['abc', '1'], ['1.2.3', '1'], ['100', '1'], ['abc', '0']], 1],
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
