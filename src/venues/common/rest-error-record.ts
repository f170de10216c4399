import { isObj } from './json-guards';

/**
 * A `rest_error` frame's msg, `{"status":…,"body":…,"retryAfter"?:<epoch ms>}` (TEAM-NOTES
 * "Frame record"): the live source writes it for every venue, so reading it is venue-neutral.
 * The frame's `url` (the request) stays on the frame.
 */
export interface RestErrorRecord {
  /** HTTP status; 0 when the record itself is damaged (the request still failed). */
  readonly status: number;
  readonly body: unknown;
  /** Epoch ms from the Retry-After header, as recorded by the live source (snapshot-fetcher.ts). */
  readonly retryAfter: number | undefined;
}

export function readRestError(text: string): RestErrorRecord {
  try {
    const m: unknown = JSON.parse(text);
    if (isObj(m)) {
      const r = m;
      return {
        status: typeof r.status === 'number' ? r.status : 0,
        body: r.body,
        retryAfter: typeof r.retryAfter === 'number' ? r.retryAfter : undefined,
      };
    }
  } catch {
    // fall through: status 0
  }
  return { status: 0, body: undefined, retryAfter: undefined };
}
