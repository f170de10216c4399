import { L2Book } from '../../core/book/l2-book';
import type { RefField, StreamKey, StreamState, TakerSide } from '../../core/types';
import type { AdapterSink } from '../types';

/** One AdapterSink call, as data. */
export type SinkCall =
  | { readonly m: 'book'; readonly stream: StreamKey; readonly isSnapshot: boolean; readonly seq: number; readonly exchMs: number; readonly tUs: number }
  | { readonly m: 'trade'; readonly stream: StreamKey; readonly px: string; readonly sz: string; readonly taker: TakerSide; readonly exchMs: number; readonly id: number }
  | { readonly m: 'bbo'; readonly stream: StreamKey; readonly seq: number; readonly b: string; readonly B: string; readonly a: string; readonly A: string }
  | { readonly m: 'checksum'; readonly stream: StreamKey; readonly ok: boolean; readonly detail: string }
  | { readonly m: 'ref'; readonly stream: StreamKey; readonly field: RefField; readonly value: number; readonly exchMs: number }
  | { readonly m: 'state'; readonly stream: StreamKey; readonly state: StreamState; readonly reason: string }
  | { readonly m: 'instrument'; readonly stream: StreamKey; readonly sizeUnit: number; readonly isInverse: boolean }
  | { readonly m: 'gap'; readonly stream: StreamKey; readonly detail: string }
  | { readonly m: 'problem'; readonly code: string; readonly stream: StreamKey | undefined; readonly detail: string }
  | { readonly m: 'unknown'; readonly stream: StreamKey | undefined; readonly detail: string }
  | { readonly m: 'request'; readonly stream: StreamKey; readonly symbol: string; readonly retryAfterMs: number };

/** A test double for adapters: real books, every call logged (book() reads are not logged). */
export class RecordingSink implements AdapterSink {
  readonly calls: SinkCall[] = [];
  readonly books = new Map<StreamKey, L2Book>();

  book(stream: StreamKey): L2Book {
    let b = this.books.get(stream);
    if (b === undefined) this.books.set(stream, (b = new L2Book()));
    return b;
  }
  onBook(stream: StreamKey, isSnapshot: boolean, seq: number, exchMs: number, tUs: number): void {
    this.calls.push({ m: 'book', stream, isSnapshot, seq, exchMs, tUs });
  }
  onTrade(stream: StreamKey, px: string, sz: string, taker: TakerSide, exchMs: number, _tUs: number, id: number): void {
    this.calls.push({ m: 'trade', stream, px, sz, taker, exchMs, id });
  }
  onVenueBbo(stream: StreamKey, seq: number, b: string, B: string, a: string, A: string): void {
    this.calls.push({ m: 'bbo', stream, seq, b, B, a, A });
  }
  onChecksum(stream: StreamKey, ok: boolean, detail: string): void {
    this.calls.push({ m: 'checksum', stream, ok, detail });
  }
  onReference(stream: StreamKey, field: RefField, value: number, exchMs: number): void {
    this.calls.push({ m: 'ref', stream, field, value, exchMs });
  }
  onInstrument(stream: StreamKey, sizeUnit: number, isInverse: boolean): void {
    this.calls.push({ m: 'instrument', stream, sizeUnit, isInverse });
  }
  onState(stream: StreamKey, state: StreamState, reason: string): void {
    this.calls.push({ m: 'state', stream, state, reason });
  }
  onGap(stream: StreamKey, detail: string): void {
    this.calls.push({ m: 'gap', stream, detail });
  }
  onProblem(code: string, stream: StreamKey | undefined, detail: string): void {
    this.calls.push({ m: 'problem', code, stream, detail });
  }
  onUnknown(stream: StreamKey | undefined, detail: string): void {
    this.calls.push({ m: 'unknown', stream, detail });
  }
  requestSnapshot(stream: StreamKey, symbol: string, retryAfterMs: number): void {
    this.calls.push({ m: 'request', stream, symbol, retryAfterMs });
  }

  of<M extends SinkCall['m']>(m: M): Extract<SinkCall, { m: M }>[] {
    return this.calls.filter((c): c is Extract<SinkCall, { m: M }> => c.m === m);
  }
  clear(): void {
    this.calls.length = 0;
  }
}
