/** Shared bits of the e2e specs: the docs/TEAM-NOTES.md "UI ⇄ e2e contract", read from the page. */
import { expect, type Locator, type Page } from '@playwright/test';
import type { Impersonator } from '../impersonator/server';

export const STREAM = 'binance:BTCUSDT';

export function liveUrl(imp: Impersonator, symbols = 'BTCUSDT'): string {
  const e = imp.endpoints;
  const q = `venue=binance&symbols=${symbols}&mode=live&streamBase=${e.streamBase}&wsApi=${e.wsApi}&rest=${e.rest}`;
  return `/?${q}`;
}

export const streamStatus = (page: Page, stream = STREAM): Locator =>
  page.locator(`[data-testid="stream-status"][data-stream="${stream}"]`);

export interface StreamAttrs {
  state: string;
  gaps: number;
  resyncs: number;
  bboChecks: number;
  bboMismatches: number;
  frames: number;
}

export async function streamAttrs(page: Page, stream = STREAM): Promise<StreamAttrs> {
  const el = streamStatus(page, stream);
  const num = async (a: string): Promise<number> => Number((await el.getAttribute(a, { timeout: 5_000 })) ?? NaN);
  return {
    state: (await el.getAttribute('data-state', { timeout: 5_000 })) ?? '',
    gaps: await num('data-gaps'),
    resyncs: await num('data-resyncs'),
    bboChecks: await num('data-bbo-checks'),
    bboMismatches: await num('data-bbo-mismatches'),
    frames: await num('data-frames'),
  };
}

/** Polls the stream's attributes until `pred` holds (bounded); returns the attributes that satisfied it. */
export async function waitForStream(
  page: Page,
  what: string,
  pred: (a: StreamAttrs) => boolean,
  timeoutMs = 30_000,
  stream = STREAM,
): Promise<StreamAttrs> {
  let last: StreamAttrs | undefined;
  try {
    await expect
      .poll(
        async () => {
          if ((await streamStatus(page, stream).count()) === 0) return false;
          last = await streamAttrs(page, stream);
          return pred(last);
        },
        { message: what, timeout: timeoutMs, intervals: [100, 250, 500] },
      )
      .toBe(true);
  } catch (e) {
    // The poll's message is fixed when the poll starts; name the attributes it last saw instead.
    throw new Error(`${what} — last stream attributes ${JSON.stringify(last)}`, { cause: e });
  }
  return last!;
}

/** A number shown as text ("61,829.76", "−0.52 bps", "12.3k" is not expected for prices). */
export function numberIn(text: string | null): number {
  const m = (text ?? '').replace(/[,\u202f\u00a0]/g, '').replace(/\u2212/g, '-').match(/-?\d+(\.\d+)?(e-?\d+)?/i);
  return m ? Number(m[0]) : NaN;
}

export interface SessionRowInfo {
  id: string;
  frames: number;
  origin: string;
  text: string;
}

/** The sessions list as data. Frames: a `data-frames` attribute, else the cell titled "N frames". */
export async function sessionRows(page: Page): Promise<SessionRowInfo[]> {
  return page.locator('[data-testid="session-row"]').evaluateAll((rows) =>
    rows.map((row) => {
      const el = row as HTMLElement;
      const titled = [...el.querySelectorAll('[title]')].map((x) => x.getAttribute('title') ?? '');
      const framesTitle = titled.map((t) => /^([\d,]+) frames$/.exec(t)).find((m) => m !== null);
      const framesAttr = el.getAttribute('data-frames');
      const frames = framesAttr !== null ? Number(framesAttr) : framesTitle ? Number(framesTitle[1]!.replace(/,/g, '')) : NaN;
      const badge = el.querySelector('[class*="origin-"]');
      const origin = el.getAttribute('data-origin') ?? /origin-(\w+)/.exec(badge?.className ?? '')?.[1] ?? '';
      return { id: el.getAttribute('data-session-id') ?? '', frames, origin, text: el.innerText };
    }),
  );
}

/** Ladder rows hold numbers (price and size cells). */
export async function expectLadderFilled(page: Page, timeoutMs = 30_000): Promise<void> {
  await expect
    .poll(
      async () => {
        // One DOM read (rows re-render every animation frame; no per-element waits).
        const top = await page.evaluate(() => {
          const first = (side: string, cell: string): string | null =>
            document.querySelector(`[data-testid="ladder-${side}"] [data-testid="${cell}"]`)?.textContent ?? null;
          return { bidPx: first('bid', 'price'), askPx: first('ask', 'price'), bidSz: first('bid', 'size') };
        });
        if (top.bidPx === null || top.askPx === null) return 'no rows';
        const [bidPx, askPx, bidSz] = [numberIn(top.bidPx), numberIn(top.askPx), numberIn(top.bidSz)];
        if (!(bidPx > 0 && askPx > 0 && bidSz > 0)) return `not numbers: ${bidPx} ${askPx} ${bidSz}`;
        return 'filled';
      },
      { message: 'ladder rows show prices and sizes', timeout: timeoutMs, intervals: [250, 500, 1000] },
    )
    .toBe('filled');
}
