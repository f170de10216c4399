import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { SERIES_COL } from '../../core/series/columns';
import { useStore } from '../data/use-frame';
import type { ChartDef } from './chart-defs';
import { chartOptions } from './chart-options';
import { shadeSpans } from './span-shading';
import { UplotColumns, firstRowAtOrAfter } from './to-uplot';

interface Props {
  readonly def: ChartDef;
  /** Seconds of history shown; 0 = everything in the ring. */
  readonly windowSec: number;
}

const REDRAW_MIN_MS = 66; // ~15 Hz: smooth enough, leaves the frame budget to the ladder

/**
 * One uPlot chart of the focused stream. Subscribes to the FrameStore directly (no React
 * render per frame), resizes with its container, shades non-live spans.
 */
export function SeriesChart({ def, windowSec }: Props) {
  const store = useStore();
  const hostRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (host === null) return;
    const cols = new UplotColumns(def.series.length);
    const ys = def.series.map((s) => store.series[SERIES_COL[s.col]] as Float64Array);
    const x = store.series[SERIES_COL.tSec] as Float64Array;
    const spans = () => (store.focusKey === null ? [] : store.spans.of(store.focusKey));
    const size = () => ({ width: Math.max(120, host.clientWidth), height: Math.max(60, host.clientHeight - legendHeight()) });
    const legendHeight = () => (plot.root.querySelector('.u-legend') as HTMLElement | null)?.offsetHeight ?? 0;
    const empty: uPlot.AlignedData = [[], ...def.series.map(() => [])];
    const plot = new uPlot(chartOptions(def, host.clientWidth || 300, 120, (u) => shadeSpans(u, spans())), empty, host);
    plot.setSize(size());

    let lastMs = 0;
    let drawnCount = -2;
    let drawnSpans = -1;
    let drawnFocus: string | null = null;
    const redraw = () => {
      const now = performance.now();
      if (now - lastMs < REDRAW_MIN_MS) return;
      if (store.seriesCount === drawnCount && store.spans.version === drawnSpans && store.focusKey === drawnFocus) return;
      lastMs = now;
      drawnCount = store.seriesCount;
      drawnSpans = store.spans.version;
      drawnFocus = store.focusKey;
      const n = store.seriesRows;
      const from = windowSec > 0 && n > 0 ? firstRowAtOrAfter(x, n, (x[n - 1] as number) - windowSec) : 0;
      plot.setData(cols.fill(x, ys, from, n));
    };
    const unsubscribe = store.subscribe(redraw);
    const ro = new ResizeObserver(() => plot.setSize(size()));
    ro.observe(host);
    return () => {
      unsubscribe();
      ro.disconnect();
      plot.destroy();
    };
  }, [store, def, windowSec]);

  return (
    <div className="chart-box">
      <div className="chart-title">{def.title}</div>
      <div data-testid={`chart-${def.name}`} className="chart" ref={hostRef} />
    </div>
  );
}
