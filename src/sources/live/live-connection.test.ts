import { describe, expect, it } from 'vitest';
import type { RawFrame } from '../../core/types';
import { backoffDelayMs, DEFAULT_BACKOFF } from './backoff';
import { LiveConnection } from './live-connection';
import { FakeIo } from './testing/fake-io';

const spec = { conn: 'ws', url: 'wss://x/stream?streams=a', subscribe: ['{"method":"SUBSCRIBE","id":1}'] };

function setup(staleAfterMs = 10_000, maxAgeMs?: number) {
  const io = new FakeIo();
  const frames: RawFrame[] = [];
  const statuses: string[] = [];
  const c = new LiveConnection(
    spec,
    io,
    { frame: (f) => frames.push(f), status: (_c, s) => statuses.push(s) },
    { staleAfterMs, isShutdownNotice: (t) => t.includes('serverShutdown'), ...(maxAgeMs ? { maxAgeMs } : {}) },
  );
  return { io, frames, statuses, c };
}
const kinds = (fs: RawFrame[]) => fs.map((f) => f.kind);

describe('backoff', () => {
  it('grows exponentially, is capped, and jitters over [0, ceiling)', () => {
    expect(backoffDelayMs(DEFAULT_BACKOFF, 0, 0.999)).toBe(499);
    expect(backoffDelayMs(DEFAULT_BACKOFF, 3, 0.5)).toBe(2000);
    expect(backoffDelayMs(DEFAULT_BACKOFF, 50, 0.999)).toBe(29_970);
    expect(backoffDelayMs(DEFAULT_BACKOFF, 5, 0)).toBe(0);
  });
});

describe('LiveConnection', () => {
  it('opens with arraybuffer, records ws_open/ws_sent/ws with epoch µs, and stops cleanly', () => {
    const { io, frames, c } = setup();
    c.start();
    const ws = io.lastSocket();
    expect(ws.binaryType).toBe('arraybuffer');
    ws.open();
    io.advance(5);
    ws.message('{"a":1}');
    ws.onmessage?.({ data: new TextEncoder().encode('{"b":2}').buffer });
    expect(kinds(frames)).toEqual(['ws_open', 'ws_sent', 'ws', 'ws']);
    expect(frames[0]?.url).toBe(spec.url);
    expect(ws.sent).toEqual(spec.subscribe);
    expect(frames[3]?.text).toBe('{"b":2}');
    expect(frames[2]?.tUs).toBe(io.epochBaseUs + 1_005_000);
    c.stop();
    expect(kinds(frames).at(-1)).toBe('ws_close');
    expect(JSON.parse(frames.at(-1)!.text)).toEqual({ code: 1000, reason: 'stop' });
    expect(io.pendingTimers()).toBe(0);
    expect(ws.closedWith?.code).toBe(1000);
  });

  it('reconnects with backoff after a server close; ws_close carries code and reason', () => {
    const { io, frames, c } = setup();
    c.start();
    io.lastSocket().open();
    io.lastSocket().serverClose(1006, 'gone');
    expect(JSON.parse(frames.at(-1)!.text)).toEqual({ code: 1006, reason: 'gone' });
    expect(io.sockets).toHaveLength(1);
    io.advance(249); // attempt 0: 0.5 × 500 ms
    expect(io.sockets).toHaveLength(1);
    io.advance(1);
    expect(io.sockets).toHaveLength(2);
    io.lastSocket().serverClose(1006, ''); // failed before opening: no ws_close recorded
    expect(kinds(frames).filter((k) => k === 'ws_close')).toHaveLength(1);
    io.advance(499); // attempt 1: 0.5 × 1000 ms
    expect(io.sockets).toHaveLength(2);
    io.advance(1);
    expect(io.sockets).toHaveLength(3);
    c.stop();
    expect(io.pendingTimers()).toBe(0);
  });

  it('resets the backoff after a healthy period', () => {
    const { io, c } = setup(Infinity);
    c.start();
    for (let i = 0; i < 5; i++) {
      io.lastSocket().serverClose();
      io.advance(60_000);
    }
    io.lastSocket().open();
    io.advance(61_000);
    const n = io.sockets.length;
    io.lastSocket().serverClose();
    io.advance(250);
    expect(io.sockets.length).toBe(n + 1);
    c.stop();
  });

  it('declares a silent socket stale, closes it and reconnects', () => {
    const io = new FakeIo();
    const frames: RawFrame[] = [];
    const statuses: string[] = [];
    const staleTUs: number[] = [];
    const c = new LiveConnection(spec, io, {
      frame: (f) => frames.push(f),
      status: (_c, s, _d, tUs) => {
        statuses.push(s);
        if (s === 'stale') {
          staleTUs.push(tUs);
          expect(frames.at(-1)?.kind).not.toBe('ws_close'); // stale is told before the close
        }
      },
    }, { staleAfterMs: 10_000, isShutdownNotice: () => false });
    c.start();
    const ws = io.lastSocket();
    ws.open();
    io.advance(9_000);
    ws.message('{}');
    io.advance(9_000);
    expect(statuses).not.toContain('stale');
    io.advance(2_000);
    expect(statuses.at(-1)).toBe('stale');
    expect(ws.closedWith?.code).toBe(4000);
    expect(JSON.parse(frames.at(-1)!.text).code).toBe(4000);
    expect(frames.at(-1)!.tUs).toBe(staleTUs[0]);
    io.advance(300);
    expect(io.sockets).toHaveLength(2);
    c.stop();
    expect(io.pendingTimers()).toBe(0);
  });

  it('on a shutdown notice opens the replacement first, then retires the old socket', () => {
    const { io, frames, c } = setup();
    c.start();
    const old = io.lastSocket();
    old.open();
    old.message('{"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1}}');
    expect(io.sockets).toHaveLength(2);
    old.message('{"still":"flowing"}');
    expect(old.closedWith).toBeNull();
    const next = io.lastSocket();
    next.open();
    expect(old.closedWith?.code).toBe(1000);
    old.message('{"late":1}'); // detached: ignored
    expect(kinds(frames)).toEqual(['ws_open', 'ws_sent', 'ws', 'ws', 'ws_close', 'ws_open', 'ws_sent']);
    c.stop();
  });

  it('replaces the socket before the connection age limit', () => {
    const { io, c } = setup(Infinity, 3_600_000);
    c.start();
    io.lastSocket().open();
    io.advance(3_600_000);
    expect(io.sockets).toHaveLength(2);
    io.lastSocket().open();
    expect(io.sockets[0]?.closedWith?.reason).toBe('replaced');
    c.stop();
    expect(io.pendingTimers()).toBe(0);
  });

  it('send() is refused while not open', () => {
    const { io, c } = setup();
    c.start();
    expect(c.send('x')).toBe(false);
    io.lastSocket().open();
    expect(c.send('x')).toBe(true);
    c.stop();
  });
});

