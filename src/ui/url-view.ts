import type { VenueId } from '../core/types';
import { REPLAY_SPEEDS, type ReplaySpeed } from '../shared/engine-api';
import { byVenue, formatStreams, parseStreams, parseSymbols, type StreamSel } from './streams';
import { BINANCE_SPOT_ENDPOINTS, DEFAULT_VENUE, findVenue } from './venue-catalog';

export { parseSymbols } from './streams';

/** Per-venue endpoint overrides from `ep.<venue>.<name>=<url>`. */
export type VenueEndpointOverrides = Readonly<Partial<Record<VenueId, Readonly<Record<string, string>>>>>;

/**
 * The view lives in the URL so it can be shared (docs/TEAM-NOTES.md "UI ⇄ e2e contract"):
 * `streams=binance:BTCUSDT,okx:BTC-USDT-SWAP` (or the older `venue` + `symbols`), `mode`,
 * `session`, `speed`, overrides `ep.<venue>.<name>=<url>` and the older Binance spot
 * `streamBase`, `wsApi`, `rest`.
 */
export interface UrlView {
  readonly streams: readonly StreamSel[];
  /** The first stream's venue and that venue's symbols (the single-venue view, kept for callers
   * and for engines that take one venue). */
  readonly venue: VenueId;
  readonly symbols: readonly string[];
  readonly mode: 'live' | 'replay' | null;
  readonly session: string | null;
  readonly speed: ReplaySpeed;
  /** Old Binance spot overrides present in the URL; merged with the defaults when connecting. */
  readonly endpointOverrides: { readonly streamBase?: string; readonly wsApi?: string; readonly rest?: string };
  readonly venueEndpoints: VenueEndpointOverrides;
  /** The URL said nothing about what to show: the app may fall back to the demo session. */
  readonly isDefault: boolean;
}

const ENDPOINT_KEYS = ['streamBase', 'wsApi', 'rest'] as const;
const EP_RE = /^ep\.([a-z0-9-]+)\.([A-Za-z0-9_]+)$/;

const parseSpeed = (s: string | null): ReplaySpeed => REPLAY_SPEEDS.find((sp) => String(sp) === s) ?? 1;

/** A view with these streams (venue/symbols follow the first stream). */
export function withStreams(view: UrlView, streams: readonly StreamSel[]): UrlView {
  const first = byVenue(streams)[0];
  return { ...view, streams, venue: first?.venue ?? view.venue, symbols: first?.symbols ?? view.symbols };
}

export function parseView(search: string): UrlView {
  const q = new URLSearchParams(search);
  const venue = findVenue(q.get('venue')) ?? DEFAULT_VENUE;
  const symbolsText = q.get('symbols');
  const oldSymbols = symbolsText === null ? [] : parseSymbols(symbolsText);
  const fromStreams = parseStreams(q.get('streams') ?? '');
  const streams: StreamSel[] =
    fromStreams.length > 0
      ? fromStreams
      : (oldSymbols.length > 0 ? oldSymbols : venue.defaultSymbols).map((symbol) => ({ venue: venue.id, symbol }));
  const modeText = q.get('mode');
  const mode = modeText === 'live' || modeText === 'replay' ? modeText : null;
  const endpointOverrides: { streamBase?: string; wsApi?: string; rest?: string } = {};
  for (const k of ENDPOINT_KEYS) {
    const v = q.get(k);
    if (v !== null && v !== '') endpointOverrides[k] = v;
  }
  const venueEndpoints: Partial<Record<VenueId, Record<string, string>>> = {};
  for (const [k, v] of q.entries()) {
    const m = EP_RE.exec(k);
    const id = m === null ? undefined : findVenue(m[1] ?? '')?.id;
    if (m === null || id === undefined || v === '') continue;
    venueEndpoints[id] = { ...venueEndpoints[id], [m[2] as string]: v };
  }
  const isDefault =
    mode === null && fromStreams.length === 0 && oldSymbols.length === 0 && !q.has('venue') && !q.has('session') &&
    Object.keys(endpointOverrides).length === 0 && Object.keys(venueEndpoints).length === 0;
  const base: UrlView = {
    streams,
    venue: venue.id,
    symbols: [],
    mode,
    session: q.get('session'),
    speed: parseSpeed(q.get('speed')),
    endpointOverrides,
    venueEndpoints,
    isDefault,
  };
  return withStreams(base, streams);
}

/** Old single-venue overrides (Binance spot only): the defaults merged with the URL's. */
export function endpointsFor(view: UrlView): { streamBase: string; wsApi: string; rest: string } | undefined {
  if (Object.keys(view.endpointOverrides).length === 0) return undefined;
  return { ...BINANCE_SPOT_ENDPOINTS, ...view.endpointOverrides };
}

/** Every override per venue: `ep.<venue>.*`, plus the old Binance spot keys under `binance`. */
export function venueEndpointsFor(view: UrlView): Partial<Record<VenueId, Record<string, string>>> {
  const out: Partial<Record<VenueId, Record<string, string>>> = {};
  for (const [id, eps] of Object.entries(view.venueEndpoints) as [VenueId, Record<string, string>][]) out[id] = { ...eps };
  const old = view.endpointOverrides;
  if (Object.keys(old).length > 0) {
    const spot = findVenue('binance')?.id;
    if (spot !== undefined) out[spot] = { ...old, ...out[spot] };
  }
  return out;
}

/** The query string of a view. One venue keeps the old `venue=&symbols=` form (links already
 * shared, e2e helpers); several use `streams=`. */
export function viewQuery(view: UrlView): string {
  const q = new URLSearchParams();
  const venues = byVenue(view.streams);
  if (venues.length <= 1) {
    q.set('venue', view.venue);
    q.set('symbols', view.symbols.join(','));
  } else {
    q.set('streams', formatStreams(view.streams));
  }
  if (view.mode !== null) q.set('mode', view.mode);
  if (view.mode === 'replay' && view.session !== null) {
    q.set('session', view.session);
    q.set('speed', String(view.speed));
  }
  for (const k of ENDPOINT_KEYS) {
    const v = view.endpointOverrides[k];
    if (v !== undefined) q.set(k, v);
  }
  for (const [id, eps] of Object.entries(view.venueEndpoints)) {
    for (const [name, url] of Object.entries(eps ?? {})) q.set(`ep.${id}.${name}`, url);
  }
  // ',' ':' '/' are legal in a query (RFC 3986 §3.4): keep shared links readable.
  return q.toString().replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%2F/g, '/');
}

/** Write the view into the address bar without a navigation (history.replaceState). */
export function writeView(view: UrlView): void {
  const url = `${window.location.pathname}?${viewQuery(view)}${window.location.hash}`;
  window.history.replaceState(null, '', url);
}
