/**
 * Loopback Kraken spot WebSocket v2 impersonator (venues.md §6): `ws /v2` over a real v1 capture
 * converted to v2 frames (capture.ts), on the shared bench host (../common/bench-host.ts).
 * - on open: a `status` frame (KR-SDK wire-quirks "Auto-seeded status", §6.1);
 * - `{"method":"subscribe","params":{"channel":"book","symbol":[…],"depth":25}}` → per symbol an
 *   ack `{"method":"subscribe","result":{channel,depth,snapshot,symbol},"success":true,…}` and a
 *   snapshot of the top `depth` levels as of the market now, from the naive reference book
 *   (checksum recomputed), so the capture's later updates continue from it;
 * - `trade` subscribe: acked (the book-only capture has no trades); `unsubscribe` → ack;
 * - `{"method":"ping","req_id":n}` → `{"method":"pong","req_id":n,…}`; `heartbeat` every second.
 */
import { startBench, type Bench, type BenchConn, type BenchCtx, type BenchOptions, type BenchVenue } from '../common/bench-host';
import { RefCursor } from '../common/ref-cursor';
import type { KrakenRefBook } from './book';
import { applyUpdate, loadKrakenCapture, type KrakenCapture } from './capture';

export const KRAKEN_PATH = '/v2';
const DEPTHS = [10, 25, 100, 500, 1000];

export interface KrakenBenchOptions extends BenchOptions {
  symbols?: string[];
  loops?: number;
  file?: string;
}

export interface KrakenBench extends Bench {
  readonly capture: KrakenCapture;
  /** The app's endpoint override (`ep.kraken.public`). */
  readonly endpoints: { public: string };
  /** The full-depth reference book of `symbol` as of the market now. */
  reference(symbol?: string): KrakenRefBook;
}

const stamp = (): string => new Date().toISOString().replace('Z', '000Z');

