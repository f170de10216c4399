import type { VenueId } from '../../core/types';
import { DataPlane } from '../../shared/data-plane';
import type { EngineLayout } from '../../shared/engine-api';
import { EngineRefusal } from './result';

export interface StreamSpec {
  readonly venue: VenueId;
  readonly symbol: string;
}

/**
 * Owns the current DataPlane. A different stream set gets a fresh plane (old streams must not
 * linger in the UI); the layout version stays monotonic across planes (`base` + plane version),
 * and the change is announced on the old plane's event FIFO — the one the UI still reads — so
 * the UI re-fetches the layout (EngineApi.layout).
 */
export class PlaneHost {
  private plane: DataPlane | null = null;
  private base = 0;

  constructor(private readonly opts: { readonly seriesCapacity?: number } = {}) {}

  init(shared: boolean): DataPlane {
    const cur = this.plane;
    if (cur !== null && cur.shared === (shared && typeof SharedArrayBuffer !== 'undefined')) return cur;
    const next = this.fresh(shared);
    // Keep the streams, so a re-init does not lose what the UI shows.
    if (cur !== null) for (const s of cur.streams()) next.ensureStream(s.venue, s.symbol);
    return this.swap(next, 'data plane re-initialised', 0);
  }

  get(): DataPlane {
    if (this.plane === null) throw new EngineRefusal('engine not initialised: call init() first');
    return this.plane;
  }

  get version(): number {
    return this.base + (this.plane?.version ?? 0);
  }

  /** Make the plane hold exactly `streams` (in order), cleared. True if the layout changed. */
  prepare(streams: readonly StreamSpec[], tUs: number): boolean {
    const cur = this.get();
    const have = cur.streams();
    const same = have.length === streams.length && streams.every((s, i) => have[i]?.venue === s.venue && have[i]?.symbol === s.symbol);
    if (same) {
      cur.clearData(tUs);
      return false;
    }
    const next = this.fresh(cur.shared);
    for (const s of streams) next.ensureStream(s.venue, s.symbol);
    this.swap(next, `streams: ${streams.map((s) => `${s.venue}:${s.symbol}`).join(', ') || '(none)'}`, tUs);
    return true;
  }

  layout(): EngineLayout {
    return { ...this.get().layout(), version: this.version };
  }

  /** Fallback path: transferable copies (see DataPlane.copyLayout). */
  copyLayout(maxSeriesRows?: number): { readonly layout: EngineLayout; readonly transfer: ArrayBuffer[] } {
    const { layout, transfer } = this.get().copyLayout(maxSeriesRows);
    return { layout: { ...layout, version: this.version }, transfer };
  }

  private fresh(shared: boolean): DataPlane {
    return new DataPlane({ shared, ...(this.opts.seriesCapacity ? { seriesCapacity: this.opts.seriesCapacity } : {}) });
  }

  private swap(next: DataPlane, detail: string, tUs: number): DataPlane {
    const old = this.plane;
    if (old !== null) this.base += old.version;
    this.plane = next;
    const ev = { type: 'info', detail: `layout changed (version ${this.version}): ${detail}`, tUs } as const;
    old?.events.push(ev);
    next.events.push(ev);
    return next;
  }
}
