/**
 * Single-producer / single-consumer byte FIFO of rare EngineEvents (state changes, gaps,
 * problems, info), each a 4-byte little-endian length then UTF-8 JSON. Allocation is fine here:
 * these are not per market message. A full FIFO never blocks the engine: the event is dropped and
 * counted, and the reader reports "dropped N events" as an info event (problems are data).
 *
 * Byte layout: Int32 header [writePos, readPos, dropped, storageBytes] (16 bytes), Float64
 * [tUs of the last dropped event] (8 bytes), then the byte storage. Positions are in
 * [0, storageBytes); read === write means empty, so one byte always stays free (ringbuf.js).
 * Producer publishes writePos with Atomics.store after the bytes; consumer publishes readPos
 * after it has copied them out.
 */
import type { EngineEvent } from '../core/types';

const H_W = 0;
const H_R = 1;
const H_DROPPED = 2;
const H_LEN = 3;
const DATA_OFFSET = 24;
const PREFIX = 4;

export const EVENT_FIFO_BYTES = 64 * 1024;

export const eventFifoBytes = (storage = EVENT_FIFO_BYTES): number => DATA_OFFSET + storage;

export function initEventFifo(buf: SharedArrayBuffer | ArrayBuffer): void {
  const hdr = new Int32Array(buf, 0, 4);
  hdr[H_LEN] = buf.byteLength - DATA_OFFSET;
}

const eventTUs = (ev: EngineEvent): number => (ev.type === 'problem' ? ev.problem.tUs : ev.tUs);

export class EventFifoWriter {
  private readonly hdr: Int32Array;
  private readonly lastDropTUs: Float64Array;
  private readonly bytes: Uint8Array;
  private readonly len: number;
  private readonly enc = new TextEncoder();

  constructor(buf: SharedArrayBuffer | ArrayBuffer) {
    this.hdr = new Int32Array(buf, 0, 4);
    this.lastDropTUs = new Float64Array(buf, 16, 1);
    this.len = this.hdr[H_LEN]!;
    this.bytes = new Uint8Array(buf, DATA_OFFSET, this.len);
  }

  /** Append one event. False (and counted as dropped) when the FIFO has no room for it. */
  push(ev: EngineEvent): boolean {
    // Encode into a private array: TextEncoder.encodeInto rejects shared views in some browsers.
    const body = this.enc.encode(JSON.stringify(ev));
    const need = PREFIX + body.length;
    const w = this.hdr[H_W]!; // only this thread writes it
    const r = Atomics.load(this.hdr, H_R);
    const used = (w - r + this.len) % this.len;
    if (need > this.len - 1 - used) {
      this.lastDropTUs[0] = eventTUs(ev);
      Atomics.add(this.hdr, H_DROPPED, 1);
      return false;
    }
    const n = body.length;
    let p = w;
    for (let i = 0; i < PREFIX; i++) {
      this.bytes[p] = (n >>> (8 * i)) & 0xff;
      p = p + 1 === this.len ? 0 : p + 1;
    }
    const first = Math.min(n, this.len - p);
    this.bytes.set(body.subarray(0, first), p);
    if (first < n) this.bytes.set(body.subarray(first), 0);
    Atomics.store(this.hdr, H_W, (p + n) % this.len);
    return true;
  }

  /**
   * Fallback data path (not cross-origin isolated): copy the FIFO for the UI and mark everything
   * in it as consumed here, so the next copy carries only newer events. Call on the producer's
   * thread only (the UI then never touches this buffer, so it stays single-consumer).
   */
  takeCopy(): ArrayBuffer {
    const src = new Uint8Array(this.hdr.buffer, 0, this.hdr.buffer.byteLength);
    const out = new ArrayBuffer(src.length);
    new Uint8Array(out).set(src);
    Atomics.store(this.hdr, H_R, this.hdr[H_W]!);
    return out;
  }
}

export class EventFifoReader {
  private hdr: Int32Array;
  private lastDropTUs: Float64Array;
  private bytes: Uint8Array;
  private len: number;
  private readonly dec = new TextDecoder();
  /** Dropped count already reported (kept across attach: the count is cumulative). */
  private seenDropped = 0;

  constructor(buf: SharedArrayBuffer | ArrayBuffer) {
    this.hdr = new Int32Array(buf, 0, 4);
    this.lastDropTUs = new Float64Array(buf, 16, 1);
    this.len = this.hdr[H_LEN]!;
    this.bytes = new Uint8Array(buf, DATA_OFFSET, this.len);
  }

  /** Read from another buffer of the same FIFO (a fallback copy), keeping the dropped tally. */
  attach(buf: SharedArrayBuffer | ArrayBuffer): void {
    this.hdr = new Int32Array(buf, 0, 4);
    this.lastDropTUs = new Float64Array(buf, 16, 1);
    this.len = this.hdr[H_LEN]!;
    this.bytes = new Uint8Array(buf, DATA_OFFSET, this.len);
  }

  /** Every event written since the last drain, oldest first (plus a "dropped" info if any). */
  drain(): EngineEvent[] {
    const out: EngineEvent[] = [];
    const dropped = Atomics.load(this.hdr, H_DROPPED);
    if (dropped !== this.seenDropped) {
      const n = dropped > this.seenDropped ? dropped - this.seenDropped : dropped;
      out.push({ type: 'info', detail: `dropped ${n} events (event FIFO full)`, tUs: this.lastDropTUs[0]! });
      this.seenDropped = dropped;
    }
    const w = Atomics.load(this.hdr, H_W);
    let r = this.hdr[H_R]!;
    while (r !== w) {
      let n = 0;
      for (let i = 0; i < PREFIX; i++) {
        n |= this.bytes[r]! << (8 * i);
        r = r + 1 === this.len ? 0 : r + 1;
      }
      // Private copy: TextDecoder.decode rejects views on a SharedArrayBuffer.
      const body = new Uint8Array(n);
      const first = Math.min(n, this.len - r);
      body.set(this.bytes.subarray(r, r + first), 0);
      if (first < n) body.set(this.bytes.subarray(0, n - first), first);
      r = (r + n) % this.len;
      out.push(this.decode(body));
    }
    Atomics.store(this.hdr, H_R, r);
    return out;
  }

  private decode(body: Uint8Array): EngineEvent {
    try {
      return JSON.parse(this.dec.decode(body)) as EngineEvent;
    } catch (e) {
      return { type: 'info', detail: `unreadable event in FIFO: ${String(e)}`, tUs: 0 };
    }
  }
}
