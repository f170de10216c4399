import { ASK, BID, type StreamKey, type StreamState } from '../../core/types';
import { backoffMs, DEPTH_BUFFER_CAP, setLevels } from '../binance/depth-sync';
import type { DepthSnapshot } from '../binance/messages';
import type { AdapterSink } from '../types';
import type { FuturesDepthUpdate } from './messages';

/**
 * One symbol's local book under the USDⓈ-M procedure, venues.md §3.3 (it differs from spot §2.3):
 * buffer → REST snapshot → drop buffered events with `u < lastUpdateId` (strictly less) → the first
 * applied event has `U <= lastUpdateId <= u`, or `pu == lastUpdateId` (accepted by tardis-node
 * `BinanceFuturesBookChangeMapper` at c1d73fb, ccxt `(U <= nonce && u >= nonce) || pu === nonce`
 * and cryptofeed `binance_futures.py` `_check_update_id`: venues.md §3.3, §9) → afterwards every
 * event must have `pu == previous u`, else gap: book cleared, state `resyncing`, new snapshot.
 * `U != previous u + 1` is normal here (update ids are shared across symbols; PROVENANCE.md §3).
 * A duplicated or reordered event breaks the `pu` chain and is a gap too: the doc says "otherwise
 * restart", and we never guess which copy is right.
 */
export class FuturesDepthSync {
  state: StreamState = 'connecting';
  /** Connection whose depth stream feeds this symbol (a `ws_close` on it resets the book). */
  conn: string | undefined = undefined;
  /** `u` of the last applied event (or the snapshot's lastUpdateId); NaN while not live. */
  bookId = NaN;
  /** A snapshot request is out and unanswered. */
  requested = false;
  private readonly buf: (FuturesDepthUpdate | undefined)[] = new Array<FuturesDepthUpdate | undefined>(DEPTH_BUFFER_CAP).fill(undefined);
  private bufLen = 0;
  private snap: DepthSnapshot | null = null;
  private failures = 0;
  private retryHintMs = 0;

  constructor(
    readonly symbol: string,
    readonly key: StreamKey,
  ) {}

  onDepth(ev: FuturesDepthUpdate, tUs: number, sink: AdapterSink): void {
    sink.book(this.key); // tells the sink this frame is this stream's (buffered ones too)
    if (this.state === 'live') {
      if (ev.pu === this.bookId) return this.apply(ev, ev.E, tUs, sink);
      return this.gap(ev, 0, tUs, sink);
    }
    if (this.state === 'connecting') this.setState('syncing', 'first depth event', tUs, sink);
    if (this.bufLen === DEPTH_BUFFER_CAP) {
      sink.onProblem('depth-buffer-overflow', this.key, `${DEPTH_BUFFER_CAP} events buffered without a usable snapshot; restarting`, tUs);
      this.clearBuffer();
    }
    this.buf[this.bufLen++] = ev;
    if (this.bufLen === 1 && !this.requested && this.snap === null) this.request(this.takeRetryHint(), tUs, sink);
    this.trySync(tUs, sink);
  }

  onSnapshot(snap: DepthSnapshot, tUs: number, sink: AdapterSink): void {
    this.requested = false;
    if (this.state === 'live') {
      sink.onProblem('snapshot-unused', this.key, `snapshot ${snap.lastUpdateId} arrived while live at ${this.bookId}`, tUs);
      return;
    }
    this.snap = snap;
    this.trySync(tUs, sink);
  }

  /** A snapshot request failed (REST error status). */
  onSnapshotError(code: string, detail: string, retryAfterMs: number, tUs: number, sink: AdapterSink): void {
    this.requested = false;
    this.failures++;
    sink.onProblem(code, this.key, detail, tUs);
    if (this.state === 'live') return;
    const waitMs = Math.max(retryAfterMs, backoffMs(this.failures));
    if (this.bufLen > 0) this.request(waitMs, tUs, sink);
    else this.retryHintMs = waitMs;
  }

  /** The depth socket opened; an open while not `connecting` is a reconnect without a close. */
  onOpen(conn: string, tUs: number, sink: AdapterSink): void {
    if (this.state !== 'connecting') this.onClose('reopened without a close', tUs, sink);
    this.conn = conn;
    this.setState('syncing', 'ws_open', tUs, sink);
  }

