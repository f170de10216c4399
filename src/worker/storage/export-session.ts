/**
 * A stored session → a gzip JSON-lines file (DESIGN.md "Sessions", docs/TEAM-NOTES.md format):
 * line 1 the header, then one line per frame in recorded order. Streamed batch by batch through
 * CompressionStream, so a long session never sits in memory as one string.
 */
import { frameToLine } from '../../sources/session-format/frame-line';
import { SESSION_FORMAT, SESSION_VERSION, SessionHeaderSchema, headerToLine, type SessionHeader } from '../../sources/session-format/header';
import type { SessionMeta, SessionStore } from './session-store';

export const APP_VERSION = '0.1.0';

/** The header written for a session: the stored header, with the meta (which rename and the
 * recorder keep current) authoritative for name, venues, symbols and time span. */
export function headerOf(meta: SessionMeta): SessionHeader {
  const stored = SessionHeaderSchema.partial().safeParse(meta.header);
  const h = stored.success ? stored.data : {};
  return {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    app: h.app ?? APP_VERSION,
    name: meta.name,
    venues: [...meta.venues],
    symbols: [...meta.symbols],
    conns: h.conns ?? {},
    startUs: meta.startUs,
    endUs: meta.endUs,
    config: h.config ?? {},
  };
}

/** `BTCUSDT-ETHUSDT_2024-08-08T23-54-00Z.bookscope.jsonl.gz` style, safe on every OS. */
export function exportFileName(meta: SessionMeta): string {
  const base = (meta.name || meta.symbols.join('-') || 'session').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  const t = new Date(meta.startUs / 1000);
  const stamp = Number.isNaN(t.getTime()) ? 'unknown' : t.toISOString().slice(0, 19).replace(/:/g, '-') + 'Z';
  return `${base}_${stamp}.bookscope.jsonl.gz`;
}

/** Rejects if the session does not exist or the store fails while reading. */
export async function exportSession(store: SessionStore, id: string): Promise<Blob> {
  const meta = await store.get(id);
  if (meta === undefined) throw new Error(`no session ${id}`);
  const enc = new TextEncoder();
  const batches = store.frames(id)[Symbol.asyncIterator]();
  let headerDone = false;
  const lines = new ReadableStream<BufferSource>({
    async pull(ctrl) {
      if (!headerDone) {
        headerDone = true;
        ctrl.enqueue(enc.encode(headerToLine(headerOf(meta)) + '\n'));
        return;
      }
      const next = await batches.next();
      if (next.done === true) {
        ctrl.close();
        return;
      }
      let chunk = '';
      for (const f of next.value) chunk += frameToLine(f) + '\n';
      ctrl.enqueue(enc.encode(chunk));
    },
  });
  const gz = lines.pipeThrough(new CompressionStream('gzip'));
  return new Response(gz).blob();
}
