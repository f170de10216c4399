import { describe, expect, it } from 'vitest';
import { loadCaptures, newRun } from '../../cli/replay/harness';
import { SERIES_COL } from '../../core/series/columns';
import { STAT } from '../../core/series/stream-stats';
import type { FrameKind, RawFrame } from '../../core/types';
import { RecordingSink } from '../testing/recording-sink';
import { OkxAdapter } from './adapter';

let t = 1_700_000_000_000_000;
const fr = (kind: FrameKind, text: string): RawFrame => ({ tUs: (t += 1000), kind, conn: 'ws', text });

/** Shaped as the OKX v5 docs' "Instruments channel" push (every field of an element, strings, ""
 * where not applicable); contract values as OKX lists them: BTC-USDT-SWAP 0.01 BTC (linear),
 * BTC-USD-SWAP 100 USD (inverse) ⚠ from the docs / third-party mirrors, not our capture. */
const inst = (instId: string, ctVal: string, ctValCcy: string, ctType: string, uly: string): string =>
  JSON.stringify({
    instType: 'SWAP', instId, uly, instFamily: uly, category: '1', baseCcy: '', quoteCcy: '', settleCcy: ctType === 'inverse' ? 'BTC' : 'USDT',
    ctVal, ctMult: '1', ctValCcy, optType: '', stk: '', listTime: '1606468572000', expTime: '', lever: '100', tickSz: '0.1', lotSz: '1', minSz: '1',
    ctType, alias: '', state: 'live', maxLmtSz: '100000000', maxMktSz: '12000', maxTwapSz: '', maxIcebergSz: '', maxTriggerSz: '', maxStopSz: '',
  });
const SWAP_PUSH = `{"arg":{"channel":"instruments","instType":"SWAP"},"data":[${[
  inst('BTC-USDT-SWAP', '0.01', 'BTC', 'linear', 'BTC-USDT'),
  inst('BTC-USD-SWAP', '100', 'USD', 'inverse', 'BTC-USD'),
  inst('ETH-USDT-SWAP', '0.1', 'ETH', 'linear', 'ETH-USDT'),
].join(',')}]}`;
/** The docs' own FUTURES example (gocryptotrader keeps it as test data): ctType "linear" with a
 * USD contract value on a coin-margined future — self-contradictory, so the unit stays unknown. */
const DOCS_FUTURES = `{"arg": {"channel": "instruments","instType": "FUTURES"},"data": [{"instType": "FUTURES","instId": "BTC-USD-191115","uly": "BTC-USD","category": "1","baseCcy": "","quoteCcy": "","settleCcy": "BTC","ctVal": "10","ctMult": "1","ctValCcy": "USD","optType": "","stk": "","listTime": "","expTime": "","tickSz": "0.01","lotSz": "1","minSz": "1","ctType": "linear","alias": "this_week","state": "live"}]}`;

const sub = (...ids: string[]): RawFrame =>
  fr('ws_sent', JSON.stringify({ op: 'subscribe', args: ids.flatMap((instId) => [{ channel: 'books', instId }, { channel: 'trades', instId }]) }));
const snap = (instId: string, bids: [string, string][], asks: [string, string][]): RawFrame =>
  fr('ws', JSON.stringify({ arg: { channel: 'books', instId }, action: 'snapshot', data: [{ asks: asks.map((l) => [...l, '0', '1']), bids: bids.map((l) => [...l, '0', '1']), ts: String(Math.floor(t / 1000)), checksum: 0, prevSeqId: -1, seqId: 1 }] }));
const trade = (instId: string, px: string, sz: string, side: 'buy' | 'sell'): RawFrame =>
  fr('ws', JSON.stringify({ arg: { channel: 'trades', instId }, data: [{ instId, tradeId: '1', px, sz, side, ts: String(Math.floor(t / 1000)) }] }));

function feed(frames: RawFrame[]) {
  const a = new OkxAdapter();
  const sink = new RecordingSink();
  for (const f of frames) a.onFrame(f, f.kind === 'ws' ? a.parse(f.text) : undefined, sink);
  return sink;
}

