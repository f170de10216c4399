import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SessionLineParser, type SessionParseResult } from '../../sources/session-format/parser';

const CHUNK_CHARS = 1 << 20;

/** Read a session file or fixture capture (`.jsonl` or gzip, detected by its magic bytes 1f 8b).
 * Throws with a readable message when the file cannot be read or unpacked. */
export function readSession(path: string): SessionParseResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as Error).message}`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new Error(`${path} looks gzipped but does not unpack: ${(e as Error).message}`);
    }
  }
  const text = bytes.toString('utf8');
  const parser = new SessionLineParser();
  for (let i = 0; i < text.length; i += CHUNK_CHARS) parser.feed(text.slice(i, i + CHUNK_CHARS));
  return parser.finish(basename(path));
}
