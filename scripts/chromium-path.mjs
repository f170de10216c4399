// Where is a Chromium for Playwright? One resolution shared by scripts/ensure-chromium.mjs and
// tests/playwright.config.ts so both always agree.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Playwright's own downloaded Chromium, if `npx playwright install chromium` ran on this machine. */
function playwrightBundled() {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('playwright-core');
    const p = chromium.executablePath();
    return p && existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

/** @returns {{ path: string, source: string } | undefined} */
export function resolveChromium() {
  const env = process.env.CHROMIUM_PATH;
  if (env) return existsSync(env) ? { path: env, source: 'CHROMIUM_PATH' } : undefined;
  for (const p of SYSTEM_PATHS) if (existsSync(p)) return { path: p, source: 'system' };
  const bundled = playwrightBundled();
  return bundled ? { path: bundled, source: 'playwright' } : undefined;
}
