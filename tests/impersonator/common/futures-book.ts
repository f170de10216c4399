/**
 * The naive reference book (../reference-book.ts) under the USDⓈ-M rule (venues.md §3.3): an
 * event is skipped only when `u < lastUpdateId` (strictly less; spot skips `u <= lastUpdateId`),
 * so the event that straddles the snapshot (`U <= lastUpdateId <= u`) is applied. Quantities are
 * absolute, so re-applying what the snapshot already holds changes nothing.
 */
import type { DepthDiff } from '../capture';
import { ReferenceBook } from '../reference-book';

export class FuturesReferenceBook extends ReferenceBook {
  protected override skips(ev: DepthDiff): boolean {
    return ev.u < this.lastUpdateId;
  }
}
