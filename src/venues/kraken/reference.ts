import type { L2Book } from '../../core/book/l2-book';
import type { RawFrame } from '../../core/types';
import { crc32Ascii } from './checksum';

/**
 * TEST ORACLE, not used by the adapter: an independent replay of Kraken v1 book captures with
 * plain Maps of venue strings, full sorts, and §8.4's string-building CRC (venues.md). It shares
 * no code with KrakenBookSync/L2Book except the bare CRC table walk of a finished ASCII string.
 */
export class RefBook {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();

  apply(side: 'bids' | 'asks', levels: readonly (readonly string[])[]): void {
    for (const [p, q] of levels) (Number(q) === 0 ? this[side].delete(p!) : this[side].set(p!, q!));
  }
  sorted(side: 'bids' | 'asks'): [string, string][] {
    const dir = side === 'bids' ? -1 : 1;
    return [...this[side]].sort((x, y) => dir * (Number(x[0]) - Number(y[0])));
  }
  truncate(depth: number): void {
    for (const side of ['bids', 'asks'] as const) if (this[side].size > depth) for (const [p] of this.sorted(side).slice(depth)) this[side].delete(p);
  }
  /** Best 10 by numeric price, by insertion into a short list (no full sort per message). */
  top10(side: 'bids' | 'asks'): [string, string][] {
    const dir = side === 'bids' ? -1 : 1;
    const best: [string, string, number][] = [];
    for (const [p, q] of this[side]) {
      const x = dir * Number(p);
      if (best.length === 10 && x >= best[9]![2]) continue;
      let i = best.length;
      while (i > 0 && best[i - 1]![2] > x) i--;
      best.splice(i, 0, [p, q, x]);
      if (best.length > 10) best.pop();
    }
    return best.map(([p, q]) => [p, q]);
  }
  checksum(): number {
    const strip = (s: string): string => s.replace('.', '').replace(/^0+/, '');
    return crc32Ascii([...this.top10('asks'), ...this.top10('bids')].map(([p, q]) => strip(p) + strip(q)).join(''));
  }
  /** Does an L2Book hold exactly these levels, in order? */
  equals(book: L2Book): boolean {
    for (const [side, s] of [['bids', book.bids] as const, ['asks', book.asks] as const]) {
      const want = this.sorted(side);
      if (s.depth !== want.length) return false;
      for (let r = 0; r < want.length; r++) {
        const l = s.at(r);
        if (l?.pxStr !== want[r]![0] || l.szStr !== want[r]![1]) return false;
      }
    }
    return true;
  }
}

/** Replay the v1 book frames: apply every part, truncate to the channel depth, check `c`. */
export function referenceV1(frames: readonly RawFrame[]): { books: Map<string, RefBook>; verified: number; mismatched: number } {
  const books = new Map<string, RefBook>();
  let verified = 0;
  let mismatched = 0;
  for (const f of frames) {
    if (f.kind !== 'ws' || !f.text.startsWith('[')) continue;
    const m = JSON.parse(f.text) as unknown[];
    const name = m[m.length - 2] as string;
    if (!name.startsWith('book-')) continue;
    const depth = Number(name.slice(5));
    const pair = m[m.length - 1] as string;
    const parts = m.slice(1, -2) as Record<string, string[][] | string | undefined>[];
    if (parts[0]!.as !== undefined || parts[0]!.bs !== undefined) {
      const ref = new RefBook();
      ref.apply('bids', (parts[0]!.bs ?? []) as string[][]);
      ref.apply('asks', (parts[0]!.as ?? []) as string[][]);
      books.set(pair, ref);
      continue;
    }
    const ref = books.get(pair);
    if (ref === undefined) continue;
    let c: string | undefined;
    for (const p of parts) {
      ref.apply('bids', (p.b ?? []) as string[][]);
      ref.apply('asks', (p.a ?? []) as string[][]);
      if (typeof p.c === 'string') c = p.c;
    }
    ref.truncate(depth);
    if (ref.checksum() === Number(c)) verified++;
    else mismatched++;
  }
  return { books, verified, mismatched };
}
