import * as Comlink from 'comlink';
import { STAT } from '../../core/series/stream-stats';
import type { VenueId } from '../../core/types';
import type { EngineMode, ReplaySpeed, Result, SessionSummary } from '../../shared/engine-api';
import type { EngineClient } from '../engine-client';
import type { FrameLoop } from '../data/frame-loop';
import type { FrameStore } from '../data/frame-store';
import type { StreamSel } from '../streams';
import { withStreams, writeView, type UrlView } from '../url-view';
import { call } from './call';
import { liveConfigFor } from './live-config';
import { DEMO_LABEL, FALLBACK_RECONNECTS, LIVE_DEADLINE_MS, demoUrl } from './demo';

export interface ControllerState {
  readonly mode: EngineMode;
  readonly view: UrlView;
  /** Live wanted recording (the toggle). */
  readonly record: boolean;
  /** The app switched to the demo session by itself because live did not come up. */
  readonly demoFallback: boolean;
  /** A transient notice (connecting, errors of the last action). */
  readonly notice: { readonly kind: 'info' | 'error'; readonly text: string } | null;
  readonly sessions: readonly SessionSummary[];
  /** Was recording into a session, and the engine stopped it (quota, storage error). */
  readonly recordingStopped: boolean;
}

const MODE_POLL_MS = 500;

/**
 * Everything the UI asks of the engine (control plane) and the view it keeps in the URL.
 * Plain class, React subscribes; panels never call the engine directly.
 */
export class Controller {
  private st: ControllerState;
  private readonly listeners = new Set<() => void>();
  private pollId = 0;
  private watchdogId = 0;
  private wasRecordingId: string | null = null;

  constructor(
    private readonly client: EngineClient,
    private readonly store: FrameStore,
    private readonly loop: FrameLoop,
    view: UrlView,
  ) {
    this.st = { mode: { kind: 'idle' }, view, record: true, demoFallback: false, notice: null, sessions: [], recordingStopped: false };
  }

  get state(): ControllerState {
    return this.st;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<ControllerState>): void {
    this.st = { ...this.st, ...patch };
    for (const fn of this.listeners) fn();
  }

  private get engine() {
    return this.client.remote;
  }

