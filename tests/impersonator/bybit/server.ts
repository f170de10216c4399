/**
 * Loopback Bybit v5 public impersonator (DESIGN.md "Tests"; venues.md §7): `ws /v5/public/linear`
 * and `ws /v5/public/spot` speak Bybit's protocol — `{"op":"subscribe"|"unsubscribe","args":[…]}`
 * → ack then, per orderbook/tickers topic, a snapshot as of now; `{"op":"ping"}` → pong — and
 * replay the 2026 capture's pushes byte for byte, paced by `t_us` (one market clock for both
 * categories, ../timeline.ts). Misbehaves on command (../common/venue-faults.ts), including a
 * service restart (snapshot with `u == 1`). `POST /control`, `GET /status` as the Binance one.
 */
import type { WebSocket } from 'ws';
import type { Level } from '../capture';
import { hostVenue } from '../common/venue-host';
import { applyGateFault, parseVenueFaults, type VenueFault, type VenueFaultName } from '../common/venue-faults';
import { WireGate } from '../common/wire-gate';
import { Timeline } from '../timeline';
import { BYBIT_CATEGORIES, loadBybitCapture, type BybitCategory, type BybitFrame } from './capture';
import { BybitMarket } from './market';
import { ackText, oversizedText, pongText } from './protocol';

export interface BybitImpersonatorOptions {
  host?: string;
  port?: number;
  capture?: string;
  speed?: number;
  log?: (line: string) => void;
}

interface Conn {
  id: string;
  category: BybitCategory;
  gate: WireGate;
  topics: Set<string>;
}

const KNOWN: readonly VenueFaultName[] = ['drop', 'duplicate', 'reorder', 'garbage', 'oversized', 'stall', 'close', 'restart', 'speed', 'pause', 'resume'];

export type BybitImpersonator = Awaited<ReturnType<typeof startBybitImpersonator>>;

export async function startBybitImpersonator(opts: BybitImpersonatorOptions = {}) {
  const log = opts.log ?? (() => {});
  const frames = loadBybitCapture(opts.capture);
  const market = new BybitMarket();
  const conns = new Set<Conn>();
  const counts = { connections: 0, subscribes: 0, unsubscribes: 0, snapshots: 0, pongs: 0, closes: 0 };
  let connNo = 0;

  const deliver = (cf: unknown): void => {
    const f = cf as BybitFrame;
    market.apply(f);
    const text = market.wireText(f);
    for (const c of conns) {
      if (c.category !== f.category || !c.topics.has(f.topic)) continue;
      if (f.family === 'book') c.gate.book(text);
      else c.gate.other(text);
    }
  };
  const timeline = new Timeline(frames, opts.speed ?? 1, deliver, () => log('bybit capture ended'));

  const onMessage = (c: Conn, text: string): void => {
    let m: { op?: unknown; args?: unknown; req_id?: unknown };
    try {
      m = JSON.parse(text) as typeof m;
    } catch {
      return;
    }
    const reqId = typeof m.req_id === 'string' ? m.req_id : undefined;
    if (m.op === 'ping') {
      counts.pongs++;
      return c.gate.control(pongText(c.category, c.id, reqId));
    }
    if (m.op !== 'subscribe' && m.op !== 'unsubscribe') return;
    const args = Array.isArray(m.args) ? m.args.filter((a): a is string => typeof a === 'string') : [];
    c.gate.control(ackText(c.category, c.id, m.op, reqId));
    if (m.op === 'unsubscribe') {
      counts.unsubscribes++;
      for (const a of args) c.topics.delete(a);
      return;
    }
    counts.subscribes++;
    for (const a of args) {
      c.topics.add(a);
      const snap = a.startsWith('orderbook.') ? market.bookSnapshotText(c.category, a) : a.startsWith('tickers.') ? market.tickerSnapshotText(c.category, a) : undefined;
      if (snap === undefined) continue;
      if (a.startsWith('orderbook.')) counts.snapshots++;
      c.gate.control(snap);
    }
  };

  const targets = (f: VenueFault): Conn[] => [...conns].filter((c) => f.target === undefined || f.target === c.category);

  const fault = (list: VenueFault[]): void => {
    for (const f of list) {
      log(`bybit fault ${JSON.stringify(f)}`);
      const gates = targets(f).map((c) => c.gate);
      if (applyGateFault(f, gates, timeline, counts, (t, bytes) => oversizedText(t, bytes ?? 4 * 1024 * 1024))) continue;
      if (f.fault !== 'restart') continue;
      const cat = BYBIT_CATEGORIES.find((x) => x === f.target);
      for (const { category, topic } of market.restart(cat)) {
        const snap = market.bookSnapshotText(category, topic)!;
        for (const c of conns) if (c.category === category && c.topics.has(topic)) c.gate.control(snap);
      }
    }
  };

  const status = () => ({
    ...timeline.clockStatus(),
    restarts: market.restarts,
    counts: { ...counts, open: conns.size },
    conns: [...conns].map((c) => ({ id: c.id, category: c.category, topics: [...c.topics], ...c.gate.counts, pending: c.gate.pending() })),
  });

  const host = await hostVenue(
    {
      accepts: (u) => BYBIT_CATEGORIES.some((c) => u.pathname === `/v5/public/${c}`) || 404,
      onSocket: (ws: WebSocket, u: URL) => {
        const p = u.pathname;
        const c: Conn = { id: `imp${++connNo}-${p.slice(11)}`, category: p.slice(11) as BybitCategory, gate: new WireGate(ws), topics: new Set() };
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
  log(`impersonating Bybit v5 on ${host.wsBase} (${frames.length} frames, speed ${timeline.speed})`);

  return {
    ...host,
    /** `ep.<venue>.public` overrides (TEAM-NOTES: bybit-spot, bybit-linear `public`). */
    endpoints: { 'bybit-linear': `${host.wsBase}/v5/public/linear`, 'bybit-spot': `${host.wsBase}/v5/public/spot` },
    fault: (f: VenueFault | VenueFault[]) => fault(Array.isArray(f) ? f : [f]),
    status,
    /** The naive reference book now, best first. */
    book: (category: BybitCategory, symbol: string, limit?: number): { bids: Level[]; asks: Level[]; u: number } | undefined => market.book(category, symbol, limit),
    market,
    close: async () => {
      timeline.stop();
      await host.close();
    },
  };
}
