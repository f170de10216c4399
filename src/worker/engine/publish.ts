import type { DataPlane } from '../../shared/data-plane';
import type { Pipeline } from '../../sources/pipeline';
import type { PlaneOutput } from './plane-output';

/**
 * The engine's ~10 Hz publication: pending book slots, and every stream's stats block plus its
 * latency histogram into the stats slots. `quantiles` also refreshes the windowed quantiles
 * (the pipeline does it once a second of frame time on its own).
 */
export function publish(pipeline: Pipeline, out: PlaneOutput, plane: DataPlane, quantiles: boolean): void {
  out.flushBooks();
  if (quantiles) pipeline.flushStats();
  for (const rt of pipeline.streams) {
    const idx = out.planeIndexOf(rt.idx);
    const w = idx === undefined ? undefined : plane.writers(idx);
    w?.stats.write(rt.stats, rt.metrics.latencyHist);
  }
}
