import { STAT } from '../../core/series/stream-stats';
import type { StreamSnapshot } from '../data/frame-store';

/** Most perpetuals fund every 8 h (Binance USDⓈ-M, OKX, Bybit defaults); some symbols use 4 h
 * or 1 h and the stream does not say which, so the annualised figure states its assumption. */
const ASSUMED_INTERVAL_H = 8;

/** hh:mm:ss to the next funding; '—' when unknown or already past (never a negative countdown). */
function countdown(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.floor(ms / 1000);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  return `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Funding rate in bps and annualised, and a live countdown to the next funding time. */
export function FundingView({ perp, nowUs }: { readonly perp: StreamSnapshot | undefined; readonly nowUs: number }) {
  const rate = perp?.stats[STAT.fundingRate] ?? NaN;
  const nextMs = perp?.stats[STAT.nextFundingMs] ?? NaN;
  const has = Number.isFinite(rate) && (perp?.stats[STAT.fundingTUs] ?? 0) > 0;
  const bps = rate * 1e4;
  const annualPct = rate * (24 / ASSUMED_INTERVAL_H) * 365 * 100;
  const leftMs = nextMs > 0 ? nextMs - nowUs / 1000 : NaN;
  // A next-funding time in the past: an old replay (the clock is now, the data is not), or the
  // venue has not yet announced the following one. No countdown then, and the title says why.
  const past = leftMs < 0;
  const left = past ? NaN : leftMs;
  const nextIso = nextMs > 0 ? `${new Date(nextMs).toISOString().slice(0, 19)}Z` : '';
  const title = !(nextMs > 0)
    ? 'no next funding time received'
    : past
      ? `the last next-funding time received (${nextIso}) is already past — an old replay, or the venue has not announced the next one yet: no countdown`
      : `next funding ${nextIso}`;
  return (
    <div className="funding" data-testid="funding" data-rate={has ? rate : ''}>
      <span title="funding rate per interval, in basis points (rate · 1e4)">
        funding <b data-testid="funding-rate" className="num big">{has ? `${bps >= 0 ? '+' : ''}${bps.toFixed(3)}` : '—'}</b> bps
      </span>
      <span title={`annualised = rate · (24 h / ${ASSUMED_INTERVAL_H} h) · 365 — assumes an ${ASSUMED_INTERVAL_H} h funding interval`}>
        <b data-testid="funding-annual" className="num">{has ? `${annualPct.toFixed(2)}%` : '—'}</b> / yr <span className="info-i">i</span>
      </span>
      <span title={title}>
        next in <b data-testid="funding-countdown" data-ms={Number.isFinite(left) ? Math.round(left) : ''} className="num big">{countdown(left)}</b>
      </span>
    </div>
  );
}
