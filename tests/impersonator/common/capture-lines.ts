/**
 * Reads a capture in the fixture format (../shared/fixtures/PROVENANCE.md §1) for the venue
 * impersonators: every `ws` frame with its connection label, `t_us`, its parsed message and its
 * original text (the `msg` value sliced out of the line, never re-serialized, so frames go out
 * byte for byte). AGPL captures are read in place from ../shared/fixtures, never copied.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The repository root (tests/impersonator/common → ../../..). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A file of the team's shared fixtures (read in place: AGPL captures must not enter the repo). */
export const sharedFixture = (rel: string): string => path.resolve(REPO_ROOT, '../shared/fixtures', rel);

export interface WsLine {
  tUs: number;
  conn: string;
  /** The frame text exactly as recorded. */
  text: string;
  msg: Record<string, unknown>;
}

/** The `msg` value's text: `msg` is the last key of a line (PROVENANCE.md §1). */
function msgText(line: string): string {
  const at = line.indexOf(',"msg":');
  if (at < 0 || !line.endsWith('}')) throw new Error(`capture line without trailing msg: ${line.slice(0, 80)}`);
  return line.slice(at + 7, -1);
}

const cache = new Map<string, WsLine[]>();

/** Every received (`kind:"ws"`) JSON-object frame of a capture file, in file order. */
export function wsLines(file: string): WsLine[] {
  const hit = cache.get(file);
  if (hit) return hit;
  const buf = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
  const out: WsLine[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    const rec = JSON.parse(line) as { t_us: number; kind: string; conn: string; msg?: unknown };
    if (rec.kind !== 'ws' || typeof rec.msg !== 'object' || rec.msg === null) continue;
    out.push({ tUs: rec.t_us, conn: rec.conn, text: msgText(line), msg: rec.msg as Record<string, unknown> });
  }
  cache.set(file, out);
  return out;
}
