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
  { id: 'binance-usdm', label: 'Binance USDⓈ-M perpetuals', fixtures: ['binance-usdm/fixtures/BTCUSDT_2023-04-04T2358Z_depth0ms-trade-bookTicker-markPrice1s_hftbacktest.jsonl.gz', 'binance-usdm/fixtures/BTCUSDT_2023-04-05T0000Z_continuation_depth0ms-trade-bookTicker-markPrice1s_hftbacktest.jsonl.gz', 'binance-usdm/fixtures/SAND-CHR-NEO-CTK-BAT-USDT_2021-04-05_depth100ms-bookTicker-aggTrade_cryptofeed.jsonl'], acks: ['{"result":null,"id":1}', '{"result":["btcusdt@depth@100ms"],"id":2}'] },
  { id: 'kraken', label: 'Kraken spot', fixtures: ['kraken/fixtures/KRAKEN-v1_XBTUSD+9pairs_2021-04-05_book1000_cryptofeed.jsonl', 'kraken/fixtures/KRAKEN-v1_10pairs_2021-04-17_book1000-trade-ticker_cryptofeed.jsonl'], acks: ['{"method":"subscribe","result":{"channel":"book","depth":25,"snapshot":true,"symbol":"BTC/USD"},"success":true,"time_in":"2023-09-25T09:04:31.742599Z","time_out":"2023-09-25T09:04:31.742648Z"}', '{"channel":"heartbeat"}', '{"method":"pong","req_id":1}', '{"event":"heartbeat"}', '{"channelID":320,"channelName":"book-1000","event":"subscriptionStatus","pair":"XBT/USD","status":"subscribed","subscription":{"depth":1000,"name":"book"}}'] },
  { id: 'bybit-linear', label: 'Bybit linear perpetuals', fixtures: ['bybit/fixtures/BYBIT-v5_orderbook1_linear+spot_2025-06-13_cryptofeed-PR1085.jsonl'], acks: ['{"success":true,"ret_msg":"","conn_id":"d8bu1olkndm7crnfs1e0-j6akw","req_id":"","op":"subscribe"}', '{"success":true,"ret_msg":"pong","conn_id":"x","op":"ping"}', '{"op":"pong","args":["1"],"conn_id":"x"}'] },
  { id: 'bybit-spot', label: 'Bybit spot', fixtures: ['bybit/fixtures/BYBIT-v5_orderbook1_linear+spot_2025-06-13_cryptofeed-PR1085.jsonl'], acks: ['{"success":true,"ret_msg":"subscribe","conn_id":"d9avt8shteepr00gfc1g-4zd1x","op":"subscribe"}', '{"success":true,"ret_msg":"pong","conn_id":"x","op":"ping"}'] },
  // No fixture for the contract run: the only permissive Coinbase capture is the Exchange feed, whose l2update has no sequence (venues.md §5.1), so a removed delta is undetectable by design; the Advanced Trade capture is AGPL (src/venues/coinbase/*.test.ts read it in place).
  { id: 'coinbase', label: 'Coinbase', fixtures: [], acks: ['{"type":"subscriptions","channels":[{"name":"level2","product_ids":["BTC-USD"]}]}', '{"channel":"subscriptions","client_id":"","timestamp":"2026-08-09T21:05:48.228846629Z","sequence_num":2,"events":[{"subscriptions":{"level2":["BTC-USD"]}}]}', '{"channel":"heartbeats","client_id":"","timestamp":"2026-08-09T21:05:48.856364007Z","sequence_num":3,"events":[{"current_time":"2026-08-09 21:05:48.854840045 +0000 UTC m=+41691.260485341","heartbeat_counter":41691}]}'] },
  // The 2022-02-27 tbt capture is replayed in okx/captures.test.ts instead: its option books are one-sided (NaN mid by right), and its only guard is the checksum, which cannot see a lost update that the next one overwrites (the book stays right).
  { id: 'okx', label: 'OKX', fixtures: ['okx/fixtures/OKX-v5_BTC-USDT_UNI-USD-SWAP_BTC-USD-220527_2022-05-13_books-trades-tickers_cryptofeed.jsonl'], acks: ['{"event":"subscribe","arg":{"channel":"books","instId":"BTC-USDT"},"connId":"a4d3ae55"}', '{"event":"unsubscribe","arg":{"channel":"books","instId":"BTC-USDT"},"connId":"a4d3ae55"}', 'pong'] },
];
