/**
 * Page-side steps for the Binance fault specs (faults-binance*.spec.ts): polling an integrity row
 * (read by page-probes.ts), a state log kept in the page (a MutationObserver catches states that
 * last less than one poll, e.g. `stale` just before its socket closes), and the ladder compared
 * with the impersonator's reference book.
 */
import type { Page } from '@playwright/test';
import type { DepthSnapshot } from '../impersonator/capture';
import { numberIn } from './helpers';
import { readLadderText, readRow, type IntegrityRow } from './page-probes';

/** Calls `probe` every ~150 ms until it returns `{ ok: true }` (bounded); the error names the last value. */
export async function pollUntil<T>(what: string, probe: () => Promise<{ ok: boolean; value: T }>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await probe();
    if (r.ok) return r.value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms: ${what} (last: ${JSON.stringify(r.value)})`);
    await new Promise((res) => setTimeout(res, 150));
  }
}

/** Polls the integrity row until `pred` holds (bounded); returns the row that satisfied it. */
export async function waitRow(page: Page, stream: string, what: string, pred: (r: IntegrityRow) => boolean, timeoutMs: number): Promise<IntegrityRow> {
  return pollUntil(`${stream}: ${what}`, async () => {
    const r = await readRow(page, stream);
    return { ok: r !== null && pred(r), value: r as IntegrityRow };
  }, timeoutMs);
}

/** Starts recording every `data-state` an integrity row takes (window.__states[stream]). */
export async function watchStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __states?: Record<string, string[]> };
    if (w.__states) return;
    const log: Record<string, string[]> = (w.__states = {});
    const note = (el: Element): void => {
      const s = el.getAttribute('data-stream');
      const st = el.getAttribute('data-state');
      if (s === null || st === null) return;
      const l = (log[s] ??= []);
      if (l.at(-1) !== st) l.push(st);
    };
    document.querySelectorAll('[data-testid="integrity-row"]').forEach(note);
    new MutationObserver((muts) => {
      for (const m of muts) {
        if (m.type === 'attributes') note(m.target as Element);
        else m.addedNodes.forEach((n) => n instanceof Element && n.querySelectorAll('[data-testid="integrity-row"]').forEach(note));
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  });
}

/** States taken since `from` (an index into the log, from statesMark). */
export async function statesSince(page: Page, stream: string, from: number): Promise<string[]> {
  return page.evaluate(([s, i]) => ((window as unknown as { __states: Record<string, string[]> }).__states[s as string] ?? []).slice(i as number), [stream, from]);
}
export async function statesMark(page: Page, stream: string): Promise<number> {
  return page.evaluate((s) => ((window as unknown as { __states: Record<string, string[]> }).__states[s] ?? []).length, stream);
}

export interface Ladder {
  bestBid: number;
  bestAsk: number;
  bids: [number, number][];
  asks: [number, number][];
}

/** The ladder as numbers: best bid/ask texts and every row (bids high→low, asks low→high). */
export async function readLadder(page: Page): Promise<Ladder> {
  const raw = await readLadderText(page);
  const lv = (rows: [string, string][], dir: 1 | -1): [number, number][] =>
    rows.map(([p, q]): [number, number] => [numberIn(p), numberIn(q)]).sort((a, b) => dir * (a[0] - b[0]));
  return { bestBid: numberIn(raw.bestBid), bestAsk: numberIn(raw.bestAsk), bids: lv(raw.bids, -1), asks: lv(raw.asks, 1) };
}

const asNumbers = (levels: [string, string][], n: number): [number, number][] => levels.slice(0, n).map(([p, q]) => [Number(p), Number(q)]);

/** The app's ladder equals the reference book (best bid/ask and every level shown, ≤ 20 a side). */
export async function expectLadderEquals(page: Page, ref: () => DepthSnapshot, timeoutMs = 5_000): Promise<Ladder> {
  return pollUntil('the ladder equals the reference book', async () => {
    const app = await readLadder(page);
    const r = ref();
    const n = Math.min(20, app.bids.length, app.asks.length);
    const want = { bids: asNumbers(r.bids, n), asks: asNumbers(r.asks, n) };
    const ok = n >= 5 && app.bestBid === want.bids[0]![0] && app.bestAsk === want.asks[0]![0] &&
      JSON.stringify([app.bids.slice(0, n), app.asks.slice(0, n)]) === JSON.stringify([want.bids, want.asks]);
    return { ok, value: ok ? app : ({ app, want } as unknown as Ladder) };
  }, timeoutMs);
}
