import type { StreamKey, StreamState } from '../../core/types';
import type { AdapterSink } from '../types';

/**
 * State of one product's book. The book itself is rebuilt from in-stream snapshots only
 * (venues.md §5): Advanced Trade `level2` `snapshot` events, Exchange `snapshot` messages.
 * Continuity is judged per connection by the adapter (Advanced `sequence_num`); the Exchange
 * `l2update` carries no sequence at all (§5.1), so there nothing can be checked.
 */
export class CoinbaseBookSync {
  state: StreamState = 'connecting';
  conn: string | undefined = undefined;
  /** Exchange feed only: count of `l2update`s applied since the snapshot, used as the commit's
   * seq (the venue sends none, and a NaN seq means "left live" downstream). */
  applied = 0;

  constructor(
    readonly product: string,
    readonly key: StreamKey,
  ) {}

  onSubscribed(conn: string, tUs: number, sink: AdapterSink): void {
    if (this.state === 'live' && this.conn === conn) return; // a resubscribe: its snapshot resets
    this.conn = conn;
    if (this.state === 'connecting') this.setState('syncing', 'subscribed', tUs, sink);
  }

  /** After the snapshot's levels were set. */
  live(tUs: number, sink: AdapterSink): void {
    this.applied = 0;
    this.setState('live', 'snapshot applied', tUs, sink);
  }

  /** Continuity broke: clear, `resyncing`, ask for a resubscribe (venues.md §5.2 "Safe rule"). */
  gap(detail: string, tUs: number, sink: AdapterSink): void {
    if (this.state === 'resyncing') return; // already asked; wait for the snapshot
    sink.onGap(this.key, detail, tUs);
    sink.book(this.key).clear(); // never presented across the gap
    this.setState('resyncing', 'gap', tUs, sink);
    sink.requestSnapshot(this.key, this.product, 0, tUs);
  }

  onClose(reason: string, tUs: number, sink: AdapterSink): void {
    sink.book(this.key).clear();
    this.setState('connecting', reason, tUs, sink);
  }

  setState(s: StreamState, reason: string, tUs: number, sink: AdapterSink): void {
    if (this.state === s) return;
    this.state = s;
    sink.onState(this.key, s, reason, tUs);
  }
}
