import { streamKeyOf as streamKeyOf_IMPORT, type RawFrame } from '../../core/types';
import type { AdapterSink, VenueAdapter } from '../types';
import { AdvancedTradeFeed, type CoinbaseBooks } from './advanced';
import { CoinbaseBookSync } from './book-sync';
import { FrameScan } from '../common/frame-scan';
import { onExchangeMessage as onExchangeMessage_IMPORT, onL2Update as onL2Update_IMPORT } from './exchange';
import { isObj as isObj_IMPORT } from './messages';
import { ExchangeL2Update, scanL2Update as scanL2Update_IMPORT } from './scan';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const streamKeyOf = streamKeyOf_IMPORT;
const onExchangeMessage = onExchangeMessage_IMPORT;
const isObj = isObj_IMPORT;
const onL2Update = onL2Update_IMPORT;
const scanL2Update = scanL2Update_IMPORT;

/**
 * Coinbase (venues.md §5): Advanced Trade (`{channel, sequence_num, events}`, §5.2) live, and
 * the older Exchange feed (`{type, product_id}`, §5.1) so its captures still replay. The two are
 * told apart per message by their envelope. Never throws: every frame is wrapped.
 */
export class CoinbaseAdapter implements VenueAdapter, CoinbaseBooks {
  readonly venue = 'coinbase' as const;
  private readonly syncs = new Map<string, CoinbaseBookSync>();
  private readonly advanced = new AdvancedTradeFeed(this);
  private readonly scan = new FrameScan();
  readonly l2update = new ExchangeL2Update();

  /** Exchange-feed `l2update`s in their usual spelling are read straight into `l2update`
   * (scan.ts); every other frame goes through JSON.parse. */
  parse(text: string): unknown {
    return scanL2Update(text, this.scan, this.l2update) ? this.l2update : JSON.parse(text);
  }

  onFrame(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
    try {
      switch (frame.kind) {
        case 'ws': {
          if (msg === this.l2update) return onL2Update(this, this.l2update, frame, sink);
          if (!isObj(msg)) return sink.onUnknown(undefined, 'not a JSON object', frame.tUs);
          if (typeof msg.channel === 'string') return this.advanced.onMessage(msg, msg.channel, frame, sink);
          if (typeof msg.type === 'string') return onExchangeMessage(this, msg, msg.type, frame, sink);
          return sink.onUnknown(undefined, 'message without channel or type', frame.tUs);
        }
        case 'ws_sent':
          return this.onSent(frame, sink);
        case 'ws_open':
        case 'ws_close':
          this.advanced.resetConn(frame.conn);
          for (const s of this.syncs.values()) if (s.conn === frame.conn && s.state !== 'connecting') s.onClose(frame.kind === 'ws_close' ? 'ws_close' : 'reopened without a close', frame.tUs, sink);
          return;
        case 'rest':
        case 'rest_error':
          return sink.onUnknown(undefined, `${frame.kind} frame on a Coinbase connection`, frame.tUs);
      }
    } catch (e) {
      sink.onProblem('adapter-error', undefined, `${frame.kind} on ${frame.conn}: ${String(e)}`, frame.tUs);
    }
  }

  sync(product: string): CoinbaseBookSync {
    let s = this.syncs.get(product);
    if (s === undefined) this.syncs.set(product, (s = new CoinbaseBookSync(product, streamKeyOf('coinbase', product))));
    return s;
  }

  *syncsOn(conn: string): Iterable<CoinbaseBookSync> {
    for (const s of this.syncs.values()) if (s.conn === conn) yield s;
  }

  /** Our own subscribe to a book channel (Advanced `level2`, Exchange `level2`/`level2_batch`). */
  private onSent(frame: RawFrame, sink: AdapterSink): void {
    if (!frame.text.includes('level2')) return;
    let m: unknown;
    try {
      m = JSON.parse(frame.text);
    } catch {
      return;
    }
    if (!isObj(m) || m.type !== 'subscribe' || !Array.isArray(m.product_ids)) return;
    const chans = Array.isArray(m.channels) ? m.channels : [m.channel];
    if (!chans.some((c) => c === 'level2' || c === 'level2_batch')) return;
    for (const p of m.product_ids as unknown[]) if (typeof p === 'string') this.sync(p).onSubscribed(frame.conn, frame.tUs, sink);
  }
}
