/**
 * The control plane between the UI and the engine worker (Comlink RPC). Every method resolves
 * to a Result: nothing throws across the worker boundary (DESIGN.md principle 6).
 * The data plane (series, books, stats, events) is NOT here: it lives in shared buffers described
 * by EngineLayout and read with src/shared/reader.ts at requestAnimationFrame.
 */
import type { StreamKey, VenueId } from '../core/types';

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export const REPLAY_SPEEDS = [1, 10, 'max'] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

export interface LiveConfig {
  /** Single-venue form (the current UI, e2e tests): one venue and its symbols. Merged with `streams`. */
  readonly venue?: VenueId;
  readonly symbols?: readonly string[];
  /** Several venues at once: each venue's venue-native symbols (`binance` `BTCUSDT`, `okx`
   * `BTC-USDT-SWAP`, `kraken` `BTC/USD`, `coinbase` `BTC-USD`). A venue listed twice is merged. */
  readonly streams?: readonly { readonly venue: VenueId; readonly symbols: readonly string[] }[];
  /** Record every frame into a new session (default true). */
  readonly record: boolean;
  /** Binance spot endpoint override (single-venue form; tests point it at a loopback impersonator).
   * Same as `venueEndpoints.binance`. */
  readonly endpoints?: { readonly streamBase: string; readonly wsApi: string; readonly rest: string };
  /** Per-venue endpoint overrides by the venue's endpoint names (its VenueLiveDef.defaultEndpoints,
   * e.g. `okx: { public: 'ws://127.0.0.1:9001/ws/v5/public' }`); unnamed endpoints keep defaults. */
  readonly venueEndpoints?: Partial<Record<VenueId, Readonly<Record<string, string>>>>;
}

export interface SessionSummary {
  readonly id: string;
  readonly name: string;
  readonly venues: readonly VenueId[];
  readonly symbols: readonly string[];
  readonly startUs: number;
  readonly endUs: number;
  readonly frames: number;
  /** Bytes of frame text stored. */
  readonly bytes: number;
  /** `live` (recorded here), `import` (from a file), `demo` (the built-in capture). */
  readonly origin: 'live' | 'import' | 'demo';
  /** Recording stopped early (e.g. quota exceeded): what is stored is still readable. */
  readonly truncated: boolean;
  readonly note: string;
}

export interface ReplayStatus {
  readonly sessionId: string;
  readonly speed: ReplaySpeed;
  readonly paused: boolean;
  readonly done: boolean;
  readonly framesDone: number;
  readonly framesTotal: number;
}

/** What the engine is doing now. */
export type EngineMode =
  | { readonly kind: 'idle' }
  | { readonly kind: 'live'; readonly venue: VenueId; readonly symbols: readonly string[]; readonly recordingSessionId: string | null }
  | { readonly kind: 'replay'; readonly status: ReplayStatus };

export interface StreamInfo {
  readonly idx: number;
  readonly key: StreamKey;
  readonly venue: VenueId;
  readonly symbol: string;
}

/**
 * Buffers of the data plane. With cross-origin isolation they are SharedArrayBuffers handed over
 * once; without it they are ArrayBuffer copies pulled each animation frame (`pullLayout`).
 * Byte layouts are defined by the writer/reader pair in src/shared/.
 */
export interface EngineLayout {
  /** Bumped whenever the stream set changes: readers re-fetch the layout. */
  readonly version: number;
  readonly shared: boolean;
  readonly streams: readonly StreamInfo[];
  /** Per stream, same order as `streams`. */
  readonly series: readonly (SharedArrayBuffer | ArrayBuffer)[];
  readonly books: readonly (SharedArrayBuffer | ArrayBuffer)[];
  readonly stats: readonly (SharedArrayBuffer | ArrayBuffer)[];
  readonly trades: readonly (SharedArrayBuffer | ArrayBuffer)[];
  /** Engine-wide event FIFO (state changes, gaps, problems, info). */
  readonly events: SharedArrayBuffer | ArrayBuffer;
}

/** One stream found stale by `checkFreshness` (ages in ms on the engine's epoch clock). */
export interface StaleStreamReport {
  readonly stream: StreamKey;
  /** Connection label that last fed the stream ('' if none): the one replaced. */
  readonly conn: string;
  /** Now − the stream's last frame receive time. */
  readonly frameAgeMs: number;
  /** Now − the last exchange event time the venue gave (NaN when it gives none). */
  readonly exchAgeMs: number;
  /** The venue's staleAfterSec, in ms (or the run's override). */
  readonly staleAfterMs: number;
}

/** Result of `checkFreshness` (venues.md §1.4 rule 2). */
export interface FreshnessReport {
  /** Only a live run is checked; replay and idle report nothing (their clock is the data's). */
  readonly mode: 'live' | 'replay' | 'idle';
  /** Streams whose ages were compared with the clock. */
  readonly checked: number;
  readonly stale: readonly StaleStreamReport[];
  /** Connection labels whose socket is being replaced. */
  readonly replaced: readonly string[];
}

export interface ImportProgress {
  (fraction: number): void;
}

export interface EngineApi {
  /** `sharedMemory`: the page is cross-origin isolated and SharedArrayBuffer exists. */
  init(opts: { readonly sharedMemory: boolean }): Promise<Result<EngineLayout>>;
  layout(): Promise<Result<EngineLayout>>;
  /** Fallback data path: copies of the current buffers, transferred (call once per frame). */
  pullLayout(): Promise<Result<EngineLayout>>;
  mode(): Promise<Result<EngineMode>>;

  startLive(cfg: LiveConfig): Promise<Result<EngineMode>>;
  stop(): Promise<Result<EngineMode>>;

  listSessions(): Promise<Result<SessionSummary[]>>;
  deleteSession(id: string): Promise<Result<void>>;
  renameSession(id: string, name: string): Promise<Result<void>>;
  /** A gzip JSONL file (DESIGN.md "Sessions"). */
  exportSession(id: string): Promise<Result<{ readonly fileName: string; readonly blob: Blob }>>;
  importSession(file: Blob, fileName: string, onProgress?: ImportProgress): Promise<Result<SessionSummary>>;
  /** Store the built-in demo capture as a session if it is not stored yet. */
  ensureDemoSession(url: string): Promise<Result<SessionSummary>>;

  replay(id: string, speed: ReplaySpeed): Promise<Result<EngineMode>>;
  setReplaySpeed(speed: ReplaySpeed): Promise<Result<void>>;
  pauseReplay(): Promise<Result<void>>;
  resumeReplay(): Promise<Result<void>>;

  /**
   * Hidden-tab freshness (venues.md §1.4 rule 2: timers are throttled in a hidden tab, so the
   * "no frame for X s" watchdog may not have run): compare each live stream's last frame time and
   * last exchange event time with the clock; a stream older than its venue's staleAfterSec is
   * marked stale and its connection replaced. The UI calls it when the page becomes visible.
   */
  checkFreshness(): Promise<Result<FreshnessReport>>;
}
