import { useEffect, useState } from 'react';
import { groupByBase } from '../../core/cross/instrument';
import type { StreamKey } from '../../core/types';
import { useFrame } from '../data/use-frame';
import { instrumentOf } from '../streams';
import { ConsolidatedView } from './consolidated-view';
import { KIND_FILTERS, autoKind, membersOf, type KindFilter } from './cross-members';
import { DepthShareView } from './depth-share-view';
import { VenueBboTable } from './venue-bbo-table';

const BUCKETS_BPS = [0, 1, 5] as const;

/** One instrument across venues: touch side by side, consolidated book, depth shares. Only
 * live streams count; the others are listed greyed with the reason. */
export function CrossVenuePanel() {
  const store = useFrame(4);
  const groups = groupByBase(store.streams, (s) => instrumentOf(s.info.key));
  const [picked, setPicked] = useState<string | null>(null);
  // null = automatic: one kind when the group mixes spot and perp (their prices differ by the
  // basis, so a mixed consolidated book looks crossed); the user can still pick "all".
  const [kindPick, setKind] = useState<KindFilter | null>(null);
  const [bucketBps, setBucketBps] = useState<number>(1);
  const base = groups.find((g) => g.base === picked)?.base ?? groups[0]?.base ?? null;
  const all = base === null ? [] : membersOf(store.streams, base, 'all');
  const kind = kindPick ?? autoKind(all);
  // The touch table shows every kind; sizes are only summed within the chosen kind.
  const members = all.filter((m) => kind === 'all' || m.inst.kind === kind);
  const keys = all.map((m) => m.key).join(',');
  useEffect(() => {
    const releases = keys === '' ? [] : keys.split(',').map((k) => store.extras.wantBook(k as StreamKey));
    return () => releases.forEach((r) => r());
  }, [store, keys]);
  const quotes = [...new Set(members.map((m) => m.inst.quote))];

  return (
    <div data-testid="cross-venue" data-group={base ?? ''} className="cross-venue">
      <div className="cross-controls">
        <label>
          instrument{' '}
          <select data-testid="cross-group" value={base ?? ''} onChange={(e) => setPicked(e.target.value)}>
            {groups.map((g) => (
              <option key={g.base} value={g.base}>
                {g.base} ({g.members.length} stream{g.members.length > 1 ? 's' : ''})
              </option>
            ))}
          </select>
        </label>
        <span className="seg" role="group" aria-label="Kinds summed in the book and depth shares" title="kinds summed in the consolidated book and depth shares">
          {KIND_FILTERS.map((k) => (
            <button key={k} type="button" data-testid={`cross-kind-${k}`} className={k === kind ? 'on' : ''} onClick={() => setKind(k)}>
              {k}
            </button>
          ))}
        </span>
        <span className="seg" role="group" aria-label="Price bucket">
          {BUCKETS_BPS.map((b) => (
            <button key={b} type="button" className={b === bucketBps ? 'on' : ''} onClick={() => setBucketBps(b)} title="consolidated book price bucket">
              {b === 0 ? 'exact' : `${b} bps`}
            </button>
          ))}
        </span>
        {kind === 'all' && new Set(members.map((m) => m.inst.kind)).size > 1 && (
          <span className="badge warn" title="perp and spot prices differ by the basis: the consolidated book may look crossed">spot and perp mixed</span>
        )}
        {quotes.length > 1 && <span className="badge warn" title="prices are compared as quoted, without FX conversion">quotes differ: {quotes.join(', ')}</span>}
      </div>
      {all.length === 0 ? (
        <div className="muted empty">No streams{base !== null ? ` for ${base}` : ''}</div>
      ) : (
        <>
          <VenueBboTable members={all} books={store.extras.books} />
          <div className="cross-lower">
            <ConsolidatedView members={members} books={store.extras.books} bucketBps={bucketBps} levels={12} />
            <DepthShareView members={members} last={store.extras.last} />
          </div>
        </>
      )}
    </div>
  );
}
