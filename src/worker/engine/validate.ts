import { VENUE_IDS, type VenueId } from '../../core/types';
import { REPLAY_SPEEDS, type LiveConfig, type ReplaySpeed } from '../../shared/engine-api';
import type { VenueEndpoints } from '../../venues/types';
import { EngineRefusal } from './result';

/** Binance symbols are upper-case letters and digits (venues.md §2.1 stream names lower-case them). */
const SYMBOL_RE = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;
const MAX_SYMBOLS = 100;

export interface LivePlan {
  readonly venue: VenueId;
  readonly symbols: readonly string[];
  readonly record: boolean;
  readonly endpoints: VenueEndpoints | undefined;
}

/** Arguments arrive from another thread: check them instead of trusting the type. */
export function planLive(cfg: LiveConfig): LivePlan {
  if (typeof cfg !== 'object' || cfg === null) throw new EngineRefusal('startLive: no configuration');
  if (!(VENUE_IDS as readonly unknown[]).includes(cfg.venue)) throw new EngineRefusal(`startLive: unknown venue ${String(cfg.venue)}`);
  if (!Array.isArray(cfg.symbols)) throw new EngineRefusal('startLive: symbols must be a list');
  const symbols: string[] = [];
  for (const raw of cfg.symbols as unknown[]) {
    const s = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
    if (!SYMBOL_RE.test(s)) throw new EngineRefusal(`startLive: bad symbol ${JSON.stringify(raw)}`);
    if (!symbols.includes(s)) symbols.push(s);
  }
  if (symbols.length === 0) throw new EngineRefusal('startLive: no symbols');
  if (symbols.length > MAX_SYMBOLS) throw new EngineRefusal(`startLive: at most ${MAX_SYMBOLS} symbols`);
  let endpoints: VenueEndpoints | undefined;
  if (cfg.endpoints !== undefined) {
    const { streamBase, wsApi, rest } = cfg.endpoints;
    if (!/^wss?:\/\//.test(String(streamBase)) || !/^wss?:\/\//.test(String(wsApi)) || !/^https?:\/\//.test(String(rest))) {
      throw new EngineRefusal('startLive: endpoints must be ws(s):// (streamBase, wsApi) and http(s):// (rest)');
    }
    endpoints = { streamBase: trimSlash(streamBase), wsApi: trimSlash(wsApi), rest: trimSlash(rest) };
  }
  return { venue: cfg.venue, symbols, record: cfg.record !== false, endpoints };
}

export function checkSpeed(speed: unknown): ReplaySpeed {
  if (!(REPLAY_SPEEDS as readonly unknown[]).includes(speed)) throw new EngineRefusal(`unknown replay speed ${JSON.stringify(speed)}`);
  return speed as ReplaySpeed;
}

const trimSlash = (s: string): string => s.replace(/\/+$/, '');
