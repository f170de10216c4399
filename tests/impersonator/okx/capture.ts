/**
 * An OKX v5 capture (PROVENANCE.md §1 lines) made into the bench's timeline: `books` updates and
 * `trades` pushes of the chosen instruments, text sliced byte for byte from the capture, played
 * `loops` times. Each later loop starts with the capture's own snapshot frame again (as after an
 * OKX restart), so the book and its checksums stay continuous. Book updates whose checksum
 * differs from the previous one are the frames the stream faults may hit (`depth` set).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchFrame } from '../common/bench-host';
import { msgText } from '../common/ref-cursor';
import { OkxRefBook, type OkxBookData } from './book';

export const OKX_CAPTURE = fileURLToPath(
  new URL('../../../src/venues/okx/fixtures/OKX-v5_BTC-USDT_UNI-USD-SWAP_BTC-USD-220527_2022-05-13_books-trades-tickers_cryptofeed.jsonl', import.meta.url),
);

/** What a timeline frame does to the reference book of its instrument. */
export interface OkxBookOp {
  instId: string;
  action: 'snapshot' | 'update';
  data: OkxBookData;
  text: string;
}

export interface OkxCapture {
  instIds: string[];
  /** Each instrument's snapshot frame (text and data) at the start of the timeline. */
  snapshots: Map<string, OkxBookOp>;
  /** Updates between an instrument's snapshot and the timeline start (reference only). */
  pre: OkxBookOp[];
  frames: BenchFrame[];
  /** Per frame: its book op, or undefined (trades). */
  ops: (OkxBookOp | undefined)[];
}

interface Push {
  event?: string;
  arg?: { channel: string; instId: string };
  action?: string;
  data?: OkxBookData[];
}

export function loadOkxCapture(instIds: readonly string[] = ['BTC-USDT'], loops = 20, file = OKX_CAPTURE): OkxCapture {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  const snapshots = new Map<string, OkxBookOp>();
  const pre: OkxBookOp[] = [];
  const loop: { tUs: number; key: string; text: string; op?: OkxBookOp }[] = [];
  for (const line of lines) {
    const rec = JSON.parse(line) as { t_us: number; kind: string; msg?: Push };
    const m = rec.msg;
    if (rec.kind !== 'ws' || m?.arg === undefined || m.event !== undefined || !instIds.includes(m.arg.instId)) continue;
    const { channel, instId } = m.arg;
    const text = msgText(line);
    if (channel === 'books') {
      const op: OkxBookOp = { instId, action: m.action === 'snapshot' ? 'snapshot' : 'update', data: m.data![0]!, text };
      if (op.action === 'snapshot') {
        if (snapshots.has(instId)) throw new Error(`second ${instId} snapshot in ${file}`);
        snapshots.set(instId, op);
        continue;
      }
      if (snapshots.size < instIds.length) pre.push(op);
      else loop.push({ tUs: rec.t_us, key: `books:${instId}`, text, op });
    } else if (channel === 'trades' && snapshots.size === instIds.length) {
      loop.push({ tUs: rec.t_us, key: `trades:${instId}`, text });
    }
  }
  if (snapshots.size < instIds.length) throw new Error(`no books snapshot for ${instIds.join(',')} in ${file}`);
  const spanUs = loop[loop.length - 1]!.tUs - loop[0]!.tUs + 200_000;

  // Which updates change the checksummed top 25 (the only ones whose loss a client can see).
  const changes = new Map<OkxBookOp, boolean>();
  const books = new Map<string, OkxRefBook>();
  for (const [id, s] of snapshots) books.set(id, refOf(s));
  for (const op of pre) books.get(op.instId)!.apply(op.data);
  for (const f of loop) {
    if (f.op === undefined) continue;
    const b = books.get(f.op.instId)!;
    const before = b.checksum();
    b.apply(f.op.data);
    changes.set(f.op, b.checksum() !== before);
  }

  const frames: BenchFrame[] = [];
  const ops: (OkxBookOp | undefined)[] = [];
  for (let i = 0; i < loops; i++) {
    const shift = i * spanUs;
    if (i > 0) {
      for (const s of snapshots.values()) {
        frames.push({ tUs: loop[0]!.tUs + shift - 100_000, stream: `books:${s.instId}`, key: `books:${s.instId}`, index: frames.length, type: 'other', text: s.text });
        ops.push(s);
        for (const op of pre.filter((p) => p.instId === s.instId)) {
          frames.push({ tUs: loop[0]!.tUs + shift - 50_000, stream: `books:${s.instId}`, key: `books:${s.instId}`, index: frames.length, type: 'other', text: op.text });
          ops.push(op);
        }
      }
    }
    for (const f of loop) {
      const frame: BenchFrame = { tUs: f.tUs + shift, stream: f.key, key: f.key, index: frames.length, type: f.op ? 'other' : 'trade', text: f.text };
      if (f.op !== undefined && changes.get(f.op)) {
        frame.type = 'depth';
        frame.depth = { U: frames.length, u: frames.length, b: [], a: [] };
      }
      frames.push(frame);
      ops.push(f.op);
    }
  }
  return { instIds: [...instIds], snapshots, pre, frames, ops };
}

export function refOf(s: OkxBookOp): OkxRefBook {
  const b = new OkxRefBook();
  b.load(s.data, s.text);
  return b;
}
