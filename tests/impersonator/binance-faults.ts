/**
 * How both Binance impersonators (spot server.ts, USDⓈ-M binance-usdm/server.ts) carry out the
 * faults of faults.ts: one market clock (timeline.ts), the combined-stream wire form of
 * venues.md §2.1 / §3.1, and snapshot faults that wait for the next snapshot request.
 */
import type { WebSocket } from 'ws';
import type { Fault, SnapshotFault } from './faults';
import type { Timeline } from './timeline';

export type CloseTarget = NonNullable<Extract<Fault, { fault: 'close' }>['target']>;

export interface BinanceMarket {
  readonly timeline: Timeline;
  readonly symbol: string;
  readonly counts: { garbage: number; oversized: number; shutdowns: number };
  readonly snapshotFaults: PendingSnapshotFaults;
  /** A frame to every market-data socket. */
  broadcast(text: string): void;
  closeSockets(target: CloseTarget, code: number, reason: string, abrupt: boolean): void;
  /** Close, after `ms`, the market-data sockets open now (not those opened meanwhile: a client
   * that heeds a shutdown notice reconnects to another server, venues.md §2.1). */
  closeOpenSocketsLater(ms: number, code: number, reason: string): void;
  log(line: string): void;
}

/** Close `socks` after `ms` unless closed already (counting each in `counts.closes`). */
export function closeLater(socks: readonly WebSocket[], ms: number, code: number, reason: string, counts: { closes: number }): void {
  setTimeout(() => {
    for (const ws of socks) {
      if (ws.readyState !== ws.OPEN) continue;
      counts.closes++;
      ws.close(code, reason);
    }
  }, ms).unref();
}

export function applyFaults(input: Fault | Fault[], m: BinanceMarket): void {
  const { timeline, counts } = m;
  for (const f of Array.isArray(input) ? input : [input]) {
    m.log(`fault ${JSON.stringify(f)}`);
    switch (f.fault) {
      case 'dropDepth': timeline.dropDepth(f.count ?? 1); break;
      case 'duplicateDepth': timeline.duplicateDepth(f.count ?? 1, f.late ?? false); break;
      case 'swapDepth': timeline.swapDepth(); break;
      case 'garbage':
        counts.garbage++;
        m.broadcast(f.text ?? '\u0000<html>502 Bad Gateway</html> not json {');
        break;
      case 'oversized': {
        counts.oversized++;
        const pad = 'x'.repeat(Math.max(0, (f.bytes ?? 4 * 1024 * 1024) - 80));
        m.broadcast(`{"stream":"${m.symbol.toLowerCase()}@depth@100ms","data":{"e":"depthUpdate","pad":"${pad}"}}`);
        break;
      }
      case 'stall': timeline.stall(f.ms); break;
      case 'close': m.closeSockets(f.target ?? 'stream', f.code ?? 1001, f.reason ?? 'impersonator close', f.abrupt ?? false); break;
      case 'snapshot429': case 'snapshot418': case 'snapshotStale': m.snapshotFaults.add(f); break;
      case 'serverShutdown': {
        // venues.md §2.1 (spot); ⚠ unverified for USD-M, sent in the same combined form.
        counts.shutdowns++;
        m.broadcast(`{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":${Math.round(timeline.virtUs() / 1000)}}}`);
        if (f.closeAfterMs !== undefined) m.closeOpenSocketsLater(f.closeAfterMs, 1001, 'server shutdown');
        break;
      }
      case 'speed': timeline.setSpeed(f.speed); break;
      case 'pause': timeline.pause(); break;
      case 'resume': timeline.resume(); break;
    }
  }
}

/** Snapshot faults waiting for the next snapshot request (WS-API or REST), oldest first. */
export class PendingSnapshotFaults {
  private readonly queue: (SnapshotFault & { atDepth: number })[] = [];
  constructor(private readonly timeline: Timeline) {}

  add(f: SnapshotFault): void {
    this.queue.push({ ...f, atDepth: this.timeline.depthPlayed });
  }

  names(): string[] {
    return this.queue.map((f) => f.fault);
  }

  /** The next request's fate: a rate-limit status, or how many depth events behind the market its
   * book is (0 = as of now). */
  next(): { status: 429 | 418; retryAfterSec: number } | { status: 200; lag: number } {
    const f = this.queue.shift();
    if (f?.fault === 'snapshot429' || f?.fault === 'snapshot418') {
      return { status: f.fault === 'snapshot429' ? 429 : 418, retryAfterSec: f.retryAfterSec ?? 2 };
    }
    // Counted back from when the fault was given: a request that comes late (rate budget,
    // back-off) still gets a book older than the events the client buffered after the fault.
    const lag = f?.fault === 'snapshotStale' ? this.timeline.depthPlayed - f.atDepth + (f.lagEvents ?? 30) : 0;
    return { status: 200, lag };
  }
}
