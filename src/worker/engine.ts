/**
 * The engine worker's logic (DESIGN.md principle 3): sources → recorder → pipeline → data plane,
 * sessions in IndexedDB, replay. engine.worker.ts only exposes it over Comlink. Every public
 * method resolves to a Result; nothing throws across the boundary (principle 6).
 */
import { transfer } from 'comlink';
import type {
  EngineApi,
  EngineLayout,
  EngineMode,
  FreshnessReport,
  ImportProgress,
  LiveConfig,
  ReplaySpeed,
  Result,
  SessionSummary,
} from '../shared/engine-api';
import { defaultEngineDeps, type EngineDeps } from './engine/deps';
import { checkLiveFreshness } from './engine/freshness';
import { LiveRun } from './engine/live-run';
import { PlaneHost } from './engine/plane-host';
import { publish } from './engine/publish';
import { ReplayRun, replayStreamsOf } from './engine/replay-run';
import { EngineRefusal, fail, guard, ok } from './engine/result';
import { ensureDemo } from './engine/demo';
import { summaryOf } from './engine/store-views';
import { checkSpeed, planLive } from './engine/validate';
import { exportFileName, exportSession } from './storage/export-session';
import { importSession } from './storage/import-session';
import type { SessionStore } from './storage/session-store';

/** Windowed quantiles (sorting) are refreshed every this many ticks (~2 Hz at 10 Hz). */
const QUANTILE_TICKS = 5;

export class Engine implements EngineApi {
  private readonly deps: EngineDeps;
  private readonly host: PlaneHost;
  private storeP: Promise<SessionStore> | null = null;
  private run: LiveRun | ReplayRun | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private tickNo = 0;
  /** Mode changes (start/stop/replay) run one at a time, in call order. */
  private lane: Promise<unknown> = Promise.resolve();
  private demoP: Promise<SessionSummary> | null = null;

  constructor(deps: Partial<EngineDeps> = {}) {
    this.deps = { ...defaultEngineDeps(), ...deps };
    this.host = new PlaneHost(this.deps.seriesCapacity ? { seriesCapacity: this.deps.seriesCapacity } : {});
  }

  // ---- data plane ----

  init(opts: { readonly sharedMemory: boolean }): Promise<Result<EngineLayout>> {
    return guard(() => {
      this.host.init(opts?.sharedMemory === true);
      return this.host.layout();
    });
  }

  layout(): Promise<Result<EngineLayout>> {
    return guard(() => this.host.layout());
  }

  async pullLayout(): Promise<Result<EngineLayout>> {
    try {
      if (this.host.get().shared) return ok(this.host.layout());
      const { layout, transfer: buffers } = this.host.copyLayout(this.deps.pullSeriesRows);
      // Transfer, not copy, the fresh buffers (Comlink reads the mark on the returned object).
      return transfer(ok(layout), buffers);
    } catch (e) {
      return fail(e);
    }
  }

  mode(): Promise<Result<EngineMode>> {
    return guard(() => this.currentMode());
  }

  // ---- live ----

  startLive(cfg: LiveConfig): Promise<Result<EngineMode>> {
    return this.exclusive(async () => {
      const plan = planLive(cfg);
      this.host.get(); // refuses before init, without disturbing the current run
      await this.stopRun();
      const io = this.deps.liveIo();
      this.host.prepare(plan.venues.flatMap((v) => v.symbols.map((symbol) => ({ venue: v.venue, symbol }))), io.nowUs());
      this.run = await LiveRun.start({
        venues: plan.venues,
        plane: this.host.get(),
        io,
        store: plan.record ? await this.storeOrProblem(io.nowUs()) : null,
        nowPerfMs: this.deps.nowPerfMs,
        onLayoutChanged: (d, tUs) => this.layoutChanged(d, tUs),
        ...(this.deps.liveOptions ? { sourceOptions: this.deps.liveOptions } : {}),
      });
      this.startTicker();
      return this.currentMode();
    });
  }

  stop(): Promise<Result<EngineMode>> {
    return this.exclusive(async () => {
      await this.stopRun();
      return this.currentMode();
    });
  }

  // ---- sessions ----

  listSessions(): Promise<Result<SessionSummary[]>> {
    return guard(async () => (await (await this.store()).list()).map(summaryOf));
  }

