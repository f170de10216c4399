import type { ProblemRow } from '../data/problem-log';
import { clockUtc } from '../status/time-format';

interface Props {
  readonly rows: readonly ProblemRow[];
}

/** Counted, keyed problems from the engine's event FIFO, newest first (DESIGN.md principle 6). */
export function ProblemsPanel({ rows }: Props) {
  return (
    <div data-testid="problems" className="problems">
      {rows.length === 0 ? (
        <div className="muted empty">No problems reported</div>
      ) : (
        rows.map((r) => (
          <div key={r.key} className="problem-item" data-testid="problem-row" data-code={r.code} data-count={r.count}>
            <div className="problem-head">
              <span className="p-count">×{r.count}</span>
              <span className="p-code">{r.code}</span>
              <span className="muted">{r.stream ?? 'engine'}</span>
              <span className="p-time muted">{clockUtc(r.lastTUs)}</span>
            </div>
            <div className="p-detail" title={r.lastDetail}>
              {r.lastDetail}
            </div>
          </div>
        ))
      )}
    </div>
  );
}
