import type { VenueId } from '../core/types';

/** What the UI offers. Static on purpose: the UI must not import src/venues (layering), and the
 * engine validates whatever it is asked for. Endpoints mirror docs/TEAM-NOTES.md "Live Binance". */
export interface UiVenue {
  readonly id: VenueId;
  readonly label: string;
  readonly defaultSymbols: readonly string[];
  readonly endpoints: { readonly streamBase: string; readonly wsApi: string; readonly rest: string };
}

export const UI_VENUES: readonly UiVenue[] = [
  {
    id: 'binance',
    label: 'Binance spot',
    defaultSymbols: ['BTCUSDT'],
    endpoints: {
      streamBase: 'wss://data-stream.binance.vision',
      wsApi: 'wss://ws-api.binance.com:443/ws-api/v3',
      rest: 'https://data-api.binance.vision',
    },
  },
];

export const DEFAULT_VENUE: UiVenue = UI_VENUES[0] as UiVenue;

export const findVenue = (id: string | null): UiVenue | undefined => UI_VENUES.find((v) => v.id === id);
