import { BINANCE_FAULT_ALIASES, parseFaultList, type WireFault } from './fault-list';

/**
 * Misbehaviour on command for the OKX / Kraken benches (POST /control with one or an array, or
 * `bench.fault(...)`). "Book frames" below are the capture's book updates that change the part
 * of the book the venue's checksum covers (so a lost or reordered one is detectable at all).
 */
export type BenchFault =
  | WireFault
  /** A text frame that is not JSON, on every socket. */
  | { fault: 'garbage'; text?: string }
  /** A protocol-shaped but malformed, huge frame (`bytes`, default 4 MiB) on every socket. */
  | { fault: 'oversized'; bytes?: number }
  /** The next `count` book frames carry a wrong checksum (their levels are right). */
  | { fault: 'flipChecksum'; count?: number }
  /** The venue's shutdown / maintenance notice on every socket (where it has one). */
  | { fault: 'notice' }
  /** An unsolicited fresh snapshot (as after a venue restart) on every book subscription. */
  | { fault: 'restartSnapshot' };

export type BenchFaultName = BenchFault['fault'];

export const BENCH_FAULTS: readonly BenchFaultName[] = [
  'drop', 'duplicate', 'reorder', 'garbage', 'oversized', 'stall', 'close', 'flipChecksum',
  'notice', 'restartSnapshot', 'speed', 'pause', 'resume',
];

/** Loose check of a control body (the Binance bench's names are accepted too). */
export const parseBenchFaults = (body: unknown): BenchFault[] | string => parseFaultList<BenchFault>(body, BENCH_FAULTS, BINANCE_FAULT_ALIASES);
