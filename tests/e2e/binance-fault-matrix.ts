/**
 * The misbehaving-exchange matrix for a Binance-protocol impersonator (spot or USD-M), run as
 * sequential `test.step`s on one page: wait live → inject → the fault is detected and marked →
 * back to `live` within a bound → market paused, the ladder equals the impersonator's naive
 * reference book and the bookTicker oracle has 0 mismatches → resume.
 */
import { expect, test, type Page } from '@playwright/test';
import type { DepthSnapshot } from '../impersonator/capture';
import type { Fault } from '../impersonator/faults';
import type { SnapshotLogEntry } from '../impersonator/server';
import { expectLadderEquals, pollUntil, statesMark, statesSince, waitRow, watchStates } from './binance-fault-steps';
import { problemCount, readRow, type IntegrityRow } from './page-probes';

export interface BinanceBench {
  fault(f: Fault | Fault[]): void;
  referenceBook(limit?: number): DepthSnapshot;
  answers(): SnapshotLogEntry[];
  /** Depth-socket opens so far. */
  streamOpens(): number;
  /** Sockets the server closed so far. */
  closes(): number;
}

export interface MatrixOptions {
  stream: string;
  /** The adapter's problem code for a snapshot older than the buffered events. */
  tooOldCode: string;
  /** Spot applies an immediate duplicate again (u == bookId is not stale, venues.md §2.3): no gap.
   * USD-M's `pu` chain breaks on it (§3.3): a gap. */
  duplicateIsGap: boolean;
  /** The venue's staleAfterSec × 1000 (meta.ts). */
  staleAfterMs: number;
  /** How long after a 429/418 answer recovery may take (the app's own back-off on top of Retry-After). */
  rateLimitedRecoverMs: number;
}

export interface StepResult {
  step: string;
  detectedMs: number;
  liveAgainMs: number;
  states: string[];
}

