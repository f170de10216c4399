import type { SessionSummary } from '../../shared/engine-api';
import { importSession } from '../storage/import-session';
import type { SessionStore } from '../storage/session-store';
import type { EngineDeps } from './deps';
import { EngineRefusal } from './result';
import { summaryOf, withOrigin } from './store-views';

/**
 * The built-in demo capture as a session (origin `demo`), imported once: with no network the app
 * still has something true to replay. An existing demo session is returned as it is.
 */
export async function ensureDemo(store: SessionStore, fetch: EngineDeps['fetch'], url: string): Promise<SessionSummary> {
  const have = (await store.list()).find((s) => s.origin === 'demo');
  if (have !== undefined) return summaryOf(have);
  const res = await fetch(url);
  if (!res.ok) throw new EngineRefusal(`demo session download failed: HTTP ${res.status} for ${url}`);
  const fileName = url.replace(/[?#].*$/, '').replace(/^.*\//, '') || 'demo.jsonl.gz';
  const r = await importSession(withOrigin(store, 'demo'), await res.blob(), fileName);
  if (!r.ok) throw new EngineRefusal(`demo session import failed: ${r.error}`);
  return summaryOf(r.value);
}
