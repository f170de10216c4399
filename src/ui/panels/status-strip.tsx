import { useFrame } from '../data/use-frame';
import { StreamStatus } from '../status/stream-status';

/** One integrity box per stream; click one to focus it in the ladder and charts. */
export function StatusStrip() {
  const store = useFrame(4);
  if (store.streams.length === 0) return <div className="status-strip muted">No streams yet</div>;
  const focus = store.focus()?.info.key;
  return (
    <div className="status-strip">
      {store.streams.map((s) => (
        <StreamStatus key={s.info.key} stream={s.info.key} stats={s.stats} focused={s.info.key === focus} onFocus={(k) => store.setFocus(k)} />
      ))}
    </div>
  );
}