  deleteSession(id: string): Promise<Result<void>> {
    return this.exclusive(async () => {
      const run = this.run;
      if (run instanceof LiveRun && run.recorder?.sessionId === id) throw new EngineRefusal('this session is being recorded: stop first');
      if (run instanceof ReplayRun && run.args.meta.id === id) await this.stopRun();
      await (await this.store()).delete(String(id));
    });
  }

  renameSession(id: string, name: string): Promise<Result<void>> {
    return guard(async () => {
      const clean = String(name).trim().slice(0, 200);
      if (clean === '') throw new EngineRefusal('a session name cannot be empty');
      const store = await this.store();
      if ((await store.get(String(id))) === undefined) throw new EngineRefusal(`no session ${String(id)}`);
      await store.rename(String(id), clean);
    });
  }

  exportSession(id: string): Promise<Result<{ readonly fileName: string; readonly blob: Blob }>> {
    return guard(async () => {
      const store = await this.store();
      const meta = await store.get(String(id));
      if (meta === undefined) throw new EngineRefusal(`no session ${String(id)}`);
      return { fileName: exportFileName(meta), blob: await exportSession(store, meta.id) };
    });
  }

  importSession(file: Blob, fileName: string, onProgress?: ImportProgress): Promise<Result<SessionSummary>> {
    return guard(async () => {
      if (!(file instanceof Blob)) throw new EngineRefusal('importSession: not a file');
      const r = await importSession(await this.store(), file, String(fileName), progressOf(onProgress));
      if (!r.ok) throw new EngineRefusal(r.error);
      return summaryOf(r.value);
    });
  }

  ensureDemoSession(url: string): Promise<Result<SessionSummary>> {
    return guard(() => {
      // Concurrent callers share one download/import (the UI may ask twice at start-up).
      this.demoP ??= this.store()
        .then((store) => ensureDemo(store, this.deps.fetch, String(url)))
        .finally(() => (this.demoP = null));
      return this.demoP;
    });
  }

  // ---- replay ----

  replay(id: string, speed: ReplaySpeed): Promise<Result<EngineMode>> {
    return this.exclusive(async () => {
      const rate = checkSpeed(speed);
      this.host.get();
      const store = await this.store();
      if ((await store.get(String(id))) === undefined) throw new EngineRefusal(`no session ${String(id)}`);
      await this.stopRun();
      // Read the meta after the stop: replaying the session just recorded needs its final counts.
      const meta = await store.get(String(id));
      if (meta === undefined) throw new EngineRefusal(`no session ${String(id)}`);
      this.host.prepare(replayStreamsOf(meta), meta.startUs);
      const replayIo = this.deps.replayIo?.();
      const run = new ReplayRun({
        meta,
        frames: store.frames(meta.id),
        plane: this.host.get(),
        speed: rate,
        nowPerfMs: this.deps.nowPerfMs,
        ...(replayIo ? { io: replayIo } : {}),
        onLayoutChanged: (d, tUs) => this.layoutChanged(d, tUs),
        onDone: (r) => this.replayDone(r),
      });
      this.run = run;
      this.startTicker();
      run.start();
      return this.currentMode();
    });
  }

  setReplaySpeed(speed: ReplaySpeed): Promise<Result<void>> {
    return guard(() => this.replayRun().source.setSpeed(checkSpeed(speed)));
  }

  pauseReplay(): Promise<Result<void>> {
    return guard(() => this.replayRun().source.pause());
  }

  resumeReplay(): Promise<Result<void>> {
    return guard(() => this.replayRun().source.resume());
  }

  checkFreshness(): Promise<Result<FreshnessReport>> {
    return guard(() => {
      const run = this.run;
      if (!(run instanceof LiveRun)) return { mode: run === null ? 'idle' : 'replay', checked: 0, stale: [], replaced: [] } as const;
      const nowUs = run.args.io.nowUs();
      const r = checkLiveFreshness(run, nowUs);
      if (r.stale.length > 0) this.info(`freshness check: ${r.stale.length}/${r.checked} streams stale, replacing ${r.replaced.join(', ') || 'no socket'}`, nowUs);
      return r;
    });
  }

