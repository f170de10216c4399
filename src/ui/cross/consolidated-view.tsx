import { consolidate, niceStep, type ConsolidatedLevel, type VenueBook } from '../../core/cross/consolidated';
import { BOOK_DEPTH, type BookView } from '../../shared/book-slot';
import { sizeExclusion, sizeSummable, type Member } from './cross-members';

interface Props {
  readonly members: readonly Member[];
  readonly books: ReadonlyMap<string, BookView>;
  /** Bucket width in bps of the mid (0 = exact prices). */
  readonly bucketBps: number;
  readonly levels: number;
}

const fmtSz = (v: number): string => (v >= 1000 ? v.toFixed(0) : v >= 10 ? v.toFixed(2) : v.toPrecision(3));
const decimalsFor = (step: number): number => (step > 0 ? Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) : 2);

function Level({ l, side, members, max, dec }: { l: ConsolidatedLevel; side: 'bid' | 'ask'; members: readonly Member[]; max: number; dec: number }) {
  const tip = members.map((m, i) => `${m.key}: ${fmtSz(l.byVenue[i] ?? 0)}`).join('\n');
  return (
    <div data-testid={`consolidated-${side}`} data-partial={l.partial} className={`cons-row ${side}${l.partial ? ' partial' : ''}`} title={tip + (l.partial ? '\n(partial: beyond some venue’s top 20)' : '')}>
      <span className={`num ${side}-text`}>{l.px.toFixed(dec)}</span>
      <span className="num">{fmtSz(l.total)}</span>
      <span className="stack">
        {l.byVenue.map((v, i) =>
          v > 0 ? <span key={i} className="seg" style={{ width: `${(100 * v) / max}%`, background: members[i]?.color }} /> : null,
        )}
      </span>
    </div>
  );
}

/** Sizes summed across the live venues' top-20 book slots, by price bucket, stacked per venue. */
export function ConsolidatedView({ members, books, bucketBps, levels }: Props) {
  const used = members.filter(sizeSummable).filter((m) => books.has(m.key));
  const views = used.map((m) => books.get(m.key) as BookView);
  const input: VenueBook[] = views.map((b) => ({ bidPx: b.bidPx, bidSz: b.bidSz, bidN: b.bidCount, askPx: b.askPx, askSz: b.askSz, askN: b.askCount }));
  const mids = views.filter((b) => b.bidCount > 0 && b.askCount > 0).map((b) => ((b.bidPx[0] as number) + (b.askPx[0] as number)) / 2);
  const step = bucketBps > 0 && mids.length > 0 ? niceStep(mids.reduce((a, b) => a + b, 0) / mids.length, bucketBps) : 0;
  const book = consolidate(input, step, BOOK_DEPTH, levels);
  const max = Math.max(1e-12, ...book.bids.map((l) => l.total), ...book.asks.map((l) => l.total));
  const dec = step > 0 ? decimalsFor(step) : 2;
  const excluded = members.filter((m) => !sizeSummable(m));
  return (
    <div data-testid="consolidated-book" data-venues={used.length} data-crossed={book.crossed} className="consolidated">
      <div className="muted small">
        top 20 per venue · {step > 0 ? `bucket ${step}` : 'exact prices'} · sizes in base units
        {book.crossed && <span className="badge warn"> venues cross each other</span>}
      </div>
      {used.length === 0 ? (
        <div className="muted empty">No live venue in this group</div>
      ) : (
        <div className="cons-book">
          {[...book.asks].reverse().map((l) => (
            <Level key={`a${l.px}`} l={l} side="ask" members={used} max={max} dec={dec} />
          ))}
          <div className="cons-mid muted">— {used.length} venue{used.length > 1 ? 's' : ''} —</div>
          {book.bids.map((l) => (
            <Level key={`b${l.px}`} l={l} side="bid" members={used} max={max} dec={dec} />
          ))}
        </div>
      )}
      {excluded.length > 0 && (
        <ul className="excluded-list">
          {excluded.map((m) => (
            <li key={m.key} data-testid="cross-excluded" data-stream={m.key}>
              <span className="swatch" style={{ background: m.color }} /> {m.key}: excluded — {sizeExclusion(m)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
