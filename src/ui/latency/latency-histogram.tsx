import { LATENCY_BIN_EDGES_MS } from '../../core/series/stream-stats';

interface Props {
  /** Counts per bin: bin 0 = negative latency, bin i = [edge[i-1], edge[i]), last = open-ended. */
  readonly counts: Float64Array;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
}

function binLabel(i: number): string {
  if (i === 0) return '< 0';
  const lo = LATENCY_BIN_EDGES_MS[i - 1];
  const hi = LATENCY_BIN_EDGES_MS[i];
  return hi === undefined ? `≥ ${lo}` : `${lo}–${hi}`;
}



/** Exchange-event → local-receive latency distribution (bins from LATENCY_BIN_EDGES_MS). */
export function LatencyHistogram({ counts, p50Ms, p95Ms, p99Ms }: Props) {
  let total = 0;
  let max = 0;
  for (const c of counts) {
    total += c;
    max = Math.max(max, c);
  }
  const negative = counts[0] ?? 0;
  // Percentiles of nothing are not 0 ms.
  const ms = (v: number): string => (total > 0 && Number.isFinite(v) ? `${v.toFixed(1)} ms` : '—');
  return (
    <div data-testid="latency-histogram" className="hist">
      <div className="hist-pcts">
        <span>
          p50 <b>{ms(p50Ms)}</b>
        </span>
        <span>
          p95 <b>{ms(p95Ms)}</b>
        </span>
        <span>
          p99 <b>{ms(p99Ms)}</b>
        </span>
        <span className="muted">n={total}</span>
      </div>
      <div className="hist-bars">
        {Array.from(counts, (c, i) => (
          <div key={i} className={`hist-bar${i === 0 ? ' neg' : ''}`} title={`${binLabel(i)} ms: ${c}`}>
            <div className="hist-fill" style={{ height: `${max > 0 ? (c / max) * 100 : 0}%` }} />
            <div className="hist-label">{binLabel(i)}</div>
          </div>
        ))}
      </div>
      <p className="hist-note muted">
        Two clocks: venue event time vs. the recorder's local clock. A skewed local clock shifts every value;
        the <b>&lt; 0</b> bucket{negative > 0 ? ` (${negative} frames)` : ''} means the local clock runs behind the venue's.
      </p>
    </div>
  );
}
