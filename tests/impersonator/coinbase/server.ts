/**
 * Loopback Coinbase Advanced Trade impersonator (DESIGN.md "Tests"; venues.md §5.2) on the root
 * path, like `wss://advanced-trade-ws.coinbase.com`: one `{"type":"subscribe"|"unsubscribe",
 * "product_ids":[…],"channel":…}` per channel; a `level2` subscribe gets an `l2_data` snapshot
 * event per product (the reference book now) and every subscribe a `subscriptions` ack. The
 * capture's messages go out byte for byte, paced by `t_us` (../timeline.ts), except
 * `sequence_num`, which counts per connection as the real server does. Misbehaves on command
 * (../common/venue-faults.ts). `POST /control`, `GET /status`.
 */
import type { WebSocket } from 'ws';
import type { Level } from '../capture';
import { applyGateFault, parseVenueFaults, type VenueFault, type VenueFaultName } from '../common/venue-faults';
import { hostVenue } from '../common/venue-host';
import { WireGate } from '../common/wire-gate';
import { Timeline } from '../timeline';
import { loadCoinbaseCapture, SUBSCRIBE_NAME, type CoinbaseFrame } from './capture';
import { CoinbaseMarket } from './market';

export interface CoinbaseImpersonatorOptions {
  host?: string;
  port?: number;
  capture?: string;
  speed?: number;
  log?: (line: string) => void;
}

interface Conn {
  gate: WireGate;
  /** The next `sequence_num` on this socket (starts at 0, capture line 7). */
  seq: number;
  /** Subscribe channel name → products (`heartbeats` → {"heartbeats"}). */
  subs: Map<string, Set<string>>;
}

const KNOWN: readonly VenueFaultName[] = ['drop', 'duplicate', 'reorder', 'garbage', 'oversized', 'stall', 'close', 'speed', 'pause', 'resume'];
const SEQ = /"sequence_num":\d+/;

export type CoinbaseImpersonator = Awaited<ReturnType<typeof startCoinbaseImpersonator>>;

export async function startCoinbaseImpersonator(opts: CoinbaseImpersonatorOptions = {}) {
  const log = opts.log ?? (() => {});
  const frames = loadCoinbaseCapture(opts.capture);
  const market = new CoinbaseMarket();
  const conns = new Set<Conn>();
  const counts = { connections: 0, subscribes: 0, unsubscribes: 0, snapshots: 0, closes: 0 };

  const wants = (c: Conn, f: CoinbaseFrame): boolean => {
    const set = c.subs.get(SUBSCRIBE_NAME[f.channel]!);
    return set !== undefined && (f.product === undefined ? set.size > 0 : set.has(f.product));
  };
  const deliver = (cf: unknown): void => {
    const f = cf as CoinbaseFrame;
    market.apply(f);
    for (const c of conns) {
      if (!wants(c, f) || c.gate.isStalled()) continue;
      const text = f.text.replace(SEQ, `"sequence_num":${c.seq++}`);
      if (f.channel === 'l2_data') c.gate.book(text);
      else c.gate.other(text);
    }
  };
  const timeline = new Timeline(frames, opts.speed ?? 1, deliver, () => log('coinbase capture ended'));

  /** A server-made message, numbered in send order (a stalled server makes none). */
  const control = (c: Conn, make: (seq: number) => string | undefined): void => {
    if (c.gate.isStalled()) return;
    const text = make(c.seq);
    if (text === undefined) return;
    c.seq++;
    c.gate.control(text);
  };

  const onMessage = (c: Conn, text: string): void => {
    let m: { type?: unknown; product_ids?: unknown; channel?: unknown };
    try {
      m = JSON.parse(text) as typeof m;
    } catch {
      return;
    }
    if ((m.type !== 'subscribe' && m.type !== 'unsubscribe') || typeof m.channel !== 'string') return;
    const channel = m.channel;
    const products = Array.isArray(m.product_ids) ? m.product_ids.filter((p): p is string => typeof p === 'string') : [];
    const set = c.subs.get(channel) ?? new Set<string>();
    c.subs.set(channel, set);
    if (m.type === 'unsubscribe') {
      counts.unsubscribes++;
      for (const p of products) set.delete(p);
      if (channel === 'heartbeats') set.clear();
    } else {
      counts.subscribes++;
      if (channel === 'heartbeats') set.add('heartbeats');
      for (const p of products) set.add(p);
      if (channel === 'level2') {
        for (const p of products) {
          if (!market.has(p)) continue; // the capture's own snapshot event is still to come
          counts.snapshots++;
          control(c, (seq) => market.snapshotText(p, seq));
        }
      }
    }
    control(c, (seq) => market.subscriptionsText(c.subs, seq));
  };

  const fault = (list: VenueFault[]): void => {
    for (const f of list) {
      log(`coinbase fault ${JSON.stringify(f)}`);
      const gates = [...conns].map((c) => c.gate);
      applyGateFault(f, gates, timeline, counts, (t, bytes) => oversizedText(t, bytes ?? 12 * 1024 * 1024));
    }
  };

  const status = () => ({
    ...timeline.clockStatus(),
    counts: { ...counts, open: conns.size },
    conns: [...conns].map((c) => ({ seq: c.seq, subs: Object.fromEntries([...c.subs].map(([k, v]) => [k, [...v]])), ...c.gate.counts, pending: c.gate.pending() })),
  });

  const host = await hostVenue(
    {
      accepts: (u) => u.pathname === '/' || 404,
      onSocket: (ws: WebSocket) => {
        const c: Conn = { gate: new WireGate(ws), seq: 0, subs: new Map() };
        conns.add(c);
        counts.connections++;
        ws.on('message', (d, isBinary) => {
          if (!isBinary) onMessage(c, d.toString());
        });
        ws.on('close', () => conns.delete(c));
        timeline.start();
      },
      fault,
      status,
      parseFaults: (body) => parseVenueFaults(body, KNOWN),
    },
    opts,
  );
  log(`impersonating Coinbase Advanced Trade on ${host.wsBase} (${frames.length} frames, speed ${timeline.speed})`);

  return {
    ...host,
    /** `ep.coinbase.public` (TEAM-NOTES). */
    endpoints: { coinbase: host.wsBase },
    fault: (f: VenueFault | VenueFault[]) => fault(Array.isArray(f) ? f : [f]),
    status,
    book: (product: string, limit?: number): { bids: Level[]; asks: Level[] } | undefined => market.book(product, limit),
    close: async () => {
      timeline.stop();
      await host.close();
    },
  };
}

/** An `l2_data` message of `bytes` characters, same envelope and `sequence_num`, whose update
 * list is unusable (a string): its changes are lost. */
function oversizedText(original: string, bytes: number): string {
  const m = JSON.parse(original) as { timestamp: string; sequence_num: number; events: { product_id: string }[] };
  const head = `{"channel":"l2_data","timestamp":"${m.timestamp}","sequence_num":${m.sequence_num},"events":[{"type":"update","product_id":"${m.events[0]?.product_id ?? ''}","updates":"`;
  return `${head}${'x'.repeat(Math.max(0, bytes - head.length - 4))}"}]}`;
}
