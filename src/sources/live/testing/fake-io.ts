/**
 * A deterministic LiveIo for tests: a manual clock, timers run by `advance`, scripted sockets
 * and fetch. Pure TypeScript (no node APIs) so it type-checks in the sources project.
 */
import type { FetchResponseLike, LiveIo, WsLike } from '../io';

interface Timer {
  readonly id: number;
  readonly atMs: number;
  readonly fn: () => void;
}

export class FakeWs implements WsLike {
  binaryType = 'blob';
  readyState = 0;
  readonly sent: string[] = [];
  closedWith: { code?: number; reason?: string } | null = null;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { readonly data: unknown }) => void) | null = null;
  onclose: ((ev: { readonly code: number; readonly reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(text: string): void {
    this.sent.push(text);
  }
  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }
  // Test controls:
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  message(text: string): void {
    this.onmessage?.({ data: text });
  }
  serverClose(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

export class FakeIo implements LiveIo {
  nowMsValue = 1000;
  epochBaseUs = 1_700_000_000_000_000;
  private timers: Timer[] = [];
  private nextId = 1;
  readonly sockets: FakeWs[] = [];
  readonly fetches: { url: string; resolve: (r: FetchResponseLike) => void; reject: (e: unknown) => void }[] = [];
  randomValue = 0.5;

  nowUs(): number {
    return this.epochBaseUs + Math.round(this.nowMsValue * 1000);
  }
  nowMs(): number {
    return this.nowMsValue;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const t = { id: this.nextId++, atMs: this.nowMsValue + Math.max(0, ms), fn };
    this.timers.push(t);
    return t.id;
  }
  clearTimeout(h: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== h);
  }
  random(): number {
    return this.randomValue;
  }
  readonly WebSocket = ((io: FakeIo) =>
    class extends FakeWs {
      constructor(url: string) {
        super(url);
        io.sockets.push(this);
      }
    })(this);
  readonly fetch = (url: string): Promise<FetchResponseLike> =>
    new Promise((resolve, reject) => this.fetches.push({ url, resolve, reject }));

  pendingTimers(): number {
    return this.timers.length;
  }
  /** Run every timer due within `ms`, in time order, moving the clock as they fire. */
  advance(ms: number): void {
    const end = this.nowMsValue + ms;
    for (;;) {
      let next: Timer | undefined;
      for (const t of this.timers) if (t.atMs <= end && (next === undefined || t.atMs < next.atMs || (t.atMs === next.atMs && t.id < next.id))) next = t;
      if (next === undefined) break;
      const fired = next;
      this.timers = this.timers.filter((t) => t !== fired);
      this.nowMsValue = Math.max(this.nowMsValue, fired.atMs);
      fired.fn();
    }
    this.nowMsValue = end;
  }
  lastSocket(): FakeWs {
    const s = this.sockets[this.sockets.length - 1];
    if (s === undefined) throw new Error('no socket');
    return s;
  }
}

export function response(status: number, body: string, headers: Record<string, string> = {}): FetchResponseLike {
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (n: string) => headers[n] ?? headers[n.toLowerCase()] ?? null },
    text: async () => body,
  };
}
