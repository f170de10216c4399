import * as Comlink from 'comlink';
import type { EngineApi } from '../shared/engine-api';

/** `{remote, dispose}` worker wrapper (Lichtblick style). The UI never imports src/worker
 * (TS project references forbid it): the worker is referenced by URL only, which Vite bundles. */
export interface EngineClient {
  readonly remote: Comlink.Remote<EngineApi>;
  dispose(): void;
}

export function createEngineClient(): EngineClient {
  const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'bookscope-engine' });
  const remote = Comlink.wrap<EngineApi>(worker);
  return {
    remote,
    dispose: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
