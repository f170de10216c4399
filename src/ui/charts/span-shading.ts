import type uPlot from 'uplot';
import type { StateSpan } from '../data/state-spans';

const FILL: Record<string, string> = {
  resyncing: 'rgba(210, 153, 34, 0.16)',
  stale: 'rgba(139, 148, 158, 0.16)',
  failed: 'rgba(248, 81, 73, 0.18)',
  syncing: 'rgba(88, 166, 255, 0.10)',
  connecting: 'rgba(88, 166, 255, 0.08)',
};

/** uPlot `drawClear` hook: shade the spans during which the stream was not live, under the
 * series, so a resync reads as a marked hole rather than a missing bit of line. */
export function shadeSpans(u: uPlot, spans: readonly StateSpan[]): void {
  if (spans.length === 0) return;
  const xs = u.data[0];
  const lastX = xs.length > 0 ? (xs[xs.length - 1] as number) : NaN;
  const { ctx, bbox } = u;
  ctx.save();
  for (const s of spans) {
    const to = s.toSec ?? lastX;
    if (!Number.isFinite(to)) continue;
    const x0 = Math.max(bbox.left, u.valToPos(s.fromSec, 'x', true));
    const x1 = Math.min(bbox.left + bbox.width, u.valToPos(to, 'x', true));
    if (x1 <= x0) continue;
    ctx.fillStyle = FILL[s.state] ?? 'rgba(210, 153, 34, 0.16)';
    ctx.fillRect(x0, bbox.top, Math.max(1, x1 - x0), bbox.height);
  }
  ctx.restore();
}
