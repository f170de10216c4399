/**
 * The one loose check of a `POST /control` body that every impersonator uses, each with its own
 * fault vocabulary: one fault object or a list; `stall` needs `ms`, `speed` needs `speed > 0`.
 */

/**
 * The faults the OKX / Kraken benches (bench-faults.ts) and the Bybit / Coinbase impersonators
 * (venue-faults.ts) carry out alike. "Book frame" = the venue's own order-book message.
 */
export type WireFault =
  /** Do not send the next `count` book frames (the market still moved: the reference has them). */
  | { fault: 'drop'; count?: number }
  /** Send the next `count` book frames twice, byte for byte. */
  | { fault: 'duplicate'; count?: number }
  /** Hold the next book frame back and send it after the following one. */
  | { fault: 'reorder' }
  /** Send nothing at all (no market data, pong, ack or heartbeat) for `ms`; the market clock stands still. */
  | { fault: 'stall'; ms: number }
  /** Close the sockets: a close frame (`code`, default 1001) or, `abrupt`, a TCP reset. */
  | { fault: 'close'; code?: number; reason?: string; abrupt?: boolean }
  | { fault: 'speed'; speed: number }
  | { fault: 'pause' }
  | { fault: 'resume' };

/** The Binance impersonator's names (../faults.ts) mean the same on the other venues. */
export const BINANCE_FAULT_ALIASES: Readonly<Record<string, 'drop' | 'duplicate' | 'reorder'>> = {
  dropDepth: 'drop',
  duplicateDepth: 'duplicate',
  swapDepth: 'reorder',
};

/** The faults, or a message for a 400 when `body` is not a fault list. */
export function parseFaultList<F extends { fault: string }>(
  body: unknown,
  known: readonly F['fault'][],
  aliases: Readonly<Record<string, F['fault']>> = {},
): F[] | string {
  const list = Array.isArray(body) ? body : [body];
  const out: F[] = [];
  for (const f of list) {
    if (typeof f !== 'object' || f === null) return 'a fault is an object';
    const o = f as Record<string, unknown>;
    const raw = o.fault;
    const name = typeof raw === 'string' ? (aliases[raw] ?? raw) : raw;
    if (typeof name !== 'string' || !known.includes(name)) return `unknown fault ${JSON.stringify(raw)}; known: ${known.join(', ')}`;
    if (name === 'stall' && typeof o.ms !== 'number') return 'stall needs ms';
    if (name === 'speed' && !((o.speed as number) > 0)) return 'speed needs speed > 0';
    out.push({ ...o, fault: name } as F);
  }
  return out;
}
