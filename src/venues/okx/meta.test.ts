import { describe, expect, it } from 'vitest';
import { argsOf, contractTypeOf, createOkxLive, indexOfInstrument, instIdOfUrl, okxLive, sniffOkx, symbolsOfFrame, SYMBOLS_PER_CONN } from './meta';

describe('okxLive (VenueLiveDef)', () => {
  const ep = okxLive.defaultEndpoints;

  it('public socket and REST host of venues.md §4.1 / §4.4', () => {
    expect(ep).toEqual({ public: 'wss://ws.okx.com:8443/ws/v5/public', rest: 'https://www.okx.com' });
  });

  it('one subscribe frame per socket: books + trades, mark/index/funding for derivatives', () => {
    const c = okxLive.connections(['BTC-USDT', 'BTC-USDT-SWAP', 'BTC-USD-220527'], ep);
    expect(c).toHaveLength(1);
    expect(c[0]!.conn).toBe('ws');
    expect(c[0]!.url).toBe(ep.public);
    expect(JSON.parse(c[0]!.subscribe[0]!)).toEqual({
      op: 'subscribe',
      args: [
        // contract sizes of the contract types in use (instruments.ts), ahead of the books
        { channel: 'instruments', instType: 'SWAP' },
        { channel: 'instruments', instType: 'FUTURES' },
        { channel: 'books', instId: 'BTC-USDT' },
        { channel: 'trades', instId: 'BTC-USDT' },
        { channel: 'books', instId: 'BTC-USDT-SWAP' },
        { channel: 'trades', instId: 'BTC-USDT-SWAP' },
        { channel: 'mark-price', instId: 'BTC-USDT-SWAP' },
        { channel: 'index-tickers', instId: 'BTC-USDT' },
        { channel: 'funding-rate', instId: 'BTC-USDT-SWAP' },
        { channel: 'books', instId: 'BTC-USD-220527' },
        { channel: 'trades', instId: 'BTC-USD-220527' },
        { channel: 'mark-price', instId: 'BTC-USD-220527' },
        { channel: 'index-tickers', instId: 'BTC-USD' },
      ],
    });
  });

  it('contract types of instIds; spot-only sockets ask for no instruments; an instruments push names no symbol', () => {
    expect(['BTC-USDT', 'BTC-USDT-SWAP', 'BTC-USD-SWAP', 'BTC-USD-220527', 'BTC-USD-220527-30000-C', 'ETH-USD-241227-2000-P', 'X'].map(contractTypeOf)).toEqual([
      undefined,
      'SWAP',
      'SWAP',
      'FUTURES',
      'OPTION',
      'OPTION',
      undefined,
    ]);
    expect(okxLive.connections(['BTC-USDT', 'ETH-USDT'], ep)[0]!.subscribe[0]).not.toContain('instruments');
    expect(JSON.parse(okxLive.connections(['BTC-USD-220527-30000-C'], ep)[0]!.subscribe[0]!).args[0]).toEqual({ channel: 'instruments', instType: 'OPTION' });
    expect(symbolsOfFrame(undefined, '{"arg":{"channel":"instruments","instType":"SWAP"},"data":[{"instId":"BTC-USD-SWAP"}]}')).toEqual([]);
  });

  it('splits many instruments across sockets; a resubscribe goes to the socket that carries the book', () => {
    const syms = Array.from({ length: SYMBOLS_PER_CONN * 2 + 1 }, (_, i) => `C${i}-USDT`);
    const live = createOkxLive();
    const c = live.connections(syms, ep);
    expect(c.map((x) => x.conn)).toEqual(['ws', 'ws2', 'ws3']);
    const r = live.resync(`C${SYMBOLS_PER_CONN + 3}-USDT`, 1, ep);
    expect(r).toEqual({
      kind: 'resubscribe',
      conn: 'ws2',
      texts: ['{"op":"unsubscribe","args":[{"channel":"books","instId":"C53-USDT"}]}', '{"op":"subscribe","args":[{"channel":"books","instId":"C53-USDT"}]}'],
    });
  });

  it('REST-bootstrap mode resyncs with GET market/books?…&source=0 (venues.md §4.4), 400 levels', () => {
    const r = createOkxLive('rest').resync('BTC-USDT-SWAP', 1, ep);
    expect(r).toEqual({ kind: 'snapshot', restUrl: 'https://www.okx.com/api/v5/market/books?instId=BTC-USDT-SWAP&source=0&sz=400', weight: 1 });
    expect(instIdOfUrl(r.kind === 'snapshot' ? r.restUrl : '')).toBe('BTC-USDT-SWAP');
  });

  it('text keep-alive below the 30 s idle cut (venues.md §1.8), notice = shutdown', () => {
    expect(okxLive.keepAlive).toEqual({ text: 'ping', idleMs: 20_000 });
    expect(okxLive.keepAlive!.idleMs).toBeLessThan(30_000);
    expect(okxLive.isShutdownNotice('{"event":"notice","code":"64008","msg":"…","connId":"a"}')).toBe(true);
    expect(okxLive.isShutdownNotice('{"event":"subscribe"}')).toBe(false);
  });

  it('index of an instrument', () => {
    expect(['BTC-USDT-SWAP', 'BTC-USD-SWAP', 'BTC-USD-220527', 'BTC-USDT', 'ETH-USD-220624-20000-C'].map(indexOfInstrument)).toEqual([
      'BTC-USDT',
      'BTC-USD',
      'BTC-USD',
      undefined,
      undefined,
    ]);
    expect(argsOf('ETH-USD-220624-20000-C').map((a) => a.channel)).toEqual(['books', 'trades']);
  });

  it('sniff and symbolsOf for header-less captures', () => {
    expect(sniffOkx('wss://ws.okx.com:8443/ws/v5/public')).toBe(true);
    expect(sniffOkx('{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"snapshot"')).toBe(true);
    expect(sniffOkx('{"e":"depthUpdate","s":"BTCUSDT"}')).toBe(false);
    expect(symbolsOfFrame(undefined, '{"op":"subscribe","args":[{"channel":"books","instId":"A-B"},{"channel":"trades","instId":"A-B"},{"channel":"books","instId":"C-D"}]}')).toEqual(['A-B', 'C-D']);
    expect(symbolsOfFrame('https://www.okx.com/api/v5/market/books?instId=X-Y&source=0', '{}')).toEqual(['X-Y']);
    expect(symbolsOfFrame(undefined, '{"arg":{"channel":"books","instId":"BTC-USDT"},"data":[]}')).toEqual(['BTC-USDT']);
  });
});
