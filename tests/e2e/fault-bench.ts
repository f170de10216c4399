/**
 * The misbehaving-exchange bench, page side, for the Bybit / Coinbase specs (not a spec): wait on
 * every stream's integrity row (read by page-probes.ts), run one fault step (inject → detected and marked →
 * back to `live` within a bound → market paused → the ladder equals the impersonator's naive
 * reference book → resume), and build the live URL with `ep.<venue>.<name>` overrides.
 */
import { expect, test, type Page } from '@playwright/test';
import { numberIn } from './helpers';
import { readLadderText, readRows, type IntegrityRow } from './page-probes';

export type Integrity = IntegrityRow;

export function liveStreamsUrl(streams: readonly string[], eps: Record<string, Record<string, string>>): string {
  const q = [`streams=${streams.map(encodeURIComponent).join(',')}`, 'mode=live'];
  for (const [venue, names] of Object.entries(eps)) {
    for (const [name, url] of Object.entries(names)) q.push(`ep.${venue}.${name}=${encodeURIComponent(url)}`);
  }
  return `/?${q.join('&')}`;
}

/** Polls until `pred` holds for every stream (bounded); returns the rows that satisfied it. */
export async function waitAll(
  page: Page,
  streams: readonly string[],
  what: string,
  pred: (now: Integrity, stream: string) => boolean,
  timeoutMs: number,
  /** Enough that one stream satisfies `pred`. */
  any = false,
): Promise<Record<string, Integrity>> {
  let last: Record<string, Integrity> = {};
  const ok = (): boolean => streams.filter((s) => last[s] !== undefined && pred(last[s], s)).length >= (any ? 1 : streams.length);
  try {
    await expect
      .poll(async () => {
        last = await readRows(page);
        return ok();
      }, { message: what, timeout: timeoutMs, intervals: [50, 100, 100, 250] })
      .toBe(true);
  } catch (e) {
    throw new Error(`${what}: not within ${timeoutMs} ms; last integrity rows ${JSON.stringify(last)}`, { cause: e });
  }
  return last;
}

export type Levels = { bids: [string, string][]; asks: [string, string][] };

/** The focused ladder's levels, best first, as numbers. */
async function ladder(page: Page): Promise<{ bids: number[][]; asks: number[][] }> {
  const rows = await readLadderText(page);
  const num = (l: string[][]) => l.map(([p, s]) => [numberIn(p ?? ''), numberIn(s ?? '')]);
  return {
    bids: num(rows.bids).sort((x, y) => y[0]! - x[0]!),
    asks: num(rows.asks).sort((x, y) => x[0]! - y[0]!),
  };
}

/** With the market paused: the stream's ladder (top `n` a side, prices and sizes) and its best
 * bid/ask equal the reference. Polled: the app may still be drawing the last frames. */
export async function expectBookEquals(page: Page, stream: string, ref: () => Levels, n = 10, timeoutMs = 10_000): Promise<void> {
  await page.locator(`[data-testid="stream-status"][data-stream="${stream}"]`).click();
  const want = (): { bids: number[][]; asks: number[][] } => {
    const r = ref();
    const num = (l: [string, string][]) => l.slice(0, n).map(([p, s]) => [Number(p), Number(s)]);
    return { bids: num(r.bids), asks: num(r.asks) };
  };
  let got: unknown;
  await expect
    .poll(async () => {
      const l = await ladder(page);
      const bb = numberIn(await page.getByTestId('best-bid').textContent());
      const ba = numberIn(await page.getByTestId('best-ask').textContent());
      const label = await page.locator('[data-testid="ladder"] .stream-label').textContent();
      got = { label, bb, ba, bids: l.bids.slice(0, n), asks: l.asks.slice(0, n) };
      const w = want();
      return JSON.stringify(got) === JSON.stringify({ label, bb: w.bids[0]?.[0], ba: w.asks[0]?.[0], ...w });
    }, { message: `${stream}: ladder equals the reference (app: ${JSON.stringify(got)}; reference: ${JSON.stringify(want())})`, timeout: timeoutMs, intervals: [100, 250, 500] })
    .toBe(true);
}

export type Expect = 'resync' | 'reconnect' | 'snapshot';

export interface StepOpts {
  page: Page;
  streams: readonly string[];
  /** Fault name (the step title). */
  name: string;
  inject: () => void;
  /** How the app must show it: a gap + resync, a reconnect, or (restart) a fresh snapshot without a gap. */
  expectMark: Expect;
  detectMs?: number;
  recoverMs?: number;
  pause: () => void;
  resume: () => void;
  ref: (stream: string) => Levels;
  /** Only the stream whose frame was hit must be marked (a per-product loss, not a socket-wide break). */
  markAny?: boolean;
  /** Extra wait before the book check (e.g. let post-restart deltas flow). */
  settleMs?: number;
}

/** One fault, as a test.step: returns the wall ms from injection to every stream `live` again. */
export async function faultStep(o: StepOpts): Promise<number> {
  return test.step(`${o.name}: detected, marked, live again, book equals the reference`, async () => {
    const before = await waitAll(o.page, o.streams, 'live before the fault', (r) => r.state === 'live', 15_000);
    const t0 = Date.now();
    o.inject();
    const marked = (r: Integrity, s: string): boolean => {
      const b = before[s]!;
      if (o.expectMark === 'resync') return r.gaps > b.gaps && r.resyncs > b.resyncs;
      if (o.expectMark === 'reconnect') return r.reconnects > b.reconnects;
      return r.snapshotAgeMs >= 0 && r.snapshotAgeMs < Date.now() - t0 + 500 && r.gaps === b.gaps;
    };
    await waitAll(o.page, o.streams, `${o.name} detected and marked (${o.expectMark})`, marked, o.detectMs ?? 15_000, o.markAny);
    await waitAll(o.page, o.streams, `${o.name}: back to live`, (r) => r.state === 'live', o.recoverMs ?? 15_000);
    const recoveredMs = Date.now() - t0;
    if (o.settleMs) await o.page.waitForTimeout(o.settleMs);
    o.pause();
    try {
      for (const s of o.streams) await expectBookEquals(o.page, s, () => o.ref(s));
      const end = await waitAll(o.page, o.streams, `${o.name}: still live, never crossed`, (r) => r.state === 'live', 5_000);
      for (const s of o.streams) {
        expect(end[s]!.crossed, `${s} crossed`).toBe(0);
        if (o.expectMark === 'snapshot') expect(end[s]!.gaps, `${s}: a restart snapshot is not a gap`).toBe(before[s]!.gaps);
      }
    } finally {
      o.resume();
    }
    test.info().annotations.push({ type: 'fault', description: `${o.name}: live again after ${recoveredMs} ms` });
    return recoveredMs;
  });
}
