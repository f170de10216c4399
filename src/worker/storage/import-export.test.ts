import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RawFrame } from '../../core/types';
import { parseSessionText } from '../../sources/session-format/parser';
import { exportFileName, exportSession } from './export-session';
import { IdbSessionStore } from './idb-session-store';
import { importSession } from './import-session';
import type { SessionStore } from './session-store';

const FIX = new URL('../../venues/binance/fixtures/', import.meta.url);
const NKN = 'NKNUSDT-BLZETH-LRCBTC-RUNEEUR_2021-10-12_depth100ms-bookTicker-aggTrade-kline_cryptofeed.jsonl';
const BTC_GZ = 'BTCUSDT_2024-08-08T2354Z_depth100ms-trade-bookTicker_hftbacktest.jsonl.gz';
const fixture = (name: string): Buffer => readFileSync(new URL(name, FIX));

let dbNo = 0;
const open = () => IdbSessionStore.open(`io-test-${++dbNo}`);

async function framesOf(store: SessionStore, id: string): Promise<RawFrame[]> {
  const out: RawFrame[] = [];
  for await (const b of store.frames(id)) out.push(...b);
  return out;
}

async function importOk(store: SessionStore, bytes: Uint8Array, name: string, progress?: number[]) {
  const r = await importSession(store, new Blob([new Uint8Array(bytes)]), name, (f) => progress?.push(f));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** A store with one session in it, to check that failed imports leave it alone. */
async function storeWithBystander() {
  const store = await open();
  const m = await store.create({ name: 'keep me', venues: ['binance'], symbols: ['X'], startUs: 1, origin: 'live', header: {} });
  await store.appendBatch(m.id, [{ tUs: 2, kind: 'ws', conn: 'ws', text: '{"a":1}' }]);
  const intact = async () => {
    const list = await store.list();
    expect(list.map((s) => s.id)).toEqual([m.id]);
    expect(await framesOf(store, m.id)).toEqual([{ tUs: 2, kind: 'ws', conn: 'ws', text: '{"a":1}' }]);
  };
  return { store, intact };
}

describe('session import / export', () => {
  it('plain JSONL capture (no header) → import → export → import: frames byte-identical', async () => {
    const store = await open();
    const bytes = fixture(NKN);
    const expected = parseSessionText(bytes.toString('utf8')).frames;
    const progress: number[] = [];
    const a = await importOk(store, bytes, NKN, progress);
    expect(a).toMatchObject({ origin: 'import', truncated: false, frames: expected.length });
    expect(a.venues).toEqual(['binance']);
    expect(a.symbols).toContain('NKNUSDT');
    expect(a.note).toMatch(/no header line/);
    expect(progress.at(-1)).toBe(1);
    const fa = await framesOf(store, a.id);
    expect(fa).toEqual(expected);

    const blob = await exportSession(store, a.id);
    const text = gunzipSync(Buffer.from(await blob.arrayBuffer())).toString('utf8');
    const lines = text.split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'bookscope-session', version: 1, venues: ['binance'] });
    // the frame lines are the fixture's lines, byte for byte (the fixture uses the same record)
    expect(lines.slice(1).join('\n')).toBe(bytes.toString('utf8').replace(/\n?$/, '\n'));

    const b = await importOk(store, new Uint8Array(await blob.arrayBuffer()), exportFileName(a));
    expect(b).toMatchObject({ truncated: false, frames: a.frames, name: a.name, symbols: a.symbols });
    expect(b.note).toBe('');
    expect(await framesOf(store, b.id)).toEqual(fa);
  });

  it('gzip capture round trip (41k frames, batches, progress over compressed bytes)', async () => {
    const store = await open();
    const gz = fixture(BTC_GZ);
    const expected = parseSessionText(gunzipSync(gz).toString('utf8')).frames;
    const progress: number[] = [];
    const a = await importOk(store, gz, BTC_GZ, progress);
    expect(a.frames).toBe(expected.length);
    expect(a.batches).toBeGreaterThan(10);
    expect(progress.length).toBeGreaterThan(2);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThanOrEqual(progress[i - 1]!);
    const blob = await exportSession(store, a.id);
    const b = await importOk(store, new Uint8Array(await blob.arrayBuffer()), 'again.jsonl.gz');
    const fb = await framesOf(store, b.id);
    expect(fb.length).toBe(expected.length);
    expect(fb.every((f, i) => f.text === expected[i]!.text && f.tUs === expected[i]!.tUs)).toBe(true);
  }, 30_000);

  it('a truncated gzip imports the valid prefix, flagged truncated with a note', async () => {
    const { store, intact } = await storeWithBystander();
    const gz = fixture(BTC_GZ);
    const cut = gz.subarray(0, Math.floor(gz.length / 2));
    const m = await importOk(store, cut, 'cut.jsonl.gz');
    expect(m.truncated).toBe(true);
    expect(m.frames).toBeGreaterThan(1000);
    expect(m.frames).toBeLessThan(41249);
    expect(m.note).toMatch(/import incomplete, \d+ frames kept: the gzip data is cut short or corrupt/);
    expect(await framesOf(store, m.id)).toHaveLength(m.frames);
    await store.delete(m.id);
    await intact();
  }, 30_000);

  it('malformed lines in the middle are skipped and reported with their line numbers', async () => {
    const store = await open();
    const lines = fixture(NKN).toString('utf8').split('\n').slice(0, 50);
    lines[10] = '{"t_us":1,"kind":"ws","conn":"ws","msg":{"oops"';
    lines[20] = '{"t_us":"x","kind":"ws","conn":"ws","msg":{}}';
    const m = await importOk(store, gzipSync(lines.join('\n')), 'bad.jsonl.gz');
    expect(m.truncated).toBe(true);
    expect(m.frames).toBe(48);
    expect(m.note).toMatch(/2 line\(s\) skipped \(first: line 11: not JSON/);
  });

  it.each([
    ['empty file', new Uint8Array(0), /the file is empty/],
    ['a PNG', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2]), /PNG image/],
    ['random bytes', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256), /not a bookscope session/],
    ['random text', new TextEncoder().encode('hello\nworld\nthis is\nnot\na session\nat all\n'), /line 1: not JSON/],
    ['gzip of garbage text', gzipSync('a\nb\nc\nd\ne\nf\ng\n'), /line 1: not JSON/],
    ['gzip magic then junk', Uint8Array.from([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8]), /gzip data is cut short or corrupt/],
    ['a header only', new TextEncoder().encode('{"format":"bookscope-session","version":1}\n'), /nothing imported/],
  ])('%s ⇒ a clear error, nothing stored, other sessions intact', async (_name, bytes, error) => {
    const { store, intact } = await storeWithBystander();
    const r = await importSession(store, new Blob([bytes]), 'x.bin');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/^x\.bin: /);
      expect(r.error).toMatch(error);
    }
    await intact();
  });

  it('a storage failure mid-import rolls the new session back', async () => {
    const { store, intact } = await storeWithBystander();
    let appends = 0;
    const failing: SessionStore = Object.assign(Object.create(store) as SessionStore, {
      appendBatch: async (id: string, frames: readonly RawFrame[]) => {
        if (++appends > 3) throw new DOMException('quota', 'QuotaExceededError');
        return store.appendBatch(id, frames);
      },
    });
    const r = await importSession(failing, new Blob([new Uint8Array(fixture(BTC_GZ))]), 'big.jsonl.gz');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/storage failed, nothing imported \(QuotaExceededError/);
    await intact();
  }, 30_000);

  it('export of an unknown session rejects; file names are safe', async () => {
    const store = await open();
    await expect(exportSession(store, 'nope')).rejects.toThrow(/no session/);
    const m = await store.create({ name: 'a/b: c', venues: ['binance'], symbols: [], startUs: 1723161253937085, origin: 'live', header: {} });
    expect(exportFileName(m)).toBe('a_b_c_2024-08-08T23-54-13Z.bookscope.jsonl.gz');
  });
});
