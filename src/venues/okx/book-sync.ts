import { ASK as ASK_IMPORT, BID as BID_IMPORT, type StreamKey, type StreamState } from '../../core/types';
import type { AdapterSink } from '../types';
import { EventBuffer } from '../common/event-buffer';
import { OkxChecksumCache } from './checksum-cache';
import type { LevelRows } from '../common/frame-scan';
import type { OkxBookMsg } from './scan';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const ASK = ASK_IMPORT;
const BID = BID_IMPORT;

/** Sequenced updates kept while waiting for a REST snapshot (as Binance's DEPTH_BUFFER_CAP). */
export const OKX_BUFFER_CAP = 2000;
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 30_000;

/** Verdicts of one update (numbers: no enums, TEAM-NOTES). */
const APPLIED = 0;
/** The chain broke; the gap is the caller's to handle. */
const BROKEN = 1;
/** A checksum mismatch: commit() already started the resync. */
const HANDLED = 2;
type Verdict = typeof APPLIED | typeof BROKEN | typeof HANDLED;

interface PendingSnapshot {
  readonly d: OkxBookMsg;
  readonly seq: number;
}

/**
 * One instrument's book on an incremental OKX channel (`books`, `books-l2-tbt`, …), venues.md §4.3/§4.4.
 *
 * Two ways to get a trustworthy book, both always accepted (venues.md §4.4 "Implement both"):
 * - the in-stream `action:"snapshot"` (prevSeqId = -1): the book is RESET on every snapshot (the
 *   2022-02-27 capture delivers two identical snapshots per instrument, PROVENANCE.md §3);
 * - the announced REST bootstrap (OKX-LOG "Delist initial snapshot…"): updates are buffered, the
 *   `GET /api/v5/market/books?…&source=0` answer (a `rest` frame) is applied when
 *   `snapshot.seqId >= prevSeqId of the first buffered update` (step 4), buffered updates with
 *   `seqId <= snapshot.seqId` are dropped (step 5) and the first kept one must satisfy
 *   `prevSeqId <= snapshot.seqId < seqId` (step 6). ⚠ The rest of OKX's text was truncated in the
 *   crawl (venues.md §11.3); "the second event" of step 2 is read here as the first buffered
 *   UPDATE (the first event, a snapshot, is the in-stream path when it comes at all).
 *
 * Continuity while live: `prevSeqId == previous seqId` (ccxt's rule, venues.md §4.3). Coded
 * defensively for what OKX's primary doc does not confirm (⚠ venues.md §4.3, §11.3):
 * `seqId == prevSeqId` with both sides empty is a heartbeat (nothing applied, nothing emitted);
 * a `seqId` below its own `prevSeqId` (a reset after maintenance) is a break like any other.
 * Duplicates and reorders break the chain too, so they resync (OKX gives no "ignore stale" rule).
 *
 * The legacy checksum is verified only when non-zero (0 since 2026-06-23, venues.md §4.4), BEFORE
 * the commit is presented: a mismatching book is never shown, the stream resyncs at once.
 */
export class OkxBookSync {
  state: StreamState = 'connecting';
  /** Connection carrying this instrument's book channel (its `ws_close` resets the book). */
  conn: string | undefined = undefined;
  /** seqId after the last applied message; NaN before one, or for captures without seqIds. */
  seqId = NaN;
  /** A resync request is out and unanswered. */
  requested = false;
  private readonly buf = new EventBuffer<OkxBookMsg>(OKX_BUFFER_CAP);
  /** prevSeqId of the first update buffered since the last (re)start: step 4's "too old" test. */
  private firstPrev = NaN;
  private snap: PendingSnapshot | null = null;
  private failures = 0;
  private ck: OkxChecksumCache | null = null;
  /** Commits without seqId or exchange time (a last-resort non-NaN seq). */
  private commits = 0;
  /** Why the last update broke the chain (set only on that rare path). */
  private broke = '';

  constructor(
    readonly instId: string,
    readonly key: StreamKey,
  ) {}

  /** Our subscribe frame for this instrument's book went out on `conn`. */
  onSubscribe(conn: string, tUs: number, sink: AdapterSink): void {
    this.conn = conn;
    if (this.state === 'connecting') this.setState('syncing', 'subscribed', tUs, sink);
  }

  /** In-stream `action:"snapshot"`. */
  onSnapshot(d: OkxBookMsg, tUs: number, sink: AdapterSink): void {
    this.clearBuffer();
    this.snap = null;
    this.requested = false;
    this.failures = 0;
    load(sink, this.key, d);
    this.commit(true, d, typeof d.seqId === 'number' ? d.seqId : NaN, d.exchMs, tUs, sink);
  }

  /** `books5` / `bbo-tbt`: every push replaces the book (venues.md §4.2; no checksum, no chain). */
  onFull(d: OkxBookMsg, tUs: number, sink: AdapterSink): void {
    load(sink, this.key, d);
    this.commit(true, d, typeof d.seqId === 'number' ? d.seqId : NaN, d.exchMs, tUs, sink);
  }