  /** The socket closed: nothing we hold can be continued (venues.md §9.3, §9.4). */
  onClose(reason: string, tUs: number, sink: AdapterSink): void {
    this.resetBook(sink);
    this.clearBuffer();
    this.snap = null;
    this.setState('connecting', reason, tUs, sink);
  }

  private trySync(tUs: number, sink: AdapterSink): void {
    const s = this.snap;
    if (s === null || this.bufLen === 0) return;
    const lastId = s.lastUpdateId;
    let i = 0; // step 3: drop events with u < lastUpdateId (an event ending AT lastUpdateId stays)
    while (i < this.bufLen && (this.buf[i] as FuturesDepthUpdate).u < lastId) i++;
    if (i === this.bufLen) {
      this.clearBuffer(); // all inside the snapshot: keep it, wait for the event that reaches it
      return;
    }
    const first = this.buf[i] as FuturesDepthUpdate;
    if (!(first.U <= lastId && lastId <= first.u) && first.pu !== lastId) {
      // Step 4 fails: updates are missing between the snapshot and the buffer (snapshot too old).
      this.snap = null;
      this.shiftBuffer(i);
      this.failures++;
      sink.onProblem('snapshot-no-overlap', this.key, `first kept event U ${first.U} u ${first.u} pu ${first.pu} vs lastUpdateId ${lastId}`, tUs);
      if (!this.requested) this.request(backoffMs(this.failures), tUs, sink);
      return;
    }
    this.snap = null;
    this.failures = 0;
    sink.book(this.key).clear();
    setLevels(sink, this.key, BID, s.bids);
    setLevels(sink, this.key, ASK, s.asks);
    this.setState('live', 'snapshot applied', tUs, sink);
    sink.onBook(this.key, true, lastId, NaN, tUs);
    // Exchange time NaN for buffered events: their latency would be the snapshot's round trip.
    this.apply(first, NaN, tUs, sink);
    for (let j = i + 1; j < this.bufLen; j++) {
      const ev = this.buf[j] as FuturesDepthUpdate;
      if (ev.pu === this.bookId) {
        this.apply(ev, NaN, tUs, sink);
        continue;
      }
      this.shiftBuffer(j);
      return this.gap(ev, 1, tUs, sink);
    }
    this.clearBuffer();
  }

  private apply(ev: FuturesDepthUpdate, exchMs: number, tUs: number, sink: AdapterSink): void {
    setLevels(sink, this.key, BID, ev.b);
    setLevels(sink, this.key, ASK, ev.a);
    this.bookId = ev.u;
    sink.onBook(this.key, false, ev.u, exchMs, tUs);
  }

  /** `pu != previous u`: discard the book and restart from step 1 with this event buffered
   * (`kept` = 1 when it already heads the buffer). */
  private gap(ev: FuturesDepthUpdate, kept: 0 | 1, tUs: number, sink: AdapterSink): void {
    if (kept === 0) {
      this.clearBuffer();
      this.buf[this.bufLen++] = ev;
    }
    sink.onGap(this.key, `pu ${ev.pu} != previous u ${this.bookId} (U ${ev.U}, u ${ev.u})`, tUs);
    this.resetBook(sink);
    this.setState('resyncing', 'gap', tUs, sink);
    if (!this.requested) this.request(0, tUs, sink);
  }

  private request(retryAfterMs: number, tUs: number, sink: AdapterSink): void {
    this.requested = true;
    sink.requestSnapshot(this.key, this.symbol, retryAfterMs, tUs);
  }

  private takeRetryHint(): number {
    const ms = this.retryHintMs;
    this.retryHintMs = 0;
    return ms;
  }

  private resetBook(sink: AdapterSink): void {
    this.bookId = NaN;
    sink.book(this.key).clear();
  }

  private clearBuffer(): void {
    this.buf.fill(undefined, 0, this.bufLen); // let the parsed frames be collected
    this.bufLen = 0;
  }

  private shiftBuffer(n: number): void {
    if (n === 0) return;
    this.buf.copyWithin(0, n, this.bufLen);
    this.buf.fill(undefined, this.bufLen - n, this.bufLen);
    this.bufLen -= n;
  }

  private setState(s: StreamState, reason: string, tUs: number, sink: AdapterSink): void {
    if (this.state === s) return;
    this.state = s;
    sink.onState(this.key, s, reason, tUs);
  }
}
