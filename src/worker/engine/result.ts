import type { Result } from '../../shared/engine-api';

/** Nothing throws across the worker boundary (DESIGN.md principle 6): errors become values. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (error: unknown): { readonly ok: false; readonly error: string } => ({ ok: false, error: errorText(error) });

export async function guard<T>(fn: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (e) {
    return fail(e);
  }
}

/** An expected refusal (bad argument, wrong mode): thrown inside `guard`, returned as its text. */
export class EngineRefusal extends Error {
  override readonly name = 'EngineRefusal';
}

export function errorText(e: unknown): string {
  if (e instanceof EngineRefusal) return e.message;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  if (typeof e === 'object' && e !== null && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}
