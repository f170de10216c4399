import { useState } from 'react';
import type { StreamKey } from '../../core/types';
import { CHART_WINDOWS_SEC, type ChartWindowSec } from '../charts/chart-defs';
import { ErrorBoundary } from '../shell/error-boundary';
import { useFrame } from '../data/use-frame';
import { instrumentOf } from '../streams';
import { BasisChart } from './basis-chart';
import { currentLegs } from './basis-legs';
import { BasisTable } from './basis-table';
import { FundingView } from './funding-view';

/** A leg older than this (or whose stream is not live) greys its basis and gaps its chart. */
export const LEG_MAX_AGE_SEC = 3;
const PAIR_COLORS = ['#e6edf3', '#d29922', '#58a6ff', '#bc8cff', '#39c5cf'] as const;
const windowLabel = (s: number): string => (s === 0 ? 'all' : `${s / 60}m`);

/** Perp vs spot vs mark vs index for a chosen perp and spot stream, with funding. */
export function BasisPanel() {
  const store = useFrame(4);
  const keys = store.streams.map((s) => s.info.key);
  const perps = keys.filter((k) => instrumentOf(k).kind === 'perp');
  const spots = keys.filter((k) => instrumentOf(k).kind === 'spot');
  const [perpPick, setPerp] = useState<StreamKey | null>(null);
  const [spotPick, setSpot] = useState<StreamKey | null>(null);
  const [windowSec, setWindowSec] = useState<ChartWindowSec>(300);
  const perp = perpPick !== null && perps.includes(perpPick) ? perpPick : (perps[0] ?? null);
  const base = perp !== null ? instrumentOf(perp).base : null;
  const spot = spotPick !== null && spots.includes(spotPick) ? spotPick : (spots.find((k) => instrumentOf(k).base === base) ?? null);
  const nowUs = store.nowUs();

  if (perp === null) {
    return (
      <div data-testid="basis-panel" className="basis-panel muted empty">
        No perpetual stream — add one (e.g. binance-usdm:BTCUSDT, okx:BTC-USDT-SWAP, bybit-linear:BTCUSDT) to compare perp, spot, mark and index.
      </div>
    );
  }
  const perpSnap = store.byKey(perp);
  const legs = currentLegs(perpSnap, store.byKey(spot), store.extras.last);
  return (
    <div data-testid="basis-panel" data-perp={perp} data-spot={spot ?? ''} className="basis-panel">
      <div className="cross-controls">
        <label>
          perp{' '}
          <select data-testid="basis-perp" value={perp} onChange={(e) => setPerp(e.target.value as StreamKey)}>
            {perps.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          spot{' '}
          <select data-testid="basis-spot" value={spot ?? ''} onChange={(e) => setSpot(e.target.value === '' ? null : (e.target.value as StreamKey))}>
            <option value="">(none)</option>
            {spots.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <span className="muted small">legs older than {LEG_MAX_AGE_SEC} s or not live are not used</span>
      </div>
      <FundingView perp={perpSnap} nowUs={nowUs} />
      <BasisTable legs={legs} nowUs={nowUs} maxAgeUs={LEG_MAX_AGE_SEC * 1e6} colors={PAIR_COLORS} />
      <div className="chart-box">
        <div className="chart-title">
          Basis over time (bps)
          <span className="seg" role="group" aria-label="Time window">
            {CHART_WINDOWS_SEC.filter((s) => s === 0 || s >= 60).map((s) => (
              <button key={s} type="button" className={s === windowSec ? 'on' : ''} onClick={() => setWindowSec(s)}>
                {windowLabel(s)}
              </button>
            ))}
          </span>
        </div>
        <ErrorBoundary name="Basis chart">
          <BasisChart perp={perp} spot={spot} maxAgeSec={LEG_MAX_AGE_SEC} windowSec={windowSec} colors={PAIR_COLORS} />
        </ErrorBoundary>
      </div>
    </div>
  );
}
