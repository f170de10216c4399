/**
 * Loopback OKX v5 public impersonator (venues.md §4): `ws /ws/v5/public` speaking OKX's protocol
 * over a real capture (capture.ts), on the shared bench host (../common/bench-host.ts).
 * - `{"op":"subscribe","args":[{channel,instId}…]}` → one `{"event":"subscribe","arg":…}` per arg
 *   (as the capture's acks), then for `books` a snapshot as of the market now: the capture's own
 *   snapshot frame while nothing has changed since it, else one built from the naive reference
 *   book with its legacy checksum (book.ts), so the capture's later updates and checksums follow.
 * - `unsubscribe` → `{"event":"unsubscribe","arg":…}`; the text `ping` → the text `pong` (§4.1).
 * - unknown instrument → `{"event":"error","code":"60018",…}`; bad request → code 60012.
 * - `notice` fault: `{"event":"notice","code":"64008",…}` (⚠ third-party doc, §4.1).
 */
import { startBench, type Bench, type BenchConn, type BenchCtx, type BenchOptions, type BenchVenue } from '../common/bench-host';
import { RefCursor } from '../common/ref-cursor';
import { OkxRefBook } from './book';
import { loadOkxCapture, refOf, type OkxCapture } from './capture';

export const OKX_PATH = '/ws/v5/public';

export interface OkxBenchOptions extends BenchOptions {
  instIds?: string[];
  loops?: number;
  file?: string;
}

export interface OkxBench extends Bench {
  readonly capture: OkxCapture;
  /** The app's endpoint overrides (`ep.okx.public`, `ep.okx.rest`). */
  readonly endpoints: { public: string; rest: string };
  /** The reference book of `instId` as of the market now. */
  reference(instId?: string): OkxRefBook;
}

interface Arg {
  channel?: unknown;
  instId?: unknown;
}

export function okxVenue(cap: OkxCapture): BenchVenue & { reference(instId: string, position: number): OkxRefBook } {
  const cursors = new Map<string, RefCursor<OkxRefBook>>();
  for (const id of cap.instIds) {
    const fresh = (): OkxRefBook => {
      const b = refOf(cap.snapshots.get(id)!);
      for (const op of cap.pre) if (op.instId === id) b.apply(op.data);
      return b;
    };
    cursors.set(id, new RefCursor(fresh, (b, i) => {
      const op = cap.ops[i];
      if (op?.instId !== id) return;
      if (op.action === 'snapshot') b.load(op.data, op.text);
      else b.apply(op.data);
    }));
  }
  const reference = (instId: string, position: number): OkxRefBook => cursors.get(instId)!.at(position);

  const onOp = (c: BenchConn, op: 'subscribe' | 'unsubscribe', args: Arg[], ctx: BenchCtx): void => {
    for (const a of args) {
      if (typeof a.channel !== 'string' || typeof a.instId !== 'string') {
        ctx.send(c, JSON.stringify({ event: 'error', code: '60012', msg: `Invalid request: ${JSON.stringify(a)}` }));
        continue;
      }
      const arg = { channel: a.channel, instId: a.instId };
      const known = cap.instIds.includes(a.instId) || !['books', 'trades'].includes(a.channel);
      if (!known) {
        ctx.send(c, JSON.stringify({ event: 'error', code: '60018', msg: `Wrong URL or channel:${a.channel},instId:${a.instId} doesn't exist.` }));
        continue;
      }
      const key = `${a.channel}:${a.instId}`;
      ctx.count(op);
      ctx.send(c, JSON.stringify({ event: op, arg }));
      if (op === 'unsubscribe') {
        c.subs.delete(key);
        continue;
      }
      c.subs.set(key, 0);
      if (a.channel === 'books' && cap.instIds.includes(a.instId)) {
        ctx.count('snapshots');
        ctx.send(c, reference(a.instId, ctx.position()).snapshotText(a.instId));
      }
    }
  };

  return {
    name: 'okx',
    path: OKX_PATH,
    frames: cap.frames,
    reference,
    onOpen: () => {},
    onText(c, text, ctx) {
      if (text === 'ping') {
        ctx.count('pings');
        return ctx.send(c, 'pong');
      }
      let m: { op?: unknown; args?: unknown };
      try {
        m = JSON.parse(text) as typeof m;
      } catch {
        return ctx.send(c, JSON.stringify({ event: 'error', code: '60012', msg: `Invalid request: ${text.slice(0, 100)}` }));
      }
      if ((m.op === 'subscribe' || m.op === 'unsubscribe') && Array.isArray(m.args)) return onOp(c, m.op, m.args as Arg[], ctx);
      ctx.send(c, JSON.stringify({ event: 'error', code: '60012', msg: `Invalid request: ${text.slice(0, 100)}` }));
    },
    render: (_c, f, flip) => (flip ? flipChecksum(f.text) : f.text),
    oversized(bytes) {
      const id = cap.instIds[0]!;
      const pad = 'x'.repeat(Math.max(0, bytes - 100));
      return `{"arg":{"channel":"books","instId":"${id}"},"action":"update","data":[{"pad":"${pad}"}]}`;
    },
    snapshot(_c, key, ctx) {
      const [channel, instId] = key.split(':') as [string, string];
      return channel === 'books' && cap.instIds.includes(instId) ? reference(instId, ctx.position()).snapshotText(instId) : undefined;
    },
    notice: () => JSON.stringify({ event: 'notice', code: '64008', msg: 'The connection will soon be closed for a service upgrade. Please reconnect.' }),
  };
}

/** The frame with its `checksum` changed (levels untouched): a corrupted or forged frame. */
export function flipChecksum(text: string): string {
  return text.replace(/"checksum":(-?\d+)/, (_m, n: string) => `"checksum":${(Number(n) ^ 0x10) | 0}`);
}

export async function startOkxBench(opts: OkxBenchOptions = {}): Promise<OkxBench> {
  const cap = loadOkxCapture(opts.instIds, opts.loops, opts.file);
  const venue = okxVenue(cap);
  const bench = await startBench(venue, opts);
  return {
    ...bench,
    capture: cap,
    endpoints: { public: bench.wsUrl, rest: bench.httpUrl },
    reference: (instId = cap.instIds[0]!) => venue.reference(instId, bench.status().position),
  };
}