  /** venues.md §1.4 rule 2: a hidden tab's timers are throttled, so on becoming visible the
   * engine compares every live stream's data time with the clock (EngineApi.checkFreshness). */
  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'visible' && this.st.mode.kind === 'live') void this.checkFreshness();
  };

  /** Stale streams are marked and their sockets replaced by the engine; say so if any. */
  async checkFreshness(): Promise<void> {
    const r = await call(this.engine.checkFreshness());
    if (r.ok && r.value.stale.length > 0) {
      this.set({ notice: { kind: 'info', text: `Back from a hidden tab: ${r.value.stale.length} stale stream(s), reconnecting ${r.value.replaced.join(', ')}` } });
    }
  }

  /** Do what the URL says (or the first-open default), then keep the mode fresh. */
  async start(): Promise<void> {
    this.pollId = window.setInterval(() => void this.pollMode(), MODE_POLL_MS);
    document.addEventListener('visibilitychange', this.onVisibility);
    void this.refreshSessions();
    const v = this.st.view;
    if (v.mode === 'replay') {
      if (v.session !== null) await this.replay(v.session, v.speed);
      else await this.replayDemo(false);
    } else if (v.isDefault) {
      // A first look should not fill the visitor's storage: recording is opt-in here (the
      // toggle reconnects so a session starts with its snapshots). Explicit URLs record.
      this.set({ record: false });
      await this.connectStreams(v.streams, { keepUrl: true });
      this.armDemoFallback();
    } else {
      await this.connectStreams(v.streams);
    }
  }

  dispose(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    clearInterval(this.pollId);
    clearInterval(this.watchdogId);
  }

  setRecord(record: boolean): void {
    this.set({ record });
    // A session must start with its snapshots to replay: recording (or not) means reconnecting.
    if (this.st.mode.kind === 'live') void this.connectStreams(this.st.view.streams);
  }

  /** Single-venue form, kept for callers of the old controls. */
  connectLive(venue: VenueId, symbols: readonly string[], opts: { keepUrl?: boolean } = {}): Promise<void> {
    return this.connectStreams(symbols.map((symbol) => ({ venue, symbol })), opts);
  }

  /** Connect these streams, on as many venues as they name (one engine session). */
  async connectStreams(streams: readonly StreamSel[], opts: { keepUrl?: boolean } = {}): Promise<void> {
    clearInterval(this.watchdogId);
    const view: UrlView = { ...withStreams(this.st.view, streams), mode: 'live', session: null };
    if (opts.keepUrl !== true) writeView(view);
    this.store.resetForNewMode();
    this.store.clock = 'wall';
    this.set({ view, demoFallback: false, recordingStopped: false, notice: null });
    const r = await call(this.engine.startLive(liveConfigFor(view, streams, this.st.record)));
    this.afterModeCall(r);
  }

  async disconnect(): Promise<void> {
    clearInterval(this.watchdogId);
    const r = await call(this.engine.stop());
    const view: UrlView = { ...this.st.view, mode: null, session: null };
    writeView(view);
    this.set({ view, demoFallback: false });
    this.afterModeCall(r);
    void this.refreshSessions();
  }

  async replay(id: string, speed: ReplaySpeed, opts: { demoFallback?: boolean; keepUrl?: boolean } = {}): Promise<void> {
    clearInterval(this.watchdogId);
    const view: UrlView = { ...this.st.view, mode: 'replay', session: id, speed };
    if (opts.keepUrl !== true) writeView(view);
    this.store.resetForNewMode();
    this.store.clock = 'data';
    this.set({ view, demoFallback: opts.demoFallback === true, recordingStopped: false, notice: null });
    const r = await call(this.engine.replay(id, speed));
    this.afterModeCall(r);
  }

  /** Store the shipped capture (once) and replay it at 1×. */
  async replayDemo(asFallback: boolean): Promise<void> {
    this.set({ notice: { kind: 'info', text: `Loading the built-in demo session (${DEMO_LABEL})…` } });
    const r = await call(this.engine.ensureDemoSession(demoUrl()));
    if (!r.ok) {
      this.set({ notice: { kind: 'error', text: `Demo session unavailable: ${r.error}` } });
      return;
    }
    void this.refreshSessions();
    // The automatic fallback keeps the URL empty, so a reload tries live again.
    await this.replay(r.value.id, 1, { demoFallback: asFallback, keepUrl: asFallback });
  }

  async setSpeed(speed: ReplaySpeed): Promise<void> {
    const r = await call(this.engine.setReplaySpeed(speed));
    if (!r.ok) return this.set({ notice: { kind: 'error', text: r.error } });
    const view: UrlView = { ...this.st.view, speed };
    if (!this.st.demoFallback) writeView(view);
    this.set({ view });
    void this.pollMode();
  }

  async togglePause(): Promise<void> {
    const m = this.st.mode;
    if (m.kind !== 'replay') return;
    const r = await call(m.status.paused ? this.engine.resumeReplay() : this.engine.pauseReplay());
    if (!r.ok) this.set({ notice: { kind: 'error', text: r.error } });
    void this.pollMode();
  }

  async refreshSessions(): Promise<void> {
    const r = await call(this.engine.listSessions());
    if (r.ok) this.set({ sessions: [...r.value].sort((a, b) => b.startUs - a.startUs) });
  }

  async renameSession(id: string, name: string): Promise<Result<void>> {
    const r = await call(this.engine.renameSession(id, name));
    void this.refreshSessions();
    return r;
  }

  async deleteSession(id: string): Promise<Result<void>> {
    const r = await call(this.engine.deleteSession(id));
    void this.refreshSessions();
    return r;
  }

  exportSession(id: string) {
    return call(this.engine.exportSession(id));
  }

  async importSession(file: File, onProgress: (fraction: number) => void): Promise<Result<SessionSummary>> {
    const r = await call(this.engine.importSession(file, file.name, Comlink.proxy(onProgress)));
    void this.refreshSessions();
    return r;
  }

  clearNotice(): void {
    this.set({ notice: null });
  }

  private afterModeCall(r: Result<EngineMode>): void {
    if (!r.ok) {
      this.set({ notice: { kind: 'error', text: r.error } });
      return;
    }
    this.set({ mode: r.value, notice: this.st.notice?.kind === 'error' ? null : this.st.notice });
    this.wasRecordingId = r.value.kind === 'live' ? r.value.recordingSessionId : null;
    void this.loop.refreshLayout();
  }

  private async pollMode(): Promise<void> {
    void this.loop.refreshLayout();
    const r = await call(this.engine.mode());
    if (!r.ok) return;
    const m = r.value;
    const patch: { -readonly [K in keyof ControllerState]?: ControllerState[K] } = { mode: m };
    if (m.kind === 'live') {
      if (this.wasRecordingId !== null && m.recordingSessionId === null) patch.recordingStopped = true;
      if (this.st.notice?.kind === 'info' && this.anyLive()) patch.notice = null;
    }
    // recording-quota / recording-failed (src/worker/recorder.ts), including a recording that could not start.
    if (this.store.recordingProblem !== null) patch.recordingStopped = true;
    this.set(patch);
  }

  private anyLive(): boolean {
    return this.store.streams.some((s) => this.store.stateOf(s) === 'live');
  }

  /** First open only: live Binance must come up within LIVE_DEADLINE_MS, else the demo replays. */
  private armDemoFallback(): void {
    const t0 = performance.now();
    clearInterval(this.watchdogId);
    this.watchdogId = window.setInterval(() => {
      if (this.anyLive()) return clearInterval(this.watchdogId);
      let reconnects = 0;
      let failed = false;
      for (const s of this.store.streams) {
        reconnects += s.stats[STAT.reconnects] ?? 0;
        failed ||= this.store.stateOf(s) === 'failed';
      }
      const startFailed = this.st.mode.kind !== 'live';
      if (performance.now() - t0 >= LIVE_DEADLINE_MS || failed || reconnects >= FALLBACK_RECONNECTS || startFailed) {
        clearInterval(this.watchdogId);
        void this.call(this.engine.stop()).then(() => this.replayDemo(true));
      }
    }, 250);
  }

  private call<T>(p: Promise<Result<T>>): Promise<Result<T>> {
    return call(p);
  }
}
