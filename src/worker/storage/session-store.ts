/**
 * Where recorded sessions live (DESIGN.md "Sessions"): a meta record per session plus its raw
 * frames in numbered batches, so a closed tab loses at most the batch not yet written.
 * Behind an interface (Lichtblick style) so the recorder and the engine can be tested with a fake.
 * Methods reject on storage errors (e.g. a DOMException named QuotaExceededError); the engine
 * turns them into Results / problems.
 */
import type { RawFrame } from '../../core/types';
import type { SessionSummary } from '../../shared/engine-api';

/** The session file's header line as a JSON object (format, version, app, venues, conns, …). */
export type SessionHeaderJson = Readonly<Record<string, unknown>>;

export interface SessionMeta extends SessionSummary {
  readonly header: SessionHeaderJson;
  /** Batches stored (numbered 0 … batches-1). */
  readonly batches: number;
}

export type NewSession = Pick<SessionSummary, 'name' | 'venues' | 'symbols' | 'startUs' | 'origin'> & {
  readonly header: SessionHeaderJson;
  /** Stored until `finalize` clears it: a session whose recorder never finished (closed tab,
   * crash) still says it is incomplete. */
  readonly truncated?: boolean;
  readonly note?: string;
};

export interface FinalizePatch {
  readonly name?: string;
  readonly venues?: SessionSummary['venues'];
  readonly symbols?: readonly string[];
  readonly startUs?: number;
  readonly endUs?: number;
  readonly truncated?: boolean;
  readonly note?: string;
  readonly header?: SessionHeaderJson;
}

export interface SessionStore {
  create(init: NewSession): Promise<SessionMeta>;
  /** Store the next batch and update the meta (frames, bytes, endUs, batches) atomically. */
  appendBatch(id: string, frames: readonly RawFrame[]): Promise<void>;
  finalize(id: string, patch: FinalizePatch): Promise<SessionMeta>;
  /** Newest first. */
  list(): Promise<SessionMeta[]>;
  get(id: string): Promise<SessionMeta | undefined>;
  /** Frames in recorded order, one stored batch at a time (replay, export). */
  frames(id: string): AsyncIterable<readonly RawFrame[]>;
  /** The session and all its batches. Deleting an unknown id is not an error. */
  delete(id: string): Promise<void>;
  rename(id: string, name: string): Promise<void>;
}

/** A fresh session id: sortable by start time, unique enough without crypto.randomUUID (which
 * is missing outside secure contexts). */
export function newSessionId(startUs: number): string {
  const t = Math.max(0, Math.floor(startUs / 1000)).toString(36).padStart(9, '0');
  const r = Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, '0');
  return `s${t}${r}`;
}

/** UTF-8 byte length of a string without encoding it (SessionSummary.bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

export const isQuotaError = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && 'name' in e && (e as { name: unknown }).name === 'QuotaExceededError';
