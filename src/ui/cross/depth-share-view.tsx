import { depthShares } from '../../core/cross/depth-share';
import { SERIES_COL } from '../../core/series/columns';
import type { Member } from './cross-members';
import { sizeSummable } from './cross-members';

interface Props {
  readonly members: readonly Member[];
  readonly last: ReadonlyMap<string, Float64Array>;
}

const HHI_TIP = 'HHI = Σ shareᵢ² over the counted venues: 1/n when depth is spread evenly over n venues, 1 when one venue holds it all.';
const BANDS = [
  { bps: 10, bid: SERIES_COL.depthBid10BpsQuote, ask: SERIES_COL.depthAsk10BpsQuote },
  { bps: 50, bid: SERIES_COL.depthBid50BpsQuote, ask: SERIES_COL.depthAsk50BpsQuote },
] as const;
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** Venue shares of resting depth within ±10 / ±50 bps of each venue's own mid (bid + ask,
 * quote currency, from each stream's depth columns), and the HHI concentration index. */
export function DepthShareView({ members, last }: Props) {
  const used = members.filter(sizeSummable);
  return (
    <div className="depth-shares">
      {BANDS.map((band) => {
        const depth = used.map((m) => {
          const row = last.get(m.key);
          return row === undefined ? NaN : (row[band.bid] as number) + (row[band.ask] as number);
        });
        const d = depthShares(depth);
        return (
          <div key={band.bps} data-testid="depth-shares" data-band-bps={band.bps} data-hhi={Number.isFinite(d.hhi) ? d.hhi.toFixed(4) : ''} className="share-band">
            <div className="share-head">
              <b>±{band.bps} bps</b>
              <span className="muted"> total {d.total > 0 ? compact.format(d.total) : '—'} quote</span>
              <span className="hhi" data-testid="hhi" title={HHI_TIP}>
                HHI <b>{Number.isFinite(d.hhi) ? d.hhi.toFixed(3) : '—'}</b> <span className="info-i">i</span>
              </span>
            </div>
            <div className="share-bar">
              {used.map((m, i) => (
                <span key={m.key} className="seg" style={{ width: `${100 * (d.shares[i] ?? 0)}%`, background: m.color }} title={`${m.key}: ${(100 * (d.shares[i] ?? 0)).toFixed(1)}%`} />
              ))}
            </div>
            <div className="share-legend">
              {used.map((m, i) => (
                <span key={m.key} data-testid="depth-share" data-stream={m.key} data-share={(d.shares[i] ?? 0).toFixed(4)}>
                  <span className="swatch" style={{ background: m.color }} /> {m.venue} {(100 * (d.shares[i] ?? 0)).toFixed(1)}%
                </span>
              ))}
            </div>
          </div>
        );
      })}
    </div>
  );
}
