import { defaultLiveIo, type LiveIo } from '../../sources/live/io';
import type { LiveSourceOptions } from '../../sources/live/live-source';
import type { ReplayIo } from '../../sources/replay/replay-io';
import { IdbSessionStore } from '../storage/idb-session-store';
import type { SessionStore } from '../storage/session-store';

/** Everything the engine touches outside itself, injectable for tests (fake-indexeddb, loopback
 * sockets, short timers). */
export interface EngineDeps {
  readonly openStore: () => Promise<SessionStore>;
  readonly liveIo: () => LiveIo;
  /** A fresh one per replay (undefined = the real one). */
  readonly replayIo?: () => ReplayIo;
  /** Download of the built-in demo capture. */
  readonly fetch: (url: string) => Promise<{ readonly ok: boolean; readonly status: number; blob(): Promise<Blob> }>;
  /** performance.now() domain: parse durations, recorder batching. */
  readonly nowPerfMs: () => number;
  /** Epoch µs: the time stamp of the engine's own events (info, problems). */
  readonly nowUs: () => number;
  /** Publication period of stats/books/recorder batches (~10 Hz). */
  readonly tickMs: number;
  readonly liveOptions?: LiveSourceOptions;
  readonly seriesCapacity?: number;
  /** Series rows per stream in `pullLayout` copies (fallback path, copied every frame). */
  readonly pullSeriesRows: number;
}

export function defaultEngineDeps(): EngineDeps {
  return {
    openStore: () => IdbSessionStore.open(),
    liveIo: defaultLiveIo,
    fetch: (url) => {
      // A worker resolves relative URLs against its own script URL; the UI passes page-relative ones.
      const base = (globalThis as { location?: { href: string } }).location?.href;
      return globalThis.fetch(base === undefined ? url : new URL(url, base).href);
    },
    nowPerfMs: () => globalThis.performance.now(),
    nowUs: () => Math.round((globalThis.performance.timeOrigin + globalThis.performance.now()) * 1000),
    tickMs: 100,
    pullSeriesRows: 4096,
  };
}
