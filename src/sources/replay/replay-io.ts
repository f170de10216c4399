/** Clock and scheduling for the replay source, injected so tests can drive it. */
export interface ReplayIo {
  /** Monotonic ms. */
  nowMs(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(h: unknown): void;
  /** Run `fn` as a new task soon, letting queued messages (Comlink RPCs) run first. */
  yieldThen(fn: () => void): void;
  /** Release what `yieldThen` holds (a MessageChannel keeps a node process alive). */
  dispose(): void;
}

/**
 * The real one. `yieldThen` uses a MessageChannel rather than `setTimeout(0)`: nested timeouts are
 * clamped to ≥ 4 ms (HTML spec "timer initialisation steps", nesting level > 5), which would idle a
 * `max`-speed replay a quarter of the time; a posted message is a plain task, and Comlink calls
 * queued meanwhile still run between two chunks.
 */
export function defaultReplayIo(): ReplayIo {
  let channel: MessageChannel | null = null;
  const queue: (() => void)[] = [];
  return {
    nowMs: () => globalThis.performance.now(),
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
    yieldThen(fn) {
      if (typeof MessageChannel === 'undefined') {
        globalThis.setTimeout(fn, 0);
        return;
      }
      if (channel === null) {
        channel = new MessageChannel();
        channel.port1.onmessage = () => queue.shift()?.();
      }
      queue.push(fn);
      channel.port2.postMessage(0);
    },
    dispose() {
      if (channel === null) return;
      channel.port1.onmessage = null;
      channel.port1.close();
      channel.port2.close();
      channel = null;
      queue.length = 0;
    },
  };
}