describe('OKX instruments channel → contract size (AdapterSink.onInstrument)', () => {
  it('a contract instrument starts unknown; the push gives linear base units and inverse quote units; others are skipped', () => {
    const sink = feed([sub('BTC-USDT', 'BTC-USDT-SWAP', 'BTC-USD-SWAP'), fr('ws', SWAP_PUSH)]);
    expect(sink.of('instrument').map((c) => [c.stream, c.sizeUnit, c.isInverse])).toEqual([
      ['okx:BTC-USDT-SWAP', NaN, false],
      ['okx:BTC-USD-SWAP', NaN, false],
      ['okx:BTC-USDT-SWAP', 0.01, false],
      ['okx:BTC-USD-SWAP', 100, true],
    ]); // no spot call (1 base unit per size); ETH-USDT-SWAP is not ours: no stream for it
    expect(sink.of('problem')).toEqual([]);
    expect(sink.of('unknown')).toEqual([]);
  });

  it('the docs example contradicting itself, and a missing ctVal: unknown (NaN) and a problem, never a guess', () => {
    const sink = feed([
      sub('BTC-USD-191115', 'BTC-USDT-SWAP'),
      fr('ws', DOCS_FUTURES),
      fr('ws', '{"arg":{"channel":"instruments","instType":"SWAP"},"data":[{"instId":"BTC-USDT-SWAP","ctVal":"","ctMult":"1","ctValCcy":"BTC","ctType":"linear"}]}'),
    ]);
    expect(sink.of('instrument').map((c) => c.sizeUnit)).toEqual([NaN, NaN, NaN, NaN]);
    expect(sink.of('problem').map((p) => p.detail)).toEqual([
      'instruments BTC-USD-191115: ctType linear contradicts ctValCcy USD of BTC-USD',
      'instruments BTC-USDT-SWAP: ctVal  × ctMult 1 is not a contract size',
    ]);
  });
});

