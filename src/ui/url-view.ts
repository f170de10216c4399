import type { VenueId } from '../core/types';
import { REPLAY_SPEEDS, type ReplaySpeed } from '../shared/engine-api';
import { DEFAULT_VENUE, findVenue } from './venue-catalog';

/**
 * The view lives in the URL so it can be shared (docs/TEAM-NOTES.md "UI ⇄ e2e contract"):
 * `venue`, `symbols`, `mode`, `session`, `speed`, endpoint overrides `streamBase`, `wsApi`, `rest`.
 */
export interface UrlView {
  readonly venue: VenueId;
  readonly symbols: readonly string[];
  readonly mode: 'live' | 'replay' | null;
  readonly session: string | null;
  readonly speed: ReplaySpeed;
  /** Only the overrides present in the URL; merged with the catalog defaults when connecting. */
  readonly endpointOverrides: { readonly streamBase?: string; readonly wsApi?: string; readonly rest?: string };
  /** The URL said nothing about what to show: the app may fall back to the demo session. */
  readonly isDefault: boolean;
}

const ENDPOINT_KEYS = ['streamBase', 'wsApi', 'rest'] as const;

export const parseSymbols = (text: string): string[] =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase())
    .filter((s) => /^[A-Z0-9._-]{1,30}$/.test(s))
    .filter((s, i, all) => all.indexOf(s) === i);

const parseSpeed = (s: string | null): ReplaySpeed => {
  const found = REPLAY_SPEEDS.find((sp) => String(sp) === s);
  return found ?? 1;
};

export function parseView(search: string): UrlView {
  const q = new URLSearchParams(search);
  const venue = findVenue(q.get('venue')) ?? DEFAULT_VENUE;
  const symbolsText = q.get('symbols');
  const symbols = symbolsText === null ? [] : parseSymbols(symbolsText);
  const modeText = q.get('mode');
  const mode = modeText === 'live' || modeText === 'replay' ? modeText : null;
  const endpointOverrides: { streamBase?: string; wsApi?: string; rest?: string } = {};
  for (const k of ENDPOINT_KEYS) {
    const v = q.get(k);
    if (v !== null && v !== '') endpointOverrides[k] = v;
  }
  const isDefault = mode === null && symbols.length === 0 && !q.has('venue') && !q.has('session') && Object.keys(endpointOverrides).length === 0;
  return {
    venue: venue.id,
    symbols: symbols.length > 0 ? symbols : venue.defaultSymbols,
    mode,
    session: q.get('session'),
    speed: parseSpeed(q.get('speed')),
    endpointOverrides,
    isDefault,
  };
}

export function endpointsFor(view: UrlView): { streamBase: string; wsApi: string; rest: string } | undefined {
  if (Object.keys(view.endpointOverrides).length === 0) return undefined;
  const defaults = (findVenue(view.venue) ?? DEFAULT_VENUE).endpoints;
  return { ...defaults, ...view.endpointOverrides };
}

/** Write the view into the address bar without a navigation (history.replaceState). */
export function writeView(view: UrlView): void {
  const q = new URLSearchParams();
  q.set('venue', view.venue);
  q.set('symbols', view.symbols.join(','));
  if (view.mode !== null) q.set('mode', view.mode);
  if (view.mode === 'replay' && view.session !== null) {
    q.set('session', view.session);
    q.set('speed', String(view.speed));
  }
  for (const k of ENDPOINT_KEYS) {
    const v = view.endpointOverrides[k];
    if (v !== undefined) q.set(k, v);
  }
  // ',' ':' '/' are legal in a query (RFC 3986 §3.4): keep shared links readable.
  const query = q.toString().replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%2F/g, '/');
  const url = `${window.location.pathname}?${query}${window.location.hash}`;
  window.history.replaceState(null, '', url);
}
