import type { RawFrame } from '../../core/types';
import type { AdapterSink } from '../types';

/** An adapter's handler per frame kind (core/types.ts FRAME_KINDS). */
export interface FrameHandlers {
  onWs(frame: RawFrame, msg: unknown, sink: AdapterSink): void;
  onRest(frame: RawFrame, msg: unknown, sink: AdapterSink): void;
  onRestError(frame: RawFrame, sink: AdapterSink): void;
  onOpen(frame: RawFrame, sink: AdapterSink): void;
  onClose(frame: RawFrame, sink: AdapterSink): void;
  /** Our own subscribe / snapshot requests; absent when the responses say everything. */
  onSent?(frame: RawFrame, sink: AdapterSink): void;
}

/**
 * One frame to the handler of its kind. Nothing throws across the adapter boundary (TEAM-NOTES,
 * "problems are data"): an exception becomes an `adapter-error` problem naming the frame.
 */
export function routeFrame(h: FrameHandlers, frame: RawFrame, msg: unknown, sink: AdapterSink): void {
  try {
    switch (frame.kind) {
      case 'ws':
        return h.onWs(frame, msg, sink);
      case 'rest':
        return h.onRest(frame, msg, sink);
      case 'rest_error':
        return h.onRestError(frame, sink);
      case 'ws_open':
        return h.onOpen(frame, sink);
      case 'ws_close':
        return h.onClose(frame, sink);
      case 'ws_sent':
        return h.onSent?.(frame, sink);
    }
  } catch (e) {
    sink.onProblem('adapter-error', undefined, `${frame.kind} on ${frame.conn}: ${String(e)}`, frame.tUs);
  }
}
