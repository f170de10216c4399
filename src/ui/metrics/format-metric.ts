import type { MetricDef } from './metric-defs';

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

/** Display text of one metric value; NaN (a gap: the stream is not live) shows as a dash. */
export function formatMetric(kind: MetricDef['kind'], value: number, priceDecimals: number): string {
  let v = value;
  if (!Number.isFinite(v)) return '—';
  // Rolling sums subtract floats: what should be 0 arrives as -2.7e-17.
  if (Math.abs(v) < 1e-9) v = 0;
  switch (kind) {
    case 'price':
      return v.toFixed(priceDecimals);
    case 'bps':
      // BTCUSDT's one-tick spread is ~0.0017 bps: keep significant digits below 1 bp.
      return Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2);
    case 'quote':
      return compact.format(v);
    case 'ratio':
      return (v >= 0 ? '+' : '') + v.toFixed(3);
    case 'rate':
      return v >= 100 ? v.toFixed(0) : v.toPrecision(3);
    case 'ms':
      return v.toFixed(1);
    case 'us':
      return v.toFixed(0);
  }
}