  /** Not part of EngineApi: tests (and a worker about to close) release sockets, timers, the DB. */
  async dispose(): Promise<void> {
    await this.lane.catch(() => undefined);
    await this.stopRun().catch(() => undefined);
    const store = await this.storeP?.catch(() => null);
    (store as { close?: () => void } | null | undefined)?.close?.();
    this.storeP = null;
  }

  // ---- internals ----

  private exclusive<T>(fn: () => Promise<T>): Promise<Result<T>> {
    const next = this.lane.then(() => guard(fn));
    this.lane = next;
    return next;
  }

  private store(): Promise<SessionStore> {
    if (this.storeP === null) {
      const p = this.deps.openStore();
      this.storeP = p;
      p.catch(() => {
        if (this.storeP === p) this.storeP = null; // let a later call try again
      });
    }
    return this.storeP;
  }

  /** The store, or null with a problem event (recording is optional; watching live is not). */
  private async storeOrProblem(tUs: number): Promise<SessionStore | null> {
    try {
      return await this.store();
    } catch (e) {
      const detail = `recording unavailable (storage did not open), live without recording: ${String(e)}`;
      this.host.get().events.push({ type: 'problem', problem: { code: 'recording-failed', detail, tUs } });
      return null;
    }
  }

  private currentMode(): EngineMode {
    const run = this.run;
    if (run instanceof LiveRun) {
      // EngineMode names one venue: the first one (the single-venue form's); `symbols` lists every
      // venue's symbols. The layout's StreamInfo has the full venue:symbol of each stream.
      return { kind: 'live', venue: run.args.venues[0]!.venue, symbols: run.symbols, recordingSessionId: run.recorder?.sessionId ?? null };
    }
    if (run instanceof ReplayRun) return { kind: 'replay', status: run.status() };
    return { kind: 'idle' };
  }

  private replayRun(): ReplayRun {
    if (!(this.run instanceof ReplayRun)) throw new EngineRefusal('no replay running');
    return this.run;
  }

  private async stopRun(): Promise<void> {
    const run = this.run;
    this.run = null;
    if (run === null) return;
    try {
      const meta = await run.stop();
      if (meta !== undefined) this.info(`recorded session ${meta.id}: ${meta.frames} frames`, this.deps.nowUs());
    } finally {
      this.publishNow(run);
      this.stopTicker();
    }
  }

  private replayDone(run: ReplayRun): void {
    this.publishNow(run);
    if (this.run === run) this.stopTicker();
    const p = run.source.progress();
    if (p.error !== null) {
      this.host.get().events.push({ type: 'problem', problem: { code: 'replay-failed', detail: p.error, tUs: this.deps.nowUs() } });
    }
    this.info(`replay of ${run.args.meta.id} ${p.error === null ? 'finished' : 'stopped'}: ${p.framesDone}/${p.framesTotal} frames`, this.deps.nowUs());
  }

  private startTicker(): void {
    if (this.ticker !== null) return;
    this.ticker = setInterval(() => this.tick(), this.deps.tickMs);
  }

  private stopTicker(): void {
    if (this.ticker !== null) clearInterval(this.ticker);
    this.ticker = null;
  }

  private tick(): void {
    const run = this.run;
    if (run === null) return;
    try {
      run.tick(this.deps.nowPerfMs());
      publish(run.pipeline, run.out, this.host.get(), ++this.tickNo % QUANTILE_TICKS === 0);
    } catch (e) {
      this.host.get().events.push({ type: 'problem', problem: { code: 'engine-tick', detail: String(e), tUs: this.deps.nowUs() } });
    }
  }

  private publishNow(run: LiveRun | ReplayRun): void {
    publish(run.pipeline, run.out, this.host.get(), true);
  }

  private layoutChanged(detail: string, tUs: number): void {
    this.info(`layout changed (version ${this.host.version}): ${detail}`, tUs || this.deps.nowUs());
  }

  private info(detail: string, tUs: number): void {
    this.host.get().events.push({ type: 'info', detail, tUs });
  }
}

/** A Comlink-proxied callback returns a promise that may reject (UI gone): never let it escape. */
function progressOf(cb: ImportProgress | undefined): ((f: number) => void) | undefined {
  if (typeof cb !== 'function') return undefined;
  return (f) => {
    try {
      void Promise.resolve(cb(f) as unknown).catch(() => undefined);
    } catch {
      // the callback itself threw: progress is advisory
    }
  };
}
