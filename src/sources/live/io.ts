/**
 * The live source's window on the world: clock, timers, randomness, WebSocket and fetch, all
 * injected so the connection logic runs unchanged in the worker and in node tests (where the
 * `ws` package supplies the WebSocket and a fake clock can drive the timers).
 */

/** The subset of the browser WebSocket the live source uses (the `ws` package matches it). */
export interface WsLike {
  binaryType: string;
  readonly readyState: number;
  send(text: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { readonly data: unknown }) => void) | null;
  onclose: ((ev: { readonly code: number; readonly reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type WsCtor = new (url: string) => WsLike;

/** WebSocket.OPEN: the numeric constant is fixed by the WHATWG spec. */
export const WS_OPEN = 1;

export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}
export type FetchLike = (url: string) => Promise<FetchResponseLike>;

export type TimerHandle = unknown;

export interface LiveIo {
  /** Wall clock in µs since the Unix epoch (the `tUs` of every frame). */
  nowUs(): number;
  /** Monotonic ms (performance.now domain): timers, rate budgets, health periods. */
  nowMs(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(h: TimerHandle): void;
  /** Uniform in [0, 1): backoff jitter. */
  random(): number;
  readonly WebSocket: WsCtor;
  readonly fetch: FetchLike;
}

/** The real thing, from the worker's globals. */
export function defaultLiveIo(): LiveIo {
  const perf = globalThis.performance;
  return {
    // performance.timeOrigin + now() stays monotonic within the worker, unlike Date.now().
    nowUs: () => Math.round((perf.timeOrigin + perf.now()) * 1000),
    nowMs: () => perf.now(),
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
    random: () => Math.random(),
    WebSocket: globalThis.WebSocket as unknown as WsCtor,
    fetch: (url) => globalThis.fetch(url),
  };
}

const decoder = new TextDecoder();

/** A message event's data as text: venues send JSON text frames, but a binary frame
 * (`binaryType = 'arraybuffer'`, venues.md §1.2) is decoded as UTF-8 rather than dropped. */
export function frameText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return decoder.decode(data);
  if (ArrayBuffer.isView(data)) return decoder.decode(data);
  return String(data);
}
