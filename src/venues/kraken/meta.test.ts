import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCaptures } from '../../cli/replay/harness';
import { BOOK_DEPTH, connOf, krakenLive, sniff, symbolsOf } from './meta';

describe('Kraken live definition (venues.md §6, §10)', () => {
  const ep = krakenLive.defaultEndpoints;

  it('endpoint, book depth 25 for headroom, trades without history', () => {
    expect(ep.public).toBe('wss://ws.kraken.com/v2');
    expect(BOOK_DEPTH).toBe(25);
    const conns = krakenLive.connections(['BTC/USD', 'eth/usd', 'BTC/USD'], ep);
    const all = conns.flatMap((c) => c.subscribe.map((t) => JSON.parse(t) as { params: { channel: string; symbol: string[]; depth?: number; snapshot: boolean } }));
    expect(all.filter((m) => m.params.channel === 'book').flatMap((m) => m.params.symbol).sort()).toEqual(['BTC/USD', 'ETH/USD']);
    for (const m of all) expect(m.params.channel === 'book' ? [m.params.depth, m.params.snapshot] : [m.params.depth, m.params.snapshot]).toEqual(m.params.channel === 'book' ? [25, true] : [undefined, false]);
    for (const c of conns) expect(c.url).toBe('wss://ws.kraken.com/v2');
  });

  it('resync = unsubscribe + subscribe on the socket that carries the symbol', () => {
    const [conn] = krakenLive.connections(['BTC/USD'], ep);
    const a = krakenLive.resync('BTC/USD', 1, ep);
    expect(a).toEqual({
      kind: 'resubscribe',
      conn: conn!.conn,
      texts: [
        '{"method":"unsubscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":25}}',
        '{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":25,"snapshot":true}}',
      ],
    });
  });

  it('symbols spread over at most 4 sockets, stably', () => {
    const syms = Array.from({ length: 40 }, (_, i) => `S${i}/USD`);
    const conns = krakenLive.connections(syms, ep);
    expect(conns.length).toBeLessThanOrEqual(4);
    for (const s of syms) expect(conns.find((c) => c.subscribe[0]!.includes(`"${s}"`))!.conn).toBe(connOf(s));
  });

  it('keep-alive ping and a short stale window (heartbeat ~1/s)', () => {
    expect(krakenLive.keepAlive).toEqual({ text: '{"method":"ping"}', idleMs: 20_000 });
    expect(krakenLive.staleAfterSec).toBe(10);
    expect(krakenLive.isShutdownNotice('{"channel":"heartbeat"}')).toBe(false);
  });
});

describe('sniff and symbolsOf (importing header-less captures)', () => {
  const probe = (t: string): string => (t.length > 300 ? t.slice(0, 300) : t);

  it('every frame of the Kraken captures that names anything is recognised', () => {
    for (const file of ['KRAKEN-v1_XBTUSD+9pairs_2021-04-05_book1000_cryptofeed.jsonl', 'KRAKEN-v1_10pairs_2021-04-17_book1000-trade-ticker_cryptofeed.jsonl']) {
      const frames = loadCaptures(`kraken/fixtures/${file}`);
      expect(frames.filter((f) => f.kind === 'ws_open').every((f) => sniff(f.url!))).toBe(true);
      expect(frames.filter((f) => f.kind === 'ws' && f.text.startsWith('{"event"')).every((f) => sniff(probe(f.text)))).toBe(true);
    }
    const kdr = readFileSync(new URL('./fixtures/KRAKEN-v2_book_real-single-messages_kraken-data-recorder.jsonl', import.meta.url), 'utf8').trim().split('\n');
    for (const l of kdr) expect(sniff(probe(l))).toBe(true);
    expect(sniff('{"channel":"heartbeat"}')).toBe(true);
  });

  it("other venues' frames are not taken for Kraken", () => {
    const root = path.resolve(new URL('.', import.meta.url).pathname, '../../../../shared/fixtures');
    const others = ['okx', 'coinbase', 'bybit', 'binance-spot', 'binance-usdm'];
    let n = 0;
    for (const dir of others) {
      for (const f of readdirSync(path.join(root, dir)).filter((x) => x.endsWith('.jsonl'))) {
        const lines = readFileSync(path.join(root, dir, f), 'utf8').split('\n').slice(0, 300);
        for (const l of lines) {
          if (l === '') continue;
          const i = l.indexOf('"msg":');
          const text = i < 0 ? l : l.slice(i + 6, -1);
          expect(sniff(probe(text)), `${f}: ${text.slice(0, 80)}`).toBe(false);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(1000);
    expect(sniff('{"channel":"status","client_id":"","timestamp":"x","sequence_num":0,"events":[]}')).toBe(false); // Coinbase Advanced
    expect(sniff('{"channel":"heartbeats","client_id":""}')).toBe(false);
  });

  it.each([
    ['{"channel":"book","type":"snapshot","data":[{"symbol":"GST/USD","bids":[]}]}', ['GST/USD']],
    ['{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD","ETH/USD"],"depth":25}}', ['BTC/USD', 'ETH/USD']],
    ['{"channelID":320,"channelName":"book-1000","event":"subscriptionStatus","pair":"XBT/USD","status":"subscribed"}', ['XBT/USD']],
    ['[320,{"a":[["58799.40000","0.00000000","1617666423.753274"]],"c":"2358935711"},"book-1000","XBT/USD"]', ['XBT/USD']],
    ['{"event":"heartbeat"}', []],
  ])('%s', (text, want) => {
    expect(symbolsOf(undefined, text)).toEqual(want);
  });
});
