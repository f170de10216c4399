/**
 * Misbehaviour on command for the OKX / Kraken benches (POST /control with one or an array, or
 * `bench.fault(...)`). "Book frames" below are the capture's book updates that change the part
 * of the book the venue's checksum covers (so a lost or reordered one is detectable at all).
 */
export type BenchFault =
  /** Do not send the next `count` book frames (the market still moved: the reference has them). */
  | { fault: 'drop'; count?: number }
  /** Send the next `count` book frames twice. */
  | { fault: 'duplicate'; count?: number }
  /** Hold the next book frame back and send it after the following one. */
  | { fault: 'reorder' }
  /** A text frame that is not JSON, on every socket. */
  | { fault: 'garbage'; text?: string }
  /** A protocol-shaped but malformed, huge frame (`bytes`, default 4 MiB) on every socket. */
  | { fault: 'oversized'; bytes?: number }
  /** Open sockets get nothing at all (no data, pong or heartbeat) for `ms`; the market stands still meanwhile. */
  | { fault: 'stall'; ms: number }
  /** Close every socket: a close frame (`code`, default 1001) or, `abrupt`, a TCP reset. */
  | { fault: 'close'; code?: number; reason?: string; abrupt?: boolean }
  /** The next `count` book frames carry a wrong checksum (their levels are right). */
  | { fault: 'flipChecksum'; count?: number }
  /** The venue's shutdown / maintenance notice on every socket (where it has one). */
  | { fault: 'notice' }
  /** An unsolicited fresh snapshot (as after a venue restart) on every book subscription. */
  | { fault: 'restartSnapshot' }
  | { fault: 'speed'; speed: number }
  | { fault: 'pause' }
  | { fault: 'resume' };

export type BenchFaultName = BenchFault['fault'];

export const BENCH_FAULTS: readonly BenchFaultName[] = [
  'drop', 'duplicate', 'reorder', 'garbage', 'oversized', 'stall', 'close', 'flipChecksum',
  'notice', 'restartSnapshot', 'speed', 'pause', 'resume',
];

/** The Binance bench's names (tests/impersonator/faults.ts) are accepted too. */
const ALIASES: Record<string, BenchFaultName> = { dropDepth: 'drop', duplicateDepth: 'duplicate', swapDepth: 'reorder' };

/** Loose check of a control body; a message for a 400 when it is not a fault list. */
export function parseBenchFaults(body: unknown): BenchFault[] | string {
  const list = Array.isArray(body) ? body : [body];
  const out: BenchFault[] = [];
  for (const f of list) {
    if (typeof f !== 'object' || f === null) return 'a fault is an object';
    const raw = (f as { fault?: unknown }).fault;
    const name = typeof raw === 'string' ? (ALIASES[raw] ?? raw) : raw;
    if (typeof name !== 'string' || !BENCH_FAULTS.includes(name as BenchFaultName)) {
      return `unknown fault ${JSON.stringify(raw)}; known: ${BENCH_FAULTS.join(', ')}`;
    }
    if (name === 'stall' && typeof (f as { ms?: unknown }).ms !== 'number') return 'stall needs ms';
    if (name === 'speed' && !(((f as { speed?: unknown }).speed as number) > 0)) return 'speed needs speed > 0';
    out.push({ ...(f as object), fault: name } as BenchFault);
  }
  return out;
}