export async function runMatrix(page: Page, bench: BinanceBench, o: MatrixOptions): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const s = o.stream;
  await watchStates(page);
  let lastLive = await waitRow(page, s, 'first live with bbo checks', (r) => r.state === 'live' && r.bboChecks >= 3, 45_000);
  expect(lastLive.bboMismatches).toBe(0);

  /** Live, with the bookTicker oracle checking again since the last step. */
  const live = async (what: string, timeoutMs: number): Promise<IntegrityRow> =>
    waitRow(page, s, what, (r) => r.state === 'live' && r.bboChecks >= lastLive.bboChecks + 2, timeoutMs);

  const bookEqualsReference = async (): Promise<void> => {
    bench.fault({ fault: 'pause' });
    try {
      await expectLadderEquals(page, () => bench.referenceBook(20));
      const row = (await readRow(page, s)) as IntegrityRow;
      expect(row.state).toBe('live');
      expect(row.bboMismatches, 'bookTicker oracle mismatches').toBe(0);
      expect(row.crossed, 'crossed book events').toBe(0);
    } finally {
      bench.fault({ fault: 'resume' });
    }
    lastLive = await live('bbo checks grow again after the book check', 15_000);
  };

  interface Cycle {
    inject: () => void;
    /** `states`: the row's states since the injection. */
    detect: (before: IntegrityRow, now: IntegrityRow, states: string[]) => Promise<boolean> | boolean;
    /** The row must leave `live` (a resync or reconnect); false = it must stay live; undefined = either. */
    leavesLive: boolean | undefined;
    detectMs?: number;
    recoverMs?: number;
    after?: (t0: number) => Promise<void> | void;
  }

  const only = process.env.FAULTS_ONLY === undefined ? null : new RegExp(process.env.FAULTS_ONLY);
  const cycle = async (name: string, c: Cycle): Promise<void> => {
    if (only !== null && !only.test(name)) return;
    await test.step(name, async () => {
      const before = (await readRow(page, s)) as IntegrityRow;
      const mark = await statesMark(page, s);
      const t0 = Date.now();
      c.inject();
      await pollUntil(`${name}: detected (before ${JSON.stringify(before)})`, async () => {
        const now = await readRow(page, s);
        const states = await statesSince(page, s, mark);
        const answers = bench.answers().filter((a) => a.atMs >= t0);
        return { ok: now !== null && (await c.detect(before, now, states)), value: { now, states, answers } };
      }, c.detectMs ?? 15_000);
      const detectedMs = Date.now() - t0;
      lastLive = await live(`${name}: live again`, c.recoverMs ?? 20_000);
      const liveAgainMs = Date.now() - t0;
      const states = await statesSince(page, s, mark);
      if (c.leavesLive === true) expect(states.filter((x) => x !== 'live'), `${name}: marked (states ${states.join('→')})`).not.toHaveLength(0);
      else if (c.leavesLive === false) expect(states.filter((x) => x !== 'live'), `${name}: stays live (states ${states.join('→')})`).toHaveLength(0);
      await c.after?.(t0);
      await bookEqualsReference();
      results.push({ step: name, detectedMs, liveAgainMs, states });
    });
  };

  const gapped = (b: IntegrityRow, n: IntegrityRow): boolean => n.gaps > b.gaps && n.resyncs > b.resyncs;
  const problem = (code: string) => {
    let base = -1;
    return {
      arm: async () => void (base = await problemCount(page, code)),
      seen: async () => (await problemCount(page, code)) > base,
    };
  };
  const withProblem = async (code: string, c: Omit<Cycle, 'detect'> & { detect?: Cycle['detect'] }, name: string): Promise<void> => {
    const p = problem(code);
    await p.arm();
    await cycle(name, { ...c, detect: async (b, n, st) => (await p.seen()) && (c.detect === undefined || (await c.detect(b, n, st))) });
  };
  const answersAfter = (t0: number): SnapshotLogEntry[] => bench.answers().filter((a) => a.atMs >= t0);

  await test.step('baseline: the book equals the reference', bookEqualsReference);

  await cycle('drop a depth frame → gap, resync', { inject: () => bench.fault({ fault: 'dropDepth' }), detect: gapped, leavesLive: true });
  if (o.duplicateIsGap) {
    await cycle('duplicate a depth frame → pu chain broken, resync', { inject: () => bench.fault({ fault: 'duplicateDepth' }), detect: gapped, leavesLive: true });
    await cycle('duplicate a depth frame late → gap, resync', { inject: () => bench.fault({ fault: 'duplicateDepth', late: true }), detect: gapped, leavesLive: true });
  } else {
    await withProblem('depth-stale-ignored', {
      inject: () => bench.fault([{ fault: 'duplicateDepth' }, { fault: 'duplicateDepth', late: true }]),
      detect: (b, n) => n.gaps === b.gaps && n.resyncs === b.resyncs,
      leavesLive: false,
    }, 'duplicate a depth frame (at once: re-applied; late: ignored as stale) → no gap');
  }
  await cycle('reorder two depth frames → gap, resync', { inject: () => bench.fault({ fault: 'swapDepth' }), detect: gapped, leavesLive: true });
  await withProblem('bad-json', { inject: () => bench.fault({ fault: 'garbage' }), leavesLive: false, detect: (b, n) => n.gaps === b.gaps }, 'garbage frame → bad-json, stays live');
  await withProblem('bad-message', { inject: () => bench.fault({ fault: 'oversized' }), leavesLive: false, detect: (b, n) => n.gaps === b.gaps }, 'oversized (4 MiB) frame → bad-message, stays live');

  const stallMs = o.staleAfterMs + 4_000;
  const closes = bench.closes();
  let maxIdleMs = 0;
  let reconnectedAtMs = Infinity;
  const before = (await readRow(page, s)) as IntegrityRow;
  const idleProbe = setInterval(() => {
    void readRow(page, s).then((r) => {
      if (r === null) return;
      maxIdleMs = Math.max(maxIdleMs, r.idleMs);
      if (r.reconnects > before.reconnects) reconnectedAtMs = Math.min(reconnectedAtMs, Date.now());
    }, () => {});
  }, 250);
  await cycle(`stall ${stallMs / 1000} s → stale, reconnect, resync`, {
    inject: () => bench.fault({ fault: 'stall', ms: stallMs }),
    // `stale` lasts one frame (the ws_close follows at the same instant), too short for the UI's
    // 4 Hz rows: the marks are the idle time, the app's own reconnect and the state leaving live.
    detect: (b, n) => n.reconnects > b.reconnects,
    leavesLive: true,
    detectMs: o.staleAfterMs + 8_000,
    recoverMs: stallMs + 20_000,
    after: (t0) => {
      expect(bench.closes(), 'the server closed nothing: the app reconnected on its stale timer').toBe(closes);
      expect(maxIdleMs, 'idle time shown while stalled').toBeGreaterThan(o.staleAfterMs - 5_000);
      expect(reconnectedAtMs - t0, 'reconnected only after staleAfter').toBeGreaterThanOrEqual(o.staleAfterMs - 1_000);
    },
  });

  clearInterval(idleProbe);
  let opens = bench.streamOpens();
  await cycle('close the stream socket → reconnect, resync', {
    inject: () => bench.fault({ fault: 'close', target: 'stream', code: 1001 }),
    detect: (b, n) => n.reconnects > b.reconnects && bench.streamOpens() > opens,
    leavesLive: true,
  });

  for (const [status, code] of [[429, 'snapshot-rate-limited'], [418, 'snapshot-ip-banned']] as const) {
    const retryAfterSec = 3;
    await withProblem(code, {
      inject: () => bench.fault([{ fault: status === 429 ? 'snapshot429' : 'snapshot418', retryAfterSec }, { fault: 'dropDepth' }]),
      leavesLive: true,
      detectMs: 20_000,
      recoverMs: o.rateLimitedRecoverMs,
      after: (t0) => {
        const a = answersAfter(t0);
        const err = a.find((x) => x.status === status);
        const next = a.find((x) => err !== undefined && x.atMs > err.atMs);
        expect(err, `a ${status} answer (answers ${JSON.stringify(a)})`).toBeDefined();
        expect(next?.status, `the request after the ${status} (answers ${JSON.stringify(a)})`).toBe(200);
        // Back-off honoured: the venue said "retry after 3 s".
        expect(next!.atMs - err!.atMs, 'retry waited Retry-After').toBeGreaterThanOrEqual(retryAfterSec * 1000 - 50);
      },
    }, `snapshot answered ${status} (Retry-After ${retryAfterSec} s) → ${code}, back-off, recovery`);
  }

  await withProblem(o.tooOldCode, {
    inject: () => bench.fault([{ fault: 'snapshotStale', lagEvents: 30 }, { fault: 'dropDepth' }]),
    leavesLive: true,
    after: (t0) => {
      const a = answersAfter(t0);
      expect(a.length, `a fresh snapshot after the stale one (answers ${JSON.stringify(a)})`).toBeGreaterThanOrEqual(2);
    },
  }, `stale snapshot → ${o.tooOldCode}, refetched`);

  opens = bench.streamOpens();
  await cycle('serverShutdown notice → immediate reconnect', {
    inject: () => bench.fault({ fault: 'serverShutdown', closeAfterMs: 10_000 }),
    // A new socket well before the server would close the old one (10 s), and the app has taken
    // it over: the old socket's close put the stream back to `connecting`. (The server counts the
    // new socket before the browser's `open`; without the second clause the old socket could
    // still be feeding a `live` row here, and the swap would land in the book check below.)
    detect: (b, n) => bench.streamOpens() > opens && n.reconnects > b.reconnects,
    detectMs: 3_000,
    // The counters prove the takeover; the row's states may pass within one UI refresh.
    leavesLive: undefined,
    recoverMs: 20_000,
  });
  return results;
}
