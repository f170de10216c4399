import type { EngineEvent, StreamKey, StreamState } from '../../core/types';

/** A stretch of local time (seconds, the charts' x unit) during which a stream was not live. */
export interface StateSpan {
  readonly state: StreamState;
  readonly fromSec: number;
  /** null while still open. */
  toSec: number | null;
}

const MAX_SPANS = 500;

/**
 * Non-live spans per stream, built from `state` events, so charts can shade resyncs
 * (DESIGN.md principle 5: a gap is shown, never bridged).
 */
export class StateSpans {
  private readonly byStream = new Map<StreamKey, StateSpan[]>();
  version = 0;

  add(ev: EngineEvent): void {
    if (ev.type !== 'state') return;
    const tSec = ev.tUs / 1e6;
    let list = this.byStream.get(ev.stream);
    if (list === undefined) {
      list = [];
      this.byStream.set(ev.stream, list);
    }
    const open = list.at(-1);
    if (open !== undefined && open.toSec === null) open.toSec = tSec;
    if (ev.state !== 'live') {
      list.push({ state: ev.state, fromSec: tSec, toSec: null });
      if (list.length > MAX_SPANS) list.splice(0, list.length - MAX_SPANS);
    }
    this.version += 1;
  }

  of(stream: StreamKey): readonly StateSpan[] {
    return this.byStream.get(stream) ?? [];
  }

  clear(): void {
    this.byStream.clear();
    this.version += 1;
  }
}
