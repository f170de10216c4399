/**
 * A deliberately naive, independent order book (plain Map per side, string keys) used to answer
 * snapshot requests "as of now". It shares no code with src/core/book: it is the oracle.
 * Spot sync rule (../shared/docs/venues.md §2.3): start from the REST snapshot, skip events with
 * u <= lastUpdateId, apply the rest (qty "0" deletes), lastUpdateId := u.
 */
import type { DepthDiff, DepthSnapshot, Level } from './capture';

export class ReferenceBook {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();
  lastUpdateId: number;

  constructor(snap: DepthSnapshot) {
    for (const [p, q] of snap.bids) this.bids.set(p, q);
    for (const [p, q] of snap.asks) this.asks.set(p, q);
    this.lastUpdateId = snap.lastUpdateId;
  }

  apply(ev: DepthDiff): void {
    if (this.skips(ev)) return;
    for (const [p, q] of ev.b) setLevel(this.bids, p, q);
    for (const [p, q] of ev.a) setLevel(this.asks, p, q);
    this.lastUpdateId = ev.u;
  }

  /** Spot (venues.md §2.3 step 4): an event ending at or before the book is already in it. */
  protected skips(ev: DepthDiff): boolean {
    return ev.u <= this.lastUpdateId;
  }

  /** Binance REST/WS-API `depth` result shape: bids high→low, asks low→high, `limit` per side. */
  snapshot(limit: number): DepthSnapshot {
    return {
      lastUpdateId: this.lastUpdateId,
      bids: sorted(this.bids, -1).slice(0, limit),
      asks: sorted(this.asks, 1).slice(0, limit),
    };
  }
}

export function setLevel(side: Map<string, string>, p: string, q: string): void {
  if (Number(q) === 0) side.delete(p);
  else side.set(p, q);
}

function sorted(side: Map<string, string>, dir: 1 | -1): Level[] {
  return [...side.entries()].sort((x, y) => dir * (Number(x[0]) - Number(y[0])));
}

/** The book after the capture's snapshot, its pre-timeline events and the first `n` played depth
 * events (`Book`: the venue's rule, e.g. common/futures-book.ts). */
export function bookAfter<B extends ReferenceBook = ReferenceBook>(
  snap: DepthSnapshot,
  preDepth: readonly DepthDiff[],
  played: readonly DepthDiff[],
  n: number,
  Book: new (snap: DepthSnapshot) => B = ReferenceBook as new (snap: DepthSnapshot) => B,
): B {
  const book = new Book(snap);
  for (const ev of preDepth) book.apply(ev);
  for (let i = 0; i < n && i < played.length; i++) book.apply(played[i]!);
  return book;
}
