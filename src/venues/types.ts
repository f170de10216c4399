import type { L2Book } from '../core/book/l2-book';
import type { RawFrame, RefField, StreamKey, StreamState, TakerSide, VenueId } from '../core/types';

/**
 * What an adapter calls while it digests one frame. Implemented by the pipeline
 * (src/sources/pipeline.ts). Scalars only, so the hot path allocates no event objects.
 */
export interface AdapterSink {
  /** The stream's book; the adapter mutates it directly (clear/set) and then calls onBook. */
  book(stream: StreamKey): L2Book;
  /** A snapshot (`isSnapshot`) or delta was applied. `seq` = venue update id after it (NaN if none). */
  onBook(stream: StreamKey, isSnapshot: boolean, seq: number, exchMs: number, tUs: number): void;
  onTrade(
    stream: StreamKey,
    pxStr: string,
    szStr: string,
    taker: TakerSide,
    exchMs: number,
    tUs: number,
    tradeId: number,
  ): void;
  /** The venue's own best bid/ask ticker (Binance `bookTicker`): the oracle for our book. */
  onVenueBbo(
    stream: StreamKey,
    seq: number,
    bidPxStr: string,
    bidSzStr: string,
    askPxStr: string,
    askSzStr: string,
    tUs: number,
  ): void;
  /** A venue checksum was compared with our book after a commit (OKX legacy CRC, Kraken CRC32).
   * Call it after onBook. A mismatch is ALSO a gap for the adapter to act on (resubscribe). */
  onChecksum(stream: StreamKey, ok: boolean, detail: string, tUs: number): void;
  /** A derivative reference value (mark, index, funding rate, next funding time in epoch ms). */
  onReference(stream: StreamKey, field: RefField, value: number, exchMs: number, tUs: number): void;
  onState(stream: StreamKey, state: StreamState, reason: string, tUs: number): void;
  /** Continuity broke: counted, and the stream's series/warm-ups restart. */
  onGap(stream: StreamKey, detail: string, tUs: number): void;
  onProblem(code: string, stream: StreamKey | undefined, detail: string, tUs: number): void;
  /** A message on a known stream that the adapter does not handle (counted per stream). */
  onUnknown(stream: StreamKey | undefined, detail: string, tUs: number): void;
  /**
   * Ask the source for a fresh snapshot. Live: the source fetches it (rate-budgeted, backing off
   * after `retryAfterMs`); the response comes back as a frame. Replay: a no-op — the session
   * holds the response that was fetched live.
   */
  requestSnapshot(stream: StreamKey, symbol: string, retryAfterMs: number, tUs: number): void;
}

/** A venue's parsing and sequencing rules. Pure: no clocks, no IO. One instance per pipeline. */
export interface VenueAdapter {
  readonly venue: VenueId;
  /** Text → message. Most venues: JSON.parse. (Kraken v2 keeps number literals as text.) */
  parse(text: string): unknown;
  /** Digest one frame whose `text` parsed to `msg` (`undefined` for non-`ws`/`rest` frames). */
  onFrame(frame: RawFrame, msg: unknown, sink: AdapterSink): void;
}

/** How the live source reaches a venue. Endpoints are overridable (tests point them at loopback). */
export interface VenueEndpoints {
  /** Market-data stream base, e.g. `wss://data-stream.binance.vision`. */
  readonly streamBase: string;
  /** WebSocket API for snapshots (CORS-free), e.g. `wss://ws-api.binance.com:443/ws-api/v3`. */
  readonly wsApi: string;
  /** REST base for the snapshot fallback, e.g. `https://data-api.binance.vision`. */
  readonly rest: string;
}

export interface LiveConnectionSpec {
  /** Connection label recorded on every frame of this socket. */
  readonly conn: string;
  readonly url: string;
  /** Frames to send right after open (venues that subscribe in-band). */
  readonly subscribe: readonly string[];
}

export interface SnapshotRequestSpec {
  /** Preferred: a frame sent on the WS-API connection; its response is self-describing. */
  readonly wsApiText: string;
  /** Fallback REST URL (its response is recorded as a `rest` frame with this url). */
  readonly restUrl: string;
  /** Venue request weight, for the rate budget (Binance depth: 250 for limit 5000). */
  readonly weight: number;
}

/** The live side of a venue: URLs and requests, no IO. */
export interface VenueLive {
  readonly venue: VenueId;
  readonly defaultEndpoints: VenueEndpoints;
  /** Label of the WS-API connection used for snapshots. */
  readonly wsApiConn: string;
  connections(symbols: readonly string[], endpoints: VenueEndpoints): LiveConnectionSpec[];
  snapshotRequest(symbol: string, requestNo: number, endpoints: VenueEndpoints): SnapshotRequestSpec;
  /** Seconds without any frame after which a socket is declared stale and reconnected. */
  readonly staleAfterSec: number;
  /** True when a frame announces an imminent server shutdown (Binance `serverShutdown`,
   * venues.md §2.1): the live source reconnects at once instead of waiting for the close. */
  isShutdownNotice(text: string): boolean;
}

// ---------------------------------------------------------------------------------------------
// Generalised live description for every venue (issue 3). Binance spot still implements the
// older VenueLive above; the live source moves to VenueLiveDef when all venues have one.

/** Named endpoint URLs of one venue (`{ public: 'wss://…', rest: 'https://…' }`); overridable. */
export interface VenueLinks {
  readonly [name: string]: string;
}

/** How to get a fresh, trustworthy book for one symbol after a gap/checksum failure/reconnect. */
export type ResyncAction =
  /** Binance-style: fetch a snapshot (WS-API frame on `wsApiConn` preferred, REST fallback). */
  | { readonly kind: 'snapshot'; readonly wsApiConn?: string; readonly wsApiText?: string; readonly restUrl?: string; readonly weight: number }
  /** Snapshot-in-stream venues (OKX, Kraken, Coinbase, Bybit): send these frames on `conn`
   * (typically unsubscribe + subscribe); the venue answers with a new in-stream snapshot. */
  | { readonly kind: 'resubscribe'; readonly conn: string; readonly texts: readonly string[] };

export interface VenueLiveDef {
  readonly venue: VenueId;
  readonly defaultEndpoints: VenueLinks;
  /** Sockets to open for these symbols (split across connections within the venue's limits). */
  connections(symbols: readonly string[], endpoints: VenueLinks): LiveConnectionSpec[];
  resync(symbol: string, requestNo: number, endpoints: VenueLinks): ResyncAction;
  /** App-level keep-alive (venues.md §1.3/§1.8): text to send when nothing was sent/received for
   * `idleMs`; driven from the message handler as well as a timer (hidden tabs throttle timers). */
  readonly keepAlive?: { readonly text: string; readonly idleMs: number };
  /** Seconds without any frame after which a socket is declared stale and reconnected. */
  readonly staleAfterSec: number;
  isShutdownNotice(text: string): boolean;
}
