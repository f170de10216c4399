/**
 * E2E against the production build served by `vite preview` (COOP/COEP headers from
 * vite.config.ts), in Debian Chromium (scripts/chromium-path.mjs). The browser may reach only
 * loopback: every other host resolves to NOTFOUND, so the app's default venue URLs fail and
 * tests point it at tests/impersonator instead.
 */
import { defineConfig, devices } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { resolveChromium } from '../scripts/chromium-path.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const port = Number(process.env.E2E_PORT ?? 4173);
const baseURL = `http://127.0.0.1:${port}`;
const chromium = resolveChromium();
const distDir = `${artifacts}dist-e2e`;

export default defineConfig({
  testDir: './e2e',
  outputDir: `${artifacts}test-results`,
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 1),
  retries: 0,
  timeout: 120_000,
  globalTimeout: 25 * 60_000,
  expect: { timeout: 15_000 },
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PW_JSON_OUTPUT ?? `${artifacts}e2e-results.json` }],
  ],
  use: {
    baseURL,
    acceptDownloads: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1440, height: 900 },
        launchOptions: {
          ...(chromium ? { executablePath: chromium.path } : {}),
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
          ],
        },
      },
    },
  ],
  webServer: {
    // A private outDir: a concurrent `vite build` into dist/ cannot swap the assets under a running test.
    command: `npx vite build --outDir ${distDir} --emptyOutDir && npx vite preview --outDir ${distDir} --host 127.0.0.1 --port ${port} --strictPort`,
    cwd: root,
    url: baseURL,
    reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