export function krakenVenue(cap: KrakenCapture): BenchVenue & { reference(symbol: string, position: number): KrakenRefBook } {
  const cursors = new Map<string, RefCursor<KrakenRefBook>>();
  for (const s of cap.symbols) {
    cursors.set(s, new RefCursor(() => cap.initial(s), (b, i) => {
      const j = cap.src[i]!;
      if (j < 0) {
        if (cap.frames[i]!.key === `book:${s}`) copyInto(b, cap.initial(s));
      } else if (cap.updates[j]!.symbol === s) applyUpdate(b, cap.updates[j]!);
    }));
  }
  const reference = (symbol: string, position: number): KrakenRefBook => cursors.get(symbol)!.at(position);
  const loopSnapshots = new Map<string, string>();

  const answer = (c: BenchConn, ctx: BenchCtx, body: Record<string, unknown>): void => {
    ctx.send(c, JSON.stringify({ ...body, time_in: stamp(), time_out: stamp() }));
  };

  const onMethod = (c: BenchConn, m: { method: string; params?: Record<string, unknown>; req_id?: unknown }, ctx: BenchCtx): void => {
    const reqId = m.req_id === undefined ? {} : { req_id: m.req_id };
    if (m.method === 'ping') {
      ctx.count('pings');
      return answer(c, ctx, { method: 'pong', ...reqId });
    }
    const p = m.params ?? {};
    const channel = p.channel;
    const fail = (error: string, symbol?: string): void => answer(c, ctx, { error, method: m.method, ...reqId, success: false, ...(symbol ? { symbol } : {}) });
    if ((m.method !== 'subscribe' && m.method !== 'unsubscribe') || (channel !== 'book' && channel !== 'trade')) {
      return fail(`Unsupported ${String(m.method)} ${String(channel)}`);
    }
    if (!Array.isArray(p.symbol)) return fail('Missing symbol');
    const depth = channel === 'book' ? (p.depth === undefined ? 10 : Number(p.depth)) : 0;
    if (channel === 'book' && !DEPTHS.includes(depth)) return fail(`Invalid depth ${String(p.depth)}`);
    for (const symbol of p.symbol as unknown[]) {
      if (typeof symbol !== 'string' || !cap.symbols.includes(symbol)) {
        fail(`Currency pair not supported ${String(symbol)}`, String(symbol));
        continue;
      }
      const key = `${channel}:${symbol}`;
      ctx.count(m.method);
      const result = channel === 'book' ? { channel, depth, ...(m.method === 'subscribe' ? { snapshot: true } : {}), symbol } : { channel, symbol };
      answer(c, ctx, { method: m.method, result, success: true, ...reqId });
      if (m.method === 'unsubscribe') {
        c.subs.delete(key);
        continue;
      }
      c.subs.set(key, depth);
      if (channel === 'book' && p.snapshot !== false) {
        ctx.count('snapshots');
        ctx.send(c, reference(symbol, ctx.position()).snapshotText(symbol, depth));
      }
    }
  };

  return {
    name: 'kraken',
    path: KRAKEN_PATH,
    frames: cap.frames,
    reference,
    heartbeat: { everyMs: 1000, text: '{"channel":"heartbeat"}' },
    onOpen(c, ctx) {
      ctx.send(c, JSON.stringify({ channel: 'status', data: [{ api_version: 'v2', connection_id: 1000 + c.id, system: 'online', version: '2.0.9' }], type: 'update' }));
    },
    onText(c, text, ctx) {
      let m: unknown;
      try {
        m = JSON.parse(text);
      } catch {
        return answer(c, ctx, { error: 'Malformed request', success: false });
      }
      const mm = m as { method?: unknown };
      if (typeof mm.method !== 'string') return answer(c, ctx, { error: 'Malformed request', success: false });
      onMethod(c, m as { method: string }, ctx);
    },
    render(c, f, flip) {
      const depth = c.subs.get(f.key) ?? 10;
      const j = cap.src[f.index]!;
      if (j < 0) {
        const k = `${f.key}|${depth}`;
        if (!loopSnapshots.has(k)) loopSnapshots.set(k, cap.initial(f.key.slice(5)).snapshotText(f.key.slice(5), depth));
        return loopSnapshots.get(k);
      }
      const text = cap.textsFor(depth)[j];
      return text !== undefined && flip ? flipChecksum(text) : text;
    },
    faultable(f, fault, ctx) {
      // Only an update whose loss (or late arrival) every subscriber's checksum sees (capture.ts
      // faultVisibility): Kraken has no sequence numbers to give the others away.
      const j = cap.src[f.index]!;
      if (j < 0) return false;
      let subscribed = false;
      for (const c of ctx.conns) {
        const depth = c.subs.get(f.key);
        if (depth === undefined) continue;
        subscribed = true;
        const v = cap.visibleFaults(depth);
        if (!(fault === 'drop' ? v.drop[j] : v.reorder[j])) return false;
      }
      return subscribed;
    },
    oversized(bytes) {
      // More levels than any Kraken book has (the app caps a side at 10,000, KR-SDK book/wire.rs).
      const level = '{"price":0.00001,"qty":0.00000001}';
      const n = Math.max(10_001, Math.floor(bytes / (level.length + 1)));
      return `{"channel":"book","type":"update","data":[{"symbol":"${cap.symbols[0]}","bids":[${Array(n).fill(level).join(',')}],"asks":[],"checksum":1,"timestamp":"${stamp()}"}]}`;
    },
    snapshot(c, key, ctx) {
      const symbol = key.slice(key.indexOf(':') + 1);
      return key.startsWith('book:') ? reference(symbol, ctx.position()).snapshotText(symbol, c.subs.get(key) ?? 10) : undefined;
    },
  };
}

function copyInto(dst: KrakenRefBook, src: KrakenRefBook): void {
  dst.clear();
  for (const [p, q] of src.asks.levels) dst.set('ask', p, q);
  for (const [p, q] of src.bids.levels) dst.set('bid', p, q);
}

/** The frame with a wrong `checksum` (levels untouched). */
export function flipChecksum(text: string): string {
  return text.replace(/"checksum":(\d+)/, (_m, n: string) => `"checksum":${(Number(n) ^ 0x10) >>> 0}`);
}

export async function startKrakenBench(opts: KrakenBenchOptions = {}): Promise<KrakenBench> {
  const cap = loadKrakenCapture(opts.symbols, opts.loops, opts.file);
  cap.visibleFaults(25); // the app's depth (meta.ts): worked out now, not on the market's clock
  const venue = krakenVenue(cap);
  const bench = await startBench(venue, opts);
  return {
    ...bench,
    capture: cap,
    endpoints: { public: bench.wsUrl },
    reference: (symbol = cap.symbols[0]!) => venue.reference(symbol, bench.status().position),
  };
}
