import type { Result } from '../../shared/engine-api';

/** Await an engine RPC; a dead worker or a rejected promise becomes an error Result too,
 * so callers handle one shape (nothing throws across the boundary, DESIGN.md principle 6). */
export async function call<T>(p: Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await p;
  } catch (err) {
    return { ok: false, error: `engine unreachable: ${err instanceof Error ? err.message : String(err)}` };
  }
}
