import type { Remote } from 'comlink';
import type { EngineApi, EngineLayout } from '../../shared/engine-api';
import { EngineReader } from '../../shared/reader';
import type { FrameStore } from './frame-store';

/**
 * The one requestAnimationFrame loop: reads the data plane once per frame into the FrameStore.
 * Shared memory: read the SharedArrayBuffers in place. Fallback (not cross-origin isolated):
 * pull a transferred copy each frame (`pullLayout`), at most one request in flight.
 */
export class FrameLoop {
  private reader: EngineReader | null = null;
  private rafId = 0;
  private pulling = false;
  private running = false;

  constructor(
    private readonly engine: Remote<EngineApi>,
    private readonly store: FrameStore,
    private readonly shared: boolean,
  ) {}

  adopt(layout: EngineLayout): void {
    if (this.reader === null) this.reader = new EngineReader(layout);
    else this.reader.setLayout(layout);
  }

  /** Shared mode only: the stream set may have changed (new connection, new replay). */
  async refreshLayout(): Promise<void> {
    if (!this.shared) return;
    try {
      const r = await this.engine.layout();
      if (r.ok && (this.reader === null || r.value.version !== this.reader.version)) this.adopt(r.value);
    } catch {
      // The worker is gone: the controller reports it; nothing to read.
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.rafId = requestAnimationFrame(this.tick);
  }

  stop(): void {
    this.running = false;
    cancelAnimationFrame(this.rafId);
  }

  private readonly tick = (): void => {
    if (!this.running) return;
    if (this.shared) {
      if (this.reader !== null) this.store.ingest(this.reader);
    } else if (!this.pulling) {
      this.pulling = true;
      this.engine
        .pullLayout()
        .then((r) => {
          if (!r.ok || !this.running) return;
          this.adopt(r.value);
          if (this.reader !== null) this.store.ingest(this.reader);
        })
        .catch(() => undefined)
        .finally(() => {
          this.pulling = false;
        });
    }
    this.rafId = requestAnimationFrame(this.tick);
  };
}
