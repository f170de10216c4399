/**
 * One side of a deliberately naive reference book for the OKX / Kraken impersonators: a Map of
 * the venue's own price text → its level, plus the prices kept sorted best-first (binary insert),
 * so "top N" is a slice. It shares no code with src/core/book: it is the oracle.
 */
export class NaiveSide<L> {
  readonly levels = new Map<string, L>();
  /** Prices best first (bids high→low, asks low→high), as the venue's text. */
  private readonly order: string[] = [];
  private readonly key: (px: string) => number;

  constructor(readonly side: 'bid' | 'ask') {
    this.key = side === 'bid' ? (px) => -Number(px) : (px) => Number(px);
  }

  get size(): number {
    return this.order.length;
  }

  set(px: string, level: L): void {
    if (!this.levels.has(px)) this.order.splice(this.findIndex(px), 0, px);
    this.levels.set(px, level);
  }

  delete(px: string): void {
    if (!this.levels.delete(px)) return;
    const i = this.findIndex(px);
    if (this.order[i] === px) this.order.splice(i, 1);
    else this.order.splice(this.order.indexOf(px), 1); // same number, other text: not expected
  }

  clear(): void {
    this.levels.clear();
    this.order.length = 0;
  }

  /** Keep the best `n` levels (a venue's subscribed depth). */
  truncate(n: number): void {
    for (const px of this.order.splice(n)) this.levels.delete(px);
  }

  /** Best `n` prices. */
  topPrices(n: number): string[] {
    return this.order.slice(0, n);
  }

  /** Best `n` levels. */
  top(n: number): L[] {
    return this.order.slice(0, n).map((px) => this.levels.get(px)!);
  }

  /** First index whose price is not better than `px`. */
  private findIndex(px: string): number {
    const k = this.key(px);
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.key(this.order[mid]!) < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
