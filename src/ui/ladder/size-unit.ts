import { STAT } from '../../core/series/stream-stats';

/**
 * What the ladder's size column counts (STAT.sizeUnit / sizeInverse, from the venue adapter's
 * onInstrument): the ladder keeps the venue's size strings, which for OKX derivatives are
 * CONTRACTS. Undefined for plain base units (spot), so the header stays "size".
 */
export function sizeUnitNote(stats: Float64Array | undefined): { readonly label: string; readonly title: string } | undefined {
  if (stats === undefined) return undefined;
  const unit = stats[STAT.sizeUnit] ?? 1;
  const inverse = stats[STAT.sizeInverse] === 1;
  if (unit === 1 && !inverse) return undefined;
  if (unit !== unit) {
    return { label: 'size (contracts)', title: 'Sizes are contracts; the contract size is not known yet (no instruments info): depth notionals and volumes are not shown' };
  }
  return inverse
    ? { label: `size (× ${unit} quote)`, title: `Sizes are inverse contracts worth ${unit} quote units each (base value depends on the price); metrics convert them` }
    : { label: `size (× ${unit} base)`, title: `Sizes are contracts of ${unit} base units each; metrics convert them to base units` };
}
