import { useState } from 'react';
import { Panel } from '../shell/panel';
import { ErrorBoundary } from '../shell/error-boundary';
import { CHART_DEFS, CHART_WINDOWS_SEC, type ChartWindowSec } from './chart-defs';
import { SeriesChart } from './series-chart';

const windowLabel = (s: number): string => (s === 0 ? 'all' : s < 60 ? `${s}s` : `${s / 60}m`);

/** The focused stream's series; shaded bands mark the spans it was not live. */
export function ChartsPanel({ streamLabel }: { readonly streamLabel: string }) {
  const [windowSec, setWindowSec] = useState<ChartWindowSec>(300);
  const extra = (
    <div className="seg" role="group" aria-label="Time window">
      <span className="muted">{streamLabel}</span>
      {CHART_WINDOWS_SEC.map((s) => (
        <button key={s} type="button" className={s === windowSec ? 'on' : ''} onClick={() => setWindowSec(s)}>
          {windowLabel(s)}
        </button>
      ))}
    </div>
  );
  return (
    <Panel title="Charts" className="charts-panel" extra={extra}>
      <div className="charts-grid">
        {CHART_DEFS.map((d) => (
          <ErrorBoundary key={d.name} name={d.title}>
            <SeriesChart def={d} windowSec={windowSec} />
          </ErrorBoundary>
        ))}
      </div>
    </Panel>
  );
}
