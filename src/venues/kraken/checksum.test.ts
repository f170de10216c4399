import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { L2Book } from '../../core/book/l2-book';
import { ASK, BID } from '../../core/types';
import { bookChecksum, crc32Ascii, IncrementalBookCrc, levelsChecksum, plainDecimal } from './checksum';

/** Vectors we did not write: ../shared/fixtures/kraken/checksum_vectors.json (PROVENANCE.md §3:
 * 1 Kraken doc vector + 21 derived from the cryptofeed captures), and venues.md §8.2. */
const REPO = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const VECTORS = path.resolve(REPO, '../shared/fixtures/kraken/checksum_vectors.json');

interface Vector {
  readonly kind: string;
  readonly api: string;
  readonly asks_top10: [string, string][];
  readonly bids_top10: [string, string][];
  readonly check_string: string;
  readonly expected_checksum: number | string;
  readonly line?: number;
}
const vectors = (JSON.parse(readFileSync(VECTORS, 'utf8')) as { vectors: Vector[] }).vectors;

/** §8.4's reference, transcribed independently of checksum.ts (string building + regex). */
const strip = (s: string): string => s.replace('.', '').replace(/^0+/, '');
const referenceString = (asks: [string, string][], bids: [string, string][]): string =>
  [...asks.slice(0, 10), ...bids.slice(0, 10)].map(([p, q]) => strip(p) + strip(q)).join('');

describe('Kraken CRC32 vectors (checksum_vectors.json)', () => {
  it('holds 1 doc vector and 21 capture vectors', () => {
    expect(vectors.filter((v) => v.kind === 'doc')).toHaveLength(1);
    expect(vectors.filter((v) => v.kind === 'derived_from_capture')).toHaveLength(21);
  });

  it.each(vectors.map((v, i) => ({ ...v, i })))('vector $i ($kind, $api) → $expected_checksum', (v) => {
    const want = Number(v.expected_checksum);
    expect(referenceString(v.asks_top10, v.bids_top10)).toBe(v.check_string);
    expect(crc32Ascii(v.check_string)).toBe(want);
    expect(levelsChecksum(v.asks_top10, v.bids_top10)).toBe(want);
    const book = new L2Book();
    for (const [p, q] of v.asks_top10) book.set(ASK, p, q);
    for (const [p, q] of v.bids_top10) book.set(BID, p, q);
    expect(bookChecksum(book)).toBe(want);
    expect(new IncrementalBookCrc().compute(book)).toBe(want);
  });
});

describe('IncrementalBookCrc (cached level contributions, CRC linearity)', () => {
  it('equals bookChecksum while the book changes under it: inserts, updates, deletes, exponents (with and without a plain form), long and empty texts', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    let book = new L2Book();
    const inc = new IncrementalBookCrc();
    for (let step = 0; step < 3000; step++) {
      // now and then a snapshot (cleared book: its level slots are reused) or another book object
      if (step % 401 === 400) book.clear();
      if (step % 997 === 996) book = new L2Book();
      const bid = rnd() < 0.5;
      const px = bid ? (100 - Math.floor(rnd() * 30) * 0.5).toFixed(1) : (100.5 + Math.floor(rnd() * 30) * 0.5).toFixed(1);
      const r = rnd();
      // '1e999': an exponent without a plain form (the mirror gives up for that computation)
      const qty = r < 0.2 ? '0' : r < 0.25 ? '5.1e-05' : r < 0.3 ? '0.' + '0'.repeat(70) + '1' : r < 0.35 ? '0.000' : r < 0.37 ? '1e999' : (rnd() * 10).toFixed(8);
      book.set(bid ? BID : ASK, px, qty);
      expect(inc.compute(book)).toBe(bookChecksum(book));
    }
  });

  it('batches of changes between computations, each side refolded only when touched at or inside its 10th level (as KrakenBookSync tells), some changes same-text rewrites (a new generation, the same strings)', () => {
    let seed = 11;
    const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const book = new L2Book();
    const inc = new IncrementalBookCrc();
    const texts = new Map<string, string>();
    for (let step = 0; step < 3000; step++) {
      const n = 1 + Math.floor(rnd() * 3);
      // which sides' top 10 the batch touches, judged against the edges as KrakenBookSync does
      const bidEdge = inc.edgePx(true);
      const askEdge = inc.edgePx(false);
      let bids = false;
      let asks = false;
      for (let j = 0; j < n; j++) {
        const bid = rnd() < 0.5;
        const px = bid ? (100 - Math.floor(rnd() * 15) * 0.5).toFixed(1) : (100.5 + Math.floor(rnd() * 15) * 0.5).toFixed(1);
        if (bid ? +px >= bidEdge : +px <= askEdge) (bid ? (bids = true) : (asks = true));
        const r = rnd();
        // a rewrite with the very same text (a new string of equal content) must still check out
        const qty = r < 0.25 ? '0' : r < 0.4 && texts.has(px) ? `${texts.get(px)!}` : (rnd() * 10).toFixed(8);
        if (qty === '0') texts.delete(px);
        else texts.set(px, qty);
        book.set(bid ? BID : ASK, px, qty);
      }
      expect(inc.compute(book, asks, bids)).toBe(bookChecksum(book));
      // the 10th level's price per side, as KrakenBookSync reads it to skip deeper changes
      expect(inc.edgePx(true)).toBe(book.bids.depth < 10 ? -Infinity : book.bids.at(9)!.px);
      expect(inc.edgePx(false)).toBe(book.asks.depth < 10 ? Infinity : book.asks.at(9)!.px);
    }
  });
});

