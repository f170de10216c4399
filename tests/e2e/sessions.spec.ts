/** Sessions: a live recording survives a reload; export → import round-trips; the import replays. */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { startImpersonator, type Impersonator } from '../impersonator/server';
import { expectLadderFilled, liveUrl, sessionRows, waitForStream, type SessionRowInfo } from './helpers';

let imp: Impersonator;

test.beforeEach(async () => {
  imp = await startImpersonator({ speed: 1 });
});

test.afterEach(async () => {
  await imp.close();
});

/** Rows that satisfy `pred` and report frames > 0, once there is at least one (bounded). */
async function rowsWhere(page: Page, what: string, pred: (r: SessionRowInfo) => boolean, timeoutMs = 30_000): Promise<SessionRowInfo[]> {
  let found: SessionRowInfo[] = [];
  await expect
    .poll(
      async () => {
        found = (await sessionRows(page)).filter((r) => r.frames > 0 && pred(r));
        return found.length;
      },
      { message: `a session row (${what}) with frames > 0`, timeout: timeoutMs, intervals: [250, 500, 1000] },
    )
    .toBeGreaterThan(0);
  return found;
}

/** Frame lines of a session file (the header line, if any, left out). */
function frameLines(file: string): string[] {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter((l) => l.length > 0);
  return lines[0]?.includes('"format":"bookscope-session"') ? lines.slice(1) : lines;
}

test('a recorded live session survives a page reload', async ({ page }) => {
  // Each test has a fresh browser context (empty IndexedDB): the only `live` session is this one.
  await page.goto(liveUrl(imp));
  const rec = await waitForStream(page, 'recording live frames', (a) => a.state === 'live' && a.frames >= 300, 45_000);
  await page.getByTestId('disconnect-button').click();
  await page.waitForTimeout(1_000);

  await page.goto('/?venue=binance&symbols=BTCUSDT'); // a fresh page that does not start live again
  await page.reload();
  await expect(page.getByTestId('sessions-list')).toBeVisible({ timeout: 30_000 });
  const live = await rowsWhere(page, 'origin live, after the reload', (r) => r.origin === 'live');
  expect(live).toHaveLength(1);
  test.info().annotations.push({ type: 'frames', description: `stream frames ${rec.frames}; stored after reload ${live[0]!.frames}` });
});

test('export then import gives the same session, and the import replays', async ({ page }) => {
  // Record a short live session to export.
  await page.goto(liveUrl(imp));
  await expect(page.getByTestId('sessions-list')).toBeVisible({ timeout: 30_000 });
  await waitForStream(page, 'recording live frames', (a) => a.state === 'live' && a.frames >= 200, 45_000);
  await page.getByTestId('disconnect-button').click();
  const [source] = await rowsWhere(page, 'origin live', (r) => r.origin === 'live');
  // The summary may still be catching up with the last flushed frames: wait until it is steady.
  let steady = -1;
  await expect
    .poll(async () => {
      const f = (await sessionRows(page)).find((r) => r.id === source!.id)?.frames ?? -1;
      const same = f === steady;
      steady = f;
      return same;
    }, { message: 'the recorded session stops growing', timeout: 20_000, intervals: [1_000] })
    .toBe(true);

  const row = page.locator(`[data-testid="session-row"][data-session-id="${source!.id}"]`);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), row.getByTestId('session-export').click()]);
  const exported = test.info().outputPath('exported.jsonl.gz');
  await download.saveAs(exported);
  const exportedFrames = frameLines(exported);
  expect(exportedFrames.length).toBe(steady);

  const known = new Set((await sessionRows(page)).map((r) => r.id));
  await page.getByTestId('session-import-input').setInputFiles(exported);
  const imported = (await rowsWhere(page, 'the import', (r) => !known.has(r.id), 60_000))[0]!;
  expect(imported.frames).toBe(steady);
  test.info().annotations.push({ type: 'frames', description: `exported ${exportedFrames.length}, imported ${imported.frames}` });

  // Byte-identical frames: export the imported session again and compare line by line.
  const importedRow = page.locator(`[data-testid="session-row"][data-session-id="${imported.id}"]`);
  const [again] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), importedRow.getByTestId('session-export').click()]);
  const reexported = test.info().outputPath('reexported.jsonl.gz');
  await again.saveAs(reexported);
  expect(frameLines(reexported)).toEqual(exportedFrames);

  await importedRow.getByTestId('session-replay').click();
  await expect(page.getByTestId('mode-banner')).toContainText(/replay/i, { timeout: 30_000 });
  await expectLadderFilled(page, 30_000);
});
