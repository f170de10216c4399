/**
 * Records raw frames into a SessionStore (DESIGN.md principle 1 and "Sessions").
 * Hot path: `push` only appends to the current batch array. A batch is written every
 * `maxFrames` frames or `maxMs` of caller-driven time (`maybeFlush(nowMs)`), so a closed tab
 * loses at most the last batch. Any write error (QuotaExceededError above all) stops the
 * recording: the session is marked truncated with a note, a problem event is emitted, and what
 * was stored stays readable.
 */
import type { EngineEvent, RawFrame } from '../core/types';
import { isQuotaError, type NewSession, type SessionMeta, type SessionStore } from './storage/session-store';

export const RECORDING_PROBLEM_CODES = ['recording-quota', 'recording-failed'] as const;
export type RecordingProblemCode = (typeof RECORDING_PROBLEM_CODES)[number];

export const RECORDER_STATES = ['recording', 'failed', 'stopped'] as const;
export type RecorderState = (typeof RECORDER_STATES)[number];

export interface RecorderOptions {
  /** Write a batch once it holds this many frames (default 2000). */
  readonly maxFrames?: number;
  /** …or once this much time passed since the last write (default 1000 ms). */
  readonly maxMs?: number;
  /** Told once when recording stops on an error (put it on the event FIFO). */
  readonly onProblem?: (ev: EngineEvent & { readonly type: 'problem' }) => void;
}

const IN_PROGRESS_NOTE = 'recording did not finish (tab closed?): the last batch may be missing';

export class Recorder {
  private batch: RawFrame[] = [];
  private lastFlushMs = NaN;
  private writing: Promise<void> = Promise.resolve();
  private st: RecorderState = 'recording';
  private lastTUs = 0;
  private readonly maxFrames: number;
  private readonly maxMs: number;

  private constructor(
    private readonly store: SessionStore,
    readonly sessionId: string,
    private readonly opts: RecorderOptions,
  ) {
    this.maxFrames = opts.maxFrames ?? 2000;
    this.maxMs = opts.maxMs ?? 1000;
  }

  /** Create the session (marked incomplete until `stop`) and start recording into it. */
  static async start(store: SessionStore, init: NewSession, opts: RecorderOptions = {}): Promise<Recorder> {
    const meta = await store.create({ ...init, truncated: true, note: IN_PROGRESS_NOTE });
    return new Recorder(store, meta.id, opts);
  }

  get state(): RecorderState {
    return this.st;
  }

  /** Hot path: one frame. Allocation-free beyond the array growth. */
  push(frame: RawFrame): void {
    if (this.st !== 'recording') return;
    this.batch.push(frame);
    this.lastTUs = frame.tUs;
    if (this.batch.length >= this.maxFrames) void this.flush();
  }

  /** Write the current batch if it is due by time (the caller's clock). */
  maybeFlush(nowMs: number): void {
    if (Number.isNaN(this.lastFlushMs)) this.lastFlushMs = nowMs;
    if (this.batch.length > 0 && nowMs - this.lastFlushMs >= this.maxMs) {
      this.lastFlushMs = nowMs;
      void this.flush();
    }
  }

  /** Write the current batch (writes are serialized). Never rejects: errors stop recording. */
  flush(): Promise<void> {
    if (this.batch.length === 0 || this.st === 'failed') return this.writing;
    const frames = this.batch;
    this.batch = [];
    this.writing = this.writing.then(() => this.write(frames));
    return this.writing;
  }

  /** Flush, then mark the session complete. Returns its meta (undefined if even that failed). */
  async stop(endUs?: number): Promise<SessionMeta | undefined> {
    await this.flush();
    if (this.st !== 'recording') return this.store.get(this.sessionId).catch(() => undefined);
    this.st = 'stopped';
    try {
      const patch = { endUs: endUs ?? (this.lastTUs > 0 ? this.lastTUs : undefined), truncated: false, note: '' };
      return await this.store.finalize(this.sessionId, patch);
    } catch (e) {
      await this.fail(e);
      return undefined;
    }
  }

  private async write(frames: RawFrame[]): Promise<void> {
    if (this.st === 'failed') return;
    try {
      await this.store.appendBatch(this.sessionId, frames);
    } catch (e) {
      await this.fail(e);
    }
  }

  private async fail(e: unknown): Promise<void> {
    if (this.st === 'failed') return;
    this.st = 'failed';
    this.batch = [];
    const quota = isQuotaError(e);
    const why = quota ? 'storage quota exceeded' : `storage write failed (${errorText(e)})`;
    const note = `recording stopped: ${why}; frames before that are kept`;
    this.opts.onProblem?.({
      type: 'problem',
      problem: { code: quota ? 'recording-quota' : 'recording-failed', detail: note, tUs: this.lastTUs },
    });
    // Best effort: with the quota gone even this small write may fail; the session then still
    // carries the "did not finish" note it was created with.
    await this.store.finalize(this.sessionId, { truncated: true, note }).catch(() => undefined);
  }
}

function errorText(e: unknown): string {
  if (e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e)) {
    const { name, message } = e as { name?: unknown; message?: unknown };
    return `${String(name ?? 'Error')}: ${String(message ?? '')}`;
  }
  return String(e);
}
