import { useFrame } from '../data/use-frame';
import { IntegrityRow } from './integrity-row';

const HEAD: readonly [string, string][] = [
  ['stream', ''],
  ['state', 'live only while the venue’s sequence/checksum rules hold'],
  ['gaps', 'sequence gaps detected'],
  ['resyncs', 'book rebuilt from a fresh snapshot / resubscribe'],
  ['checksum ✓/✗', 'venue book checksums verified / failed'],
  ['bbo ✓/✗', 'venue best bid/ask tickers compared with our book / mismatches'],
  ['crossed', 'times our book had best bid ≥ best ask'],
  ['snapshot age', 'time since the last applied snapshot'],
  ['idle', 'time since the last message on this stream'],
  ['reconnects', ''],
  ['unknown', 'messages the adapter did not recognise'],
];

/** Every stream's state and integrity counters, one row each (DESIGN.md principle 5). */
export function IntegrityPanel() {
  const store = useFrame(4);
  const nowUs = store.nowUs();
  const focus = store.focus()?.info.key;
  return (
    <div data-testid="integrity-panel" className="integrity-panel">
      {store.streams.length === 0 ? (
        <div className="muted empty">No streams yet</div>
      ) : (
        <table className="integrity-table">
          <thead>
            <tr>
              {HEAD.map(([h, tip]) => (
                <th key={h} title={tip}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {store.streams.map((s) => (
              <IntegrityRow key={s.info.key} stream={s.info.key} stats={s.stats} nowUs={nowUs} focused={s.info.key === focus} onFocus={(k) => store.setFocus(k)} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
