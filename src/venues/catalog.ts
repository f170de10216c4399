import type { VenueId } from '../core/types';

/**
 * The venues bookscope knows, in display order. Adding a venue = one folder under src/venues/
 * and one line here; registry.ts then fails to compile until it has the venue's entry too.
 */
export interface VenueCatalogEntry {
  readonly id: VenueId;
  readonly label: string;
  /** Real captures under src/venues/<id>/fixtures (run by src/venues/contract.test.ts). */
  readonly fixtures: readonly string[];
  /** Control messages of the venue's protocol that must emit nothing (subscribe acks…). */
  readonly acks: readonly string[];
}

export const VENUE_CATALOG: readonly VenueCatalogEntry[] = [
  {
    id: 'binance',
    label: 'Binance spot',
    fixtures: [
      'binance/fixtures/BTCUSDT_2024-08-08T2354Z_depth100ms-trade-bookTicker_hftbacktest.jsonl.gz',
      'binance/fixtures/BTCUSDT_2024-08-09T0000Z_continuation_depth100ms-trade-bookTicker_hftbacktest.jsonl.gz',
      'binance/fixtures/BTCUSDT-ETHUSDT-DOTUSDT_2021-04-04_depth100ms-aggTrade-kline_cryptofeed.jsonl',
      'binance/fixtures/NKNUSDT-BLZETH-LRCBTC-RUNEEUR_2021-10-12_depth100ms-bookTicker-aggTrade-kline_cryptofeed.jsonl',
    ],
    // venues.md §2.1: SUBSCRIBE / LIST_SUBSCRIPTIONS answers.
    acks: ['{"result":null,"id":1}', '{"result":["btcusdt@depth@100ms"],"id":2}'],
  },
];
