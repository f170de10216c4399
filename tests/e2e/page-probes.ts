/**
 * What every fault spec reads from the page, in one DOM read each (docs/TEAM-NOTES.md "Several
 * venues, integrity…" and "UI ⇄ e2e contract"): the `integrity-row` attributes of one or every
 * stream, counted problems, and the ladder as shown (the venue's own strings, unsorted). The
 * specs' comparisons (exact strings, numbers, how many levels) stay with the specs' steps.
 */
import type { Page } from '@playwright/test';

/** One stream's `integrity-row` (counts; ages in ms, -1 = never). */
export interface IntegrityRow {
  state: string;
  gaps: number;
  resyncs: number;
  reconnects: number;
  unknown: number;
  crossed: number;
  ckOk: number;
  ckFail: number;
  bboChecks: number;
  bboMismatches: number;
  idleMs: number;
  snapshotAgeMs: number;
}

/** Every stream's integrity row, by `data-stream`. */
export async function readRows(page: Page): Promise<Record<string, IntegrityRow>> {
  return page.evaluate(() => {
    const out: Record<string, IntegrityRow> = {};
    for (const el of document.querySelectorAll('[data-testid="integrity-row"]')) {
      const n = (k: string): number => Number(el.getAttribute(`data-${k}`) ?? NaN);
      out[el.getAttribute('data-stream') ?? ''] = {
        state: el.getAttribute('data-state') ?? '',
        gaps: n('gaps'), resyncs: n('resyncs'), reconnects: n('reconnects'), unknown: n('unknown'), crossed: n('crossed'),
        ckOk: n('checksum-ok'), ckFail: n('checksum-fail'), bboChecks: n('bbo-checks'), bboMismatches: n('bbo-mismatches'),
        idleMs: n('idle-ms'), snapshotAgeMs: n('snapshot-age-ms'),
      };
    }
    return out;
  });
}

/** One stream's integrity row; null while the panel has none. */
export async function readRow(page: Page, stream: string): Promise<IntegrityRow | null> {
  return (await readRows(page))[stream] ?? null;
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

export type LadderRows = [price: string, size: string][];

/** The focused ladder's rows and best bid/ask, as the texts shown, in DOM order. */
export async function readLadderText(page: Page): Promise<{ bids: LadderRows; asks: LadderRows; bestBid: string; bestAsk: string }> {
  return page.evaluate(() => {
    const rows = (side: string): [string, string][] =>
      [...document.querySelectorAll(`[data-testid="ladder-${side}"]`)].map((r) => [
        r.querySelector('[data-testid="price"]')?.textContent ?? '',
        r.querySelector('[data-testid="size"]')?.textContent ?? '',
      ]);
    const text = (id: string): string => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
    return { bids: rows('bid'), asks: rows('ask'), bestBid: text('best-bid'), bestAsk: text('best-ask') };
  });
}
