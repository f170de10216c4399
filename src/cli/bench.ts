/**
 * `npm run bench`: the pipeline (parse → adapter → book → metrics) against bare JSON.parse of the
 * same frame texts, in the same process and run, on (a) the real BTCUSDT capture and (b) a large
 * seeded synthetic Binance depth stream. Frames are read into memory first (no IO measured).
 * Each figure is the median of RUNS interleaved runs after a warm-up. Target: pipeline frames/s
 * ≥ 0.5 × JSON.parse frames/s on both. Prints a table, then ONE machine-readable JSON line.
 * Exit code 0 either way.
 */
import { fileURLToPath } from 'node:url';
import type { RawFrame } from '../core/types';
import { loadFrames } from './bench/load-frames';
import { median, timeParse, timePipeline, type RunCheck } from './bench/measure';
import { DEFAULT_SYNTHETIC, syntheticBinanceFrames } from './bench/synthetic';

const RUNS = 7;
const TARGET_RATIO = 0.5;
const CAPTURE = fileURLToPath(
  new URL('../venues/binance/fixtures/BTCUSDT_2024-08-08T2354Z_depth100ms-trade-bookTicker_hftbacktest.jsonl.gz', import.meta.url),
);

interface Result {
  readonly name: string;
  readonly frames: number;
  readonly framesPerSec: number;
  readonly parseFramesPerSec: number;
  readonly ratio: number;
  readonly check: RunCheck;
}

function bench(name: string, frames: readonly RawFrame[]): Result {
  timeParse(frames); // warm-up: JIT both paths before measuring
  let check = timePipeline(frames).check;
  const parseMs: number[] = [];
  const pipeMs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    parseMs.push(timeParse(frames));
    const run = timePipeline(frames);
    pipeMs.push(run.ms);
    check = run.check;
  }
  const framesPerSec = (frames.length * 1000) / median(pipeMs);
  const parseFramesPerSec = (frames.length * 1000) / median(parseMs);
  return { name, frames: frames.length, framesPerSec, parseFramesPerSec, ratio: framesPerSec / parseFramesPerSec, check };
}

const t0 = performance.now();
const sets: [string, RawFrame[]][] = [
  ['binance-spot-BTCUSDT-capture', loadFrames(CAPTURE)],
  [
    `synthetic-binance-${DEFAULT_SYNTHETIC.levelsPerSide}lvl-${DEFAULT_SYNTHETIC.levelsPerDiffSide}per-diff`,
    syntheticBinanceFrames(DEFAULT_SYNTHETIC),
  ],
];
const results = sets.map(([name, frames]) => bench(name, frames));

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
console.log(`\nbookscope pipeline bench — median of ${RUNS} runs, node ${process.version}\n`);
console.log(
  ['dataset'.padEnd(44), 'frames'.padStart(8), 'pipeline f/s'.padStart(14), 'JSON.parse f/s'.padStart(15), 'ratio'.padStart(7), '  target'].join(' '),
);
for (const r of results) {
  console.log(
    [
      r.name.padEnd(44),
      String(r.frames).padStart(8),
      fmt(r.framesPerSec).padStart(14),
      fmt(r.parseFramesPerSec).padStart(15),
      r.ratio.toFixed(2).padStart(7),
      r.ratio >= TARGET_RATIO ? '  met' : `  NOT MET (< ${TARGET_RATIO})`,
    ].join(' '),
  );
}
console.log('\nsanity (last run):');
for (const r of results) {
  const c = r.check;
  console.log(`  ${r.name}: ${c.liveStreams}/${c.streams} streams live, ${c.rows} rows, ${c.gaps} gaps, bbo ${c.bboChecks - c.bboMismatches}/${c.bboChecks} match`);
}
const allMet = results.every((r) => r.ratio >= TARGET_RATIO);
console.log(`\n${allMet ? 'ALL TARGETS MET' : 'TARGET NOT MET on: ' + results.filter((r) => r.ratio < TARGET_RATIO).map((r) => r.name).join(', ')} (pipeline ≥ ${TARGET_RATIO} × JSON.parse); ${((performance.now() - t0) / 1000).toFixed(1)} s total\n`);
console.log(
  JSON.stringify({
    bench: 'pipeline',
    runs: RUNS,
    target: TARGET_RATIO,
    allTargetsMet: allMet,
    results: results.map((r) => ({
      name: r.name,
      frames: r.frames,
      framesPerSec: Math.round(r.framesPerSec),
      parseFramesPerSec: Math.round(r.parseFramesPerSec),
      ratio: Math.round(r.ratio * 1000) / 1000,
      targetMet: r.ratio >= TARGET_RATIO,
      ...r.check,
    })),
  }),
);
