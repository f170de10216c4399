/**
 * The IndexedDB schema of bookscope and its migrations. Bump DB_VERSION and add a step to
 * `upgradeDb` for every change; steps run in order from the version a browser has.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { FRAME_KINDS, type FrameKind } from '../../core/types';
import type { SessionMeta } from './session-store';

export const DB_NAME = 'bookscope';
export const DB_VERSION = 1;

/** One stored batch: frames as parallel columns (compact, structured-clone friendly). */
export interface StoredBatch {
  readonly sessionId: string;
  readonly batchNo: number;
  readonly tUs: Float64Array;
  /** Index into FRAME_KINDS. */
  readonly kind: Uint8Array;
  readonly conn: readonly string[];
  /** Sparse: only frames that have a URL. */
  readonly url: readonly (string | null)[];
  readonly text: readonly string[];
}

export interface BookscopeDb extends DBSchema {
  sessions: { key: string; value: SessionMeta; indexes: { startUs: number } };
  batches: { key: [string, number]; value: StoredBatch };
}

export type UpgradeTx = IDBPTransaction<BookscopeDb, StoreNames<BookscopeDb>[], 'versionchange'>;

export function upgradeDb(db: IDBPDatabase<BookscopeDb>, oldVersion: number, _newVersion: number | null, _tx: UpgradeTx): void {
  if (oldVersion < 1) {
    const sessions = db.createObjectStore('sessions', { keyPath: 'id' });
    sessions.createIndex('startUs', 'startUs');
    db.createObjectStore('batches', { keyPath: ['sessionId', 'batchNo'] });
  }
  // Future: if (oldVersion < 2) { … migrate with _tx … }
}

export const kindIndex = (k: FrameKind): number => FRAME_KINDS.indexOf(k);
export const kindAt = (i: number): FrameKind => FRAME_KINDS[i] ?? 'ws';
