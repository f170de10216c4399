/**
 * The loopback host shared by the OKX and Kraken benches: an HTTP + WebSocket server on
 * 127.0.0.1 whose one market clock (../timeline.ts, paced by the capture's `t_us`) plays a
 * venue's frames to the sockets subscribed to them, and which misbehaves on command
 * (bench-faults.ts). The venue module speaks the protocol (subscribe, ping, snapshots); this
 * file only owns the clock and the faults (the server is venue-host.ts). Routes: `ws <venue.path>`,
 * `POST /control`, `GET /status`, and whatever `venue.http` answers.
 */
import type { ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import type { CaptureFrame } from '../capture';
import { Timeline } from '../timeline';
import { parseBenchFaults, type BenchFault } from './bench-faults';
import { hostVenue } from './venue-host';

/** A timeline frame. `key` names the subscription that receives it (`books:BTC-USDT`, `book:BTC/USD`);
 * `depth` is set on the book frames the stream faults may hit. */
export interface BenchFrame extends CaptureFrame {
  key: string;
  /** Position of the frame in the venue's frame list. */
  index: number;
}

export interface BenchConn {
  readonly id: number;
  readonly ws: WebSocket;
  /** Subscription key → a venue detail (Kraken: the depth; OKX: 0). */
  readonly subs: Map<string, number>;
  mutedUntilMs: number;
}

export interface BenchCtx {
  readonly conns: ReadonlySet<BenchConn>;
  /** Send unless the socket is muted by a stall. */
  send(c: BenchConn, text: string): void;
  /** Frames the market has gone through (sent, dropped or held): the reference book's position. */
  position(): number;
  /** Exchange-clock time of the market now, µs (the capture's clock). */
  virtUs(): number;
  count(name: string): void;
  log(line: string): void;
}

export interface BenchVenue {
  readonly name: string;
  readonly path: string;
  readonly frames: readonly BenchFrame[];
  onOpen(c: BenchConn, ctx: BenchCtx): void;
  onText(c: BenchConn, text: string, ctx: BenchCtx): void;
  /** The text of a timeline frame for this socket (undefined: not for it); `flip` = wrong checksum. */
  render(c: BenchConn, f: BenchFrame, flip: boolean): string | undefined;
  oversized(bytes: number): string;
  /**
   * Book frames a `drop` / `reorder` may hit (default: every one). A checksum-only venue
   * (Kraken) cannot see a lost or swapped update whose effect later updates undo, and its book is
   * right again then: the bench aims those faults at frames whose loss the checksum does see.
   */
  faultable?(f: BenchFrame, fault: 'drop' | 'reorder', ctx: BenchCtx): boolean;
  /** A fresh snapshot of subscription `key` as of the market now, for `c`. */
  snapshot(c: BenchConn, key: string, ctx: BenchCtx): string | undefined;
  notice?(ctx: BenchCtx): string;
  heartbeat?: { everyMs: number; text: string };
  /** Extra HTTP routes (REST snapshots); true when answered. */
  http?(url: URL, res: ServerResponse, ctx: BenchCtx): boolean;
}

export interface BenchOptions {
  host?: string;
  port?: number;
  speed?: number;
  /** `connect` (default): the market starts with the first socket; `now`; `manual`. */
  autoStart?: 'connect' | 'now' | 'manual';
  log?: (line: string) => void;
}

export interface Bench {
  readonly port: number;
  readonly httpUrl: string;
  readonly wsUrl: string;
  start(): void;
  fault(f: BenchFault | BenchFault[]): void;
  status(): BenchStatus;
  close(): Promise<void>;
}

export interface BenchStatus {
  venue: string;
  running: boolean;
  paused: boolean;
  ended: boolean;
  speed: number;
  position: number;
  framesTotal: number;
  virtUs: number;
  sent: Timeline['sent'];
  dropped: number;
  duplicated: number;
  swapped: number;
  pending: ReturnType<Timeline['pending']> & { flip: number };
  connections: { open: number; total: number };
  counts: Record<string, number>;
}

export async function startBench(venue: BenchVenue, opts: BenchOptions = {}): Promise<Bench> {
  const log = opts.log ?? (() => {});
  const conns = new Set<BenchConn>();
  const counts: Record<string, number> = {};
  const count = (name: string): void => {
    counts[name] = (counts[name] ?? 0) + 1;
  };
  let nextId = 1;
  let flipNext = 0;

  const send = (c: BenchConn, text: string): void => {
    if (c.mutedUntilMs > performance.now() || c.ws.readyState !== c.ws.OPEN) return;
    c.ws.send(text);
  };
  const deliver = (f: CaptureFrame): void => {
    const bf = f as BenchFrame;
    let flip = false;
    if (bf.depth !== undefined && flipNext > 0) {
      flipNext--;
      flip = true;
      count('flipped');
    }
    for (const c of conns) {
      if (!c.subs.has(bf.key)) continue;
      const text = venue.render(c, bf, flip);
      if (text !== undefined) send(c, text);
    }
  };
  const timeline = new Timeline(venue.frames, opts.speed ?? 1, deliver, () => log('capture ended'));
  const ctx: BenchCtx = {
    conns,
    send,
    position: () => timeline.next,
    virtUs: () => timeline.virtUs(),
    count,
    log,
  };
  const broadcast = (text: string): void => {
    for (const c of conns) send(c, text);
  };

  const fault = (input: BenchFault | BenchFault[]): void => {
    for (const f of Array.isArray(input) ? input : [input]) {
      log(`fault ${JSON.stringify(f).slice(0, 200)}`);
      count(`fault:${f.fault}`);
      switch (f.fault) {
        case 'drop': timeline.dropDepth(f.count ?? 1, venue.faultable && ((x) => venue.faultable!(x as BenchFrame, 'drop', ctx))); break;
        case 'duplicate': timeline.duplicateDepth(f.count ?? 1); break;
        case 'reorder': timeline.swapDepth(venue.faultable && ((x) => venue.faultable!(x as BenchFrame, 'reorder', ctx))); break;
        case 'garbage': broadcast(f.text ?? '\u0000<html>502 Bad Gateway</html> not json {'); break;
        case 'oversized': broadcast(venue.oversized(f.bytes ?? 4 * 1024 * 1024)); break;
        case 'stall': {
          const until = performance.now() + f.ms;
          for (const c of conns) c.mutedUntilMs = until;
          timeline.stall(f.ms);
          break;
        }
        case 'close':
          for (const c of conns) {
            if (f.abrupt) c.ws.terminate();
            else c.ws.close(f.code ?? 1001, f.reason ?? 'bench close');
          }
          break;
        case 'flipChecksum': flipNext += f.count ?? 1; break;
        case 'notice': if (venue.notice) broadcast(venue.notice(ctx)); break;
        case 'restartSnapshot':
          for (const c of conns) {
            for (const key of c.subs.keys()) {
              const text = venue.snapshot(c, key, ctx);
              if (text !== undefined) send(c, text);
            }
          }
          break;
        case 'speed': timeline.setSpeed(f.speed); break;
        case 'pause': timeline.pause(); break;
        case 'resume': timeline.resume(); break;
      }
    }
  };

  const status = (): BenchStatus => ({
    venue: venue.name,
    running: timeline.running,
    paused: timeline.isPaused(),
    ended: timeline.ended,
    speed: timeline.speed,
    position: timeline.next,
    framesTotal: venue.frames.length,
    virtUs: timeline.virtUs(),
    sent: { ...timeline.sent },
    dropped: timeline.dropped,
    duplicated: timeline.duplicated,
    swapped: timeline.swapped,
    pending: { ...timeline.pending(), flip: flipNext },
    connections: { open: conns.size, total: nextId - 1 },
    counts: { ...counts },
  });

  const host = await hostVenue<BenchFault>(
    {
      accepts: (url) => url.pathname === venue.path || 404,
      onSocket: (ws) => {
        const c: BenchConn = { id: nextId++, ws, subs: new Map(), mutedUntilMs: 0 };
        conns.add(c);
        log(`open #${c.id}`);
        ws.on('close', () => conns.delete(c));
        ws.on('error', () => conns.delete(c));
        ws.on('message', (data, isBinary) => {
          if (isBinary || c.mutedUntilMs > performance.now()) return; // a stalled server answers nothing
          venue.onText(c, data.toString(), ctx);
        });
        venue.onOpen(c, ctx);
        if (opts.autoStart !== 'manual') timeline.start();
      },
      parseFaults: parseBenchFaults,
      fault,
      status,
      route: (url, res) => venue.http?.(url, res, ctx) ?? false,
    },
    opts,
  );

  const hb = venue.heartbeat;
  const heartbeat = hb ? setInterval(() => {
    for (const c of conns) if (c.subs.size > 0) send(c, hb.text);
  }, hb.everyMs) : undefined;

  const { port, httpUrl, wsBase } = host;
  if (opts.autoStart === 'now') timeline.start();
  log(`impersonating ${venue.name} on ${wsBase}${venue.path} (${venue.frames.length} frames, speed ${timeline.speed})`);

  return {
    port,
    httpUrl,
    wsUrl: `${wsBase}${venue.path}`,
    start: () => timeline.start(),
    fault,
    status,
    close: async () => {
      if (heartbeat) clearInterval(heartbeat);
      timeline.stop();
      await host.close();
    },
  };
}
