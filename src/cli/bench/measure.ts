import { SERIES_WIDTH } from '../../core/series/columns';
import { STAT } from '../../core/series/stream-stats';
import type { RawFrame, VenueId } from '../../core/types';
import { Pipeline, type PipelineOutput } from '../../sources/pipeline';
import { createAdapters } from '../../venues/registry';

/** What one pipeline run left behind, to prove the books were really built and checked. */
export interface RunCheck {
  readonly streams: number;
  readonly liveStreams: number;
  readonly rows: number;
  readonly trades: number;
  readonly bookUpdates: number;
  readonly gaps: number;
  readonly bboChecks: number;
  readonly bboMismatches: number;
  readonly checksumOk: number;
  readonly checksumFail: number;
  readonly problems: number;
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

/** A timed span: wall ms (performance.now) and process CPU ms (user + system, all threads). */
export interface Span {
  wallMs: number;
  cpuMs: number;
}

const cpuMsNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** One full pass of a fresh pipeline (parse → adapter → book → metrics) over `frames`. */
export function timePipeline(frames: readonly RawFrame[], venues: readonly VenueId[]): Span & { check: RunCheck } {
  const out = benchOutput();
  const p = new Pipeline({
    adapters: createAdapters(venues),
    out,
    nowPerfMs: () => performance.now(),
    requester: { request() {} },
  });
  const c0 = cpuMsNow();
  const t0 = performance.now();
  for (let i = 0; i < frames.length; i++) p.push(frames[i]!);
  const wallMs = performance.now() - t0;
  const cpuMs = cpuMsNow() - c0;
  p.flushStats();
  const sum = (f: number): number => p.streams.reduce((a, rt) => a + rt.stats[f]!, 0);
  const check: RunCheck = {
    streams: p.streams.length,
    liveStreams: p.streams.filter((rt) => rt.state === 'live').length,
    rows: out.rows,
    trades: sum(STAT.trades),
    bookUpdates: sum(STAT.bookUpdates),
    gaps: sum(STAT.gaps),
    bboChecks: sum(STAT.bboChecks),
    bboMismatches: sum(STAT.bboMismatches),
    checksumOk: sum(STAT.checksumOk),
    checksumFail: sum(STAT.checksumFail),
    problems: sum(STAT.problems) + p.totals.problems,
  };
  return { wallMs, cpuMs, check };
}

let sinkN = 0;
/** Bare JSON.parse of the same frame texts the pipeline parses (kinds `ws` and `rest`). */
export function timeParse(frames: readonly RawFrame[]): Span {
  const c0 = cpuMsNow();
  const t0 = performance.now();
  let n = 0;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    if (f.kind === 'ws' || f.kind === 'rest') if (JSON.parse(f.text) !== null) n++;
  }
  const wallMs = performance.now() - t0;
  const cpuMs = cpuMsNow() - c0;
  sinkN += n; // keep the result observable so the parse cannot be optimised away
  return { wallMs, cpuMs };
}

export const parsedCount = (): number => sinkN;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Result of one data set: rates are frames per second of wall time. */
export interface SetResult {
  readonly name: string;
  readonly frames: number;
  /** Passes over the set per run (small captures are repeated so a run lasts long enough to time). */
  readonly reps: number;
  readonly framesPerSec: number;
  readonly parseFramesPerSec: number;
  /** median over runs of (parse wall / pipeline wall), each run pairing the two. */
  readonly ratio: number;
  /** best pipeline run vs best parse run (wall): the least disturbed by other processes. */
  readonly bestRatio: number;
  /** median over runs of (parse CPU / pipeline CPU). */
  readonly cpuRatio: number;
  readonly check: RunCheck;
}

/**
 * Measure one set: a warm-up, then `runs` runs, each timing `reps` bare-parse passes and `reps`
 * pipeline passes (each pass a fresh pipeline, so snapshots and sync are measured every time),
 * interleaved pass by pass so load from other processes hits both sides alike.
 */
export function benchSet(name: string, frames: readonly RawFrame[], venues: readonly VenueId[], runs: number, runMs: number): SetResult {
  let check = timePipeline(frames, venues).check; // warm-up: JIT both paths before measuring
  const warmParse = timeParse(frames).wallMs;
  timeParse(frames);
  timePipeline(frames, venues);
  const reps = Math.max(1, Math.min(50, Math.ceil(runMs / 3 / Math.max(0.05, warmParse))));
  const parse: Span[] = [];
  const pipe: Span[] = [];
  for (let r = 0; r < runs; r++) {
    const a: Span = { wallMs: 0, cpuMs: 0 };
    const b: Span = { wallMs: 0, cpuMs: 0 };
    for (let k = 0; k < reps; k++) {
      const x = timeParse(frames);
      a.wallMs += x.wallMs;
      a.cpuMs += x.cpuMs;
      const y = timePipeline(frames, venues);
      b.wallMs += y.wallMs;
      b.cpuMs += y.cpuMs;
      check = y.check;
    }
    parse.push(a);
    pipe.push(b);
  }
  const n = frames.length * reps * 1000;
  const min = (xs: Span[]): number => Math.min(...xs.map((s) => s.wallMs));
  return {
    name,
    frames: frames.length,
    reps,
    framesPerSec: n / median(pipe.map((s) => s.wallMs)),
    parseFramesPerSec: n / median(parse.map((s) => s.wallMs)),
    ratio: median(parse.map((s, i) => s.wallMs / pipe[i]!.wallMs)),
    bestRatio: min(parse) / min(pipe),
    cpuRatio: median(parse.map((s, i) => s.cpuMs / Math.max(1e-9, pipe[i]!.cpuMs))),
    check,
  };
}
