import { SERIES_WIDTH } from '../../core/series/columns';
import { STAT } from '../../core/series/stream-stats';
import type { RawFrame } from '../../core/types';
import { Pipeline, type PipelineOutput } from '../../sources/pipeline';
import { createAdapters } from '../../venues/registry';

/** What one pipeline run left behind, to prove the books were really built. */
export interface RunCheck {
  readonly streams: number;
  readonly liveStreams: number;
  readonly rows: number;
  readonly gaps: number;
  readonly bboChecks: number;
  readonly bboMismatches: number;
}

/** An output that does what the worker's does per row (copy it into a ring), nothing more. */
function benchOutput(): PipelineOutput & { rows: number } {
  const ring = new Float64Array(SERIES_WIDTH * 4096);
  let at = 0;
  return {
    rows: 0,
    streamAdded() {},
    row(_idx, row) {
      ring.set(row, at);
      at = (at + SERIES_WIDTH) % ring.length;
      this.rows++;
    },
    bookChanged() {},
    trade() {},
    event() {},
  };
}

/** Time one full pass of the pipeline (parse → adapter → book → metrics) in ms. */
export function timePipeline(frames: readonly RawFrame[]): { ms: number; check: RunCheck } {
  const out = benchOutput();
  const p = new Pipeline({ adapters: createAdapters(['binance']), out, nowPerfMs: () => performance.now(), requester: { request() {} } });
  const t0 = performance.now();
  for (let i = 0; i < frames.length; i++) p.push(frames[i]!);
  const ms = performance.now() - t0;
  p.flushStats();
  let gaps = 0;
  let bboChecks = 0;
  let bboMismatches = 0;
  for (const rt of p.streams) {
    gaps += rt.stats[STAT.gaps]!;
    bboChecks += rt.stats[STAT.bboChecks]!;
    bboMismatches += rt.stats[STAT.bboMismatches]!;
  }
  const liveStreams = p.streams.filter((rt) => rt.state === 'live').length;
  return { ms, check: { streams: p.streams.length, liveStreams, rows: out.rows, gaps, bboChecks, bboMismatches } };
}

let sinkN = 0;
/** Time bare JSON.parse of the same frame texts the pipeline parses, in ms. */
export function timeParse(frames: readonly RawFrame[]): number {
  const t0 = performance.now();
  let n = 0;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    if (f.kind === 'ws' || f.kind === 'rest') if (JSON.parse(f.text) !== null) n++;
  }
  const ms = performance.now() - t0;
  sinkN += n; // keep the result observable so the parse cannot be optimised away
  return ms;
}

export const parsedCount = (): number => sinkN;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