describe('LiveConnection keep-alive (venues.md §1.3, §1.4, §1.8)', () => {
  const keepAlive = { text: 'ping', idleMs: 20_000 };
  function ka() {
    const io = new FakeIo();
    const frames: RawFrame[] = [];
    const c = new LiveConnection({ conn: 'okx:ws', url: 'wss://x', subscribe: ['{"op":"subscribe"}'] }, io, { frame: (f) => frames.push(f) }, { staleAfterMs: 35_000, isShutdownNotice: () => false, keepAlive });
    c.start();
    io.lastSocket().open();
    return { io, frames, c, ws: io.lastSocket() };
  }

  it('the timer sends the keep-alive on an idle socket, and the pong keeps it from going stale', () => {
    const { io, frames, c, ws } = ka();
    expect(ws.sent).toEqual(['{"op":"subscribe"}']); // open sent the subscribe: the idle clock starts there
    io.advance(19_000);
    expect(ws.sent).toHaveLength(1);
    io.advance(1_000);
    expect(ws.sent).toEqual(['{"op":"subscribe"}', 'ping']);
    expect(frames.at(-1)).toMatchObject({ kind: 'ws_sent', conn: 'okx:ws', text: 'ping' });
    ws.message('pong'); // a frame like any other
    expect(frames.at(-1)).toMatchObject({ kind: 'ws', text: 'pong' });
    io.advance(20_000);
    expect(ws.sent.filter((t) => t === 'ping')).toHaveLength(2);
    ws.message('pong');
    io.advance(20_000);
    expect(ws.closedWith).toBeNull(); // 60 s open on pings and pongs only: never stale
    c.stop();
    expect(io.pendingTimers()).toBe(0);
  });

  it('a busy socket pings from its message handler even when timers are throttled (hidden tab)', () => {
    const { io, frames, c, ws } = ka();
    // Timers do not fire (intensive throttling: once a minute); messages keep arriving.
    for (let t = 1; t <= 50; t++) {
      io.nowMsValue += 1_000;
      ws.message(`{"n":${t}}`);
    }
    expect(ws.sent.filter((t) => t === 'ping')).toHaveLength(2); // at 20 s and 40 s of message time
    const i = frames.findIndex((f) => f.kind === 'ws_sent' && f.text === 'ping');
    expect(frames[i - 1]).toMatchObject({ kind: 'ws', text: '{"n":20}' }); // after the frame that found it due
    c.stop();
  });

  it('no keep-alive text on sockets of venues without one', () => {
    const { io, c } = setup(Infinity);
    c.start();
    io.lastSocket().open();
    io.advance(120_000);
    expect(io.lastSocket().sent).toEqual(spec.subscribe);
    c.stop();
  });
});
