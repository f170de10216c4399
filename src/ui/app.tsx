import { BasisPanel } from './basis/basis-panel';
import { ChartsPanel } from './charts/charts-panel';
import { CrossVenuePanel } from './cross/cross-venue-panel';
import { IntegrityPanel } from './integrity/integrity-panel';
import { IsolationBanner, IsolationStatus } from './controls/isolation-status';
import { LiveControls } from './controls/live-controls';
import { ModeBanner } from './controls/mode-banner';
import { RecordingWarning } from './controls/recording-warning';
import { ReplayControls } from './controls/replay-controls';
import { useFrame } from './data/use-frame';
import { LadderPanel } from './panels/ladder-panel';
import { LatencyPanel } from './panels/latency-panel';
import { ProblemsView } from './panels/problems-view';
import { StatusStrip } from './panels/status-strip';
import { TapePanel } from './panels/tape-panel';
import { TilesPanel } from './panels/tiles-panel';
import { SessionsPanel } from './sessions/sessions-panel';
import { ErrorBoundary } from './shell/error-boundary';
import { Panel } from './shell/panel';

interface Props {
  readonly isolated: boolean;
  readonly isolationReason: string | null;
}

/** The instrument: controls on top, integrity strip, then ladder | numbers & charts | tape;
 * below, every stream's integrity, one instrument across venues, and perp/spot/mark/index basis. */
export function App({ isolated, isolationReason }: Props) {
  const store = useFrame(1);
  const focusLabel = store.focus()?.info.key ?? '';
  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">
          book<span>scope</span>
        </h1>
        <ErrorBoundary name="Controls">
          <LiveControls />
          <ReplayControls />
        </ErrorBoundary>
        <div className="topbar-right">
          <IsolationStatus isolated={isolated} reason={isolationReason} />
        </div>
      </header>
      {!isolated && <IsolationBanner reason={isolationReason} />}
      <ErrorBoundary name="Banners">
        <ModeBanner />
        <RecordingWarning />
      </ErrorBoundary>
      <ErrorBoundary name="Stream status">
        <StatusStrip />
      </ErrorBoundary>
      <main className="grid">
        <Panel title="Order book" className="area-ladder" extra={<span className="muted">top 20 · venue strings</span>}>
          <LadderPanel />
        </Panel>
        <Panel title="Metrics" className="area-tiles" extra={<span className="muted">hover a tile for its formula</span>}>
          <TilesPanel />
        </Panel>
        <ChartsPanel streamLabel={focusLabel} />
        <Panel title="Trades" className="area-tape" extra={<span className="muted">taker side</span>}>
          <TapePanel />
        </Panel>
        <Panel title="Latency" className="area-latency">
          <LatencyPanel />
        </Panel>
        <Panel title="Problems" className="area-problems">
          <ProblemsView />
        </Panel>
        <Panel title="Sessions" className="area-sessions">
          <SessionsPanel />
        </Panel>
      </main>
      <section className="grid grid-cross">
        <Panel title="Integrity" className="area-integrity" extra={<span className="muted">every stream · hover a heading for its meaning</span>}>
          <IntegrityPanel />
        </Panel>
        <Panel title="One instrument across venues" className="area-cross" extra={<span className="muted">live streams only · top 20 per venue</span>}>
          <CrossVenuePanel />
        </Panel>
        <Panel title="Perp vs spot · mark · index" className="area-basis" extra={<span className="muted">basis bps = (a − b) / b · 1e4</span>}>
          <BasisPanel />
        </Panel>
      </section>
    </div>
  );
}
