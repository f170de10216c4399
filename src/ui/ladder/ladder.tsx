import type { BookView } from '../../shared/book-slot';
import type { StreamState } from '../../core/types';
import { LadderRow } from './ladder-row';
import { decimalsOf, trimVenueNumber } from './decimals';
import { VenueNum } from './venue-num';

interface Props {
  readonly view: BookView;
  readonly state: StreamState | null;
  readonly streamLabel: string;
  readonly levels?: number;
  /** What a size counts when it is not plain base units (OKX contracts: sizeUnitNote). */
  readonly sizeUnit?: { readonly label: string; readonly title: string } | undefined;
}

const fmtCum = (v: number): string => (v >= 1000 ? v.toFixed(0) : v >= 10 ? v.toFixed(2) : v.toPrecision(3));

function maxSize(sz: Float64Array, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, sz[i] as number);
  return m;
}

/**
 * Order-book ladder, top N each side: asks above (best ask next to the spread row), bids below.
 * Greyed with the state name when the stream is not `live` (DESIGN.md principle 5: never draw a
 * wrong book as if it were right).
 */
export function Ladder({ view, state, streamLabel, levels = 20, sizeUnit }: Props) {
  const nb = Math.min(view.bidCount, levels);
  const na = Math.min(view.askCount, levels);
  const live = state === 'live' && !view.crossed;
  const barMax = Math.max(maxSize(view.bidSz, nb), maxSize(view.askSz, na)) || 1;

  const asks = [];
  let cum = 0;
  const askCum: string[] = [];
  for (let i = 0; i < na; i++) askCum.push(fmtCum((cum += view.askSz[i] as number)));
  for (let i = na - 1; i >= 0; i--) {
    asks.push(
      <LadderRow key={`a${i}`} side="ask" best={i === 0} px={view.askPxStr[i] ?? ''}
        sz={view.askSzStr[i] ?? ''} barFrac={(view.askSz[i] as number) / barMax} cum={askCum[i] ?? ''} />,
    );
  }
  const bids = [];
  cum = 0;
  for (let i = 0; i < nb; i++) {
    cum += view.bidSz[i] as number;
    bids.push(
      <LadderRow key={`b${i}`} side="bid" best={i === 0} px={view.bidPxStr[i] ?? ''}
        sz={view.bidSzStr[i] ?? ''} barFrac={(view.bidSz[i] as number) / barMax} cum={fmtCum(cum)} />,
    );
  }

  const bidPxStr = nb > 0 ? (view.bidPxStr[0] ?? '') : '';
  const askPxStr = na > 0 ? (view.askPxStr[0] ?? '') : '';
  const bid = view.bidPx[0] as number;
  const ask = view.askPx[0] as number;
  const hasTouch = nb > 0 && na > 0;
  const pxDec = Math.max(decimalsOf(trimVenueNumber(bidPxStr, 2)), decimalsOf(trimVenueNumber(askPxStr, 2)));
  const spread = hasTouch ? (ask - bid).toFixed(pxDec) : '—';
  const spreadBpsNum = ((ask - bid) / ((ask + bid) / 2)) * 1e4;
  const spreadBps = hasTouch ? (spreadBpsNum >= 1 ? spreadBpsNum.toFixed(2) : spreadBpsNum.toPrecision(2)) : '—';
  const stateLabel = view.crossed && state === 'live' ? 'crossed' : (state ?? 'no stream');

  return (
    <div data-testid="ladder" data-state={state ?? 'none'} className={`ladder${live ? '' : ' not-live'}`}>
      <div className="ladder-touch">
        <span className="muted stream-label">{streamLabel}</span>
        <span className="touch-px">
          <span className="muted">bid </span>
          <b data-testid="best-bid" className="bid-text">
            <VenueNum s={bidPxStr} keep={2} />
          </b>
        </span>
        <span className="touch-px">
          <span className="muted">ask </span>
          <b data-testid="best-ask" className="ask-text">
            <VenueNum s={askPxStr} keep={2} />
          </b>
        </span>
      </div>
      <div className="ladder-cols muted">
        <span>cum</span>
        <span data-testid="ladder-size-unit" title={sizeUnit?.title ?? 'venue size, in base units'}>{sizeUnit?.label ?? 'size'}</span>
        <span>price</span>
      </div>
      <div className="ladder-side asks">{asks}</div>
      <div className="ladder-spread" data-testid="ladder-spread">
        spread <b>{spread}</b> · <b>{spreadBps}</b> bps
      </div>
      <div className="ladder-side bids">{bids}</div>
      {!live && (
        <div className="ladder-overlay" aria-live="polite">
          <span className={`state-pill state-${stateLabel}`}>{stateLabel}</span>
          <span className="muted">book not trusted — not drawn as live</span>
        </div>
      )}
    </div>
  );
}
