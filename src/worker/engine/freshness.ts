import { STAT } from '../../core/series/stream-stats';
import type { FreshnessReport, StaleStreamReport } from '../../shared/engine-api';
import type { LiveRun } from './live-run';

/**
 * venues.md §1.4 rule 2: a hidden tab's timers fire once a minute (or not at all when frozen),
 * so the per-socket "no frame for staleAfterSec" watchdog may have slept through a dead socket.
 * When the page becomes visible again, compare every stream's last frame receive time and — where
 * the venue gives one — its last exchange event time with the clock. A stream older than its
 * venue's staleAfterSec is marked stale (its series break, its warm-ups restart when it resumes)
 * and the connection that fed it is replaced (LiveConnection.replace: new socket first, so a
 * healthy one loses nothing; the new subscribe brings a fresh snapshot).
 * Streams still connecting, already stale or failed are left to the live source.
 */
export function checkLiveFreshness(run: LiveRun, nowUs: number): FreshnessReport {
  const override = run.args.sourceOptions?.staleAfterMs;
  const stale: StaleStreamReport[] = [];
  const replaced: string[] = [];
  let checked = 0;
  for (const rt of run.pipeline.streams) {
    if (rt.state === 'connecting' || rt.state === 'stale' || rt.state === 'failed') continue;
    const def = run.args.venues.find((v) => v.venue === rt.venue)?.def;
    if (def === undefined) continue; // a stream named by a venue not in this run (cannot happen)
    const staleAfterMs = override ?? def.staleAfterSec * 1000;
    const lastFrameTUs = rt.stats[STAT.lastFrameTUs] as number;
    const frameAgeMs = lastFrameTUs > 0 ? (nowUs - lastFrameTUs) / 1000 : NaN;
    const exchAgeMs = nowUs / 1000 - (rt.stats[STAT.lastExchMs] as number);
    checked++;
    if (!(frameAgeMs > staleAfterMs || exchAgeMs > staleAfterMs)) continue;
    stale.push({ stream: rt.key, conn: rt.conn, frameAgeMs, exchAgeMs, staleAfterMs });
    const reason = `visible again: last frame ${fmt(frameAgeMs)} ago, last exchange time ${fmt(exchAgeMs)} ago (> ${staleAfterMs / 1000} s)`;
    run.pipeline.markStale(rt.key, reason, nowUs);
    if (rt.conn === '' || replaced.includes(rt.conn)) continue;
    const c = run.source.connections.find((x) => x.conn === rt.conn);
    if (c === undefined) continue; // fed by the WS-API / REST label: the stream socket is elsewhere
    c.replace(`stale after hidden tab: ${rt.key}`);
    replaced.push(rt.conn);
  }
  return { mode: 'live', checked, stale, replaced };
}

const fmt = (ms: number): string => (ms === ms ? `${(ms / 1000).toFixed(1)} s` : 'n/a');
