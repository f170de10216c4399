import type { EngineEvent, StreamKey } from '../../core/types';

/** One counted, keyed problem (DESIGN.md principle 6): same code on the same stream = one row. */
export interface ProblemRow {
  readonly key: string;
  readonly code: string;
  readonly stream: StreamKey | null;
  count: number;
  lastDetail: string;
  lastTUs: number;
}

const MAX_ROWS = 200;

/** Aggregates the engine's event FIFO into counted problems, newest first. */
export class ProblemLog {
  private readonly rows = new Map<string, ProblemRow>();
  /** Bumped on every change so React can memoize the sorted list. */
  version = 0;

  add(ev: EngineEvent): void {
    if (ev.type === 'problem') {
      const p = ev.problem;
      this.bump(p.code, p.stream ?? null, p.detail, p.tUs);
    } else if (ev.type === 'gap') {
      this.bump('gap', ev.stream, ev.detail, ev.tUs);
    }
  }

  private bump(code: string, stream: StreamKey | null, detail: string, tUs: number): void {
    const key = `${code}|${stream ?? ''}`;
    const row = this.rows.get(key);
    if (row === undefined) {
      if (this.rows.size >= MAX_ROWS) this.dropOldest();
      this.rows.set(key, { key, code, stream, count: 1, lastDetail: detail, lastTUs: tUs });
    } else {
      row.count += 1;
      row.lastDetail = detail;
      row.lastTUs = tUs;
    }
    this.version += 1;
  }

  private dropOldest(): void {
    let oldest: ProblemRow | null = null;
    for (const r of this.rows.values()) if (oldest === null || r.lastTUs < oldest.lastTUs) oldest = r;
    if (oldest !== null) this.rows.delete(oldest.key);
  }

  newestFirst(): ProblemRow[] {
    return [...this.rows.values()].sort((a, b) => b.lastTUs - a.lastTUs).map((r) => ({ ...r }));
  }

  total(): number {
    let n = 0;
    for (const r of this.rows.values()) n += r.count;
    return n;
  }

  clear(): void {
    this.rows.clear();
    this.version += 1;
  }
}
