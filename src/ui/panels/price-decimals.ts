import type { BookView } from '../../shared/book-slot';
import { decimalsOf, trimVenueNumber } from '../ladder/decimals';

/** Decimals to print derived prices with: the venue's own precision at the touch (≥ 2). */
export function priceDecimals(book: BookView): number {
  const s = book.bidCount > 0 ? (book.bidPxStr[0] ?? '') : '';
  return Math.max(2, decimalsOf(trimVenueNumber(s, 2)));
}
