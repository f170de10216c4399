/** What every impersonator unit test needs around its loopback server and client sockets. */
import { afterEach } from 'vitest';
import WebSocketClient from 'ws';
import type WebSocket from 'ws';
import type { CaptureFrame } from '../impersonator/capture';

/** Resolves once `pred` holds (polled every 10 ms); throws after `timeoutMs`. */
export async function until(pred: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * After each test: terminate the client sockets it opened (pushed onto the returned list) and
 * close the server `current()` returns, then `forget()` it so the next test starts clean.
 */
/** A WireGate's `pending()` (via an impersonator's status) holds no fault still to apply. */
export const nothingPending = (p: Record<string, number | boolean>): boolean => Object.values(p).every((v) => v === 0 || v === false);

export function closeAfterEach(current: () => { close(): Promise<void> } | undefined, forget: () => void): WebSocket[] {
  const sockets: WebSocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.terminate();
    await current()?.close();
    forget();
  });
  return sockets;
}

export interface TextClient {
  ws: WebSocket;
  /** Every text frame received, in order. */
  texts: string[];
  closed: { code: number } | null;
}

/** A client socket on `url` that keeps every frame's text, pushed onto `sockets`; resolves once open. */
export async function openTextClient(url: string, sockets: WebSocket[]): Promise<TextClient> {
  const ws = new WebSocketClient(url);
  sockets.push(ws);
  const c: TextClient = { ws, texts: [], closed: null };
  ws.on('message', (d) => c.texts.push(d.toString()));
  ws.on('close', (code) => (c.closed = { code }));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return c;
}

export type TickerTop = { b: string; B: string; a: string; A: string };

/** A Binance capture's combined-stream bookTickers by their `u`: the book after the depth event
 * that ends on `u` must show this top (venues.md §2.2, §3.2). */
export function bookTickersByU(frames: readonly CaptureFrame[]): Map<number, TickerTop> {
  const tickers = new Map<number, TickerTop>();
  for (const f of frames) {
    if (f.type !== 'bookTicker') continue;
    const t = (JSON.parse(f.text) as { data: TickerTop & { u: number } }).data;
    tickers.set(t.u, t);
  }
  return tickers;
}

/** A test client's own naive book of venue strings (size "0" deletes), independent of the app. */
export class ClientBook {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();

  clearBook(): void {
    this.bids.clear();
    this.asks.clear();
  }

  setLevel(side: Map<string, string>, px: string, qty: string): void {
    if (Number(qty) === 0) side.delete(px);
    else side.set(px, qty);
  }

  /** Best `n` levels a side: bids high→low, asks low→high. */
  top(n: number): { bids: [string, string][]; asks: [string, string][] } {
    const s = (m: Map<string, string>, dir: number) => [...m.entries()].sort((x, y) => dir * (Number(x[0]) - Number(y[0]))).slice(0, n);
    return { bids: s(this.bids, -1), asks: s(this.asks, 1) };
  }
}
