import { memo } from 'react';
import { VenueNum } from './venue-num';

interface Props {
  readonly side: 'bid' | 'ask';
  readonly px: string;
  readonly sz: string;
  /** Size bar width, 0..1 of the largest visible level. */
  readonly barFrac: number;
  /** Cumulative size from the touch to this level (derived, for the depth column). */
  readonly cum: string;
  readonly best: boolean;
}

/** One ladder level: venue strings as sent (DESIGN.md principle 7), derived bar and cumulative. */
export const LadderRow = memo(function LadderRow({ side, px, sz, barFrac, cum, best }: Props) {
  return (
    <div data-testid={side === 'bid' ? 'ladder-bid' : 'ladder-ask'} className={`ladder-row ${side}${best ? ' best' : ''}`}>
      <span className="bar" style={{ width: `${Math.max(0, Math.min(1, barFrac)) * 100}%` }} />
      <span className="cum">{cum}</span>
      <span data-testid="size" className="size">
        <VenueNum s={sz} />
      </span>
      <span data-testid="price" className="price">
        <VenueNum s={px} keep={2} />
      </span>
    </div>
  );
});
