import type { RawFrame } from '../../core/types';
import type { LiveConnectionSpec } from '../../venues/types';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { frameText, WS_OPEN, type LiveIo, type TimerHandle, type WsLike } from './io';

export const CONN_STATUSES = ['connecting', 'open', 'closed', 'stale', 'error'] as const;
export type ConnStatus = (typeof CONN_STATUSES)[number];

export interface LiveConnectionEvents {
  /** Every frame, including the synthetic `ws_open` / `ws_sent` / `ws_close` records, so a
   * recorded session replays reconnects exactly. */
  frame(f: RawFrame): void;
  /** Lifecycle news for the engine (rare). `stale` = no frame for `staleAfterMs`. */
  status?(conn: string, status: ConnStatus, detail: string, tUs: number): void;
  /** Something of the live machinery went wrong (a venue's resync threw, a resubscribe found its
   * socket down…): counted as a problem, never thrown. */
  problem?(code: string, detail: string): void;
}

export interface LiveConnectionOptions {
  /** No frame for this long ⇒ close and reconnect. `Infinity` disables (the WS-API socket
   * is silent between requests by design). */
  readonly staleAfterMs: number;
  readonly isShutdownNotice: (text: string) => boolean;
  readonly backoff?: BackoffPolicy;
  /** Binance closes a connection after 24 h (venues.md §2.1): replace it before that. */
  readonly maxAgeMs?: number;
  /** A replacement socket that has not opened by then is abandoned. */
  readonly replaceTimeoutMs?: number;
  /** Period of the staleness / keep-alive check. */
  readonly checkEveryMs?: number;
  /** App-level keep-alive (VenueLiveDef.keepAlive): `text` goes out when nothing was sent for
   * `idleMs`, checked on every inbound message and by the check timer (venues.md §1.4 rule 1). */
  readonly keepAlive?: { readonly text: string; readonly idleMs: number };
}

const DEFAULT_MAX_AGE_MS = 23.5 * 3600_000;
/** Close codes we use when we close: 1000 normal; 4000 (application range) for a stale socket. */
const CODE_NORMAL = 1000;
const CODE_STALE = 4000;

/**
 * One WebSocket of a venue, kept alive: reconnects with capped exponential backoff + full
 * jitter, declares the socket stale after `staleAfterMs` without a frame, and replaces it
 * (new socket first, then the old one closed) on a server-shutdown notice or before the 24 h
 * limit — venues.md §9.4 item 4. Frames carry `tUs` = epoch µs at receipt.
 */
export class LiveConnection {
  private cur: WsLike | null = null;
  private curOpen = false;
  private curOpenedMs = 0;
  private pending: WsLike | null = null;
  private attempt = 0;
  private lastFrameMs = 0;
  private lastSentMs = 0;
  private stopped = true;
  private reconnectTimer: TimerHandle | null = null;
  private checkTimer: TimerHandle | null = null;
  private rolloverTimer: TimerHandle | null = null;
  private replaceTimer: TimerHandle | null = null;
  private readonly backoff: BackoffPolicy;

  constructor(
    readonly spec: LiveConnectionSpec,
    private readonly io: LiveIo,
    private readonly events: LiveConnectionEvents,
    private readonly opts: LiveConnectionOptions,
  ) {
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
  }

  get conn(): string {
    return this.spec.conn;
  }

  isOpen(): boolean {
    return this.curOpen && this.cur !== null && this.cur.readyState === WS_OPEN;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    this.connect();
    this.armCheck();
  }

  /** Send a text frame on the open socket; recorded as `ws_sent`. False when not open. */
  send(text: string): boolean {
    if (!this.isOpen() || this.cur === null) return false;
    this.cur.send(text);
    this.lastSentMs = this.io.nowMs();
    this.emit('ws_sent', text);
    return true;
  }

