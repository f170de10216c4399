import { SERIES_COL } from '../../core/series/columns';
import { METRIC_DEFS } from './metric-defs';
import { formatMetric } from './format-metric';

interface Props {
  /** Latest value of every series column (NaN = gap). */
  readonly last: Float64Array;
  readonly live: boolean;
  readonly priceDecimals: number;
}

/** The live numbers, one tile per series column, formula in the tooltip. */
export function MetricTiles({ last, live, priceDecimals }: Props) {
  return (
    <div className={`tiles${live ? '' : ' not-live'}`}>
      {METRIC_DEFS.map((d) => {
        const v = last[SERIES_COL[d.col]] as number;
        const neg = d.kind === 'ratio' && v < 0;
        const pos = d.kind === 'ratio' && v > 0;
        const tone = d.tone ?? (pos ? 'bid' : neg ? 'ask' : '');
        return (
          <div key={d.col} className="tile" data-testid={`metric-${d.col}`} title={d.formula}>
            <div className="tile-label">{d.label}</div>
            <div className={`tile-value ${tone}`}>
              {formatMetric(d.kind, v, priceDecimals)}
              {d.unit !== '' && <span className="tile-unit">{d.unit}</span>}
            </div>
          </div>
        );
      })}
    </div>
  );
}
