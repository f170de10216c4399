/**
 * SessionStore over IndexedDB (through `idb`). Each batch append is one readwrite transaction
 * over both stores, so the meta counts always match the batches stored, even when a write fails
 * half-way (e.g. QuotaExceededError aborts the whole transaction).
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { RawFrame } from '../../core/types';
import { DB_NAME, DB_VERSION, kindAt, kindIndex, upgradeDb, type BookscopeDb, type StoredBatch } from './schema';
import {
  newSessionId,
  utf8Length,
  type FinalizePatch,
  type NewSession,
  type SessionMeta,
  type SessionStore,
} from './session-store';

export class IdbSessionStore implements SessionStore {
  private constructor(private readonly db: IDBPDatabase<BookscopeDb>) {}

  static async open(dbName = DB_NAME): Promise<IdbSessionStore> {
    const db = await openDB<BookscopeDb>(dbName, DB_VERSION, { upgrade: upgradeDb });
    return new IdbSessionStore(db);
  }

  close(): void {
    this.db.close();
  }

  async create(init: NewSession): Promise<SessionMeta> {
    const meta: SessionMeta = {
      id: newSessionId(init.startUs),
      name: init.name,
      venues: init.venues,
      symbols: init.symbols,
      startUs: init.startUs,
      endUs: init.startUs,
      frames: 0,
      bytes: 0,
      origin: init.origin,
      truncated: init.truncated ?? false,
      note: init.note ?? '',
      header: init.header,
      batches: 0,
    };
    await this.db.add('sessions', meta);
    return meta;
  }

  async appendBatch(id: string, frames: readonly RawFrame[]): Promise<void> {
    if (frames.length === 0) return;
    const tx = this.db.transaction(['sessions', 'batches'], 'readwrite');
    try {
      const meta = await tx.objectStore('sessions').get(id);
      if (meta === undefined) throw new Error(`no session ${id}`);
      const batch = toBatch(id, meta.batches, frames);
      let bytes = 0;
      let endUs = meta.endUs;
      for (const f of frames) {
        bytes += utf8Length(f.text);
        if (f.tUs > endUs) endUs = f.tUs;
      }
      await tx.objectStore('batches').add(batch);
      await tx.objectStore('sessions').put({
        ...meta,
        frames: meta.frames + frames.length,
        bytes: meta.bytes + bytes,
        endUs,
        batches: meta.batches + 1,
      });
      await tx.done;
    } catch (e) {
      abortQuietly(tx);
      await tx.done.catch(() => undefined);
      throw e;
    }
  }

  async finalize(id: string, patch: FinalizePatch): Promise<SessionMeta> {
    const tx = this.db.transaction('sessions', 'readwrite');
    const meta = await tx.store.get(id);
    if (meta === undefined) {
      await tx.done;
      throw new Error(`no session ${id}`);
    }
    const next: SessionMeta = {
      ...meta,
      name: patch.name ?? meta.name,
      venues: patch.venues ?? meta.venues,
      symbols: patch.symbols ?? meta.symbols,
      startUs: patch.startUs ?? meta.startUs,
      endUs: patch.endUs ?? meta.endUs,
      truncated: patch.truncated ?? meta.truncated,
      note: patch.note ?? meta.note,
      header: patch.header ?? meta.header,
    };
    await tx.store.put(next);
    await tx.done;
    return next;
  }

  async list(): Promise<SessionMeta[]> {
    const all = await this.db.getAllFromIndex('sessions', 'startUs');
    return all.reverse();
  }

  get(id: string): Promise<SessionMeta | undefined> {
    return this.db.get('sessions', id);
  }

  async *frames(id: string): AsyncIterable<readonly RawFrame[]> {
    const meta = await this.db.get('sessions', id);
    if (meta === undefined) return;
    // One short transaction per batch: an IDB transaction cannot stay open across the
    // consumer's awaits.
    for (let b = 0; b < meta.batches; b++) {
      const batch = await this.db.get('batches', [id, b]);
      if (batch === undefined) return;
      yield fromBatch(batch);
    }
  }

  async delete(id: string): Promise<void> {
    const tx = this.db.transaction(['sessions', 'batches'], 'readwrite');
    await tx.objectStore('batches').delete(IDBKeyRange.bound([id, 0], [id, Infinity]));
    await tx.objectStore('sessions').delete(id);
    await tx.done;
  }

  async rename(id: string, name: string): Promise<void> {
    const tx = this.db.transaction('sessions', 'readwrite');
    const meta = await tx.store.get(id);
    if (meta === undefined) {
      await tx.done;
      throw new Error(`no session ${id}`);
    }
    await tx.store.put({ ...meta, name });
    await tx.done;
  }
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // already finished or aborted
  }
}

function toBatch(sessionId: string, batchNo: number, frames: readonly RawFrame[]): StoredBatch {
  const n = frames.length;
  const tUs = new Float64Array(n);
  const kind = new Uint8Array(n);
  const conn: string[] = new Array<string>(n);
  const text: string[] = new Array<string>(n);
  const url: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    const f = frames[i]!;
    tUs[i] = f.tUs;
    kind[i] = kindIndex(f.kind);
    conn[i] = f.conn;
    text[i] = f.text;
    if (f.url !== undefined) url[i] = f.url;
  }
  return { sessionId, batchNo, tUs, kind, conn, url, text };
}

function fromBatch(b: StoredBatch): RawFrame[] {
  const out: RawFrame[] = new Array<RawFrame>(b.tUs.length);
  for (let i = 0; i < b.tUs.length; i++) {
    const url = b.url[i];
    const base = { tUs: b.tUs[i]!, kind: kindAt(b.kind[i]!), conn: b.conn[i]!, text: b.text[i]! };
    out[i] = url === undefined || url === null ? base : { ...base, url };
  }
  return out;
}
