import { BID as BID_SIDE, type BookSideId } from '../types';
import { BookSide } from './book-side';

/** Module-local copy of an import read per level (some loaders, e.g. tsx's CommonJS transform,
 * turn each read of an import into a getter call). */
const BID = BID_SIDE;

/**
 * An L2 (price-level) order book. Pure and allocation-free on updates once warm.
 * Snapshot = `clear()` then `set()` each level; delta = `set()` each level (absolute sizes).
 */
export class L2Book {
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);

  side(id: BookSideId): BookSide {
    return id === BID ? this.bids : this.asks;
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }

  /** Apply one level from venue strings. Sizes are absolute; "0" deletes. */
  set(side: BookSideId, pxStr: string, szStr: string): void {
    (side === BID ? this.bids : this.asks).setStr(pxStr, szStr);
  }

  bestBidPx(): number {
    return this.bids.bestPx();
  }

  bestAskPx(): number {
    return this.asks.bestPx();
  }

  /** Best bid >= best ask: the book cannot be right (or the venue is crossed, which is news). */
  isCrossed(): boolean {
    const b = this.bids.bestPx();
    const a = this.asks.bestPx();
    return b >= a; // NaN on an empty side compares false: an empty side is not crossed
  }

  isEmpty(): boolean {
    return this.bids.depth === 0 && this.asks.depth === 0;
  }
}
