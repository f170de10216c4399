import { parseInstrument, type Instrument } from '../core/cross/instrument';
import { streamKeyOf, type StreamKey, type VenueId } from '../core/types';
import { findVenue } from './venue-catalog';

/** One chosen stream: a venue and one venue-native symbol (`okx` + `BTC-USDT-SWAP`). */
export interface StreamSel {
  readonly venue: VenueId;
  readonly symbol: string;
}

/** Venue-native symbols: `BTCUSDT`, `BTC-USDT-SWAP`, `BTC/USD`, `BTC-USD`, `BTCUSDT_240628`. */
const SYMBOL_RE = /^[A-Z0-9._/-]{1,30}$/;

export const parseSymbols = (text: string): string[] =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase())
    .filter((s) => SYMBOL_RE.test(s))
    .filter((s, i, all) => all.indexOf(s) === i);

export const selKey = (s: StreamSel): StreamKey => streamKeyOf(s.venue, s.symbol);

/** `binance:BTCUSDT,okx:BTC-USDT-SWAP` → selections (unknown venues and bad symbols dropped). */
export function parseStreams(text: string): StreamSel[] {
  const out: StreamSel[] = [];
  for (const part of text.split(/[\s,;]+/)) {
    const i = part.indexOf(':');
    if (i <= 0) continue;
    const venue = findVenue(part.slice(0, i))?.id;
    const symbol = part.slice(i + 1).trim().toUpperCase();
    if (venue === undefined || !SYMBOL_RE.test(symbol)) continue;
    if (!out.some((s) => s.venue === venue && s.symbol === symbol)) out.push({ venue, symbol });
  }
  return out;
}

export const formatStreams = (sels: readonly StreamSel[]): string => sels.map(selKey).join(',');

/** Group selections by venue, venues in first-seen order (the engine's `streams` shape). */
export function byVenue(sels: readonly StreamSel[]): { venue: VenueId; symbols: string[] }[] {
  const out: { venue: VenueId; symbols: string[] }[] = [];
  for (const s of sels) {
    const g = out.find((x) => x.venue === s.venue);
    if (g === undefined) out.push({ venue: s.venue, symbols: [s.symbol] });
    else if (!g.symbols.includes(s.symbol)) g.symbols.push(s.symbol);
  }
  return out;
}

/** A stream key's venue and symbol (the key is `${venue}:${symbol}`, venue ids have no ':'). */
export function splitKey(key: StreamKey): { venue: string; symbol: string } {
  const i = key.indexOf(':');
  return { venue: key.slice(0, i), symbol: key.slice(i + 1) };
}

/** The instrument a stream trades, with its venue's kind when the venue decides it. */
export function instrumentOf(key: StreamKey): Instrument {
  const { venue, symbol } = splitKey(key);
  return parseInstrument(symbol, findVenue(venue)?.kind ?? 'unknown');
}
