import { BASIS_LEGS, LEG_LABELS, basisNow, legAgeUs, type BasisLeg, type LegNow } from '../../core/cross/basis';
import { durationText } from '../status/time-format';

interface Props {
  readonly legs: Readonly<Record<BasisLeg, LegNow>>;
  readonly nowUs: number;
  readonly maxAgeUs: number;
  readonly colors: readonly string[];
}

const FORMULA = 'basis bps = (a − b) / b · 1e4, legs as of the latest local receive time';
const fmtBps = (v: number): string => (Number.isFinite(v) ? (v >= 0 ? '+' : '') + v.toFixed(2) : '—');
const fmtPx = (v: number): string => (Number.isFinite(v) ? v.toFixed(v >= 1000 ? 2 : 4) : '—');

/** Each basis now (greyed with the reason when a leg is old or not live), and each leg's age. */
export function BasisTable({ legs, nowUs, maxAgeUs, colors }: Props) {
  const rows = basisNow(legs, nowUs, maxAgeUs);
  return (
    <div className="basis-now">
      <table className="cross-table basis-table">
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.pair.id} data-testid="basis-value" data-pair={r.pair.id} data-stale={r.stale} data-bps={Number.isFinite(r.bps) ? r.bps.toFixed(4) : ''} className={r.stale ? 'stale' : ''} title={r.stale ? `not shown: ${r.reason}` : FORMULA}>
              <td>
                <span className="swatch" style={{ background: colors[i] }} /> {r.pair.label}
              </td>
              <td className="num big">{fmtBps(r.bps)}</td>
              <td className="muted small">{r.stale ? r.reason : 'bps'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="legs">
        {BASIS_LEGS.map((k) => {
          const leg = legs[k];
          const ageUs = legAgeUs(leg, nowUs);
          const stale = !leg.live || !Number.isFinite(leg.value) || ageUs > maxAgeUs;
          return (
            <span key={k} data-testid="basis-leg" data-leg={k} data-age-ms={Number.isFinite(ageUs) ? Math.round(ageUs / 1000) : -1} data-stale={stale} className={`leg${stale ? ' stale' : ''}`}>
              {LEG_LABELS[k]} <b className="num">{fmtPx(leg.value)}</b> <span className="muted">age {durationText(ageUs / 1e6)}</span>
            </span>
          );
        })}
      </div>
    </div>
  );
}
