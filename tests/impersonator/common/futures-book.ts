/**
 * The naive reference book (../reference-book.ts) under the USDⓈ-M rule (venues.md §3.3): an
 * event is skipped only when `u < lastUpdateId` (strictly less; spot skips `u <= lastUpdateId`),
 * so the event that straddles the snapshot (`U <= lastUpdateId <= u`) is applied. Quantities are
 * absolute, so re-applying what the snapshot already holds changes nothing.
 */
import type { DepthDiff, DepthSnapshot } from '../capture';
import { ReferenceBook, setLevel } from '../reference-book';

export class FuturesReferenceBook extends ReferenceBook {
  override apply(ev: DepthDiff): void {
    if (ev.u < this.lastUpdateId) return;
    for (const [p, q] of ev.b) setLevel(this.bids, p, q);
    for (const [p, q] of ev.a) setLevel(this.asks, p, q);
    this.lastUpdateId = ev.u;
  }
}

/** The book after the capture's snapshot, its pre-timeline events and the first `n` played events. */
export function futuresBookAfter(
  snap: DepthSnapshot,
  preDepth: readonly DepthDiff[],
  played: readonly DepthDiff[],
  n: number,
): FuturesReferenceBook {
  const book = new FuturesReferenceBook(snap);
  for (const ev of preDepth) book.apply(ev);
  for (let i = 0; i < n && i < played.length; i++) book.apply(played[i]!);
  return book;
}
