import { useController } from '../app/use-controller';
import { DEMO_LABEL } from '../app/demo';
import { useFrame } from '../data/use-frame';

/** What the instrument is showing right now, in one sentence (docs/TEAM-NOTES.md `mode-banner`). */
export function ModeBanner() {
  const [st] = useController();
  const store = useFrame(4);
  const m = st.mode;
  let kind = 'idle';
  let text = 'Idle — not connected. Connect to a venue, or replay a session.';
  if (m.kind === 'live') {
    const states = store.streams.map((s) => store.stateOf(s));
    const anyLive = states.includes('live');
    kind = anyLive ? 'live' : 'connecting';
    const rec = m.recordingSessionId !== null ? ' · recording' : '';
    // Several venues: name every stream; one venue keeps the short "venue SYMBOLS" form.
    const keys = store.streams.map((s) => s.info.key);
    const what = new Set(keys.map((k) => k.slice(0, k.indexOf(':')))).size > 1 ? keys.join(', ') : `${m.venue} ${m.symbols.join(', ')}`;
    text = anyLive
      ? `Live — ${what}${rec}`
      : `Connecting — ${what} (${states.filter((s) => s !== null).join(', ') || 'opening socket'})${rec}`;
  } else if (m.kind === 'replay') {
    const s = m.status;
    const name = st.sessions.find((x) => x.id === s.sessionId)?.name ?? s.sessionId;
    const pct = s.framesTotal > 0 ? ` — ${Math.round((100 * s.framesDone) / s.framesTotal)}%` : '';
    const speed = s.speed === 'max' ? 'max speed' : `${s.speed}×`;
    const what = s.done ? 'Replay finished' : s.paused ? 'Replay paused' : `Replaying at ${speed}`;
    kind = st.demoFallback ? 'demo' : 'replay';
    text = st.demoFallback
      ? `No connection — showing the built-in demo session (${DEMO_LABEL}). ${what}${pct}. Press Connect to try live again.`
      : `${what}: ${name}${pct}`;
  }
  return (
    <div data-testid="mode-banner" data-mode={m.kind} className={`mode-banner mode-${kind}`}>
      {text}
      {st.notice !== null && <span className={`notice ${st.notice.kind}`}> {st.notice.text}</span>}
    </div>
  );
}
