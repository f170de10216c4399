import { VENUE_IDS, type VenueId } from '../../core/types';
import { REPLAY_SPEEDS, type LiveConfig, type ReplaySpeed } from '../../shared/engine-api';
import { VENUE_REGISTRY } from '../../venues/registry';
import type { VenueLinks, VenueLiveDef } from '../../venues/types';
import { EngineRefusal } from './result';

/**
 * Venue-native symbol shapes (upper-cased first). Binance spot/USD-M: `BTCUSDT`, quarterlies
 * `BTCUSDT_240628` (venues.md §2.1, §3.2); OKX: `BTC-USDT`, `BTC-USDT-SWAP`, `BTC-USD-240628`,
 * options have five parts (§4.1); Kraken v2: `BTC/USD` (§6.1); Coinbase: `BTC-USD` (§5); Bybit:
 * `BTCUSDT` (§7). Anything else: a permissive shape that still keeps URLs and JSON clean.
 */
const SYMBOL_RULES: readonly { readonly venue: RegExp; readonly re: RegExp; readonly example: string }[] = [
  { venue: /^binance/, re: /^[A-Z0-9][A-Z0-9_-]{0,31}$/, example: 'BTCUSDT' },
  { venue: /^okx/, re: /^[A-Z0-9]{1,20}(-[A-Z0-9]{1,20}){1,4}$/, example: 'BTC-USDT-SWAP' },
  { venue: /^kraken/, re: /^[A-Z0-9]{1,16}\/[A-Z0-9]{1,16}$/, example: 'BTC/USD' },
  { venue: /^coinbase/, re: /^[A-Z0-9]{1,20}-[A-Z0-9]{1,20}$/, example: 'BTC-USD' },
  { venue: /^bybit/, re: /^[A-Z0-9]{2,30}$/, example: 'BTCUSDT' },
];
const ANY_SYMBOL = { re: /^[A-Z0-9][A-Z0-9._/-]{0,39}$/, example: 'BTC-USD' };
const MAX_SYMBOLS_PER_VENUE = 100;
const MAX_STREAMS = 200;

export interface LiveVenuePlan {
  readonly venue: VenueId;
  readonly def: VenueLiveDef;
  readonly symbols: readonly string[];
  /** The venue's default endpoints with the overrides applied. */
  readonly endpoints: VenueLinks;
}

export interface LivePlan {
  /** In the order given (the single-venue form first); each venue once. */
  readonly venues: readonly LiveVenuePlan[];
  readonly record: boolean;
}

/** Arguments arrive from another thread: check them instead of trusting the type. */
export function planLive(cfg: LiveConfig): LivePlan {
  if (typeof cfg !== 'object' || cfg === null) throw new EngineRefusal('startLive: no configuration');
  const wanted = new Map<VenueId, string[]>();
  const add = (venue: unknown, symbols: unknown): void => {
    if (!isVenue(venue)) throw new EngineRefusal(`startLive: unknown venue ${String(venue)}`);
    if (!Array.isArray(symbols)) throw new EngineRefusal(`startLive: symbols of ${venue} must be a list`);
    const list = wanted.get(venue) ?? [];
    for (const raw of symbols as unknown[]) {
      const s = checkSymbol(venue, raw);
      if (!list.includes(s)) list.push(s);
    }
    wanted.set(venue, list);
  };
  if (cfg.venue !== undefined || cfg.symbols !== undefined) add(cfg.venue, cfg.symbols);
  if (cfg.streams !== undefined) {
    if (!Array.isArray(cfg.streams)) throw new EngineRefusal('startLive: streams must be a list');
    for (const s of cfg.streams as unknown[]) {
      if (typeof s !== 'object' || s === null) throw new EngineRefusal('startLive: a stream entry must be { venue, symbols }');
      add((s as { venue?: unknown }).venue, (s as { symbols?: unknown }).symbols);
    }
  }
  let total = 0;
  for (const [venue, list] of wanted) {
    if (list.length === 0) throw new EngineRefusal(`startLive: no symbols for ${venue}`);
    if (list.length > MAX_SYMBOLS_PER_VENUE) throw new EngineRefusal(`startLive: at most ${MAX_SYMBOLS_PER_VENUE} symbols per venue`);
    total += list.length;
  }
  if (total === 0) throw new EngineRefusal('startLive: no symbols');
  if (total > MAX_STREAMS) throw new EngineRefusal(`startLive: at most ${MAX_STREAMS} streams`);
  const overrides = endpointOverrides(cfg, wanted);
  const venues = [...wanted].map(([venue, symbols]): LiveVenuePlan => {
    const def = VENUE_REGISTRY[venue].live;
    return { venue, def, symbols, endpoints: withOverrides(def, overrides.get(venue)) };
  });
  return { venues, record: cfg.record !== false };
}

