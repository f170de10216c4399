import type { BookView } from '../../shared/book-slot';
import { VenueNum } from '../ladder/venue-num';
import type { Member } from './cross-members';

interface Props {
  readonly members: readonly Member[];
  readonly books: ReadonlyMap<string, BookView>;
}

const bps = (v: number): string => (Number.isFinite(v) ? (Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2)) : '—');

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Best bid/ask per venue side by side, and each mid's distance from the live venues' median. */
export function VenueBboTable({ members, books }: Props) {
  const touch = members.map((m) => {
    const b = books.get(m.key);
    const ok = m.live && b !== undefined && b.bidCount > 0 && b.askCount > 0;
    const bid = ok ? (b.bidPx[0] as number) : NaN;
    const ask = ok ? (b.askPx[0] as number) : NaN;
    return { m, b, ok, bid, ask, mid: (bid + ask) / 2 };
  });
  const med = median(touch.filter((t) => t.ok).map((t) => t.mid));
  return (
    <table className="cross-table venue-bbo-table">
      <thead>
        <tr>
          <th>stream</th>
          <th>kind</th>
          <th>state</th>
          <th>bid</th>
          <th>ask</th>
          <th title="(ask − bid) / mid · 1e4">spread bps</th>
          <th title="(mid − median of live mids) / median · 1e4">vs median bps</th>
        </tr>
      </thead>
      <tbody>
        {touch.map(({ m, b, ok, bid, ask, mid }) => (
          <tr key={m.key} data-testid="venue-bbo" data-stream={m.key} data-state={m.state} data-live={ok} className={ok ? '' : 'excluded'} title={ok ? '' : `excluded: ${m.reason}`}>
            <td>
              <span className="swatch" style={{ background: m.color }} /> {m.venue} <span className="muted">{m.symbol}</span>
            </td>
            <td>{m.inst.kind}</td>
            <td>
              <span className={`state-pill state-${m.state}`}>{m.state}</span>
            </td>
            <td className="bid-text num">{ok ? <VenueNum s={b?.bidPxStr[0] ?? ''} keep={2} /> : '—'}</td>
            <td className="ask-text num">{ok ? <VenueNum s={b?.askPxStr[0] ?? ''} keep={2} /> : '—'}</td>
            <td className="num">{ok ? bps(((ask - bid) / mid) * 1e4) : '—'}</td>
            <td className="num" data-testid="venue-bbo-vs-median">{ok ? bps(((mid - med) / med) * 1e4) : m.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
