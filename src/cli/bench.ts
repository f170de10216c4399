/**
 * `npm run bench`: the pipeline (parse → adapter → book → metrics) against bare JSON.parse of the
 * same frame texts, in the same process and run, on one real capture per venue (the entries in
 * ./bench/venues, written by the venue owners) and a large seeded synthetic Binance depth stream.
 * Frames are read into memory first (no IO measured). Per set: a warm-up, then RUNS runs pairing
 * parse and pipeline passes (see measure.ts); the ratio is the median of the per-run ratios.
 * Target: pipeline frames/s ≥ 0.5 × JSON.parse frames/s on every set. Prints a table, then ONE
 * machine-readable JSON line. Exit code 0 either way.
 *
 * `npm run bench -- kraken okx` runs only the sets whose name contains one of the words.
 */
import type { RawFrame, VenueId } from '../core/types';
import { benchSet, type SetResult } from './bench/measure';
import { syntheticBench } from './bench/synthetic';
import { binanceSpotBench } from './bench/venues/binance-spot';
import { binanceUsdmBench } from './bench/venues/binance-usdm';
import { bybitLinearBench } from './bench/venues/bybit-linear';
import { bybitSpotBench } from './bench/venues/bybit-spot';
import { coinbaseBench, coinbaseExchangeBench } from './bench/venues/coinbase';
import { krakenBench } from './bench/venues/kraken';
import { okxBench } from './bench/venues/okx';

const RUNS = 9;
/** Wall time one run aims at per set (parse + pipeline passes). */
const RUN_MS = 400;
const TARGET_RATIO = 0.5;

interface BenchEntry {
  readonly name: string;
  load(): RawFrame[];
  readonly venues: readonly VenueId[];
}

const ENTRIES: readonly BenchEntry[] = [
  binanceSpotBench,
  binanceUsdmBench,
  krakenBench,
  okxBench,
  bybitLinearBench,
  bybitSpotBench,
  coinbaseBench,
  coinbaseExchangeBench,
  syntheticBench,
];

const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const t0 = performance.now();
const results: SetResult[] = [];
const failed: { name: string; error: string }[] = [];
for (const e of ENTRIES) {
  if (filters.length > 0 && !filters.some((f) => e.name.includes(f))) continue;
  try {
    results.push(benchSet(e.name, e.load(), e.venues, RUNS, RUN_MS));
  } catch (err) {
    failed.push({ name: e.name, error: String(err).slice(0, 200) });
  }
}

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
const met = (r: SetResult): boolean => r.ratio >= TARGET_RATIO;
console.log(`\nbookscope pipeline bench — median of ${RUNS} paired runs, node ${process.version}\n`);
console.log(
  [
    'dataset'.padEnd(46),
    'frames'.padStart(7),
    'reps'.padStart(4),
    'pipeline f/s'.padStart(13),
    'JSON.parse f/s'.padStart(15),
    'ratio'.padStart(6),
    'best'.padStart(5),
    'cpu'.padStart(5),
    '  target',
  ].join(' '),
);
for (const r of results) {
  console.log(
    [
      r.name.padEnd(46),
      String(r.frames).padStart(7),
      String(r.reps).padStart(4),
      fmt(r.framesPerSec).padStart(13),
      fmt(r.parseFramesPerSec).padStart(15),
      r.ratio.toFixed(2).padStart(6),
      r.bestRatio.toFixed(2).padStart(5),
      r.cpuRatio.toFixed(2).padStart(5),
      met(r) ? '  met' : `  NOT MET (< ${TARGET_RATIO})`,
    ].join(' '),
  );
}
for (const f of failed) console.log(`${f.name.padEnd(46)} FAILED: ${f.error}`);
console.log('\n(ratio = median of per-run parse/pipeline wall time; best = best run vs best run; cpu = process CPU time)');
console.log('\nsanity (last run):');
for (const r of results) {
  const c = r.check;
  const crc = c.checksumOk + c.checksumFail > 0 ? `, checksums ${c.checksumOk} ok / ${c.checksumFail} failed` : '';
  console.log(
    `  ${r.name}: ${c.liveStreams}/${c.streams} streams live, ${c.bookUpdates} book updates, ${c.trades} trades, ${c.rows} rows, ${c.gaps} gaps, bbo ${c.bboChecks - c.bboMismatches}/${c.bboChecks} match${crc}, ${c.problems} problems`,
  );
}
const allMet = failed.length === 0 && results.length > 0 && results.every(met);
const notMet = [...results.filter((r) => !met(r)).map((r) => r.name), ...failed.map((f) => f.name)];
console.log(
  `\n${allMet ? 'ALL TARGETS MET' : 'TARGET NOT MET on: ' + notMet.join(', ')} (pipeline ≥ ${TARGET_RATIO} × JSON.parse); ${((performance.now() - t0) / 1000).toFixed(1)} s total\n`,
);
console.log(
  JSON.stringify({
    bench: 'pipeline',
    runs: RUNS,
    target: TARGET_RATIO,
    node: process.version,
    allTargetsMet: allMet,
    results: results.map((r) => ({
      name: r.name,
      frames: r.frames,
      reps: r.reps,
      framesPerSec: Math.round(r.framesPerSec),
      parseFramesPerSec: Math.round(r.parseFramesPerSec),
      ratio: Math.round(r.ratio * 1000) / 1000,
      bestRatio: Math.round(r.bestRatio * 1000) / 1000,
      cpuRatio: Math.round(r.cpuRatio * 1000) / 1000,
      targetMet: met(r),
      ...r.check,
    })),
    failed,
  }),
);
