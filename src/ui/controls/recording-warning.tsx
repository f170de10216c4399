import { useController } from '../app/use-controller';
import { useFrame } from '../data/use-frame';

/** Recording stopped early (quota exceeded, storage error): what is stored stays readable. */
export function RecordingWarning() {
  const [st] = useController();
  const store = useFrame(2);
  if (!st.recordingStopped) return null;
  return (
    <div data-testid="recording-warning" className="recording-warning" role="alert">
      Recording stopped{store.recordingProblem !== null ? ` — ${store.recordingProblem}` : ''}. The session so far is kept
      (marked truncated); the live view continues. Free space by exporting and deleting old sessions.
    </div>
  );
}
