import { useEffect, useState, type FormEvent } from 'react';
import type { VenueId } from '../../core/types';
import { useController } from '../app/use-controller';
import { parseSymbols } from '../url-view';
import { UI_VENUES, findVenue } from '../venue-catalog';

/** Venue, symbols, connect/disconnect, record toggle. */
export function LiveControls() {
  const [st, ctl] = useController();
  const [venue, setVenue] = useState<VenueId>(st.view.venue);
  const [symbolsText, setSymbolsText] = useState(st.view.symbols.join(','));
  // Follow the view when the app changes it (URL, demo fallback).
  useEffect(() => setSymbolsText(st.view.symbols.join(',')), [st.view.symbols]);
  const symbols = parseSymbols(symbolsText);
  const live = st.mode.kind === 'live';

  const connect = (e: FormEvent) => {
    e.preventDefault();
    if (symbols.length > 0) void ctl.connectLive(venue, symbols);
  };

  return (
    <form className="controls" onSubmit={connect}>
      <select aria-label="Venue" data-testid="venue-select" value={venue} onChange={(e) => setVenue((findVenue(e.target.value) ?? UI_VENUES[0]!).id)}>
        {UI_VENUES.map((v) => (
          <option key={v.id} value={v.id}>
            {v.label}
          </option>
        ))}
      </select>
      <input
        data-testid="symbols-input"
        aria-label="Symbols"
        className="symbols"
        value={symbolsText}
        spellCheck={false}
        placeholder="BTCUSDT,ETHUSDT"
        onChange={(e) => setSymbolsText(e.target.value)}
      />
      <button data-testid="connect-button" type="submit" className="primary" disabled={symbols.length === 0} title="Connect (restarts if already live)">
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
