import type uPlot from 'uplot';

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

/** Y tick labels with as many decimals as the tick step needs (a 0.0005 bps step must not print
 * "0.003" twice) and compact notation for depth in quote currency ("9.5M"). */
export const axisValues: uPlot.Axis.Values = (_u, splits, _axisIdx, _space, incr) => {
  const decimals = Math.min(8, Math.max(0, -Math.floor(Math.log10(incr > 0 ? incr : 1))));
  return splits.map((v) => {
    if (v === null || v === undefined) return '';
    if (Math.abs(v) >= 1e5 && incr >= 1000) return compact.format(v);
    return v.toFixed(decimals);
  });
};
