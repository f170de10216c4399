// `npm test`: every check of the repo, one stage after another, then one plain summary line
// `N passed, N failed` (each type-check stage counts as one test). Exit code 1 if anything failed.
//   BOOKSCOPE_SKIP_E2E=1  skip the Playwright stage (reported as skipped, not counted)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'bookscope-test-'));
const env = { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}${delimiter}${process.env.PATH}` };
const MIN = 60_000;
const results = [];
const failures = []; // names of failed tests, repeated under the summary (CI shows only the tail)

function run(cmd, args, timeoutMs, extraEnv = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv }, timeout: timeoutMs });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.error) console.log(`(${cmd}: ${r.error.message})`);
  return { ok: r.status === 0, status: r.status, secs };
}

function readJson(file) {
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  } catch {
    return undefined;
  }
}

function firstLine(text) {
  // fast-check puts its seed and counterexample in the first lines: keep enough to replay it.
  return String(text ?? '').split('\n').slice(0, 3).join(' | ').slice(0, 600);
}

function record(stage, passed, failed, secs, note = '') {
  results.push({ stage, passed, failed });
  const verdict = failed === 0 ? 'ok' : 'FAILED';
  console.log(`\n[test-all] ${stage}: ${verdict}: ${passed} passed, ${failed} failed (${secs} s)${note ? ` ${note}` : ''}`);
}

// 1, 2: type-checks (layered projects; then tests, tools and configs).
for (const [stage, args] of [['tsc -b', ['-b']], ['tsc -p tsconfig.test.json', ['-p', 'tsconfig.test.json']]]) {
  const r = run('tsc', args, 15 * MIN);
  record(stage, r.ok ? 1 : 0, r.ok ? 0 : 1, r.secs);
}

// 3: unit tests.
{
  const out = join(tmp, 'vitest.json');
  const r = run('vitest', ['run', '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], 30 * MIN);
  const j = readJson(out);
  if (j && typeof j.numPassedTests === 'number') {
    // A suite that fails to load counts its file as one failure (it has no tests to count).
    const brokenFiles = (j.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
    const failed = j.numFailedTests + brokenFiles + (r.ok || j.numFailedTests + brokenFiles > 0 ? 0 : 1);
    for (const f of j.testResults ?? []) {
      const file = (f.name ?? '').replace(root, '');
      if (f.status === 'failed' && (f.assertionResults ?? []).length === 0) failures.push(`vitest ${file}: ${firstLine(f.message)}`);
      for (const a of f.assertionResults ?? []) {
        if (a.status === 'failed') failures.push(`vitest ${file} › ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
      }
    }
    record('vitest', j.numPassedTests, failed, r.secs);
  } else record('vitest', 0, 1, r.secs, '(no JSON report: vitest did not run)');
}

// 4, 5: Chromium, then the e2e suite against the production build.
if (process.env.BOOKSCOPE_SKIP_E2E === '1') {
  console.log('\n[test-all] playwright: skipped (BOOKSCOPE_SKIP_E2E=1)');
} else {
  const c = run('node', ['scripts/ensure-chromium.mjs'], 20 * MIN);
  if (!c.ok) record('chromium', 0, 1, c.secs, '(no Chromium: e2e not run)');
  else {
    const out = join(tmp, 'playwright.json');
    const r = run('playwright', ['test', '-c', 'tests/playwright.config.ts'], 45 * MIN, { PW_JSON_OUTPUT: out });
    const report = readJson(out);
    const s = report?.stats;
    collectPlaywrightFailures(report?.suites ?? []);
    if (s) {
      const passed = (s.expected ?? 0) + (s.flaky ?? 0);
      let failed = s.unexpected ?? 0;
      if (!r.ok && failed === 0) failed = 1; // e.g. the web server or global setup failed
      record('playwright', passed, failed, r.secs, s.skipped ? `(${s.skipped} skipped)` : '');
    } else record('playwright', 0, 1, r.secs, '(no JSON report: playwright did not run)');
  }
}

function collectPlaywrightFailures(suites) {
  for (const suite of suites) {
    for (const spec of suite.specs ?? []) {
      if (spec.ok === false) {
        const err = spec.tests?.flatMap((t) => t.results ?? []).find((x) => x.error)?.error?.message;
        failures.push(`playwright ${spec.file}:${spec.line} › ${spec.title}: ${firstLine(err)}`);
      }
    }
    collectPlaywrightFailures(suite.suites ?? []);
  }
}

rmSync(tmp, { recursive: true, force: true });
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log('\n[test-all] summary');
for (const r of results) console.log(`  ${r.failed === 0 ? 'ok    ' : 'FAILED'} ${r.stage}: ${r.passed} passed, ${r.failed} failed`);
if (failures.length > 0) {
  console.log('\n[test-all] failed tests');
  for (const f of failures.slice(0, 20)) console.log(`  ${f}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
