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
  /**
   * What one unit of the venue's size field is worth (OKX derivatives count CONTRACTS, venues.md
   * §4.5). `sizeUnit` = base units per size unit (linear: ctVal×ctMult), or — `isInverse` — QUOTE
   * units per size unit (inverse contracts: their base value depends on the price). NaN = not
   * known yet: the stream's size-based metrics are NaN until it is. Streams never told stay at 1
   * base unit per size unit (spot everywhere).
   */
  onInstrument(stream: StreamKey, sizeUnit: number, isInverse: boolean, tUs: number): void;
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

export interface LiveConnectionSpec {
  /** Connection label recorded on every frame of this socket (the live source prefixes it with
   * the venue id, `okx:ws`, so labels stay unique when several venues run together). */
  readonly conn: string;
  readonly url: string;
  /** Frames to send right after open (venues that subscribe in-band). */
  readonly subscribe: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// The live description of a venue (issue 3): what the live source (src/sources/live) drives.

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
  /** App-level keep-alive (venues.md §1.3/§1.8): `text` is sent when we have sent nothing on the
   * socket for `idleMs` (inbound data does not count: Bybit asks for a ping every 20 s regardless,
   * §7.1). Checked on every inbound message as well as by a timer: hidden tabs throttle timers to
   * once a minute, message events are not throttled (§1.4 rule 1). */
  readonly keepAlive?: { readonly text: string; readonly idleMs: number };
  /** Seconds without any frame after which a socket is declared stale and reconnected. */
  readonly staleAfterSec: number;
  isShutdownNotice(text: string): boolean;
  /** Label of a `connections()` entry that is a request/response API for snapshots (Binance
   * WS-API): the snapshot fetcher opens it lazily and keeps it without a staleness timer. */
  readonly wsApiConn?: string;
  /** Request budgets of this venue; absent fields take the live source's conservative defaults. */
  readonly budget?: VenueBudget;
}

/** What a venue allows us to ask for (venues.md per-venue limits). We spend a fraction of the
 * documented budget: other tabs and tools on the same IP share it. */
export interface VenueBudget {
  /** Snapshot request weight per minute (Binance spot: 3000 = half of 6000, venues.md §2.2). */
  readonly snapshotWeightPerMin?: number;
  /** Snapshot weight that may go at once (start-up). */
  readonly snapshotBurstWeight?: number;
  /** Minimum gap between two snapshot requests or two resubscribe frames. */
  readonly minSpacingMs?: number;
  /** Resubscribe frames per second (OKX: ≤ 3 subscribe requests/s, venues.md §4.1). */
  readonly resubscribePerSec?: number;
  /** Resubscribe frames that may go at once. */
  readonly resubscribeBurst?: number;
  /** Resubscribe frames per hour (OKX: 480 subscribe/unsubscribe/login per hour per connection). */
  readonly resubscribePerHour?: number;
}
