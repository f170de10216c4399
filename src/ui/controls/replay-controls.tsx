import { REPLAY_SPEEDS, type ReplaySpeed } from '../../shared/engine-api';
import { useController } from '../app/use-controller';

const speedLabel = (s: ReplaySpeed): string => (s === 'max' ? 'max' : `${s}×`);

/** Pause/resume, speed, progress of the running replay (hidden unless replaying). */
export function ReplayControls() {
  const [st, ctl] = useController();
  if (st.mode.kind !== 'replay') return null;
  const { status } = st.mode;
  const frac = status.framesTotal > 0 ? status.framesDone / status.framesTotal : 0;
  return (
    <div className="replay-controls">
      <button data-testid="replay-pause" type="button" onClick={() => void ctl.togglePause()} disabled={status.done}>
        {status.paused ? '▶ Resume' : '❚❚ Pause'}
      </button>
      <select
        data-testid="replay-speed"
        aria-label="Replay speed"
        value={String(status.speed)}
        onChange={(e) => {
          const sp = REPLAY_SPEEDS.find((s) => String(s) === e.target.value);
          if (sp !== undefined) void ctl.setSpeed(sp);
        }}
      >
        {REPLAY_SPEEDS.map((s) => (
          <option key={String(s)} value={String(s)}>
            {speedLabel(s)}
          </option>
        ))}
      </select>
      <progress data-testid="replay-progress" max={1} value={frac} title={`${status.framesDone} / ${status.framesTotal} frames`} />
      <span className="muted num">{(frac * 100).toFixed(0)}%</span>
    </div>
  );
}
