import { ASK, BID, type StreamKey, type StreamState } from '../../core/types';
import { EventBuffer } from '../common/event-buffer';
import type { AdapterSink } from '../types';
import { APPLY, GAP, STALE, type DepthRules, type Link } from './depth-rules';
import type { DepthSnapshot, DepthUpdate, Level } from './messages';

/** Events kept while waiting for a snapshot: 200 s of `@depth@100ms` (tardis-node keeps 2000
 * too, venues.md §9.3), longer than the 60 s rate-limit back-off. Overflow ⇒ problem + restart. */
export const DEPTH_BUFFER_CAP = 2000;
/** Back-off for snapshots that are too old or never overlap: 1 s, 2 s, 4 s … capped. */
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 30_000;

/**
 * One symbol's local book under a Binance depth procedure, step by step (venues.md §2.3 spot,
 * §3.3 USDⓈ-M; where they differ is the `rules` object, depth-rules.ts):
 * buffer → snapshot → [spot: too old?] → drop events inside the snapshot → the first kept one
 * must overlap it → then every event is chained to the book (apply / ignore stale / gap ⇒ restart).
 * Replay has no real requester: a stream simply waits (syncing/resyncing) until the session's
 * recorded snapshot frame arrives.
 */
export class DepthSync<E extends DepthUpdate = DepthUpdate> {
  state: StreamState = 'connecting';
  /** Connection whose depth stream feeds this symbol (a `ws_close` on it resets the book). */
  conn: string | undefined = undefined;
  /** `bookId` of §2.3: update id after the last applied event; NaN while not live. */
  bookId = NaN;
  /** A snapshot request is out and unanswered (the source de-duplicates too). */
  requested = false;
  private readonly buf = new EventBuffer<E>(DEPTH_BUFFER_CAP);
  /** `U` of the first event buffered since the last (re)start: spot step 3's "too old" test. */
  private firstU = NaN;
  private snap: DepthSnapshot | null = null;
  private failures = 0;
  /** Retry-After learnt from a failed request, used by the next request. */
  private retryHintMs = 0;

  constructor(
    readonly symbol: string,
    readonly key: StreamKey,
    private readonly rules: DepthRules<E>,
  ) {}

