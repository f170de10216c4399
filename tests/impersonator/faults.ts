import { parseFaultList } from './common/fault-list';

/** Misbehaviour on command: POST /control with one of these (or an array), or `imp.fault(...)`. */
export type Fault =
  /** Do not send the next `count` depth frames (the market still moved: the reference book has them). */
  | { fault: 'dropDepth'; count?: number }
  /** Send the next `count` depth frames twice: at once, or (`late`) again after the following one. */
  | { fault: 'duplicateDepth'; count?: number; late?: boolean }
  /** Hold the next depth frame back and send it after the following one. */
  | { fault: 'swapDepth' }
  /** A text frame that is not JSON, on every stream socket. */
  | { fault: 'garbage'; text?: string }
  /** A protocol-shaped but huge frame (`bytes`, default 4 MiB) on every stream socket. */
  | { fault: 'oversized'; bytes?: number }
  /** Send nothing for `ms`; then carry on (the capture's clock stands still meanwhile). */
  | { fault: 'stall'; ms: number }
  /** Close sockets: a close frame (`code`, default 1001) or, `abrupt`, a TCP reset without one.
   * `stream` = every market-data socket; `public` / `market` = one USD-M route (binance-usdm/). */
  | { fault: 'close'; target?: 'stream' | 'wsapi' | 'all' | 'public' | 'market'; code?: number; reason?: string; abrupt?: boolean }
  /** Answer the next snapshot request (WS-API or REST) with 429 / 418 and a retry-after. */
  | { fault: 'snapshot429'; retryAfterSec?: number }
  | { fault: 'snapshot418'; retryAfterSec?: number }
  /** Answer the next snapshot request with the book as it was `lagEvents` depth events (default 30)
   * before this fault was given (however late the request comes). */
  | { fault: 'snapshotStale'; lagEvents?: number }
  /** Binance's `serverShutdown` notice (venues.md §2.1); optionally close the stream sockets after it. */
  | { fault: 'serverShutdown'; closeAfterMs?: number }
  | { fault: 'speed'; speed: number }
  | { fault: 'pause' }
  | { fault: 'resume' };

export type FaultName = Fault['fault'];

export const FAULT_NAMES: readonly FaultName[] = [
  'dropDepth', 'duplicateDepth', 'swapDepth', 'garbage', 'oversized', 'stall', 'close',
  'snapshot429', 'snapshot418', 'snapshotStale', 'serverShutdown', 'speed', 'pause', 'resume',
];

export type SnapshotFault = Extract<Fault, { fault: 'snapshot429' | 'snapshot418' | 'snapshotStale' }>;

/** Loose check of a control body; returns a message for a 400 when it is not a fault list. */
export const parseFaults = (body: unknown): Fault[] | string => parseFaultList<Fault>(body, FAULT_NAMES);
