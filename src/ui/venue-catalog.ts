import type { InstrumentKind } from '../core/cross/instrument';
import { VENUE_IDS, type VenueId } from '../core/types';

/** What the UI offers. Static on purpose: the UI must not import src/venues (layering), and the
 * engine validates whatever it is asked for. Binance spot endpoints mirror docs/TEAM-NOTES.md
 * "Live Binance"; other venues' endpoint names are only listed (their defaults live in the engine). */
export interface UiVenue {
  readonly id: VenueId;
  readonly label: string;
  /** `unknown`: the symbol decides (OKX lists spot and swaps under one venue id). */
  readonly kind: InstrumentKind;
  readonly defaultSymbols: readonly string[];
  /** Names accepted in `ep.<venue>.<name>=<url>` overrides (src/venues/<id>/meta.ts). */
  readonly endpointNames: readonly string[];
}

interface VenueText {
  readonly label: string;
  readonly kind: InstrumentKind;
  readonly defaultSymbols: readonly string[];
  readonly endpointNames: readonly string[];
}

/** Keyed by string, not VenueId: venues register concurrently; one listed here before its id
 * exists in VENUE_IDS is simply not offered, one missing here is offered under its id. */
const TEXT: Readonly<Record<string, VenueText>> = {
  binance: { label: 'Binance spot', kind: 'spot', defaultSymbols: ['BTCUSDT'], endpointNames: ['streamBase', 'wsApi', 'rest'] },
  'binance-usdm': { label: 'Binance USDⓈ-M perp', kind: 'perp', defaultSymbols: ['BTCUSDT'], endpointNames: ['public', 'market', 'rest'] },
  okx: { label: 'OKX spot/swap', kind: 'unknown', defaultSymbols: ['BTC-USDT-SWAP'], endpointNames: ['public', 'rest'] },
  kraken: { label: 'Kraken spot', kind: 'spot', defaultSymbols: ['BTC/USD'], endpointNames: ['public'] },
  'bybit-spot': { label: 'Bybit spot', kind: 'spot', defaultSymbols: ['BTCUSDT'], endpointNames: ['public'] },
  'bybit-linear': { label: 'Bybit linear perp', kind: 'perp', defaultSymbols: ['BTCUSDT'], endpointNames: ['public'] },
  coinbase: { label: 'Coinbase spot', kind: 'spot', defaultSymbols: ['BTC-USD'], endpointNames: ['public'] },
};

/** The Binance spot defaults the old `streamBase`/`wsApi`/`rest` URL overrides merge into. */
export const BINANCE_SPOT_ENDPOINTS = {
  streamBase: 'wss://data-stream.binance.vision',
  wsApi: 'wss://ws-api.binance.com:443/ws-api/v3',
  rest: 'https://data-api.binance.vision',
} as const;

const ORDER = Object.keys(TEXT);

export const UI_VENUES: readonly UiVenue[] = [...VENUE_IDS]
  .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99))
  .map((id) => ({ id, ...(TEXT[id] ?? { label: id, kind: 'unknown', defaultSymbols: [], endpointNames: ['public'] }) }));

export const DEFAULT_VENUE: UiVenue = UI_VENUES.find((v) => v.id === 'binance') ?? (UI_VENUES[0] as UiVenue);

export const findVenue = (id: string | null): UiVenue | undefined => UI_VENUES.find((v) => v.id === id);

export const venueLabel = (id: string): string => findVenue(id)?.label ?? id;
