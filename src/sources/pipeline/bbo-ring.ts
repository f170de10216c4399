import type { L2Book } from '../../core/book/l2-book';

/** Venue tickers waiting for the depth event with the same update id (a bookTicker usually
 * arrives before the 100 ms depth batch that contains its update). Preallocated: no per-frame
 * allocation, old entries are simply overwritten. */
const CAPACITY = 64;

export class BboRing {
  private readonly seq = new Float64Array(CAPACITY).fill(NaN);
  readonly bidPx: string[] = new Array<string>(CAPACITY).fill('');
  readonly bidSz: string[] = new Array<string>(CAPACITY).fill('');
  readonly askPx: string[] = new Array<string>(CAPACITY).fill('');
  readonly askSz: string[] = new Array<string>(CAPACITY).fill('');
  private head = 0;
  /** Slots holding a ticker not yet checked (0: `find` can be skipped). */
  waiting = 0;

  put(seq: number, bidPx: string, bidSz: string, askPx: string, askSz: string): void {
    if (seq !== seq) return; // no update id: `find` could never match it
    const i = this.head;
    if (this.seq[i] !== this.seq[i]) this.waiting++; // an empty slot (NaN) gets filled
    this.seq[i] = seq;
    this.bidPx[i] = bidPx;
    this.bidSz[i] = bidSz;
    this.askPx[i] = askPx;
    this.askSz[i] = askSz;
    this.head = (i + 1) % CAPACITY;
  }

  /** Slot of the waiting ticker with this update id, or -1. */
  find(seq: number): number {
    for (let i = 0; i < CAPACITY; i++) if (this.seq[i] === seq) return i;
    return -1;
  }

  /** Slot `i` agrees with the book's touch. */
  matches(i: number, book: L2Book): boolean {
    return bboMatches(book, this.bidPx[i] as string, this.bidSz[i] as string, this.askPx[i] as string, this.askSz[i] as string);
  }

  /** Consume slot `i` (each ticker is checked once). */
  take(i: number): void {
    if (this.seq[i] === this.seq[i]) this.waiting--;
    this.seq[i] = NaN;
  }

  clear(): void {
    this.seq.fill(NaN);
    this.waiting = 0;
  }
}

/** Venue best bid/ask equals our book's touch, price and size, as venue strings. */
export function bboMatches(book: L2Book, bidPx: string, bidSz: string, askPx: string, askSz: string): boolean {
  const b = book.bids.at(0);
  const a = book.asks.at(0);
  return b !== undefined && a !== undefined && b.pxStr === bidPx && b.szStr === bidSz && a.pxStr === askPx && a.szStr === askSz;
}

/** Human-readable mismatch (rare: only built when a check fails). */
export function describeBbo(book: L2Book, bidPx: string, bidSz: string, askPx: string, askSz: string): string {
  const b = book.bids.at(0);
  const a = book.asks.at(0);
  return `venue ${bidSz}@${bidPx} / ${askSz}@${askPx} vs book ${b?.szStr}@${b?.pxStr} / ${a?.szStr}@${a?.pxStr}`;
}