  /** `action:"update"`. */
  onUpdate(d: OkxBookMsg, tUs: number, sink: AdapterSink): void {
    sink.book(this.key); // tells the sink this frame is this stream's (buffered ones too)
    if (this.state === 'live') {
      this.applyLive(d, d.exchMs, tUs, sink);
      return;
    }
    if (this.state === 'connecting') this.setState('syncing', 'first update before any snapshot', tUs, sink);
    // Only sequenced updates can be bootstrapped from REST; legacy ones wait for a snapshot.
    if (typeof d.seqId === 'number' && typeof d.prevSeqId === 'number') {
      if (this.buf.full) {
        sink.onProblem('depth-buffer-overflow', this.key, `${OKX_BUFFER_CAP} updates buffered without a usable snapshot; restarting`, tUs);
        this.clearBuffer();
      }
      this.push(d);
    }
    if (!this.requested && this.snap === null) this.request(backoffMs(this.failures), tUs, sink);
    this.trySync(tUs, sink);
  }

  /** The REST `market/books` answer for this instrument (`seq` = its seqId, NaN if absent). */
  onRestSnapshot(d: OkxBookMsg, seq: number, tUs: number, sink: AdapterSink): void {
    this.requested = false;
    if (this.state === 'live') {
      sink.onProblem('snapshot-unused', this.key, `REST snapshot ${seq} arrived while live at seqId ${this.seqId}`, tUs);
      return;
    }
    if (seq !== seq) return this.fail('snapshot-without-seqid', 'REST snapshot carries no seqId: cannot be joined to the stream', tUs, sink);
    this.snap = { d, seq };
    this.trySync(tUs, sink);
  }

  /** The REST request failed (`rest_error`, or an answer with `code != "0"`). */
  onRestError(code: string, detail: string, tUs: number, sink: AdapterSink): void {
    this.requested = false;
    if (this.state === 'live') return sink.onProblem(code, this.key, detail, tUs);
    this.fail(code, detail, tUs, sink);
  }

  /** The socket closed: nothing we hold can be continued (tardis-node's `disconnect`, venues.md §9.3). */
  onClose(reason: string, tUs: number, sink: AdapterSink): void {
    this.resetBook(sink);
    this.clearBuffer();
    this.snap = null;
    this.requested = false;
    this.setState('connecting', reason, tUs, sink);
  }

  private applyLive(d: OkxBookMsg, exchMs: number, tUs: number, sink: AdapterSink): void {
    const v = this.apply(d, exchMs, tUs, sink);
    if (v === BROKEN) this.breakChain(d, tUs, sink);
  }

  /** One update under the chain rule. BROKEN leaves the gap to the caller (detail in `broke`). */
  private apply(d: OkxBookMsg, exchMs: number, tUs: number, sink: AdapterSink): Verdict {
    const prev = d.prevSeqId;
    const seq = d.seqId;
    if (this.seqId === this.seqId) {
      if (typeof prev !== 'number' || typeof seq !== 'number') {
        this.broke = 'update without seqId/prevSeqId after a sequenced snapshot';
        return BROKEN;
      }
      if (prev !== this.seqId) {
        this.broke = `prevSeqId ${prev} != last seqId ${this.seqId}`;
        return BROKEN;
      }
      if (seq < prev) {
        this.broke = `seqId ${seq} < prevSeqId ${prev} (a reset? ⚠ venues.md §4.3)`;
        return BROKEN;
      }
      if (seq === prev && d.bids.n === 0 && d.asks.n === 0) return APPLIED; // heartbeat ⚠
    }
    // Legacy captures carry no seqIds: only their checksum guards them.
    setLevels(sink, this.key, BID, d.bids);
    setLevels(sink, this.key, ASK, d.asks);
    return this.commit(false, d, typeof seq === 'number' ? seq : NaN, exchMs, tUs, sink) ? APPLIED : HANDLED;
  }

  /** Verify the checksum (non-zero only), then present the book. False ⇒ resync started. */
  private commit(isSnapshot: boolean, d: OkxBookMsg, seq: number, exchMs: number, tUs: number, sink: AdapterSink): boolean {
    const want = d.checksum;
    const checked = typeof want === 'number' && want !== 0;
    if (checked) {
      this.ck ??= new OkxChecksumCache(); // only streams that carry non-zero checksums pay for it
      const book = sink.book(this.key);
      const got = isSnapshot ? this.ck.checksum(book) : this.ck.checksum(book, d.bids, d.asks);
      if (got !== want) {
        sink.onChecksum(this.key, false, `checksum ${want} != local ${got} (${isSnapshot ? 'snapshot' : 'update'} seqId ${seq})`, tUs);
        this.clearBuffer();
        this.gap(`checksum mismatch at seqId ${seq}`, tUs, sink);
        return false;
      }
    } else this.ck?.invalidate(); // the cache no longer saw every change of this book
    this.seqId = seq;
    this.setState('live', isSnapshot ? 'snapshot applied' : 'update applied', tUs, sink);
    // Captures from before seqId existed (PROVENANCE.md §4.4) have no update id: the exchange
    // time stands in, because a NaN seq downstream means "left live" (worker plane-output.ts).
    sink.onBook(this.key, isSnapshot, seq === seq ? seq : exchMs === exchMs ? exchMs : ++this.commits, exchMs, tUs);
    if (checked) sink.onChecksum(this.key, true, '', tUs);
    return true;
  }

