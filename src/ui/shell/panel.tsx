import type { ReactNode } from 'react';
import { ErrorBoundary } from './error-boundary';

interface Props {
  readonly title: string;
  readonly className?: string;
  /** Small text or controls on the right of the title bar. */
  readonly extra?: ReactNode;
  readonly children: ReactNode;
}

/** A titled box with its own error boundary. */
export function Panel({ title, className, extra, children }: Props) {
  return (
    <section className={`panel ${className ?? ''}`}>
      <header className="panel-head">
        <h2>{title}</h2>
        {extra !== undefined && <div className="panel-extra">{extra}</div>}
      </header>
      <div className="panel-body">
        <ErrorBoundary name={title}>{children}</ErrorBoundary>
      </div>
    </section>
  );
}
