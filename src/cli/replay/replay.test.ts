import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VENUES_DIR } from './harness';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const replay = (...args: string[]) =>
  spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/cli/replay.ts'), ...args], { encoding: 'utf8', cwd: ROOT });

describe('npm run replay', () => {
  it('prints one JSON document with per-stream integrity, book and metric summaries', () => {
    const r = replay(`${VENUES_DIR}binance/fixtures/NKNUSDT-BLZETH-LRCBTC-RUNEEUR_2021-10-12_depth100ms-bookTicker-aggTrade-kline_cryptofeed.jsonl`, '--depth', '3');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { frames: number; streams: Record<string, unknown>[] };
    expect(doc.frames).toBe(270);
    const nkn = doc.streams.find((s) => s.symbol === 'NKNUSDT') as Record<string, any>;
    expect(nkn).toMatchObject({ venue: 'binance', state: 'live', gaps: 0, bboMismatches: 0, snapshots: 1, bboChecks: 19 });
    expect(nkn.book.top.bids).toHaveLength(3);
    expect(typeof nkn.book.bestBid.px).toBe('string');
    expect(nkn.metrics.spreadBps.n).toBeGreaterThan(0);
    expect(doc.streams.reduce((s, x) => s + (x.bboChecks as number), 0)).toBe(26);
  });

  it('exits non-zero with a clear message on an unreadable or broken file', () => {
    const missing = replay('/nonexistent/file.jsonl');
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/cannot read \/nonexistent\/file\.jsonl/);
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    writeFileSync(join(dir, 'bad.gz'), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    const bad = replay(join(dir, 'bad.gz'));
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/does not unpack/);
    expect(replay().status).toBe(2);
  });
});
