/**
 * One step of a fault spec (tests/e2e/faults-<venue>.spec.ts): wait live → inject → the fault is
 * detected (a predicate over the integrity row, before vs now) → back to `live` within a bound →
 * checksums verify again with no new failure → market paused, the app's ladder equals the bench's
 * reference book → market resumed. Every wait is bounded; the timings go into the report.
 */
import { expect, type Page } from '@playwright/test';
import type { BenchFault } from './bench-faults';
import { expectLadderEquals, integrity, problemCount, waitIntegrity, type Integrity, type Side } from './e2e-integrity';

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
    const end = (await integrity(page, stream))!;
    expect(end.state).toBe('live');
    expect(end.ckFail, 'no checksum failure after the recovery').toBe(back.ckFail);
    return { name: step.name, detectedAfterMs, liveAfterMs, before, detected: det, end };
  } finally {
    bench.fault({ fault: 'resume' });
  }
}
