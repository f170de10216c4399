import type { RefField, StreamKey } from '../../core/types';
import type { AdapterSink } from '../types';
import type { Obj } from './messages';

/** The `tickers` fields we keep (venues.md §7.3), as the venue's strings. */
const FIELDS = ['markPrice', 'indexPrice', 'fundingRate', 'nextFundingTime', 'bid1Price', 'bid1Size', 'ask1Price', 'ask1Size'] as const;
type Field = (typeof FIELDS)[number];

/** Which cached field feeds which reference value. */
const REFS: readonly (readonly [Field, RefField])[] = [
  ['markPrice', 'markPx'],
  ['indexPrice', 'indexPx'],
  ['fundingRate', 'fundingRate'],
  ['nextFundingTime', 'nextFundingMs'],
];

/**
 * Linear `tickers.{symbol}`: one `snapshot`, then `delta`s carrying ONLY the changed fields,
 * merged into a cached object (venues.md §7.3; PROVENANCE.md §4.7: a delta may carry only
 * `bid1*` or only `ask1*`). Each reference field present in a message is reported; absent ones
 * keep their cached value (the pipeline holds the last value per field).
 * bid1/ask1 are cached but not used as a book oracle: the ticker's `cs` never equals an
 * orderbook `seq` (PROVENANCE.md fixtures/bybit), so no exact alignment is possible.
 */
export class TickerCache {
  readonly v: Record<Field, string | undefined> = {
    markPrice: undefined,
    indexPrice: undefined,
    fundingRate: undefined,
    nextFundingTime: undefined,
    bid1Price: undefined,
    bid1Size: undefined,
    ask1Price: undefined,
    ask1Size: undefined,
  };

  /** Merge `data` (snapshot: reset first) and report the reference fields it carried. */
  merge(isSnapshot: boolean, d: Obj, key: StreamKey, exchMs: number, tUs: number, sink: AdapterSink): void {
    const v = this.v;
    for (let i = 0; i < FIELDS.length; i++) {
      const f = FIELDS[i] as Field;
      const x = d[f];
      if (typeof x === 'string') v[f] = x;
      else if (isSnapshot) v[f] = undefined;
    }
    for (let i = 0; i < REFS.length; i++) {
      const r = REFS[i] as readonly [Field, RefField];
      const f = r[0];
      const x = d[f];
      if (typeof x !== 'string' || x === '') continue;
      const n = +x;
      if (n === n) sink.onReference(key, r[1], n, exchMs, tUs);
      else sink.onProblem('bad-message', key, `tickers ${f} "${x.slice(0, 40)}" is not a number`, tUs);
    }
  }
}
