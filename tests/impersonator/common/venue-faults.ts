import type { Timeline } from '../timeline';
import { BINANCE_FAULT_ALIASES, parseFaultList, type WireFault } from './fault-list';
import type { WireGate } from './wire-gate';

/**
 * Faults of the snapshot-in-stream venue impersonators (Bybit, Coinbase): POST /control with one
 * of these (or an array), or `imp.fault(...)`. "Book frame" = a captured order-book message
 * (Bybit `orderbook.*`, Coinbase `l2_data`) as it goes out on a client connection; `target`
 * limits a fault to one kind of connection (Bybit: `linear` | `spot`), default every one.
 */
export type VenueFault = (
  | WireFault
  /** The next book frame arrives as text that is not JSON (its content is lost). */
  | { fault: 'garbage'; text?: string }
  /** The next book frame arrives as a huge (`bytes`) protocol-shaped frame without usable data. */
  | { fault: 'oversized'; bytes?: number }
  /** Bybit: a service restart — every book topic gets a snapshot with `u == 1`, later deltas count on from it. */
  | { fault: 'restart' }
) & { target?: string };

export type VenueFaultName = VenueFault['fault'];

export const VENUE_FAULT_NAMES: readonly VenueFaultName[] = [
  'drop', 'duplicate', 'reorder', 'garbage', 'oversized', 'stall', 'close', 'restart', 'speed', 'pause', 'resume',
];

/** Loose check of a control body (the Binance impersonator's names are accepted too). */
export function parseVenueFaults(body: unknown, known: readonly VenueFaultName[] = VENUE_FAULT_NAMES): VenueFault[] | string {
  return parseFaultList<VenueFault>(body, known, BINANCE_FAULT_ALIASES);
}

/**
 * A fault every snapshot-in-stream impersonator carries out alike, on the given connections'
 * gates (wire-gate.ts) and the market clock. False for a venue's own fault (Bybit `restart`).
 */
export function applyGateFault(
  f: VenueFault,
  gates: readonly WireGate[],
  timeline: Timeline,
  counts: { closes: number },
  /** The venue's huge frame in place of `text`; `bytes` when the fault gives none. */
  oversized: (text: string, bytes: number | undefined) => string,
): boolean {
  switch (f.fault) {
    case 'drop': for (const g of gates) g.dropNext(f.count ?? 1); return true;
    case 'duplicate': for (const g of gates) g.duplicateNext(f.count ?? 1); return true;
    case 'reorder': for (const g of gates) g.reorderNext(); return true;
    case 'garbage': for (const g of gates) g.replaceNext('garbage', () => f.text ?? '\u0000<html>502 Bad Gateway</html> not json {'); return true;
    case 'oversized': for (const g of gates) g.replaceNext('oversized', (t) => oversized(t, f.bytes)); return true;
    case 'stall':
      timeline.stall(f.ms);
      for (const g of gates) g.stall(f.ms);
      return true;
    case 'close':
      for (const g of gates) {
        counts.closes++;
        if (f.abrupt === true) g.ws.terminate();
        else g.ws.close(f.code ?? 1001, f.reason ?? 'impersonator close');
      }
      return true;
    case 'speed': timeline.setSpeed(f.speed); return true;
    case 'pause': timeline.pause(); return true;
    case 'resume': timeline.resume(); return true;
    default: return false;
  }
}
