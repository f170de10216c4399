import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { FRAME_KINDS, type FrameKind, type RawFrame } from '../../core/types';

/**
 * Frames of a capture / session file (TEAM-NOTES "Frame record"), read fully into memory so a
 * benchmark measures no IO. The frame text is sliced out of the line (`msg` is the last key),
 * never re-serialized; header lines and `raw` records are handled as the format says.
 *
 * Each text is then copied into a string of its own (`flat`): a live frame is the WebSocket
 * message's own string, while a slice of a line is, in V8, a view into the whole file's text
 * through which every character read is indirect — that would measure the loader, not the path.
 */
export function loadFrames(path: string): RawFrame[] {
  const buf = readFileSync(path);
  const file = (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
  const out: RawFrame[] = [];
  for (const line of file.split('\n')) {
    if (line.length === 0) continue;
    const m = /^\{"t_us":(\d+),"kind":"([a-z_]+)","conn":"([^"]*)"(?:,"url":("(?:[^"\\]|\\.)*"))?,"(msg|raw)":/.exec(line);
    if (m === null) continue; // header line or something else: not a frame
    const kind = m[2] as FrameKind;
    if (!FRAME_KINDS.includes(kind)) continue;
    const body = line.slice(m[0].length, line.lastIndexOf('}'));
    const frameText = m[5] === 'raw' ? (JSON.parse(body) as string) : body;
    const url = m[4] === undefined ? undefined : (JSON.parse(m[4]) as string);
    const text = flat(frameText);
    out.push(url === undefined ? { tUs: +m[1]!, kind, conn: m[3]!, text } : { tUs: +m[1]!, kind, conn: m[3]!, url, text });
  }
  return out;
}

/** A copy of `s` in a new sequential string (JSON round trip: lossless, lone surrogates too). */
const flat = (s: string): string => JSON.parse(JSON.stringify(s)) as string;
