import { streamKeyOf, type RawFrame, type VenueId } from '../../core/types';
import { readRestError } from '../common/rest-error-record';
import type { AdapterSink } from '../types';
import type { DepthRules } from './depth-rules';
import { DepthSync } from './depth-sync';
import { isDepthSnapshot, type DepthUpdate } from './messages';
import { depthSymbolsOfUrl, symbolOfUrl } from './meta';
import { retryAfterMsOf, snapshotErrorCode } from './retry';

/**
 * The per-symbol books of one Binance adapter (spot or USDⓈ-M) and what both do with them:
 * socket open/close, REST snapshots and REST errors (recorded with their URL, or inline without
 * one as hftbacktest does, PROVENANCE.md §2 HBT).
 */
export class DepthBooks<E extends DepthUpdate> {
  private readonly syncs = new Map<string, DepthSync<E>>();

  /** `notLiveFallback`: an inline snapshot with nobody awaiting one goes to the only symbol not
   * yet live (see `awaiting`). */
  constructor(
    private readonly venue: VenueId,
    private readonly rules: DepthRules<E>,
    private readonly notLiveFallback: boolean,
  ) {}

  get(symbol: string): DepthSync<E> {
    let s = this.syncs.get(symbol);
    if (s === undefined) {
      s = new DepthSync(symbol, streamKeyOf(this.venue, symbol), this.rules);
      this.syncs.set(symbol, s);
    }
    return s;
  }

  onOpen(frame: RawFrame, sink: AdapterSink): void {
    for (const sym of depthSymbolsOfUrl(frame.url)) this.get(sym).onOpen(frame.conn, frame.tUs, sink);
  }

  onClose(frame: RawFrame, sink: AdapterSink): void {
    for (const s of this.syncs.values()) if (s.conn === frame.conn) s.onClose('ws_close', frame.tUs, sink);
  }

  onRest(frame: RawFrame, msg: unknown, sink: AdapterSink): void {
    if (!isDepthSnapshot(msg)) return sink.onUnknown(undefined, `rest ${frame.url ?? '(no url)'}: not a depth snapshot`, frame.tUs);
    const sym = symbolOfUrl(frame.url) ?? this.awaiting();
    if (sym === undefined) {
      return sink.onProblem('snapshot-unassigned', undefined, `snapshot ${msg.lastUpdateId} without a url and not exactly one symbol awaiting one`, frame.tUs);
    }
    this.get(sym).onSnapshot(msg, frame.tUs, sink);
  }

  /** `rest_error` (TEAM-NOTES "Frame record"), url = the request; 429/418 back off (retry.ts). */
  onRestError(frame: RawFrame, sink: AdapterSink): void {
    const { status, body, retryAfter } = readRestError(frame.text);
    const sym = symbolOfUrl(frame.url) ?? this.awaiting();
    const detail = `REST depth status ${status}: ${typeof body === 'string' ? body.slice(0, 200) : ''}`;
    if (sym === undefined) return sink.onProblem(snapshotErrorCode(status), undefined, detail, frame.tUs);
    const hint = retryAfter !== undefined ? { retryAfter } : body;
    this.get(sym).onSnapshotError(snapshotErrorCode(status), detail, retryAfterMsOf(status, hint, frame.tUs), frame.tUs, sink);
  }

  /** hftbacktest writes its REST snapshot inline without a URL (PROVENANCE.md §2 HBT): it belongs
   * to the one symbol waiting for a snapshot, if exactly one is — or, with `notLiveFallback`, when
   * none is (as in the 2023-04-04 USD-M capture where it lands before the first depth event), to
   * the only symbol not yet live. */
  private awaiting(): string | undefined {
    let asked: string | undefined;
    let notLive: string | undefined;
    let askedN = 0;
    let notLiveN = 0;
    for (const s of this.syncs.values()) {
      if (s.state === 'live') continue;
      notLiveN++;
      notLive = s.symbol;
      if (!s.requested) continue;
      askedN++;
      asked = s.symbol;
    }
    if (askedN > 0 || !this.notLiveFallback) return askedN === 1 ? asked : undefined;
    return notLiveN === 1 ? notLive : undefined;
  }
}
