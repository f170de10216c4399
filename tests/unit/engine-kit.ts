import { SERIES_COLUMNS } from '../../src/core/series/columns';
import type { Result } from '../../src/shared/engine-api';
import type { EngineReader } from '../../src/shared/reader';
import { until as untilWithin } from './loopback';

/** Helpers shared by the engine tests (src/worker/*.test.ts). */

/** The value of an engine Result, or a thrown error naming what the engine said. */
export const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`engine said: ${r.error}`);
  return r.value;
};

/** Poll until `pred` holds; the engine tests run real sockets and timers, hence the long bound. */
export const until = (pred: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> => untilWithin(pred, ms);

/** Every series column of stream `idx`, in time order. */
export function readSeries(reader: EngineReader, idx = 0): number[][] {
  return SERIES_COLUMNS.map((_, col) => {
    const out = new Float64Array(reader.seriesCount(idx));
    return [...out.subarray(0, reader.readSeries(idx, col, out))];
  });
}