describe('contract sizes in the metrics (pipeline)', () => {
  const rowOf = (run: ReturnType<typeof newRun>, key: string) => run.pipeline.stream(key as `okx:${string}`)!;

  it('linear: depth notionals and trade volumes in base units (0.01 BTC per contract); OBI unchanged', () => {
    const run = newRun([new OkxAdapter()]);
    for (const f of [sub('BTC-USDT-SWAP'), fr('ws', SWAP_PUSH), snap('BTC-USDT-SWAP', [['50000', '10'], ['49999', '30']], [['50001', '20']])]) run.pipeline.push(f);
    const rt = rowOf(run, 'okx:BTC-USDT-SWAP');
    expect(rt.stats[STAT.sizeUnit]).toBe(0.01);
    expect(rt.stats[STAT.sizeInverse]).toBe(0);
    const r = rt.row;
    expect(r[SERIES_COL.depthBid10BpsQuote]).toBeCloseTo((50000 * 10 + 49999 * 30) * 0.01, 6);
    expect(r[SERIES_COL.depthAsk10BpsQuote]).toBeCloseTo(50001 * 20 * 0.01, 6);
    expect(r[SERIES_COL.obiTop5]).toBeCloseTo((40 - 20) / 60, 12);
    // 2 s of trades: 5 contracts bought per 0.5 s → 10 contracts/s = 0.1 BTC/s
    for (let i = 0; i < 5; i++) {
      t += 500_000;
      run.pipeline.push(trade('BTC-USDT-SWAP', '50000', '5', 'buy'));
    }
    t += 60_000;
    run.pipeline.push(snap('BTC-USDT-SWAP', [['50000', '10']], [['50001', '20']]));
    expect(rt.row[SERIES_COL.buyVolPerSec]).toBeCloseTo(0.1, 9);
    expect(rt.row[SERIES_COL.sellVolPerSec]).toBe(0);
  });

  it('inverse: a contract is 100 USD whatever the price (depth = Σ sz × 100), volume = sz × 100 / px BTC', () => {
    const run = newRun([new OkxAdapter()]);
    for (const f of [sub('BTC-USD-SWAP'), fr('ws', SWAP_PUSH), snap('BTC-USD-SWAP', [['50000', '10'], ['49990', '7'], ['40000', '1000']], [['50010', '20']])]) run.pipeline.push(f);
    const rt = rowOf(run, 'okx:BTC-USD-SWAP');
    expect([rt.stats[STAT.sizeUnit], rt.stats[STAT.sizeInverse]]).toEqual([100, 1]);
    // mid 50005: the 10 bps band reaches 49955 (10 + 7 contracts), the 50 bps band 49755 (same)
    expect(rt.row[SERIES_COL.depthBid10BpsQuote]).toBe(1700);
    expect(rt.row[SERIES_COL.depthBid50BpsQuote]).toBe(1700);
    expect(rt.row[SERIES_COL.depthAsk10BpsQuote]).toBe(2000);
    for (let i = 0; i < 5; i++) {
      t += 500_000;
      run.pipeline.push(trade('BTC-USD-SWAP', '50000', '1000', 'sell'));
    }
    t += 60_000;
    run.pipeline.push(snap('BTC-USD-SWAP', [['50000', '10']], [['50010', '20']]));
    // 2000 contracts/s × 100 USD / 50000 = 4 BTC/s
    expect(rt.row[SERIES_COL.sellVolPerSec]).toBeCloseTo(4, 9);
  });

  it('the 2022 capture without instrument info: SWAP and future depth/volume NaN, spot unchanged; with the info, contracts converted', () => {
    const frames = loadCaptures('okx/fixtures/OKX-v5_BTC-USDT_UNI-USD-SWAP_BTC-USD-220527_2022-05-13_books-trades-tickers_cryptofeed.jsonl');
    const depthOf = (withInfo: boolean) => {
      const run = newRun([new OkxAdapter()]);
      const first = frames.find((f) => f.kind === 'ws')!;
      const info = `{"arg":{"channel":"instruments","instType":"SWAP"},"data":[${inst('UNI-USD-SWAP', '10', 'USD', 'inverse', 'UNI-USD')}]}`;
      let injected = false;
      for (const f of frames) {
        // the info right after the subscribes (where a live session records it)
        if (withInfo && !injected && f === first) {
          run.pipeline.push({ ...f, kind: 'ws', text: info });
          injected = true;
        }
        run.pipeline.push(f);
      }
      const at = (k: string) => {
        const rt = run.pipeline.stream(`okx:${k}`)!;
        return { bid: rt.row[SERIES_COL.depthBid50BpsQuote]!, mid: rt.row[SERIES_COL.midPx]!, unit: rt.stats[STAT.sizeUnit]!, rt };
      };
      return { spot: at('BTC-USDT'), swap: at('UNI-USD-SWAP'), fut: at('BTC-USD-220527'), run };
    };
    const bare = depthOf(false);
    expect(bare.spot.unit).toBe(1);
    expect(bare.spot.bid).toBeGreaterThan(0);
    for (const d of [bare.swap, bare.fut]) {
      expect(d.unit).toBeNaN();
      expect(d.mid).toBeGreaterThan(0); // prices are fine; only size-based columns are unknown
      expect(d.bid).toBeNaN();
    }
    const withInfo = depthOf(true);
    expect(withInfo.spot.bid).toBe(bare.spot.bid);
    expect(withInfo.swap.unit).toBe(10);
    // Σ sz × 10 USD over the bid levels within 50 bps of mid, from the book itself
    const b = withInfo.swap.rt.book.bids;
    let contracts = 0;
    for (let r = 0; b.at(r) !== undefined && b.at(r)!.px >= withInfo.swap.mid * (1 - 50 / 1e4 - 1e-12); r++) contracts += b.at(r)!.sz;
    expect(withInfo.swap.bid).toBeCloseTo(contracts * 10, 6);
    expect(withInfo.fut.bid).toBeNaN(); // no FUTURES info given: still unknown
    expect(withInfo.run.out.problems()).toEqual([]);
  });
});
