import { streamKeyOf as streamKeyOf_IMPORT, type RawFrame } from '../../core/types';
import type { AdapterSink, VenueAdapter } from '../types';
import { KrakenBookSync } from './book-sync';
import { isObj as isObj_IMPORT } from './messages';
import { FrameScan } from '../common/frame-scan';
import { parseKraken as parseKraken_IMPORT } from './number-text';
import { scanV1Book as scanV1Book_IMPORT, V1BookMsg } from './scan';
import { onV1Array as onV1Array_IMPORT, onV1Book as onV1Book_IMPORT, onV1Event as onV1Event_IMPORT, onV1Sent as onV1Sent_IMPORT } from './v1';
import { onV2Channel as onV2Channel_IMPORT, onV2Method as onV2Method_IMPORT, onV2Sent as onV2Sent_IMPORT } from './v2';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const streamKeyOf = streamKeyOf_IMPORT;
const isObj = isObj_IMPORT;
const parseKraken = parseKraken_IMPORT;
const onV1Array = onV1Array_IMPORT;
const onV1Book = onV1Book_IMPORT;
const scanV1Book = scanV1Book_IMPORT;
const onV1Event = onV1Event_IMPORT;
const onV1Sent = onV1Sent_IMPORT;
const onV2Channel = onV2Channel_IMPORT;
const onV2Method = onV2Method_IMPORT;
const onV2Sent = onV2Sent_IMPORT;

/** What the v1/v2 handlers need from the adapter. */
export interface KrakenStreams {
  /** The sync state of a venue-native symbol (`BTC/USD` on v2, `XBT/USD` on v1). */
  sync(symbol: string): KrakenBookSync;
  /** The sync state if the symbol is already known (no stream is created for junk). */
  known(symbol: string): KrakenBookSync | undefined;
  /** The v1 book message being handled (reused: one frame at a time; scan.ts). */
  readonly v1Book: V1BookMsg;
}

/**
 * Kraken spot, WebSocket v2 (live, venues.md §6) and v1 (captures, PROVENANCE.md §4.5). Both are
 * snapshot-in-stream books guarded only by a CRC32 over the top 10 levels (§8.2); the per-symbol
 * rules live in KrakenBookSync. v1 frames are arrays, v2 frames objects with `channel`/`method`.
 * Never throws: every frame is wrapped.
 */
export class KrakenAdapter implements VenueAdapter, KrakenStreams {
  readonly venue = 'kraken' as const;
  private readonly syncs = new Map<string, KrakenBookSync>();
  private readonly scan = new FrameScan();
  readonly v1Book = new V1BookMsg();

  /** v1 book messages in Kraken's own spelling are read without JSON.parse (scan.ts); v2
   * `price`/`qty` number literals are kept as their source text (number-text.ts). */
  parse(text: string): unknown {
    return scanV1Book(text, this.scan, this.v1Book) ? this.v1Book : parseKraken(text);
  }

  onFrame(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
    try {
      switch (frame.kind) {
        case 'ws':
          return this.onWs(frame, msg, sink);
        case 'ws_sent':
          return this.onSent(frame, sink);
        case 'ws_open':
          // Kraken subscribes in-band (ws_sent follows); a re-open without a close drops the books.
          for (const s of this.syncs.values()) if (s.conn === frame.conn && s.state !== 'connecting') s.onClose('reopened without a close', frame.tUs, sink);
          return;
        case 'ws_close':
          for (const s of this.syncs.values()) if (s.conn === frame.conn) s.onClose('ws_close', frame.tUs, sink);
          return;
        case 'rest':
        case 'rest_error':
          // Kraken books come in-stream only; no REST snapshot is ever requested.
          return sink.onUnknown(undefined, `${frame.kind} frame ${frame.url ?? ''}`, frame.tUs);
      }
    } catch (e) {
      sink.onProblem('adapter-error', undefined, `${frame.kind} on ${frame.conn}: ${String(e)}`, frame.tUs);
    }
  }

  sync(symbol: string): KrakenBookSync {
    let s = this.syncs.get(symbol);
    if (s === undefined) {
      s = new KrakenBookSync(symbol, streamKeyOf('kraken', symbol));
      this.syncs.set(symbol, s);
    }
    return s;
  }

  known(symbol: string): KrakenBookSync | undefined {
    return this.syncs.get(symbol);
  }

  private onWs(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
    if (msg === this.v1Book) return onV1Book(this.v1Book, frame, this, sink);
    if (Array.isArray(msg)) return onV1Array(msg, frame, this, sink);
    if (!isObj(msg)) return sink.onUnknown(undefined, 'not a JSON object or array', frame.tUs);
    if (typeof msg.channel === 'string') return onV2Channel(msg, frame, this, sink);
    if (typeof msg.method === 'string') return onV2Method(msg, frame, this, sink);
    if (typeof msg.event === 'string') return onV1Event(msg, frame, this, sink);
    sink.onUnknown(undefined, 'unrecognised message', frame.tUs);
  }

  /** Our own subscribe frames say which symbols a connection carries and at what depth. */
  private onSent(frame: RawFrame, sink: AdapterSink): void {
    let m: unknown;
    try {
      m = JSON.parse(frame.text);
    } catch {
      return; // not ours to judge: the venue's answer will say what happened
    }
    if (!isObj(m)) return;
    if (typeof m.method === 'string') onV2Sent(m, frame, this, sink);
    else if (typeof m.event === 'string') onV1Sent(m, frame, this, sink);
  }
}
