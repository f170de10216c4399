import type { SessionSummary } from '../../shared/engine-api';
import type { SessionMeta, SessionStore } from '../storage/session-store';

/** The wire shape of a session (drops the stored header and batch count). */
export function summaryOf(m: SessionMeta): SessionSummary {
  return {
    id: m.id,
    name: m.name,
    venues: [...m.venues],
    symbols: [...m.symbols],
    startUs: m.startUs,
    endUs: m.endUs,
    frames: m.frames,
    bytes: m.bytes,
    origin: m.origin,
    truncated: m.truncated,
    note: m.note,
  };
}

/** The same store, but sessions it creates get `origin` (the importer always says `import`;
 * the built-in demo capture is imported through this view as `demo`). */
export function withOrigin(store: SessionStore, origin: SessionSummary['origin']): SessionStore {
  return {
    create: (init) => store.create({ ...init, origin }),
    appendBatch: (id, frames) => store.appendBatch(id, frames),
    finalize: (id, patch) => store.finalize(id, patch),
    list: () => store.list(),
    get: (id) => store.get(id),
    frames: (id) => store.frames(id),
    delete: (id) => store.delete(id),
    rename: (id, name) => store.rename(id, name),
  };
}