  /** Close for good: no timers, no handlers left. Records a `ws_close` if a socket was open. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of [this.reconnectTimer, this.checkTimer, this.rolloverTimer, this.replaceTimer]) {
      if (t !== null) this.io.clearTimeout(t);
    }
    this.reconnectTimer = this.checkTimer = this.rolloverTimer = this.replaceTimer = null;
    if (this.pending) this.abandon(this.pending, 'stop');
    this.pending = null;
    this.dropCurrent(CODE_NORMAL, 'stop');
    this.status('closed', 'stop');
  }

  /** Open a replacement socket now; the current one keeps delivering until it opens. */
  replace(reason: string): void {
    if (this.stopped || this.pending !== null) return;
    if (!this.curOpen) {
      // Nothing healthy to keep: a plain reconnect is the replacement.
      this.dropCurrent(CODE_NORMAL, reason);
      this.scheduleReconnect(0);
      return;
    }
    const ws = this.open();
    if (ws === null) return;
    this.pending = ws;
    this.replaceTimer = this.io.setTimeout(() => {
      this.replaceTimer = null;
      if (this.pending !== ws) return;
      this.pending = null;
      this.abandon(ws, 'replacement timeout');
      if (!this.curOpen) this.scheduleReconnect(this.nextDelay());
    }, this.opts.replaceTimeoutMs ?? 10_000);
  }

  private connect(): void {
    this.reconnectTimer = null;
    if (this.stopped) return;
    const ws = this.open();
    if (ws === null) {
      this.scheduleReconnect(this.nextDelay());
      return;
    }
    this.cur = ws;
    this.curOpen = false;
  }

  /** Create a socket with handlers bound to it; null if the constructor threw. */
  private open(): WsLike | null {
    this.status('connecting', this.spec.url);
    let ws: WsLike;
    try {
      ws = new this.io.WebSocket(this.spec.url);
      ws.binaryType = 'arraybuffer'; // venues.md §1.2: before any data flows
    } catch (e) {
      this.status('error', `WebSocket(${this.spec.url}): ${String(e)}`);
      return null;
    }
    ws.onopen = () => this.onOpen(ws);
    ws.onmessage = (ev) => {
      if (ws === this.cur) this.onMessage(frameText(ev.data));
    };
    ws.onerror = () => {
      if (ws === this.cur || ws === this.pending) this.status('error', 'socket error');
    };
    ws.onclose = (ev) => this.onClose(ws, ev.code, ev.reason);
    return ws;
  }

  private onOpen(ws: WsLike): void {
    if (this.stopped) return;
    if (ws === this.pending) {
      // The replacement is up: retire the old socket first so frames never interleave on `conn`.
      this.pending = null;
      if (this.replaceTimer !== null) this.io.clearTimeout(this.replaceTimer);
      this.replaceTimer = null;
      this.dropCurrent(CODE_NORMAL, 'replaced');
      this.cur = ws;
    } else if (ws !== this.cur) {
      return;
    }
    this.curOpen = true;
    this.curOpenedMs = this.io.nowMs();
    this.lastFrameMs = this.curOpenedMs;
    this.lastSentMs = this.curOpenedMs;
    this.emit('ws_open', '', this.spec.url);
    this.status('open', this.spec.url);
    for (const text of this.spec.subscribe) this.send(text);
    if (this.rolloverTimer !== null) this.io.clearTimeout(this.rolloverTimer);
    this.rolloverTimer = this.io.setTimeout(() => {
      this.rolloverTimer = null;
      this.replace('connection age limit');
    }, this.opts.maxAgeMs ?? DEFAULT_MAX_AGE_MS);
  }

  private onMessage(text: string): void {
    const now = this.io.nowMs();
    this.lastFrameMs = now;
    this.emit('ws', text);
    if (this.opts.isShutdownNotice(text)) this.replace('server shutdown notice');
    // A busy socket keeps itself alive even when a hidden tab's timers fire once a minute
    // (venues.md §1.4 rule 1): the message event is a network task, not a throttled timer.
    else this.keepAlive(now);
  }

