import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameScan, LevelRows } from './frame-scan';

/**
 * The reader's primitives against JSON.parse (the oracle, not ours): whatever they accept must
 * read exactly as JSON.parse reads it; what JSON.parse rejects they must reject.
 */

/** Characters that matter to JSON strings and numbers, plus a few ordinary ones. */
const CHARS = ['"', '\\', 'a', 'Z', '0', '1', '9', '.', '-', '+', 'e', 'E', ' ', '\n', '\t', '\u0001', 'é', '\ud800', ',', ']', '[', 'u'];
const text = (max: number) => fc.array(fc.constantFrom(...CHARS), { maxLength: max }).map((a) => a.join(''));

const jsonOf = (t: string): { ok: true; v: unknown } | { ok: false } => {
  try {
    return { ok: true, v: JSON.parse(t) };
  } catch {
    return { ok: false };
  }
};

describe('FrameScan primitives vs JSON.parse', () => {
  it('str: an accepted token is the JSON string JSON.parse reads, and nothing else', () => {
    fc.assert(
      fc.property(text(12), (body) => {
        const t = `"${body}`; // the token is whatever the reader takes as one
        const sc = new FrameScan().begin(t);
        const s = sc.str();
        if (s === undefined) return;
        const j = jsonOf(t.slice(0, sc.i));
        expect(j).toEqual({ ok: true, v: s });
        // span() takes the same token and places it without slicing
        const sp = new FrameScan().begin(t);
        expect(sp.span()).toBe(true);
        expect(t.slice(sp.spanStart, sp.spanEnd)).toBe(s);
        expect(sp.i).toBe(sc.i);
      }),
      { numRuns: 3000 },
    );
  });

  it('str: reads the plain strings of real frames, refuses escapes and control characters', () => {
    expect(new FrameScan().begin('"BTC-USD"').str()).toBe('BTC-USD');
    expect(new FrameScan().begin('""').str()).toBe('');
    expect(new FrameScan().begin('"a\\"b"').str()).toBeUndefined();
    expect(new FrameScan().begin('"a\u0001"').str()).toBeUndefined();
    expect(new FrameScan().begin('"unterminated').str()).toBeUndefined();
    expect(new FrameScan().begin('x"a"').str()).toBeUndefined();
  });

  it('int: an accepted literal is the number JSON.parse reads, exactly', () => {
    fc.assert(
      fc.property(text(20), fc.constantFrom(',', '}', ']', ''), (body, after) => {
        const t = body + after;
        const sc = new FrameScan().begin(t);
        const n = sc.int();
        if (n !== n) return;
        const j = jsonOf(t.slice(0, sc.i));
        expect(j.ok).toBe(true);
        if (j.ok) expect(Object.is(j.v, n)).toBe(true);
        // the literal ended where JSON's number grammar ends it
        expect('0123456789.eE'.includes(t[sc.i] ?? ',')).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('int: integers of the captures, and every refusal the subset makes', () => {
    for (const x of [0, 7, -3, 1786310816516, 112488545865, 999999999999999, -999999999999999]) {
      expect(new FrameScan().begin(`${x},`).int()).toBe(x);
    }
    expect(Object.is(new FrameScan().begin('-0,').int(), -0)).toBe(true);
    for (const bad of ['1.5', '1e3', '1E3', '01', '-', '', 'x', '1234567890123456', '-01']) {
      expect(new FrameScan().begin(bad).int(), bad).toBeNaN();
    }
  });

  it('levels: accepted lists equal JSON.parse, row by row, width checked', () => {
    const level = fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('0.5', '65140.4', '"', '\\')), { minLength: 0, maxLength: 5 });
    const spelled = fc.array(level, { maxLength: 5 }).chain((ls) =>
      fc.constantFrom(JSON.stringify(ls), JSON.stringify(ls, null, 1), JSON.stringify(ls).replace(/\]$/, ''), JSON.stringify(ls).replace(/"/, '')),
    );
    fc.assert(
      fc.property(spelled, fc.integer({ min: 1, max: 4 }), (t, maxW) => {
        const minW = Math.min(2, maxW);
        const out = new LevelRows();
        const sc = new FrameScan().begin(t);
        if (!sc.levels(out, minW, maxW)) return;
        const j = jsonOf(t.slice(0, sc.i));
        expect(j.ok).toBe(true);
        const v = (j as { v: string[][] }).v;
        expect(out.n).toBe(v.length);
        for (let i = 0; i < v.length; i++) {
          expect(v[i]!.length).toBeGreaterThanOrEqual(minW);
          expect(v[i]!.length).toBeLessThanOrEqual(maxW);
          // columns past a row's width read as absent, never as an earlier frame's value
          expect(out.rows[i]!.slice(0, maxW)).toEqual([...v[i]!, ...Array<undefined>(maxW - v[i]!.length).fill(undefined)]);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('levels: reused rows do not leak a wider earlier row into a narrower one', () => {
    const out = new LevelRows();
    const sc = new FrameScan();
    expect(sc.begin('[["1","2","3","r"]]').levels(out, 3, 4)).toBe(true);
    expect(sc.begin('[["4","5","6"]]').levels(out, 3, 4)).toBe(true);
    expect(out.n).toBe(1);
    expect(out.rows[0]).toEqual(['4', '5', '6', undefined]);
    expect(sc.begin('[]').levels(out, 3, 4)).toBe(true);
    expect(out.n).toBe(0);
  });

  it('key: the same value as str, and a repeat is the string already held', () => {
    const sc = new FrameScan();
    const a = sc.begin('"XBT/USD"').key();
    const b = sc.begin('["XBT/USD"').lit('[') ? sc.key() : undefined;
    expect(a).toBe('XBT/USD');
    expect(b).toBe('XBT/USD');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('XBT/USD', 'ETH/USD', 'a', '', 'b\\"', 'ETH/USDT'), { maxLength: 30 }), (names) => {
        for (const n of names) {
          const t = JSON.stringify(n);
          const got = sc.begin(t).key();
          expect(got).toBe(/[\\"]/.test(n) ? undefined : n);
        }
      }),
    );
  });

  it('wrap presents a parsed list without copying it', () => {
    const parsed = [['1', '2']];
    const out = new LevelRows().wrap(parsed);
    expect(out.rows).toBe(parsed);
    expect(out.n).toBe(1);
  });
});

describe('FrameScan keeps no frame alive', () => {
  it('a kept string of 13+ characters does not hold its (large) frame', () => {
    // a gc() for this test (the V8 flag, then a fresh context exposes it)
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const kept: string[] = [];
    gc();
    const before = process.memoryUsage().heapUsed;
    const sc = new FrameScan();
    for (let k = 0; k < 20; k++) {
      const big = `"${'1234567890123'}"${' '.repeat(1 << 20)}${k}`;
      kept.push(sc.begin(big).str()!);
    }
    gc();
    expect(kept.every((s) => s === '1234567890123')).toBe(true);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(5e6); // 20 frames of 1 MB were not kept
  });
});
