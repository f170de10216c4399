import type { TradesOut } from '../../shared/trades-ring';
import { clockUtcMs } from './clock-ms';

interface Props {
  readonly trades: TradesOut;
  readonly count: number;
  readonly priceDecimals: number;
  readonly rows?: number;
}

/** Sizes without padding zeros: 0.00009 not 0.00009000 (the tape is read at a glance). */
const fmtSz = (v: number): string => v.toFixed(v >= 100 ? 2 : v >= 1 ? 4 : 8).replace(/\.?0+$/, '');

/** Last trades, newest on top, colored by taker side (buy = the taker lifted the ask). */
export function TradesTape({ trades, count, priceDecimals, rows = 40 }: Props) {
  const out = [];
  for (let i = count - 1; i >= Math.max(0, count - rows); i--) {
    const buy = trades.takerBuy[i] === 1;
    out.push(
      <div key={i} className={`tape-row ${buy ? 'bid' : 'ask'}`}>
        <span className="tape-t">{clockUtcMs(trades.exchMs[i] as number)}</span>
        <span className="tape-px">{(trades.px[i] as number).toFixed(priceDecimals)}</span>
        <span className="tape-sz">{fmtSz(trades.sz[i] as number)}</span>
        <span className="tape-side">{buy ? 'BUY' : 'SELL'}</span>
      </div>,
    );
  }
  return (
    <div data-testid="trades-tape" className="tape" title="Taker side: BUY = the aggressor lifted the ask, SELL = hit the bid. Times are the venue's (UTC).">
      {count === 0 ? <div className="muted empty">No trades yet</div> : out}
    </div>
  );
}
