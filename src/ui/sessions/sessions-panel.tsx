import { useState } from 'react';
import { useController } from '../app/use-controller';
import { ImportControl } from './import-control';
import { SessionRow } from './session-row';

/** Stored sessions (IndexedDB, in the worker): replay, rename, export, delete, import. */
export function SessionsPanel() {
  const [st, ctl] = useController();
  const [error, setError] = useState<string | null>(null);
  const activeId = st.mode.kind === 'replay' ? st.mode.status.sessionId : st.mode.kind === 'live' ? st.mode.recordingSessionId : null;
  return (
    <div className="sessions">
      <div className="sessions-bar">
        <ImportControl />
        <button type="button" onClick={() => void ctl.replayDemo(false)} title="Replay the built-in Binance BTCUSDT capture">
          Demo session
        </button>
        <button type="button" onClick={() => void ctl.refreshSessions()}>
          Refresh
        </button>
      </div>
      {error !== null && (
        <div className="error-text" role="alert">
          {error}
        </div>
      )}
      <div className="sessions-scroll">
        <table data-testid="sessions-list" className="sessions-table">
          <thead>
            <tr>
              <th>name</th>
              <th>venues</th>
              <th>symbols</th>
              <th>start</th>
              <th>length</th>
              <th>size</th>
              <th>origin</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {st.sessions.map((s) => (
              <SessionRow key={s.id} s={s} active={s.id === activeId} onError={setError} />
            ))}
          </tbody>
        </table>
        {st.sessions.length === 0 && <div className="muted empty">No sessions yet: record a live connection or import a file.</div>}
      </div>
    </div>
  );
}
