import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { BASIS_PAIRS } from '../../core/cross/basis';
import { BasisSeries, computeBasisSeries } from '../../core/cross/basis-series';
import type { StreamKey } from '../../core/types';
import { chartOptions, type ChartLook } from '../charts/chart-options';
import { shadeSpans } from '../charts/span-shading';
import { EXTRA_ROWS } from '../data/stream-extras';
import { useStore } from '../data/use-frame';

interface Props {
  readonly perp: StreamKey;
  readonly spot: StreamKey | null;
  readonly maxAgeSec: number;
  readonly windowSec: number;
  readonly colors: readonly string[];
}

const REDRAW_MIN_MS = 250;

/** Basis (bps) over time: legs as-of joined in src/core/cross (statistics before the chart);
 * NaN → null so stale or non-live stretches are gaps, and both streams' non-live spans shaded. */
export function BasisChart({ perp, spot, maxAgeSec, windowSec, colors }: Props) {
  const store = useStore();
  const hostRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (host === null) return;
    const releases = [store.extras.wantSeries(perp), ...(spot !== null ? [store.extras.wantSeries(spot)] : [])];
    const out = new BasisSeries(2 * EXTRA_ROWS);
    const look: ChartLook = { yUnit: 'bps', series: BASIS_PAIRS.map((p, i) => ({ label: p.label, color: colors[i] ?? '#888', width: i === 0 ? 2 : 1.25 })) };
    const spans = () => [...store.spans.of(perp), ...(spot !== null ? store.spans.of(spot) : [])];
    const legendHeight = () => (plot.root.querySelector('.u-legend') as HTMLElement | null)?.offsetHeight ?? 0;
    const size = () => ({ width: Math.max(120, host.clientWidth), height: Math.max(80, host.clientHeight - legendHeight()) });
    const plot = new uPlot(chartOptions(look, host.clientWidth || 300, 160, (u) => shadeSpans(u, spans())), [[], ...BASIS_PAIRS.map(() => [])], host);
    plot.setSize(size());
    const x: number[] = [];
    const ys: (number | null)[][] = BASIS_PAIRS.map(() => []);
    let lastMs = 0;
    let drawn = '';
    const redraw = () => {
      const now = performance.now();
      if (now - lastMs < REDRAW_MIN_MS) return;
      const ps = store.extras.series.get(perp);
      const ss = spot !== null ? store.extras.series.get(spot) : undefined;
      const stamp = `${ps?.version}/${ss?.version}/${store.spans.version}`;
      if (ps === undefined || stamp === drawn) return;
      lastMs = now;
      drawn = stamp;
      const lastT = ps.rows > 0 ? (ps.cols.tSec[ps.rows - 1] as number) : 0;
      const fromSec = windowSec > 0 ? lastT - windowSec : -Infinity;
      const perpCols = { tSec: ps.cols.tSec, midPx: ps.cols.midPx, markPx: ps.cols.markPx, indexPx: ps.cols.indexPx, n: ps.rows };
      const spotCols = ss !== undefined ? { tSec: ss.cols.tSec, midPx: ss.cols.midPx, n: ss.rows } : null;
      computeBasisSeries(perpCols, spotCols, fromSec, maxAgeSec, out);
      x.length = out.n;
      for (let i = 0; i < out.n; i++) x[i] = out.t[i] as number;
      ys.forEach((col, k) => {
        const src = out.bps[k] as Float64Array;
        col.length = out.n;
        for (let i = 0; i < out.n; i++) col[i] = Number.isFinite(src[i] as number) ? (src[i] as number) : null;
      });
      plot.setData([x, ...ys] as uPlot.AlignedData);
    };
    const unsubscribe = store.subscribe(redraw);
    const ro = new ResizeObserver(() => plot.setSize(size()));
    ro.observe(host);
    return () => {
      unsubscribe();
      ro.disconnect();
      plot.destroy();
      releases.forEach((r) => r());
    };
  }, [store, perp, spot, maxAgeSec, windowSec, colors]);

  return <div data-testid="chart-basis" className="chart basis-chart" ref={hostRef} />;
}
