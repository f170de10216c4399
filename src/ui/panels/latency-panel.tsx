import { STAT } from '../../core/series/stream-stats';
import { useFrame } from '../data/use-frame';
import { LatencyHistogram } from '../latency/latency-histogram';

export function LatencyPanel() {
  const store = useFrame(2);
  const f = store.focus();
  if (f === undefined) return <div className="muted empty">No stream</div>;
  const v = (k: keyof typeof STAT) => f.stats[STAT[k]] ?? NaN;
  return <LatencyHistogram counts={f.hist} p50Ms={v('latencyP50Ms')} p95Ms={v('latencyP95Ms')} p99Ms={v('latencyP99Ms')} />;
}
