/**
 * One step of a checksum venue's fault spec (faults-okx.spec.ts, faults-kraken.spec.ts): wait live → inject → the fault is
 * detected (a predicate over the integrity row, before vs now) → back to `live` within a bound →
 * checksums verify again with no new failure → market paused, the app's ladder equals the bench's
 * reference book → market resumed. Every wait is bounded; the timings go into the report.
 */
import { expect, test, type Page } from '@playwright/test';
import type { BenchFault } from '../impersonator/common/bench-faults';
import { problemCount, readLadderText, readRow, type IntegrityRow as Integrity, type LadderRows as Side } from './page-probes';

export interface StepBench {
  fault(f: BenchFault | BenchFault[]): void;
}

export interface FaultStep {
  name: string;
  inject: () => void;
  /** What "detected and marked" means for this fault (counters before vs now). */
  detected: (before: Integrity, now: Integrity) => boolean;
  detectMs: number;
  /** A problem code whose count must grow (garbage → `bad-json`, …). */
  problem?: string;
  recoverMs?: number;
}

export interface StepResult {
  name: string;
  detectedAfterMs: number;
  liveAfterMs: number;
  before: Integrity;
  detected: Integrity;
  end: Integrity;
}

export async function runFaultStep(
  page: Page,
  stream: string,
  bench: StepBench,
  reference: () => { bids: Side; asks: Side },
  levels: number,
  step: FaultStep,
): Promise<StepResult> {
  const before = await waitIntegrity(page, stream, `live before ${step.name}`, (i) => i.state === 'live', 30_000);
  const problemsBefore = step.problem ? await problemCount(page, step.problem) : 0;
  const t0 = Date.now();
  step.inject();
  const det = await waitIntegrity(page, stream, `${step.name} detected`, (i) => step.detected(before, i), step.detectMs);
  const detectedAfterMs = Date.now() - t0;
  if (step.problem) {
    await expect.poll(() => problemCount(page, step.problem!), { message: `problem ${step.problem} counted`, timeout: 10_000 }).toBeGreaterThan(problemsBefore);
  }
  const back = await waitIntegrity(page, stream, `live again after ${step.name}`, (i) => i.state === 'live', step.recoverMs ?? 20_000);
  const liveAfterMs = Date.now() - t0;
  await waitIntegrity(
    page, stream, `checksums verify again after ${step.name}`,
    (i) => i.state === 'live' && i.ckOk >= back.ckOk + 3 && i.ckFail === back.ckFail, 20_000,
  );
  bench.fault({ fault: 'pause' });
  try {
    await page.waitForTimeout(300); // frames already on the wire are applied
    await expectLadderEquals(page, reference, levels);
    const end = (await readRow(page, stream))!;
    expect(end.state).toBe('live');
    expect(end.ckFail, 'no checksum failure after the recovery').toBe(back.ckFail);
    return { name: step.name, detectedAfterMs, liveAfterMs, before, detected: det, end };
  } finally {
    bench.fault({ fault: 'resume' });
  }
}

/** The steps every checksum venue passes alike (a broken sequence, a forged checksum, bad JSON,
 * closed sockets): the same injection, the same verdict. */
export function commonSteps(bench: StepBench): Record<'baseline' | 'drop' | 'reorder' | 'flipChecksum' | 'garbage' | 'close' | 'closeAbrupt', FaultStep> {
  const gapped = (b: Integrity, n: Integrity): boolean => n.ckFail > b.ckFail && n.gaps > b.gaps && n.resyncs > b.resyncs;
  const reconnected = (b: Integrity, n: Integrity): boolean => n.reconnects > b.reconnects;
  return {
    baseline: { name: 'baseline', inject: () => {}, detected: () => true, detectMs: 1_000 },
    drop: { name: 'drop', inject: () => bench.fault({ fault: 'drop' }), detectMs: 10_000, detected: gapped },
    reorder: { name: 'reorder', inject: () => bench.fault({ fault: 'reorder' }), detectMs: 10_000, detected: gapped },
    flipChecksum: {
      name: 'flipChecksum', inject: () => bench.fault({ fault: 'flipChecksum' }), detectMs: 10_000,
      detected: (b, n) => n.ckFail > b.ckFail && n.resyncs > b.resyncs,
    },
    garbage: {
      name: 'garbage', inject: () => bench.fault({ fault: 'garbage' }), detectMs: 5_000, problem: 'bad-json',
      detected: (b, n) => n.ckFail === b.ckFail,
    },
    close: { name: 'close', inject: () => bench.fault({ fault: 'close', code: 1001 }), detectMs: 10_000, detected: reconnected },
    closeAbrupt: { name: 'close-abrupt', inject: () => bench.fault({ fault: 'close', abrupt: true }), detectMs: 10_000, detected: reconnected },
  };
}

/** Every step in order, each a test.step; the timings go into the report as `label`. */
export async function runFaultSteps(
  page: Page,
  stream: string,
  bench: StepBench,
  reference: () => { bids: Side; asks: Side },
  levels: number,
  steps: readonly FaultStep[],
  label: string,
): Promise<{ results: StepResult[]; report: string }> {
  const results: StepResult[] = [];
  for (const s of steps) {
    results.push(await test.step(s.name, () => runFaultStep(page, stream, bench, reference, levels, s)));
  }
  const report = results.map((r) => `${r.name}: detected ${r.detectedAfterMs} ms, live ${r.liveAfterMs} ms, end ${JSON.stringify(r.end)}`).join('\n');
  test.info().annotations.push({ type: label, description: report });
  return { results, report };
}

/** Polls until `pred` holds (bounded); returns the row that satisfied it. */
export async function waitIntegrity(page: Page, stream: string, what: string, pred: (i: Integrity) => boolean, timeoutMs: number): Promise<Integrity> {
  let last: Integrity | null = null;
  try {
    await expect
      .poll(async () => {
        last = await readRow(page, stream);
        return last !== null && pred(last);
      }, { message: `${stream}: ${what}`, timeout: timeoutMs, intervals: [50, 100, 200] })
      .toBe(true);
  } catch (e) {
    // The poll's message is fixed when the poll starts; name the row it last saw instead.
    throw new Error(`${stream}: ${what} — last integrity row ${JSON.stringify(last)}`, { cause: e });
  }
  return last!;
}

/**
 * The app's ladder equals the reference (both sides, `levels` best levels, exact strings, and the
 * best bid/ask), polled while the market is paused so that nothing moves.
 */
export async function expectLadderEquals(page: Page, reference: () => { bids: Side; asks: Side }, levels: number, timeoutMs = 5_000): Promise<void> {
  let detail = '';
  await expect
    .poll(async () => {
      const got = await readLadderText(page);
      got.bids.sort((a, b) => Number(b[0]) - Number(a[0]));
      got.asks.sort((a, b) => Number(a[0]) - Number(b[0]));
      const want = reference();
      const g = { bids: got.bids.slice(0, levels), asks: got.asks.slice(0, levels) };
      const w = { bids: want.bids.slice(0, levels), asks: want.asks.slice(0, levels) };
      const same = JSON.stringify(g) === JSON.stringify(w) && got.bestBid === w.bids[0]?.[0] && got.bestAsk === w.asks[0]?.[0];
      detail = same ? '' : `app ${got.bestBid}/${got.bestAsk} ${JSON.stringify(g).slice(0, 300)} vs reference ${JSON.stringify(w).slice(0, 300)}`;
      return same;
    }, { message: `ladder equals the reference book ${detail}`, timeout: timeoutMs, intervals: [100, 200, 400] })
    .toBe(true);
}
