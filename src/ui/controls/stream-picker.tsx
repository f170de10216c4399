import type { KeyboardEvent } from 'react';
import type { VenueId } from '../../core/types';
import { instrumentOf, parseSymbols, selKey, type StreamSel } from '../streams';
import { UI_VENUES, findVenue, venueLabel } from '../venue-catalog';

interface Props {
  readonly venue: VenueId;
  readonly onVenue: (v: VenueId) => void;
  readonly text: string;
  readonly onText: (t: string) => void;
  readonly streams: readonly StreamSel[];
  readonly onStreams: (s: StreamSel[]) => void;
}

/** The typed symbols for the chosen venue, appended to `streams` (no duplicates). */
export function withPending(streams: readonly StreamSel[], venue: VenueId, text: string): StreamSel[] {
  const out = [...streams];
  for (const symbol of parseSymbols(text)) if (!out.some((s) => s.venue === venue && s.symbol === symbol)) out.push({ venue, symbol });
  return out;
}

/** Venue + venue-native symbols → a list of chosen streams (Enter or "Add" appends). */
export function StreamPicker({ venue, onVenue, text, onText, streams, onStreams }: Props) {
  const v = findVenue(venue);
  const add = () => {
    onStreams(withPending(streams, venue, text));
    onText('');
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    add();
  };
  return (
    <div className="stream-picker">
      <select aria-label="Venue" data-testid="venue-select" value={venue} onChange={(e) => onVenue((findVenue(e.target.value) ?? UI_VENUES[0]!).id)}>
        {UI_VENUES.map((x) => (
          <option key={x.id} value={x.id}>
            {x.label}
          </option>
        ))}
      </select>
      <input
        data-testid="symbols-input"
        aria-label="Symbols (venue-native)"
        className="symbols"
        value={text}
        spellCheck={false}
        placeholder={v?.defaultSymbols.join(',') || 'SYMBOL'}
        title="Venue-native symbols: BTCUSDT (Binance, Bybit), BTC-USDT-SWAP (OKX), BTC/USD (Kraken), BTC-USD (Coinbase). Enter adds."
        onChange={(e) => onText(e.target.value)}
        onKeyDown={onKey}
      />
      <button type="button" data-testid="stream-add" onClick={add} disabled={parseSymbols(text).length === 0}>
        Add
      </button>
      <ul className="stream-chips" data-testid="stream-list" aria-label="Chosen streams">
        {streams.map((s) => {
          const key = selKey(s);
          const kind = instrumentOf(key).kind;
          return (
            <li key={key} data-testid="stream-chip" data-stream={key} className={`chip kind-${kind}`} title={`${venueLabel(s.venue)} ${s.symbol} (${kind})`}>
              <span className="chip-venue">{s.venue}</span> {s.symbol}
              <span className="chip-kind">{kind === 'unknown' ? '' : kind}</span>
              <button type="button" data-testid="stream-remove" aria-label={`Remove ${key}`} onClick={() => onStreams(streams.filter((x) => selKey(x) !== key))}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