export function checkSpeed(speed: unknown): ReplaySpeed {
  if (!(REPLAY_SPEEDS as readonly unknown[]).includes(speed)) throw new EngineRefusal(`unknown replay speed ${JSON.stringify(speed)}`);
  return speed as ReplaySpeed;
}

const isVenue = (v: unknown): v is VenueId => (VENUE_IDS as readonly unknown[]).includes(v);

function checkSymbol(venue: VenueId, raw: unknown): string {
  const s = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  const rule = SYMBOL_RULES.find((r) => r.venue.test(venue)) ?? ANY_SYMBOL;
  if (!rule.re.test(s)) throw new EngineRefusal(`startLive: bad ${venue} symbol ${JSON.stringify(raw)} (e.g. ${rule.example})`);
  return s;
}

/** Overrides of the venues being started: the legacy Binance `endpoints` and `venueEndpoints`. */
function endpointOverrides(cfg: LiveConfig, wanted: ReadonlyMap<VenueId, unknown>): Map<VenueId, Record<string, unknown>> {
  const out = new Map<VenueId, Record<string, unknown>>();
  if (cfg.venueEndpoints !== undefined) {
    if (typeof cfg.venueEndpoints !== 'object' || cfg.venueEndpoints === null) throw new EngineRefusal('startLive: venueEndpoints must be an object');
    for (const [venue, links] of Object.entries(cfg.venueEndpoints)) {
      if (!isVenue(venue)) throw new EngineRefusal(`startLive: venueEndpoints names unknown venue ${venue}`);
      if (typeof links !== 'object' || links === null) throw new EngineRefusal(`startLive: venueEndpoints.${venue} must be an object`);
      if (wanted.has(venue)) out.set(venue, { ...links });
    }
  }
  if (cfg.endpoints !== undefined) {
    if (!wanted.has('binance')) throw new EngineRefusal('startLive: endpoints (streamBase, wsApi, rest) are Binance spot endpoints; use venueEndpoints for other venues');
    const { streamBase, wsApi, rest } = (cfg.endpoints ?? {}) as Record<string, unknown>;
    if (!/^wss?:\/\//.test(String(streamBase)) || !/^wss?:\/\//.test(String(wsApi)) || !/^https?:\/\//.test(String(rest))) {
      throw new EngineRefusal('startLive: endpoints must be ws(s):// (streamBase, wsApi) and http(s):// (rest)');
    }
    out.set('binance', { ...out.get('binance'), streamBase, wsApi, rest });
  }
  return out;
}

/** Only names the venue has, each with the scheme family of its default (ws(s) or http(s)). */
function withOverrides(def: VenueLiveDef, o: Record<string, unknown> | undefined): VenueLinks {
  const links: Record<string, string> = { ...def.defaultEndpoints };
  for (const [name, url] of Object.entries(o ?? {})) {
    const dflt = def.defaultEndpoints[name];
    if (dflt === undefined) {
      throw new EngineRefusal(`startLive: ${def.venue} has no endpoint "${name}" (it has ${Object.keys(def.defaultEndpoints).join(', ')})`);
    }
    const family = /^wss?:\/\//.test(dflt) ? /^wss?:\/\/[^\s]+$/ : /^https?:\/\/[^\s]+$/;
    if (typeof url !== 'string' || !family.test(url) || url.length > 2000) {
      throw new EngineRefusal(`startLive: ${def.venue} endpoint ${name} must be a ${/^wss?:/.test(dflt) ? 'ws(s)' : 'http(s)'}:// URL`);
    }
    links[name] = trimSlash(url);
  }
  return links;
}

const trimSlash = (s: string): string => s.replace(/\/+$/, '');