  onDepth(ev: E, tUs: number, sink: AdapterSink): void {
    sink.book(this.key); // also tells the sink this frame is this stream's (buffered ones too)
    if (this.state === 'live') {
      if (this.step(ev, ev.E, tUs, sink) === GAP) this.gap(ev, tUs, sink);
      return;
    }
    if (this.state === 'connecting') this.setState('syncing', 'first depth event', tUs, sink);
    if (this.buf.full) {
      sink.onProblem('depth-buffer-overflow', this.key, `${DEPTH_BUFFER_CAP} events buffered without a usable snapshot; restarting`, tUs);
      this.clearBuffer();
    }
    this.push(ev);
    if (this.buf.length === 1 && !this.requested && this.snap === null) this.request(this.takeRetryHint(), tUs, sink);
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

  /** A snapshot request failed (WS-API error status or REST error). */
  onSnapshotError(code: string, detail: string, retryAfterMs: number, tUs: number, sink: AdapterSink): void {
    this.requested = false;
    this.failures++;
    sink.onProblem(code, this.key, detail, tUs);
    if (this.state === 'live') return;
    const waitMs = Math.max(retryAfterMs, backoffMs(this.failures));
    if (this.buf.length > 0) this.request(waitMs, tUs, sink);
    else this.retryHintMs = waitMs;
  }

  /** The stream's socket opened. An open on a conn that was already feeding us is a reconnect. */
  onOpen(conn: string, tUs: number, sink: AdapterSink): void {
    if (this.state !== 'connecting') this.onClose('reopened without a close', tUs, sink);
    this.conn = conn;
    this.setState('syncing', 'ws_open', tUs, sink);
  }

  /** The socket closed: nothing we hold can be continued (tardis-node's `disconnect`, venues.md §9.3). */
  onClose(reason: string, tUs: number, sink: AdapterSink): void {
    this.resetBook(sink);
    this.clearBuffer();
    this.snap = null;
    this.setState('connecting', reason, tUs, sink);
  }

  private trySync(tUs: number, sink: AdapterSink): void {
    const s = this.snap;
    if (s === null || this.buf.length === 0) return;
    const lastId = s.lastUpdateId;
    const rules = this.rules;
    if (rules.checksTooOld && lastId < this.firstU) {
      // Spot step 3, strictly as written: lastUpdateId < first buffered U ⇒ too old, fetch again.
      this.snap = null;
      this.fail('snapshot-too-old', `lastUpdateId ${lastId} < first buffered U ${this.firstU}`, tUs, sink);
      return;
    }
    let i = 0; // drop buffered events already inside the snapshot
    const buf = this.buf;
    while (i < buf.length && rules.dropped(buf.at(i), lastId)) i++;
    if (i === buf.length) {
      // Every buffered event is inside the snapshot: keep it and wait for the event that crosses
      // (firstU stays: step 3 compares with the first event buffered, not the first kept).
      buf.clear();
      return;
    }
    const first = buf.at(i);
    if (!rules.overlaps(first, lastId)) {
      // Events are missing between the snapshot and the buffer: this snapshot can never overlap.
      this.snap = null;
      this.buf.dropFirst(i);
      this.firstU = first.U;
      this.fail('snapshot-no-overlap', rules.missDetail(first, lastId), tUs, sink);
      return;
    }
    // Book := snapshot.
    this.snap = null;
    this.failures = 0;
    const book = sink.book(this.key);
    book.clear();
    setLevels(sink, this.key, BID, s.bids);
    setLevels(sink, this.key, ASK, s.asks);
    this.bookId = lastId;
    this.setState('live', 'snapshot applied', tUs, sink);
    sink.onBook(this.key, true, lastId, NaN, tUs);
    // The buffer, chained like live events. Exchange time NaN: these were received earlier, their
    // latency would be the snapshot's round trip, not the feed's. The first one overlaps by the
    // test above, so it is applied as it stands.
    this.apply(first, NaN, tUs, sink);
    for (let j = i + 1; j < buf.length; j++) {
      const ev = buf.at(j);
      if (this.step(ev, NaN, tUs, sink) !== GAP) continue;
      this.buf.dropFirst(j);
      this.gapKeepBuffer(ev, tUs, sink);
      return;
    }
    this.clearBuffer();
  }

  /** One event against the live book: apply it, ignore it as stale, or report a gap. */
  private step(ev: E, exchMs: number, tUs: number, sink: AdapterSink): Link {
    const v = this.rules.link(ev, this.bookId);
    if (v === APPLY) this.apply(ev, exchMs, tUs, sink);
    else if (v === STALE) sink.onProblem('depth-stale-ignored', this.key, `u ${ev.u} < bookId ${this.bookId}`, tUs);
    return v;
  }

  private apply(ev: E, exchMs: number, tUs: number, sink: AdapterSink): void {
    setLevels(sink, this.key, BID, ev.b);
    setLevels(sink, this.key, ASK, ev.a);
    this.bookId = ev.u;
    sink.onBook(this.key, false, ev.u, exchMs, tUs);
  }

  /** A gap: discard the book and restart from step 1 with this event buffered. */
  private gap(ev: E, tUs: number, sink: AdapterSink): void {
    this.clearBuffer();
    this.push(ev);
    this.gapKeepBuffer(ev, tUs, sink);
  }

  /** The gap event is already at the head of the buffer. */
  private gapKeepBuffer(ev: E, tUs: number, sink: AdapterSink): void {
    this.firstU = ev.U;
    sink.onGap(this.key, this.rules.gapDetail(ev, this.bookId), tUs);
    this.resetBook(sink);
    this.setState('resyncing', 'gap', tUs, sink);
    if (!this.requested) this.request(0, tUs, sink);
  }

  private fail(code: string, detail: string, tUs: number, sink: AdapterSink): void {
    this.failures++;
    sink.onProblem(code, this.key, detail, tUs);
    if (!this.requested) this.request(backoffMs(this.failures), tUs, sink);
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

  private push(ev: E): void {
    if (Number.isNaN(this.firstU)) this.firstU = ev.U;
    this.buf.push(ev);
  }

  private clearBuffer(): void {
    this.buf.clear();
    this.firstU = NaN;
  }

  private setState(s: StreamState, reason: string, tUs: number, sink: AdapterSink): void {
    if (this.state === s) return;
    this.state = s;
    sink.onState(this.key, s, reason, tUs);
  }
}

export const backoffMs = (failures: number): number => Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, failures - 1));

export function setLevels(sink: AdapterSink, key: StreamKey, side: typeof BID | typeof ASK, levels: readonly Level[]): void {
  const book = sink.book(key);
  for (let i = 0; i < levels.length; i++) {
    const l = levels[i] as Level;
    book.set(side, l[0], l[1]);
  }
}
