import { FRAME_KINDS, type FrameKind, type RawFrame } from '../../core/types';

/**
 * One frame ⇄ one line: `{"t_us","kind","conn","url"?,"msg"}` (PROVENANCE.md §1), or `"raw"`
 * (a JSON string) when the text is not JSON. `msg` is the last key, so on import its raw text is
 * sliced out of the line — never re-serialized — and export→import is byte-identical
 * (Kraken v2 number literals survive, venues.md §1.7). An empty text is written with no msg at
 * all (a `ws_open` record has none).
 */
export function frameToLine(f: RawFrame): string {
  let line = `{"t_us":${f.tUs},"kind":"${f.kind}","conn":${JSON.stringify(f.conn)}`;
  if (f.url !== undefined) line += `,"url":${JSON.stringify(f.url)}`;
  if (f.text === '') return `${line}}`;
  return isEmbeddableJson(f.text) ? `${line},"msg":${f.text}}` : `${line},"raw":${JSON.stringify(f.text)}}`;
}

/** Valid JSON and one line (JSON whitespace may hold newlines; strings cannot). */
function isEmbeddableJson(text: string): boolean {
  if (text.includes('\n') || text.includes('\r')) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const KEY_ORDER_OK = new Set(['t_us', 'kind', 'conn', 'url']);
const MSG_KEY = '"msg":';

export type LineResult = { readonly frame: RawFrame; readonly note?: string } | { readonly error: string };

/** Parse one frame line already known to be a JSON object `obj`. */
export function frameFromLine(line: string, obj: Record<string, unknown>): LineResult {
  const { t_us: tUs, kind, conn, url } = obj;
  if (typeof tUs !== 'number' || !Number.isFinite(tUs)) return { error: 't_us missing or not a number' };
  if (typeof kind !== 'string' || !(FRAME_KINDS as readonly string[]).includes(kind)) return { error: `unknown kind ${String(kind)}` };
  if (typeof conn !== 'string') return { error: 'conn missing' };
  if (url !== undefined && typeof url !== 'string') return { error: 'url not a string' };
  const base = { tUs, kind: kind as FrameKind, conn, ...(url === undefined ? {} : { url }) };
  if (typeof obj.raw === 'string' && !('msg' in obj)) return { frame: { ...base, text: obj.raw } };
  if (!('msg' in obj)) return { frame: { ...base, text: '' } };
  const sliced = sliceMsg(line, obj);
  if (sliced !== undefined) return { frame: { ...base, text: sliced } };
  return { frame: { ...base, text: JSON.stringify(obj.msg) }, note: 'msg is not the last key: its text was re-serialized' };
}

/** The raw text of `msg` when it is the last key after only known keys; else undefined. */
function sliceMsg(line: string, obj: Record<string, unknown>): string | undefined {
  const keys = Object.keys(obj);
  if (keys[keys.length - 1] !== 'msg') return undefined;
  for (let i = 0; i < keys.length - 1; i++) if (!KEY_ORDER_OK.has(keys[i] as string)) return undefined;
  // Earlier values are numbers or strings, whose quotes are escaped: the first `"msg":` is the key.
  const at = line.indexOf(MSG_KEY);
  const end = line.lastIndexOf('}');
  if (at < 0 || end < at) return undefined;
  return line.slice(at + MSG_KEY.length, end);
}
