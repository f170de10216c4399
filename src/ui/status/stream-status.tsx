import { STAT } from '../../core/series/stream-stats';
import { STREAM_STATES, type StreamKey } from '../../core/types';
import { clockUtc, durationText } from './time-format';

interface Props {
  readonly stream: StreamKey;
  readonly stats: Float64Array;
  readonly focused: boolean;
  readonly onFocus: (stream: StreamKey) => void;
}

const n = (v: number | undefined): number => (v !== undefined && Number.isFinite(v) ? v : 0);

/** One stream's integrity at a glance; attributes are the e2e contract (docs/TEAM-NOTES.md). */
export function StreamStatus({ stream, stats, focused, onFocus }: Props) {
  const s = (k: keyof typeof STAT): number => n(stats[STAT[k]]);
  const state = STREAM_STATES[s('state')] ?? 'connecting';
  const snapTUs = s('snapshotTUs');
  const snapAgeSec = snapTUs > 0 ? (s('lastFrameTUs') - snapTUs) / 1e6 : NaN;
  const mism = s('bboMismatches');
  const crossed = s('crossedEvents');
  return (
    <button
      type="button"
      data-testid="stream-status"
      data-stream={stream}
      data-state={state}
      data-gaps={s('gaps')}
      data-resyncs={s('resyncs')}
      data-bbo-checks={s('bboChecks')}
      data-bbo-mismatches={mism}
      data-frames={s('frames')}
      className={`stream-status${focused ? ' focused' : ''}`}
      onClick={() => onFocus(stream)}
      title="Click to show this stream in the ladder and charts"
    >
      <span className="stream-name">{stream}</span>
      <span className={`state-pill state-${state}`}>{state}</span>
      <Kv k="frames/s" v={s('framesPerSec').toFixed(0)} />
      <Kv k="gaps" v={s('gaps')} warn={s('gaps') > 0} />
      <Kv k="last gap" v={clockUtc(s('lastGapTUs'))} />
      <Kv k="resyncs" v={s('resyncs')} warn={s('resyncs') > 0} />
      <Kv k="bbo ✓" v={`${s('bboChecks')}/${mism}`} warn={mism > 0} title="venue best bid/ask tickers checked against our book / mismatches" />
      <Kv k="snapshot age" v={durationText(snapAgeSec)} />
      <Kv k="crossed" v={crossed} warn={crossed > 0} />
      <Kv k="unknown" v={s('unknownMessages')} warn={s('unknownMessages') > 0} />
      <Kv k="problems" v={s('problems')} warn={s('problems') > 0} />
      <Kv k="reconnects" v={s('reconnects')} warn={s('reconnects') > 0} />
    </button>
  );
}

function Kv({ k, v, warn, title }: { k: string; v: string | number; warn?: boolean; title?: string }) {
  return (
    <span className={`kv${warn === true ? ' warn' : ''}`} title={title}>
      <span className="k">{k}</span> <span className="v">{v}</span>
    </span>
  );
}
