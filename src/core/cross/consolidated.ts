/**
 * A consolidated book from several venues' top-N books: sizes summed by price bucket, keeping
 * each venue's contribution (for stacked bars). Only what each venue's top-N slot holds is
 * known, so levels beyond the shallowest full venue's last level are flagged `partial`: there
 * that venue may have size we cannot see.
 */

/** One venue's top-N book, best first (bids descending, asks ascending). */
export interface VenueBook {
  readonly bidPx: ArrayLike<number>;
  readonly bidSz: ArrayLike<number>;
  readonly bidN: number;
  readonly askPx: ArrayLike<number>;
  readonly askSz: ArrayLike<number>;
  readonly askN: number;
}

export interface ConsolidatedLevel {
  readonly px: number;
  readonly total: number;
  /** Size per venue, same order as the input books. */
  readonly byVenue: readonly number[];
  /** Beyond the depth every venue's top-N covers: some venue's size here is unknown. */
  readonly partial: boolean;
}

export interface ConsolidatedBook {
  readonly bids: readonly ConsolidatedLevel[];
  readonly asks: readonly ConsolidatedLevel[];
  /** Best bid ≥ best ask across venues (normal for a moment between venues; shown, not hidden). */
  readonly crossed: boolean;
}

/** Bids round down, asks up: a bucket never shows a better price than the venue quoted. */
const bucketOf = (px: number, step: number, side: 'bid' | 'ask'): number => {
  if (!(step > 0)) return px;
  const k = side === 'bid' ? Math.floor(px / step + 1e-9) : Math.ceil(px / step - 1e-9);
  return Number((k * step).toPrecision(12));
};

function side(books: readonly VenueBook[], which: 'bid' | 'ask', step: number, fullDepth: number, levels: number): ConsolidatedLevel[] {
  const byPx = new Map<number, number[]>();
  // The worst price that every full (N-level) venue still covers.
  let cover = which === 'bid' ? -Infinity : Infinity;
  books.forEach((b, v) => {
    const px = which === 'bid' ? b.bidPx : b.askPx;
    const sz = which === 'bid' ? b.bidSz : b.askSz;
    const n = which === 'bid' ? b.bidN : b.askN;
    for (let i = 0; i < n; i++) {
      const p = px[i] as number;
      const s = sz[i] as number;
      if (!Number.isFinite(p) || !(s > 0)) continue;
      const key = bucketOf(p, step, which);
      let row = byPx.get(key);
      if (row === undefined) byPx.set(key, (row = books.map(() => 0)));
      row[v] = (row[v] as number) + s;
    }
    if (n >= fullDepth && n > 0) {
      const last = bucketOf(px[n - 1] as number, step, which);
      cover = which === 'bid' ? Math.max(cover, last) : Math.min(cover, last);
    }
  });
  const prices = [...byPx.keys()].sort((a, b) => (which === 'bid' ? b - a : a - b));
  return prices.slice(0, levels).map((p) => {
    const byVenue = byPx.get(p) as number[];
    return {
      px: p,
      total: byVenue.reduce((a, b) => a + b, 0),
      byVenue,
      partial: which === 'bid' ? p < cover : p > cover,
    };
  });
}

/** `step` = price bucket (0 = exact prices); `fullDepth` = N of the venues' top-N slots. */
export function consolidate(books: readonly VenueBook[], step: number, fullDepth: number, levels: number): ConsolidatedBook {
  const bids = side(books, 'bid', step, fullDepth, levels);
  const asks = side(books, 'ask', step, fullDepth, levels);
  const bb = bids[0]?.px ?? NaN;
  const ba = asks[0]?.px ?? NaN;
  return { bids, asks, crossed: bb >= ba };
}

/** A readable bucket: about `bps` of `midPx`, rounded to 1/2/5·10^k. */
export function niceStep(midPx: number, bps: number): number {
  if (!(midPx > 0) || !(bps > 0)) return 0;
  const raw = (midPx * bps) / 1e4;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}
