import { readFileSync } from 'node:fs';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { LevelRows } from '../common/frame-scan';
import { describe, expect, it } from 'vitest';
import { L2Book } from '../../core/book/l2-book';
import { ASK, BID } from '../../core/types';
import { crc32Signed, feed, okxBookChecksum, okxLevelsChecksum, zeros } from './checksum';
import { OkxChecksumCache } from './checksum-cache';

/**
 * venues.md §8.1 and ../shared/fixtures/okx/checksum_vectors.json (2 `doc` + 24
 * `derived_from_capture` vectors): every one must pass through the list form, the book form and
 * the incremental cache. The v5 docs' `books` example (-855196043) is deliberately NOT a vector:
 * it does not match its own data (PROVENANCE.md §4.4).
 */
interface Vector {
  readonly kind: 'doc' | 'derived_from_capture';
  readonly bids?: string[][];
  readonly asks?: string[][];
  readonly bids_top25?: string[][];
  readonly asks_top25?: string[][];
  readonly check_string: string;
  readonly expected_checksum: number;
}

const file = JSON.parse(readFileSync(new URL('./fixtures/checksum_vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[] };
const vectors = file.vectors.map((v) => ({ ...v, bids: v.bids ?? v.bids_top25!, asks: v.asks ?? v.asks_top25! }));

function bookOf(bids: string[][], asks: string[][]): L2Book {
  const b = new L2Book();
  for (const [p, q] of bids) b.set(BID, p!, q!);
  for (const [p, q] of asks) b.set(ASK, p!, q!);
  return b;
}

describe('OKX checksum vectors', () => {
  it('the file holds 2 doc + 24 derived vectors', () => {
    expect(vectors.filter((v) => v.kind === 'doc')).toHaveLength(2);
    expect(vectors.filter((v) => v.kind === 'derived_from_capture')).toHaveLength(24);
    expect(vectors.map((v) => v.expected_checksum)).not.toContain(-855196043);
  });

  it.each(vectors.map((v, i) => ({ i, ...v })))('vector $i ($kind) → $expected_checksum', (v) => {
    expect(crc32Signed(v.check_string)).toBe(v.expected_checksum);
    expect(okxLevelsChecksum(v.bids, v.asks)).toBe(v.expected_checksum);
    const book = bookOf(v.bids, v.asks);
    expect(okxBookChecksum(book)).toBe(v.expected_checksum);
    expect(new OkxChecksumCache().checksum(book)).toBe(v.expected_checksum);
  });

  it('venues.md §8.1 vector 1 and the uneven-sides rule (the longer side continues alone)', () => {
    expect(okxLevelsChecksum([['3366.1', '7']], [['3366.8', '9'], ['3368', '8'], ['3372', '8']])).toBe(831078360);
    expect(okxLevelsChecksum([['3366.1', '7'], ['3366', '6']], [['3366.8', '9'], ['3368', '8']])).toBe(-1881014294);
  });

  it('raw strings: a reformatted size changes the checksum (1e-7 vs 0.0000001)', () => {
    expect(okxLevelsChecksum([['28923.2', '0.0000001']], [['28923.3', '1']])).not.toBe(okxLevelsChecksum([['28923.2', '1e-7']], [['28923.3', '1']]));
  });
});

describe('CRC-32 building blocks', () => {
  const samples = ['', 'a', '3366.1:7:3366.8:9', '0.00000500', 'héllo — €', '\u{1F600}x', 'x'.repeat(300)];

  it('equals zlib.crc32 (an independent implementation), signed, including non-ASCII', () => {
    for (const s of samples) expect(crc32Signed(s), s).toBe(zlibCrc32(Buffer.from(s, 'utf8')) | 0);
  });

  it('crc(A‖B) = zeros(crc(A), |B|) ^ crc0(B) for every split and length', () => {
    const s = '30233.6:3:30238.8:2:30219.4:104:30249.5:50:' + 'y'.repeat(80);
    for (let k = 0; k <= s.length; k++) {
      const a = s.slice(0, k);
      const b = s.slice(k);
      expect(~(zeros(feed(-1, a), Buffer.byteLength(b)) ^ feed(0, b)) | 0).toBe(crc32Signed(s));
    }
  });

  it('the incremental cache follows inserts, deletes, size changes and clears like the full string', () => {
    const book = new L2Book();
    const ck = new OkxChecksumCache();
    let seed = 7;
    const rnd = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    for (let i = 0; i < 6000; i++) {
      // one message: 1–6 levels on either side, applied in order (deletes before inserts, as OKX sends them)
      const bids: [string, string][] = [];
      const asks: [string, string][] = [];
      for (let n = 1 + rnd(6); n > 0; n--) {
        const side = rnd(2) === 0 ? BID : ASK;
        const px = side === BID ? 100 - rnd(80) / 4 : 100.25 + rnd(80) / 4; // deeper than 25 levels
        const pxStr = rnd(10) === 0 ? px.toFixed(2) : String(px); // "99.50" and "99.5" are distinct levels
        const sz = rnd(3) === 0 ? '0' : String(rnd(1000) / 7);
        book.set(side, pxStr, sz);
        (side === BID ? bids : asks).push([pxStr, sz]);
      }
      if (rnd(500) === 0) {
        book.clear();
        ck.invalidate();
      }
      // with the applied levels (the patch path) and, now and then, without (the walk)
      const got = rnd(4) === 0 ? ck.checksum(book) : ck.checksum(book, new LevelRows().wrap(bids), new LevelRows().wrap(asks));
      expect(got).toBe(okxBookChecksum(book));
    }
  });
});
