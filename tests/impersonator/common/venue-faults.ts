/**
 * Faults of the snapshot-in-stream venue impersonators (Bybit, Coinbase): POST /control with one
 * of these (or an array), or `imp.fault(...)`. "Book frame" = a captured order-book message
 * (Bybit `orderbook.*`, Coinbase `l2_data`) as it goes out on a client connection; `target`
 * limits a fault to one kind of connection (Bybit: `linear` | `spot`), default every one.
 */
export type VenueFault = (
  /** Do not send the next `count` book frames (the market still moved: the reference has them). */
  | { fault: 'drop'; count?: number }
  /** Send the next `count` book frames twice, byte for byte. */
  | { fault: 'duplicate'; count?: number }
  /** Hold the next book frame back and send it after the following one. */
  | { fault: 'reorder' }
  /** The next book frame arrives as text that is not JSON (its content is lost). */
  | { fault: 'garbage'; text?: string }
  /** The next book frame arrives as a huge (`bytes`) protocol-shaped frame without usable data. */
  | { fault: 'oversized'; bytes?: number }
  /** Send nothing at all (no market data, no pong, no ack) for `ms`; the market clock stands still. */
  | { fault: 'stall'; ms: number }
  /** Close the connections: a close frame (`code`, default 1001) or, `abrupt`, a TCP reset. */
  | { fault: 'close'; code?: number; reason?: string; abrupt?: boolean }
  /** Bybit: a service restart — every book topic gets a snapshot with `u == 1`, later deltas count on from it. */
  | { fault: 'restart' }
  | { fault: 'speed'; speed: number }
  | { fault: 'pause' }
  | { fault: 'resume' }
) & { target?: string };

export type VenueFaultName = VenueFault['fault'];

export const VENUE_FAULT_NAMES: readonly VenueFaultName[] = [
  'drop', 'duplicate', 'reorder', 'garbage', 'oversized', 'stall', 'close', 'restart', 'speed', 'pause', 'resume',
];

/** The Binance impersonator's names (faults.ts) mean the same here. */
const ALIASES: Record<string, VenueFaultName> = { dropDepth: 'drop', duplicateDepth: 'duplicate', swapDepth: 'reorder' };

/** Loose check of a control body; a message for a 400 when it is not a fault list. */
export function parseVenueFaults(body: unknown, known: readonly VenueFaultName[] = VENUE_FAULT_NAMES): VenueFault[] | string {
  const list = (Array.isArray(body) ? body : [body]) as Record<string, unknown>[];
  const out: VenueFault[] = [];
  for (const f of list) {
    const raw = f?.fault;
    const name = typeof raw === 'string' ? (ALIASES[raw] ?? raw) : raw;
    if (typeof name !== 'string' || !known.includes(name as VenueFaultName)) {
      return `unknown fault ${JSON.stringify(raw)}; known: ${known.join(', ')}`;
    }
    if (name === 'stall' && typeof f.ms !== 'number') return 'stall needs ms';
    if (name === 'speed' && !((f.speed as number) > 0)) return 'speed needs speed > 0';
    out.push({ ...f, fault: name } as VenueFault);
  }
  return out;
}
