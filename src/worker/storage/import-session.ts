/**
 * A session file (gzip or plain JSON lines, with or without a header line) → a stored session.
 *
 * Policy (tested in import-session.test.ts):
 * - Nothing usable (empty file, random bytes, an image, no valid frame line) ⇒ an error naming
 *   the file, the line and what was wrong; nothing is stored.
 * - Valid frames, then damage (a gzip stream cut short, a cut last line, malformed lines) ⇒ the
 *   valid frames are imported and the session is flagged `truncated` with a note saying where and
 *   what; malformed lines in the middle are skipped and counted, like any problem (principle 6).
 * - A storage error (quota) ⇒ the partial session is deleted again and the import fails.
 * Existing sessions are never touched: the import only writes to its own new session id.
 * Progress is the fraction of the file's (compressed) bytes read.
 */
import type { RawFrame } from '../../core/types';
import type { Result } from '../../shared/engine-api';
import { SessionLineParser, type SessionProblem } from '../../sources/session-format/parser';
import type { SessionMeta, SessionStore } from './session-store';

const BATCH_FRAMES = 2000;
/** Bad lines before the first good one that make a file "not a session" rather than damaged. */
const GARBAGE_LINES = 5;

const SNIFF_BYTES = 16;
const isGzip = (b: Uint8Array): boolean => b[0] === 0x1f && b[1] === 0x8b;
const PNG = [0x89, 0x50, 0x4e, 0x47];

function binaryKind(b: Uint8Array): string | undefined {
  if (PNG.every((x, i) => b[i] === x)) return 'a PNG image';
  if (b[0] === 0xff && b[1] === 0xd8) return 'a JPEG image';
  if (b[0] === 0x50 && b[1] === 0x4b) return 'a ZIP archive';
  for (const x of b) if (x === 0) return 'binary data';
  return undefined;
}

export async function importSession(
  store: SessionStore,
  blob: Blob,
  fileName: string,
  onProgress?: (fraction: number) => void,
): Promise<Result<SessionMeta>> {
  const fail = (error: string): Result<SessionMeta> => ({ ok: false, error: `${fileName}: ${error}` });
  if (blob.size === 0) return fail('the file is empty');
  const head = new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer());
  const gzip = isGzip(head);
  const binary = gzip ? undefined : binaryKind(head);
  if (binary !== undefined) return fail(`not a bookscope session file (${binary}); expected gzip or plain JSON lines`);

  const job = new ImportJob(store, fileName);
  let bytesRead = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, ctl) {
      bytesRead += chunk.byteLength;
      ctl.enqueue(chunk);
    },
  });
  const raw = blob.stream().pipeThrough(counter) as ReadableStream<BufferSource>;
  const bytes = gzip ? raw.pipeThrough(new DecompressionStream('gzip')) : raw;
  const text = (bytes as ReadableStream<BufferSource>).pipeThrough(new TextDecoderStream('utf-8', { fatal: true }));
  const reader = text.getReader();
  let streamError: string | undefined;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<string>;
      try {
        next = await reader.read();
      } catch (e) {
        streamError = describeStreamError(e, gzip);
        break;
      }
      if (next.done) break;
      const garbage = await job.feed(next.value);
      if (garbage !== undefined) {
        await reader.cancel().catch(() => undefined);
        await job.rollback();
        return fail(`not a bookscope session file: ${garbage}`);
      }
      onProgress?.(blob.size > 0 ? Math.min(1, bytesRead / blob.size) : 1);
    }
    const out = await job.finish(streamError);
    if (out.ok) onProgress?.(1);
    return out.ok ? out : fail(out.error);
  } catch (e) {
    await job.rollback();
    return fail(`storage failed, nothing imported (${errorText(e)})`);
  }
}

/** Parser → batches → store, creating the session only once there is a frame to keep. */
class ImportJob {
  private readonly parser: SessionLineParser;
  private pending: RawFrame[] = [];
  private id: string | undefined;
  private frames = 0;

  constructor(
    private readonly store: SessionStore,
    private readonly fileName: string,
  ) {
    this.parser = new SessionLineParser((f) => {
      this.pending.push(f);
      this.frames++;
    });
  }

  /** Returns a reason when the file looks like garbage rather than a damaged session. */
  async feed(chunk: string): Promise<string | undefined> {
    this.parser.feed(chunk);
    const bad = this.parser.problems.filter((p) => p.code !== 'reserialized');
    if (this.frames === 0 && bad.length >= GARBAGE_LINES) return describe(bad[0]!);
    if (this.pending.length >= BATCH_FRAMES) await this.flush();
    return undefined;
  }

  async finish(streamError: string | undefined): Promise<Result<SessionMeta>> {
    const parsed = this.parser.finish(baseName(this.fileName));
    const bad = parsed.problems.filter((p) => p.code !== 'reserialized');
    if (this.frames === 0) {
      await this.rollback();
      const why = streamError ?? (bad[0] !== undefined ? describe(bad[0]) : undefined);
      const error = why === undefined ? 'nothing imported: no frame lines found' : `not a bookscope session file, nothing imported: ${why}`;
      return { ok: false, error };
    }
    await this.flush();
    const notes: string[] = [];
    if (streamError !== undefined) notes.push(streamError);
    if (bad.length > 0) notes.push(`${bad.length} line(s) skipped (first: ${describe(bad[0]!)})`);
    const reser = parsed.problems.length - bad.length;
    if (reser > 0) notes.push(`${reser} frame(s) re-serialized (msg not the last key)`);
    if (!parsed.headerFound) notes.push('no header line: venue and symbols inferred');
    const h = parsed.header;
    const truncated = streamError !== undefined || bad.length > 0;
    const meta = await this.store.finalize(this.id!, {
      name: h.name,
      venues: h.venues,
      symbols: h.symbols,
      startUs: h.startUs,
      endUs: h.endUs,
      header: h,
      truncated,
      note: (truncated ? `import incomplete, ${this.frames} frames kept: ` : '') + notes.join('; '),
    });
    return { ok: true, value: meta };
  }

  async rollback(): Promise<void> {
    if (this.id !== undefined) await this.store.delete(this.id).catch(() => undefined);
    this.id = undefined;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const frames = this.pending;
    this.pending = [];
    if (this.id === undefined) {
      const meta = await this.store.create({
        name: baseName(this.fileName),
        venues: [],
        symbols: [],
        startUs: frames[0]!.tUs,
        origin: 'import',
        header: {},
        truncated: true,
        note: 'import did not finish',
      });
      this.id = meta.id;
    }
    await this.store.appendBatch(this.id, frames);
  }
}

const describe = (p: SessionProblem): string => `line ${p.line}: ${p.detail}`;

const baseName = (fileName: string): string =>
  fileName.replace(/^.*[\\/]/, '').replace(/(\.bookscope)?(\.jsonl|\.json|\.txt)?(\.gz)?$/i, '') || 'imported';

function describeStreamError(e: unknown, gzip: boolean): string {
  const msg = errorText(e);
  if (/utf-?8|decod|encoded data/i.test(msg) && !/zlib|gzip|unexpected end|incorrect header/i.test(msg))
    return `the text is not valid UTF-8 (${msg})`;
  return gzip ? `the gzip data is cut short or corrupt (${msg})` : `the file could not be read (${msg})`;
}

function errorText(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'message' in e) {
    const { name, message } = e as { name?: unknown; message?: unknown };
    return `${String(name ?? 'Error')}: ${String(message)}`;
  }
  return String(e);
}
