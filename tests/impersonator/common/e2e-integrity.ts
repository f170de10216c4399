/**
 * What the fault specs read from the page (docs/TEAM-NOTES.md "UI ⇄ e2e contract"): one stream's
 * `integrity-row` attributes, counted problems, and the ladder's exact venue strings. Every wait
 * is bounded.
 */
import { expect, type Page } from '@playwright/test';

export interface Integrity {
  state: string;
  gaps: number;
  resyncs: number;
  ckOk: number;
  ckFail: number;
  crossed: number;
  reconnects: number;
  unknown: number;
}

export async function integrity(page: Page, stream: string): Promise<Integrity | undefined> {
  return page.evaluate((s) => {
    const el = [...document.querySelectorAll('[data-testid="integrity-row"]')].find((e) => e.getAttribute('data-stream') === s);
    if (!el) return undefined;
    const n = (a: string): number => Number(el.getAttribute(a) ?? NaN);
    return {
      state: el.getAttribute('data-state') ?? '',
      gaps: n('data-gaps'),
      resyncs: n('data-resyncs'),
      ckOk: n('data-checksum-ok'),
      ckFail: n('data-checksum-fail'),
      crossed: n('data-crossed'),
      reconnects: n('data-reconnects'),
      unknown: n('data-unknown'),
    };
  }, stream);
}

/** Polls until `pred` holds (bounded); returns the row that satisfied it. */
export async function waitIntegrity(page: Page, stream: string, what: string, pred: (i: Integrity) => boolean, timeoutMs: number): Promise<Integrity> {
  let last: Integrity | undefined;
  await expect
    .poll(async () => {
      last = await integrity(page, stream);
      return last !== undefined && pred(last);
    }, { message: `${stream}: ${what} (last: ${JSON.stringify(last)})`, timeout: timeoutMs, intervals: [50, 100, 200] })
    .toBe(true);
  return last!;
}

/** Sum of the counts of problem rows with this code (`bad-json`, `bad-message`, …). */
export async function problemCount(page: Page, code: string): Promise<number> {
  return page.evaluate((c) => {
    let sum = 0;
    for (const el of document.querySelectorAll('[data-testid="problem-row"]')) {
      if (el.getAttribute('data-code') === c) sum += Number(el.getAttribute('data-count') ?? 0);
    }
    return sum;
  }, code);
}

export type Side = [price: string, size: string][];

/** The ladder's rows as shown (the venue's own strings), each side best first. */
export async function ladder(page: Page): Promise<{ bids: Side; asks: Side; bestBid: string; bestAsk: string }> {
  return page.evaluate(() => {
    const rows = (side: string): [string, string][] =>
      [...document.querySelectorAll(`[data-testid="ladder-${side}"]`)].map((r) => [
        r.querySelector('[data-testid="price"]')?.textContent ?? '',
        r.querySelector('[data-testid="size"]')?.textContent ?? '',
      ]);
    const text = (id: string): string => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
    const bids = rows('bid').sort((a, b) => Number(b[0]) - Number(a[0]));
    const asks = rows('ask').sort((a, b) => Number(a[0]) - Number(b[0]));
    return { bids, asks, bestBid: text('best-bid'), bestAsk: text('best-ask') };
  });
}

/**
 * The app's ladder equals the reference (both sides, `levels` best levels, exact strings, and the
 * best bid/ask), polled while the market is paused so that nothing moves.
 */
export async function expectLadderEquals(page: Page, reference: () => { bids: Side; asks: Side }, levels: number, timeoutMs = 5_000): Promise<void> {
  let detail = '';
  await expect
    .poll(async () => {
      const got = await ladder(page);
      const want = reference();
      const g = { bids: got.bids.slice(0, levels), asks: got.asks.slice(0, levels) };
      const w = { bids: want.bids.slice(0, levels), asks: want.asks.slice(0, levels) };
      const same = JSON.stringify(g) === JSON.stringify(w) && got.bestBid === w.bids[0]?.[0] && got.bestAsk === w.asks[0]?.[0];
      detail = same ? '' : `app ${got.bestBid}/${got.bestAsk} ${JSON.stringify(g).slice(0, 300)} vs reference ${JSON.stringify(w).slice(0, 300)}`;
      return same;
    }, { message: `ladder equals the reference book ${detail}`, timeout: timeoutMs, intervals: [100, 200, 400] })
    .toBe(true);
}
