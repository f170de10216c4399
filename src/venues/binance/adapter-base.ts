import type { RawFrame, VenueId } from '../../core/types';
import { routeFrame, type FrameHandlers } from '../common/route-frame';
import type { AdapterSink, VenueAdapter } from '../types';
import { DepthBooks } from './depth-books';
import type { DepthRules } from './depth-rules';
import type { DepthSync } from './depth-sync';
import type { DepthUpdate } from './messages';

/**
 * What the Binance spot and USDⓈ-M adapters share: JSON frames, one DepthSync per symbol under the
 * venue's rules, REST snapshots / errors and socket open / close handled by DepthBooks. A subclass
 * reads its own stream payloads (`onWs`). Never throws: every frame goes through routeFrame.
 */
export abstract class BinanceAdapterBase<E extends DepthUpdate> implements VenueAdapter, FrameHandlers {
  abstract readonly venue: VenueId;
  protected readonly books: DepthBooks<E>;

  constructor(venue: VenueId, rules: DepthRules<E>, notLiveFallback: boolean) {
    this.books = new DepthBooks(venue, rules, notLiveFallback);
  }

  parse(text: string): unknown {
    return JSON.parse(text);
  }

  onFrame(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
    routeFrame(this, frame, msg, sink);
  }

  abstract onWs(frame: RawFrame, msg: unknown, sink: AdapterSink): void;

  // No onSent: our own subscribe / snapshot requests; the responses say everything.
  onRest(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
    this.books.onRest(frame, msg, sink);
  }
  onRestError(frame: RawFrame, sink: AdapterSink): void {
    this.books.onRestError(frame, sink);
  }
  onOpen(frame: RawFrame, sink: AdapterSink): void {
    this.books.onOpen(frame, sink);
  }
  onClose(frame: RawFrame, sink: AdapterSink): void {
    this.books.onClose(frame, sink);
  }

  protected sync(symbol: string): DepthSync<E> {
    return this.books.get(symbol);
  }
}