  private trySync(tUs: number, sink: AdapterSink): void {
    const s = this.snap;
    const buf = this.buf;
    if (s === null || buf.length === 0) return;
    if (s.seq < this.firstPrev) {
      this.snap = null; // step 4: too old, fetch again
      return this.fail('snapshot-too-old', `snapshot seqId ${s.seq} < first buffered prevSeqId ${this.firstPrev}`, tUs, sink);
    }
    let i = 0; // step 5: drop buffered updates with seqId <= snapshot seqId
    while (i < buf.length && (buf.at(i).seqId as number) <= s.seq) i++;
    if (i === buf.length) {
      buf.clear(); // all inside the snapshot: wait for the one that crosses
      return;
    }
    const first = buf.at(i);
    if (!((first.prevSeqId as number) <= s.seq)) {
      this.snap = null; // step 6 fails: updates are missing between the snapshot and the buffer
      buf.dropFirst(i);
      this.firstPrev = first.prevSeqId as number;
      return this.fail('snapshot-no-overlap', `first kept prevSeqId ${first.prevSeqId} > snapshot seqId ${s.seq}`, tUs, sink);
    }
    this.snap = null;
    load(sink, this.key, s.d);
    // Exchange time NaN: the snapshot and the buffered updates arrived earlier; their latency
    // would be the REST round trip, not the feed's (as Binance's DepthSync).
    if (!this.commit(true, s.d, s.seq, NaN, tUs, sink)) return;
    this.failures = 0;
    // The first kept update joins by `prevSeqId <= snapshot seqId < seqId`, not by equality.
    this.seqId = first.prevSeqId as number;
    for (let j = i; j < buf.length; j++) {
      const v = this.apply(buf.at(j), NaN, tUs, sink);
      if (v === APPLIED) continue;
      if (v === BROKEN) {
        // The chain broke inside the buffer: keep it from the breaking update on, start over.
        buf.dropFirst(j);
        this.firstPrev = buf.at(0).prevSeqId as number;
        this.gap(this.broke, tUs, sink);
      }
      return;
    }
    this.clearBuffer();
  }

  /** The chain broke live: discard the book; this update heads a fresh buffer (REST bootstrap). */
  private breakChain(d: OkxBookMsg, tUs: number, sink: AdapterSink): void {
    this.clearBuffer();
    if (typeof d.seqId === 'number' && typeof d.prevSeqId === 'number') this.push(d);
    this.gap(this.broke, tUs, sink);
  }

  private gap(detail: string, tUs: number, sink: AdapterSink): void {
    sink.onGap(this.key, detail, tUs);
    this.resetBook(sink);
    this.snap = null;
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
    sink.requestSnapshot(this.key, this.instId, retryAfterMs, tUs);
  }

  private resetBook(sink: AdapterSink): void {
    this.seqId = NaN;
    this.ck?.invalidate();
    sink.book(this.key).clear();
  }

  /** Buffer a copy: `d` may be the adapter's reused record. */
  private push(d: OkxBookMsg): void {
    if (this.firstPrev !== this.firstPrev) this.firstPrev = d.prevSeqId as number;
    this.buf.push(d.copy());
  }

  private clearBuffer(): void {
    this.buf.clear();
    this.firstPrev = NaN;
  }

  private setState(s: StreamState, reason: string, tUs: number, sink: AdapterSink): void {
    if (this.state === s) return;
    this.state = s;
    sink.onState(this.key, s, reason, tUs);
  }
}

const backoffMs = (failures: number): number => (failures === 0 ? 0 : Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (failures - 1)));

function load(sink: AdapterSink, key: StreamKey, d: OkxBookMsg): void {
  sink.book(key).clear();
  setLevels(sink, key, BID, d.bids);
  setLevels(sink, key, ASK, d.asks);
}

/** Levels are `[price, size, …]` strings (checked by the scan or by isBookData). */
function setLevels(sink: AdapterSink, key: StreamKey, side: typeof BID | typeof ASK, levels: LevelRows): void {
  const book = sink.book(key);
  const rows = levels.rows;
  for (let i = 0; i < levels.n; i++) {
    const l = rows[i]!;
    book.set(side, l[0] as string, l[1] as string);
  }
}
