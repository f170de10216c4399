import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { VENUES_DIR } from '../../cli/replay/harness';
import type { RawFrame } from '../../core/types';
import { VENUE_CATALOG } from '../../venues/catalog';
import { frameToLine } from './frame-line';
import { headerToLine, SessionHeaderSchema, type SessionHeader } from './header';
import { parseSessionText, SessionLineParser } from './parser';

const text = (rel: string): string => {
  const b = readFileSync(VENUES_DIR + rel);
  return (b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b).toString('utf8');
};

const header: SessionHeader = {
  format: 'bookscope-session',
  version: 1,
  app: '0.1.0',
  name: 'test',
  venues: ['binance'],
  symbols: ['BTCUSDT'],
  conns: { ws: 'binance', wsapi: 'binance' },
  startUs: 1,
  endUs: 2,
  config: { depth: 5000 },
};

describe('session format', () => {
  for (const { id, file } of VENUE_CATALOG.flatMap((v) => v.fixtures.map((file) => ({ id: v.id, file })))) {
    it(`every line of ${file.split('/').pop()} → frame → line is byte-identical; its venue is inferred`, () => {
      const src = text(file);
      const lines = src.split('\n').filter((l) => l !== '');
      const r = parseSessionText(src, 'x');
      expect(r.problems).toEqual([]);
      expect(r.headerFound).toBe(false);
      expect(r.frames).toHaveLength(lines.length);
      for (let i = 0; i < lines.length; i++) expect(frameToLine(r.frames[i]!)).toBe(lines[i]);
      // A capture may hold several venues of one exchange (Bybit spot + linear on two sockets).
      expect(r.header.venues).toContain(id);
      expect(Object.values(r.header.conns).every((v) => r.header.venues.includes(v))).toBe(true);
    });
  }

  it('infers symbols and span for a header-less capture', () => {
    const nkn = VENUE_CATALOG.find((v) => v.id === 'binance')!.fixtures.find((f) => f.includes('NKNUSDT'))!;
    const r = parseSessionText(text(nkn), 'nkn.jsonl');
    expect(r.header.symbols).toEqual(['BLZETH', 'LRCBTC', 'NKNUSDT', 'RUNEEUR']);
    expect(r.header.conns).toEqual({ ws1: 'binance', http: 'binance' });
    expect(r.header.name).toBe('nkn.jsonl');
    expect(r.header.startUs).toBe(r.frames[0]!.tUs);
  });

  it('our header line round-trips and validates; frame text is kept verbatim (Kraken-style numbers, raw)', () => {
    const frames: RawFrame[] = [
      { tUs: 10, kind: 'ws_open', conn: 'ws', url: 'wss://x/stream?streams=btcusdt@depth@100ms', text: '' },
      { tUs: 11, kind: 'ws', conn: 'ws', text: '{"price":0.10000000,"qty":0E-8}' },
      { tUs: 12, kind: 'ws', conn: 'ws', text: 'not json {' },
      { tUs: 13, kind: 'ws', conn: 'ws', text: '{"a":\n1}' },
      { tUs: 14, kind: 'ws_close', conn: 'ws', text: '{"code":1006,"reason":""}' },
      { tUs: 15, kind: 'rest_error', conn: 'rest', url: 'https://x/api/v3/depth?symbol=BTCUSDT', text: '{"status":429,"body":"x"}' },
    ];
    const file = [headerToLine(header), ...frames.map(frameToLine)].join('\n') + '\n';
    expect(file.split('\n')[3]).toBe('{"t_us":12,"kind":"ws","conn":"ws","raw":"not json {"}');
    const r = parseSessionText(file);
    expect(r.problems).toEqual([]);
    expect(r.headerFound).toBe(true);
    expect(r.header).toEqual(header);
    expect(r.frames).toEqual(frames);
    expect(SessionHeaderSchema.safeParse({ ...header, version: 2 }).success).toBe(false);
  });

  it('bad lines are reported with their numbers and do not stop the others; a cut last line is "truncated"', () => {
    const good = '{"t_us":1,"kind":"ws","conn":"ws","msg":{"a":1}}';
    const file = [good, 'garbage', '{"t_us":"x","kind":"ws","conn":"ws","msg":1}', '{"t_us":2,"kind":"nope","conn":"ws"}', good, '{"t_us":3,"kind":"ws","conn":"ws","msg":{"a"'].join('\n');
    const r = parseSessionText(file);
    expect(r.frames).toHaveLength(2);
    expect(r.problems.map((p) => [p.line, p.code])).toEqual([
      [2, 'bad-json'],
      [3, 'bad-frame'],
      [4, 'bad-frame'],
      [6, 'truncated-line'],
    ]);
  });

  it('streams in arbitrary chunks (CRLF too) with the same result', () => {
    const src = text(VENUE_CATALOG[0]!.fixtures[3]!);
    const whole = parseSessionText(src);
    const got: RawFrame[] = [];
    const p = new SessionLineParser((f) => got.push(f));
    const crlf = src.replaceAll('\n', '\r\n');
    for (let i = 0; i < crlf.length; i += 977) p.feed(crlf.slice(i, i + 977));
    const r = p.finish();
    expect(r.problems).toEqual([]);
    expect(got).toEqual(whole.frames);
    expect(r.frames).toEqual([]); // given to onFrame, not kept
  });

  it('a msg that is not the last key is re-serialized and reported', () => {
    const r = parseSessionText('{"t_us":1,"msg":{"a": 1},"kind":"ws","conn":"ws"}\n');
    expect(r.frames[0]!.text).toBe('{"a":1}');
    expect(r.problems.map((p) => p.code)).toEqual(['reserialized']);
  });
});

describe('verbatim venue lines (no frame records)', () => {
  it('become ws frames on one connection, timed by the messages’ own ms clock, order kept', () => {
    const lines = [
      '{"topic":"orderbook.500.XRPUSDT","type":"snapshot","ts":1733011200691,"data":{"s":"XRPUSDT","b":[],"a":[],"u":1,"seq":1},"cts":1}',
      '{"topic":"orderbook.500.XRPUSDT","type":"delta","ts":1733011200791,"data":{"s":"XRPUSDT","b":[],"a":[],"u":2,"seq":2},"cts":2}',
      '{"channel":"heartbeat"}',
      '{"topic":"orderbook.500.XRPUSDT","type":"delta","ts":1733011200700,"data":{"s":"XRPUSDT","b":[],"a":[],"u":3,"seq":3},"cts":3}',
    ];
    const r = parseSessionText(lines.join('\n'), 'x');
    expect(r.problems).toEqual([]);
    expect(r.frames.map((f) => f.text)).toEqual(lines);
    expect(r.frames.every((f) => f.kind === 'ws' && f.conn === 'verbatim')).toBe(true);
    // no time of its own: 1 µs later; a time that goes backwards is held (file order is the truth)
    expect(r.frames.map((f) => f.tUs)).toEqual([1733011200691000, 1733011200791000, 1733011200791001, 1733011200791001]);
  });
});
