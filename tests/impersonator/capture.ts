/**
 * Loads a Binance spot capture in the fixture format (../shared/fixtures/PROVENANCE.md §1) for the
 * impersonator: the REST snapshot, and every later `ws` frame with its original text (the `msg`
 * value sliced out of the line, never re-serialized, so frames go out byte for byte).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const DEFAULT_CAPTURE = fileURLToPath(
  new URL(
    '../../src/venues/binance/fixtures/BTCUSDT_2024-08-08T2354Z_depth100ms-trade-bookTicker_hftbacktest.jsonl.gz',
    import.meta.url,
  ),
);

export type Level = [string, string];

export interface DepthSnapshot {
  lastUpdateId: number;
  bids: Level[];
  asks: Level[];
}

export interface DepthDiff {
  U: number;
  u: number;
  b: Level[];
  a: Level[];
}

export type FrameType = 'depth' | 'trade' | 'bookTicker' | 'other';

export interface CaptureFrame {
  tUs: number;
  /** Combined-stream name, e.g. `btcusdt@depth@100ms`. */
  stream: string;
  type: FrameType;
  /** The frame text exactly as recorded. */
  text: string;
  /** Set for depth frames. */
  depth?: DepthDiff;
}

export interface Capture {
  files: string[];
  symbol: string;
  snapshot: DepthSnapshot;
  /** Depth events recorded before the timeline starts (applied to the reference book only). */
  preDepth: DepthDiff[];
  /** What the impersonator plays: from the first depth event after the snapshot line. */
  frames: CaptureFrame[];
}

/** The `msg` value's text: `msg` is the last key of a line (PROVENANCE.md §1). */
function msgText(line: string): string {
  const at = line.indexOf(',"msg":');
  if (at < 0 || !line.endsWith('}')) throw new Error(`capture line without trailing msg: ${line.slice(0, 80)}`);
  return line.slice(at + 7, -1);
}

function typeOf(stream: string): FrameType {
  if (stream.includes('@depth')) return 'depth';
  if (stream.endsWith('@trade')) return 'trade';
  if (stream.endsWith('@bookTicker')) return 'bookTicker';
  return 'other';
}

function readLines(file: string): string[] {
  const buf = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
  return text.split('\n').filter((l) => l.length > 0);
}

const cache = new Map<string, Capture>();

/**
 * `files[0]` must hold a REST snapshot; later files are continuations (no snapshot) played
 * straight after it (PROVENANCE.md: the 2024-08-09 file continues the 08-08 one without a gap).
 */
export function loadCapture(files: readonly string[] = [DEFAULT_CAPTURE]): Capture {
  const key = files.join('\n');
  const hit = cache.get(key);
  if (hit) return hit;
  let snapshot: DepthSnapshot | undefined;
  let symbol = '';
  let started = false;
  const preDepth: DepthDiff[] = [];
  const frames: CaptureFrame[] = [];
  for (const file of files) {
    for (const line of readLines(file)) {
      const rec = JSON.parse(line) as { t_us: number; kind: string; msg?: unknown };
      if (rec.kind === 'rest' && snapshot === undefined) {
        snapshot = rec.msg as DepthSnapshot;
        continue;
      }
      if (rec.kind !== 'ws' || rec.msg === undefined) continue;
      const msg = rec.msg as { stream?: string; data?: Record<string, unknown> };
      if (typeof msg.stream !== 'string' || msg.data === undefined) continue;
      const type = typeOf(msg.stream);
      const depth = type === 'depth' ? (msg.data as unknown as DepthDiff) : undefined;
      if (typeof msg.data.s === 'string') symbol ||= msg.data.s;
      if (!started) {
        if (snapshot !== undefined && depth !== undefined) started = true;
        else {
          if (depth) preDepth.push({ U: depth.U, u: depth.u, b: depth.b, a: depth.a });
          continue;
        }
      }
      const frame: CaptureFrame = { tUs: rec.t_us, stream: msg.stream, type, text: msgText(line) };
      if (depth) frame.depth = { U: depth.U, u: depth.u, b: depth.b, a: depth.a };
      frames.push(frame);
    }
  }
  if (snapshot === undefined) throw new Error(`no REST snapshot in ${files[0]}`);
  const cap: Capture = { files: [...files], symbol, snapshot, preDepth, frames };
  cache.set(key, cap);
  return cap;
}
