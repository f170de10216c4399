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

/** Every real capture of every venue (permissive ones in the repo, AGPL ones read in place from
 * ../shared): the CLI reads it, every stream that got a snapshot is live with zero gaps, every
 * checksum it carries verifies and every bookTicker agrees. Exact counts per capture are
 * asserted in each venue's own tests; this proves the headless tool handles them all. */
const SHARED = join(ROOT, '../shared/fixtures');
const CAPTURES: { file: string; venue?: string; checksums?: number; bbo?: number }[] = [
  { file: `${VENUES_DIR}binance/fixtures/BTCUSDT_2024-08-08T2354Z_depth100ms-trade-bookTicker_hftbacktest.jsonl.gz`, bbo: 564 },
  { file: `${VENUES_DIR}binance/fixtures/BTCUSDT-ETHUSDT-DOTUSDT_2021-04-04_depth100ms-aggTrade-kline_cryptofeed.jsonl` },
  { file: `${VENUES_DIR}binance-usdm/fixtures/BTCUSDT_2023-04-04T2358Z_depth0ms-trade-bookTicker-markPrice1s_hftbacktest.jsonl.gz`, bbo: 310 },
  { file: `${VENUES_DIR}binance-usdm/fixtures/SAND-CHR-NEO-CTK-BAT-USDT_2021-04-05_depth100ms-bookTicker-aggTrade_cryptofeed.jsonl`, bbo: 216 },
  { file: `${VENUES_DIR}okx/fixtures/OKX-v5_BTC-USDT_UNI-USD-SWAP_BTC-USD-220527_2022-05-13_books-trades-tickers_cryptofeed.jsonl`, checksums: 290 },
  { file: `${VENUES_DIR}okx/fixtures/OKX-v5_10inst_2022-02-27_books-l2-tbt-trades-tickers_cryptofeed.jsonl`, checksums: 3679 },
  { file: `${VENUES_DIR}kraken/fixtures/KRAKEN-v1_XBTUSD+9pairs_2021-04-05_book1000_cryptofeed.jsonl`, checksums: 14496 },
  { file: `${VENUES_DIR}kraken/fixtures/KRAKEN-v1_10pairs_2021-04-17_book1000-trade-ticker_cryptofeed.jsonl`, checksums: 4269 },
  { file: `${VENUES_DIR}coinbase/fixtures/COINBASE-exchange_10products_2021-04-17_level2-ticker-matches_cryptofeed.jsonl` },
  { file: `${VENUES_DIR}bybit/fixtures/BYBIT-v5_orderbook1_linear+spot_2025-06-13_cryptofeed-PR1085.jsonl` },
  { file: `${VENUES_DIR}bybit/fixtures/XRPUSDT_2024-12-01T0000Z_orderbook500-linear_bybit-public-history.jsonl`, venue: 'bybit-linear' },
  { file: `${SHARED}/bybit/BYBIT-v5_linear-BTC-ETH-SOL-DOGE_spot-BTC-ETH_2026-08-09_orderbook200-publicTrade-tickers-kline_cryptofeed-v3-AGPL.jsonl` },
  { file: `${SHARED}/coinbase/COINBASE-advanced-trade_BTC-USD_ETH-USD_2026-08-09_level2-market_trades-ticker-candles-heartbeats_cryptofeed-v3-AGPL.jsonl.gz` },
];

describe.each(CAPTURES)('npm run replay on $file', ({ file, venue, checksums, bbo }) => {
  it('reports every stream live with zero gaps, and the integrity counters the capture proves', () => {
    const r = replay(file, '--depth', '1', ...(venue === undefined ? [] : ['--venue', venue]));
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { streams: Record<string, number | string>[] };
    expect(doc.streams.length).toBeGreaterThan(0);
    const sum = (k: string): number => doc.streams.reduce((s, x) => s + (x[k] as number), 0);
    expect(doc.streams.map((s) => s.state)).toEqual(doc.streams.map(() => 'live'));
    expect(sum('gaps')).toBe(0);
    expect(sum('crossedEvents')).toBe(0);
    expect(sum('checksumFail')).toBe(0);
    expect(sum('bboMismatches')).toBe(0);
    if (checksums !== undefined) expect(sum('checksumOk')).toBe(checksums);
    if (bbo !== undefined) expect(sum('bboChecks')).toBe(bbo);
  });
});
