import { STAT } from '../../core/series/stream-stats';
import { STREAM_STATES, type StreamKey } from '../../core/types';
import { durationText } from '../status/time-format';

interface Props {
  readonly stream: StreamKey;
  readonly stats: Float64Array;
  readonly nowUs: number;
  readonly focused: boolean;
  readonly onFocus: (stream: StreamKey) => void;
}

const n = (v: number | undefined): number => (v !== undefined && Number.isFinite(v) ? v : 0);
/** Milliseconds since a µs timestamp; -1 = never (attribute), shown as a dash. */
const sinceMs = (nowUs: number, tUs: number): number => (tUs > 0 ? Math.max(0, Math.round((nowUs - tUs) / 1000)) : -1);
const ageText = (ms: number): string => (ms < 0 ? '—' : durationText(ms / 1000));

/** One stream's integrity counters; data attributes are the e2e contract (docs/TEAM-NOTES.md). */
export function IntegrityRow({ stream, stats, nowUs, focused, onFocus }: Props) {
  const s = (k: keyof typeof STAT): number => n(stats[STAT[k]]);
  const state = STREAM_STATES[s('state')] ?? 'connecting';
  const snapMs = sinceMs(nowUs, s('snapshotTUs'));
  const idleMs = sinceMs(nowUs, s('lastFrameTUs'));
  const ckOk = s('checksumOk');
  const ckFail = s('checksumFail');
  const c = (v: number) => (v > 0 ? 'warn' : '');
  return (
    <tr
      data-testid="integrity-row"
      data-stream={stream}
      data-state={state}
      data-gaps={s('gaps')}
      data-resyncs={s('resyncs')}
      data-checksum-ok={ckOk}
      data-checksum-fail={ckFail}
      data-crossed={s('crossedEvents')}
      data-snapshot-age-ms={snapMs}
      data-idle-ms={idleMs}
      data-reconnects={s('reconnects')}
      data-unknown={s('unknownMessages')}
      data-bbo-checks={s('bboChecks')}
      data-bbo-mismatches={s('bboMismatches')}
      className={`integrity-row row-${state}${focused ? ' focused' : ''}`}
      onClick={() => onFocus(stream)}
      title="Click to show this stream in the ladder and charts"
    >
      <td className="stream-name">{stream}</td>
      <td>
        <span className={`state-pill state-${state}`}>{state}</span>
      </td>
      <td className={c(s('gaps'))}>{s('gaps')}</td>
      <td className={c(s('resyncs'))}>{s('resyncs')}</td>
      <td className={c(ckFail)} title="venue checksums verified / failed (OKX, Kraken CRC32); — = this venue sends none">
        {ckOk + ckFail > 0 ? `${ckOk} / ${ckFail}` : '—'}
      </td>
      <td className={c(s('bboMismatches'))} title="venue best bid/ask tickers checked against our book / mismatches">
        {s('bboChecks') > 0 ? `${s('bboChecks')} / ${s('bboMismatches')}` : '—'}
      </td>
      <td className={c(s('crossedEvents'))}>{s('crossedEvents')}</td>
      <td>{ageText(snapMs)}</td>
      <td className={idleMs > 3000 ? 'warn' : ''}>{ageText(idleMs)}</td>
      <td className={c(s('reconnects'))}>{s('reconnects')}</td>
      <td className={c(s('unknownMessages'))}>{s('unknownMessages')}</td>
    </tr>
  );
}
