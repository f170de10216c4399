import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasSourceAccess, parseKraken, parseWithSource, quoteLiterals } from './number-text';

const KDR = new URL('./fixtures/KRAKEN-v2_book_real-single-messages_kraken-data-recorder.jsonl', import.meta.url);

describe('Kraken v2 number literals survive parsing (venues.md §1.7)', () => {
  it.each([
    ['{"price":0.00100000,"qty":1}', { price: '0.00100000', qty: '1' }],
    ['{"price":5061.98,"qty":0E-8}', { price: '5061.98', qty: '0E-8' }],
    ['{"qty":5.1e-05,"price":-1.50}', { qty: '5.1e-05', price: '-1.50' }],
    ['{"price": 10.0 ,"qty":\n2.50}', { price: '10.0', qty: '2.50' }],
    ['{"price":"7.10","qty":null}', { price: '7.10', qty: null }],
    ['{"a":{"price":1.0},"b":[{"qty":2.000}],"checksum":3310070434}', { a: { price: '1.0' }, b: [{ qty: '2.000' }], checksum: 3310070434 }],
    ['{"note":"\\"price\\":1.5","price":2.50}', { note: '"price":1.5', price: '2.50' }],
  ])('%s', (text, want) => {
    expect(parseKraken(text)).toEqual(want);
  });

  it('other numbers stay numbers; texts without price/qty are returned as is', () => {
    const t = '{"channel":"heartbeat"}';
    expect(quoteLiterals(t)).toBe(t);
    expect(parseKraken('{"checksum":745923772,"trade_id":4,"price":1.10}')).toEqual({ checksum: 745923772, trade_id: 4, price: '1.10' });
  });

  it('v1 arrays are parsed plainly (their values are strings already)', () => {
    expect(parseKraken('[320,{"a":[["58799.40000","0.00000000","1617666423.753274"]],"c":"2358935711"},"book-1000","XBT/USD"]')).toEqual([
      320,
      { a: [['58799.40000', '0.00000000', '1617666423.753274']], c: '2358935711' },
      'book-1000',
      'XBT/USD',
    ]);
  });

  it('the KDR v2 messages keep every literal; same result as source-text access where the engine has it', () => {
    const lines = readFileSync(KDR, 'utf8').trim().split('\n');
    const upd = parseKraken(lines[1]!) as { data: { asks: { price: string; qty: string }[] }[] };
    expect(upd.data[0]!.asks).toEqual([
      { price: '5061.98', qty: '0E-8' },
      { price: '5061.96', qty: '0.59920000' },
    ]);
    const snap = parseKraken(lines[0]!) as { data: { bids: { price: string; qty: string }[] }[] };
    expect(snap.data[0]!.bids[6]).toEqual({ price: '0.010', qty: '211909.56878553' });
    if (hasSourceAccess) for (const l of lines) expect(parseWithSource(l)).toEqual(parseKraken(l));
    else expect(parseWithSource(lines[0]!)).toBeUndefined(); // Node 20 without the flag
  });

  it('bad JSON still throws (the pipeline counts it as bad-json)', () => {
    expect(() => parseKraken('{"price":1.0')).toThrow();
    expect(() => parseKraken('{"price":1.0.0}')).toThrow();
  });
});
