import { useMemo } from 'react';
import { useFrame } from '../data/use-frame';
import { ProblemsPanel } from '../problems/problems-panel';

export function ProblemsView() {
  const store = useFrame(2);
  const version = store.problems.version;
  const rows = useMemo(() => store.problems.newestFirst(), [store, version]);
  return <ProblemsPanel rows={rows} />;
}