describe('venues.md §8.2 vectors', () => {
  const doc = vectors.find((v) => v.kind === 'doc')!;

  it('vector A: the v2 docs worked example is 3310070434, unsigned', () => {
    expect(doc.expected_checksum).toBe(3310070434);
    expect(crc32Ascii(doc.check_string)).toBe(3310070434); // > 2^31: a signed compare would fail
  });

  // v1 docs example: asks 0.05005 … 0.05050 step 0.00005, bids as listed, every qty 0.00000500.
  const asksB = Array.from({ length: 10 }, (_, i) => [(0.05005 + i * 0.00005).toFixed(5), '0.00000500'] as [string, string]);
  const bidsB = ['0.05000', '0.04995', '0.04990', '0.04980', '0.04975', '0.04970', '0.04965', '0.04960', '0.04955', '0.04950'].map((p) => [p, '0.00000500'] as [string, string]);

  it('vector B: 974947235 with the wire texts', () => {
    expect(asksB.at(-1)![0]).toBe('0.05050');
    expect(levelsChecksum(asksB, bidsB)).toBe(974947235);
  });

  // venues.md says "if the quantities lose trailing zeros … 4245781228"; recomputed here, that value
  // is what you get when prices AND quantities go through Number→String (what JSON.parse does to
  // v2 numbers); quantities alone give 2298365103. Either way: never the venue's value.
  it('the JS-number trap: texts through Number→String give 4245781228', () => {
    const lossyQty = (l: [string, string][]): [string, string][] => l.map(([p, q]) => [p, String(Number(q))]);
    const lossy = (l: [string, string][]): [string, string][] => l.map(([p, q]) => [String(Number(p)), String(Number(q))]);
    expect(String(Number('0.00000500'))).toBe('0.000005');
    expect(levelsChecksum(lossy(asksB), lossy(bidsB))).toBe(4245781228);
    expect(levelsChecksum(lossyQty(asksB), lossyQty(bidsB))).toBe(2298365103);
  });
});

describe('plain decimal expansion of exponent literals (⚠ venues.md §8.4)', () => {
  it.each([
    ['0E-8', '0.00000000'],
    ['5.1e-05', '0.000051'],
    ['1.5E+3', '1500'],
    ['12e1', '120'],
    ['-2.5e-1', '-0.25'],
    ['123.45', '123.45'],
  ])('%s → %s', (lit, plain) => {
    expect(plainDecimal(lit)).toBe(plain);
    expect(Number(plainDecimal(lit))).toBe(Number(lit));
  });

  it('an exponent qty hashes as its plain expansion', () => {
    expect(levelsChecksum([['0.5', '5.1e-05']], [])).toBe(crc32Ascii('551'));
  });
});
