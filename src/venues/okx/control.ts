import type { RawFrame } from '../../core/types';
import type { AdapterSink } from '../types';
import { isObj as isObj_IMPORT, type Obj } from './messages';

/** Module-local copies of imports read per message (some loaders, e.g. tsx's CommonJS
 * transform, turn each read of an import into a getter call). */
const isObj = isObj_IMPORT;

/** Incremental book channels (snapshot + update, seqId chain, venues.md §4.2). */
export const INCREMENTAL_BOOKS: ReadonlySet<string> = new Set(['books', 'books-l2-tbt', 'books50-l2-tbt', 'books-elp', 'books-rpi']);
/** Book channels whose every push is a full replacement (venues.md §4.2). */
export const FULL_BOOKS: ReadonlySet<string> = new Set(['books5', 'bbo-tbt']);

/**
 * `{"event":…}` frames (venues.md §4.1): subscribe/unsubscribe acks emit nothing; `error` and the
 * ⚠ unverified `notice` (code 64008, "service upgrade, reconnect" per a third-party SDK doc) are
 * problems — the live source reconnects on a notice (VenueLiveDef.isShutdownNotice).
 */
export function onEvent(m: Obj, tUs: number, sink: AdapterSink): void {
  switch (m.event) {
    case 'subscribe':
    case 'unsubscribe':
    case 'channel-conn-count': // connection-count report that accompanies some subscriptions ⚠
      return;
    case 'error':
      return sink.onProblem('venue-error', undefined, `code ${String(m.code)}: ${String(m.msg).slice(0, 200)}`, tUs);
    case 'notice':
      return sink.onProblem('server-notice', undefined, `code ${String(m.code)}: ${String(m.msg).slice(0, 200)}`, tUs);
    default:
      return sink.onUnknown(undefined, `event ${String(m.event)}`, tUs);
  }
}

/**
 * Our own `{"op":"subscribe","args":[{channel,instId}…]}` frames (recorded as `ws_sent`): every
 * instrument named is registered (SWAPs under their index for `index-tickers`), and each book
 * subscription moves its stream to `syncing` on that connection. Not a hot path.
 */
export function onSent(frame: RawFrame, register: (instId: string) => unknown, onBookSub: (instId: string) => void): void {
  let m: unknown;
  try {
    m = JSON.parse(frame.text);
  } catch {
    return; // the keep-alive `ping` is plain text
  }
  if (!isObj(m) || m.op !== 'subscribe' || !Array.isArray(m.args)) return;
  for (const a of m.args as unknown[]) {
    if (!isObj(a) || typeof a.instId !== 'string' || typeof a.channel !== 'string') continue;
    register(a.instId);
    if (INCREMENTAL_BOOKS.has(a.channel) || FULL_BOOKS.has(a.channel)) onBookSub(a.instId);
  }
}
