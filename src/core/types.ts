/**
 * Normalized vocabulary shared by every layer. Pure: no DOM, no clocks, no IO.
 * Times are numbers with their unit in the name (tUs = local receive time in µs since the
 * Unix epoch; exchMs = the venue's own event time in ms since the epoch).
 */

/** What kind of record a raw frame is. Matches ../shared/fixtures/PROVENANCE.md §1, plus
 * `ws_close` (a socket closed: downstream state resets, as tardis-node's `disconnect`) and
 * `rest_error` (a snapshot request failed: status code kept so a replay backs off the same way). */
export const FRAME_KINDS = ['ws', 'ws_open', 'ws_sent', 'ws_close', 'rest', 'rest_error'] as const;
export type FrameKind = (typeof FRAME_KINDS)[number];

/** One frame exactly as a source delivered it. `text` is the original text, byte for byte,
 * so venue number literals (Kraken v2) survive. */
export interface RawFrame {
  readonly tUs: number;
  readonly kind: FrameKind;
  /** Connection label: frames on one label share one socket's ordering. */
  readonly conn: string;
  /** URL of a `ws_open` or `rest` frame, when known. */
  readonly url?: string;
  readonly text: string;
}

/** Lifecycle of one book stream. `live` only while the venue's sequence/checksum rules hold. */
export const STREAM_STATES = ['connecting', 'syncing', 'live', 'resyncing', 'stale', 'failed'] as const;
export type StreamState = (typeof STREAM_STATES)[number];

/** Book side index: 0 = bids, 1 = asks. Numbers, not strings, so hot paths index arrays. */
export const BID = 0;
export const ASK = 1;
export type BookSideId = typeof BID | typeof ASK;

/** Taker (aggressor) side of a trade: `buy` = the taker bought (lifted the ask). */
export const TAKER_SIDES = ['buy', 'sell'] as const;
export type TakerSide = (typeof TAKER_SIDES)[number];

export const VENUE_IDS = ['binance-usdm', 'binance', 'kraken', 'bybit-linear', 'bybit-spot', 'coinbase', 'okx'] as const; // binance-usdm first: infer-header sniffs in this order, spot's sniff matches futures frames too

/** Derivative reference values a venue publishes beside the book (perp vs spot/mark/index). */
export const REF_FIELDS = ['markPx', 'indexPx', 'fundingRate', 'nextFundingMs'] as const;
export type RefField = (typeof REF_FIELDS)[number];
export type VenueId = (typeof VENUE_IDS)[number];

/** A stream is one instrument on one venue: `binance:BTCUSDT`. */
export type StreamKey = `${VenueId}:${string}`;
export const streamKeyOf = (venue: VenueId, symbol: string): StreamKey => `${venue}:${symbol}`;

/** A problem is data: counted by `code`, shown in the UI, never thrown across a boundary. */
export interface Problem {
  readonly code: string;
  readonly stream?: StreamKey;
  readonly detail: string;
  readonly tUs: number;
}

/** Rare, discrete things the UI must hear about (never one per market message). */
export type EngineEvent =
  | { readonly type: 'state'; readonly stream: StreamKey; readonly state: StreamState; readonly reason: string; readonly tUs: number }
  | { readonly type: 'gap'; readonly stream: StreamKey; readonly detail: string; readonly tUs: number }
  | { readonly type: 'problem'; readonly problem: Problem }
  | { readonly type: 'info'; readonly detail: string; readonly tUs: number };
