import { useEffect, useState, type FormEvent } from 'react';
import type { VenueId } from '../../core/types';
import { useController } from '../app/use-controller';
import type { StreamSel } from '../streams';
import { StreamPicker, withPending } from './stream-picker';

/** Streams (venue + symbols, several venues at once), connect/disconnect, record toggle. */
export function LiveControls() {
  const [st, ctl] = useController();
  const [venue, setVenue] = useState<VenueId>(st.view.venue);
  const [text, setText] = useState('');
  const [streams, setStreams] = useState<StreamSel[]>([...st.view.streams]);
  // Follow the view when the app changes it (URL, demo fallback).
  useEffect(() => setStreams([...st.view.streams]), [st.view.streams]);
  const wanted = withPending(streams, venue, text);
  const live = st.mode.kind === 'live';

  const connect = (e: FormEvent) => {
    e.preventDefault();
    if (wanted.length === 0) return;
    setText('');
    setStreams(wanted);
    void ctl.connectStreams(wanted);
  };

  return (
    <form className="controls" onSubmit={connect}>
      <StreamPicker venue={venue} onVenue={setVenue} text={text} onText={setText} streams={streams} onStreams={setStreams} />
      <button data-testid="connect-button" type="submit" className="primary" disabled={wanted.length === 0} title="Connect every listed stream (restarts if already live)">
        {live ? 'Reconnect' : 'Connect'}
      </button>
      <button data-testid="disconnect-button" type="button" disabled={st.mode.kind === 'idle'} onClick={() => void ctl.disconnect()}>
        Disconnect
      </button>
      <label className="toggle" title="Record every received frame into a new session (toggling while live reconnects, so the session starts with its snapshots)">
        <input data-testid="record-toggle" type="checkbox" checked={st.record} onChange={(e) => ctl.setRecord(e.target.checked)} />
        <span className={st.record && live ? 'rec-dot on' : 'rec-dot'} /> Record
      </label>
    </form>
  );
}