  /** Send the venue's keep-alive text if nothing was sent for `idleMs` (recorded as ws_sent). */
  private keepAlive(now: number): void {
    const ka = this.opts.keepAlive;
    if (ka !== undefined && this.curOpen && now - this.lastSentMs >= ka.idleMs) this.send(ka.text);
  }

  private onClose(ws: WsLike, code: number, reason: string): void {
    if (this.stopped) return;
    if (ws === this.pending) {
      this.pending = null;
      if (this.replaceTimer !== null) this.io.clearTimeout(this.replaceTimer);
      this.replaceTimer = null;
      if (!this.curOpen) this.scheduleReconnect(this.nextDelay());
      return;
    }
    if (ws !== this.cur) return;
    const wasOpen = this.curOpen;
    if (wasOpen && this.io.nowMs() - this.curOpenedMs >= this.backoff.healthyMs) this.attempt = 0;
    this.cur = null;
    this.curOpen = false;
    if (wasOpen) this.emit('ws_close', JSON.stringify({ code, reason }));
    this.status('closed', `code ${code} ${reason}`);
    // A replacement on its way takes over when it opens; otherwise back off and reconnect.
    if (this.pending === null) this.scheduleReconnect(this.nextDelay());
  }

  private armCheck(): void {
    const stale = this.opts.staleAfterMs;
    const idle = this.opts.keepAlive?.idleMs ?? Infinity;
    if (!Number.isFinite(stale) && !Number.isFinite(idle)) return;
    const every = this.opts.checkEveryMs ?? Math.max(250, Math.min(1000, stale / 4, idle / 4));
    this.checkTimer = this.io.setTimeout(() => {
      this.checkTimer = null;
      if (this.stopped) return;
      const now = this.io.nowMs();
      if (this.curOpen && now - this.lastFrameMs > stale) this.onStale();
      else this.keepAlive(now);
      this.armCheck();
    }, every);
  }

  private onStale(): void {
    const detail = `no frame for ${Math.round(this.opts.staleAfterMs / 1000)} s`;
    // `stale` first (the pipeline marks the streams stale; after the ws_close they would already
    // be `connecting`), at the very tUs of the ws_close, so a replay's gap rows match live's.
    const tUs = this.io.nowUs();
    this.events.status?.(this.spec.conn, 'stale', detail, tUs);
    this.dropCurrent(CODE_STALE, `stale: ${detail}`, tUs);
    if (this.pending === null) this.scheduleReconnect(this.nextDelay());
  }

  /** Detach and close the current socket, recording its `ws_close` if it was open. */
  private dropCurrent(code: number, reason: string, tUs = this.io.nowUs()): void {
    const ws = this.cur;
    if (ws === null) return;
    const wasOpen = this.curOpen;
    this.cur = null;
    this.curOpen = false;
    if (this.rolloverTimer !== null) this.io.clearTimeout(this.rolloverTimer);
    this.rolloverTimer = null;
    this.abandon(ws, reason, code);
    if (wasOpen) this.emit('ws_close', JSON.stringify({ code, reason }), undefined, tUs);
  }

  private abandon(ws: WsLike, reason: string, code = CODE_NORMAL): void {
    ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
    try {
      ws.close(code, reason.slice(0, 120)); // close reasons are limited to 123 bytes
    } catch {
      // Closing a socket that never connected may throw in some implementations: nothing to do.
    }
  }

  private nextDelay(): number {
    return backoffDelayMs(this.backoff, this.attempt++, this.io.random());
  }

  private scheduleReconnect(delayMs: number): void {
    if (this.stopped || this.reconnectTimer !== null) return;
    this.reconnectTimer = this.io.setTimeout(() => this.connect(), delayMs);
  }

  private emit(kind: RawFrame['kind'], text: string, url?: string, tUs = this.io.nowUs()): void {
    this.events.frame(url === undefined ? { tUs, kind, conn: this.spec.conn, text } : { tUs, kind, conn: this.spec.conn, url, text });
  }

  private status(s: ConnStatus, detail: string): void {
    this.events.status?.(this.spec.conn, s, detail, this.io.nowUs());
  }
}
