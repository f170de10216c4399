import { VENUE_IDS, type RawFrame, type VenueId } from '../../core/types';
import { VENUE_REGISTRY } from '../../venues/registry';
import { SESSION_FORMAT, SESSION_VERSION, type SessionHeader } from './header';

/** Market frames per connection worth sniffing before giving up on it. */
const SNIFF_FRAMES_PER_CONN = 50;
/** Market frames scanned for symbol names (URLs and REST frames are always scanned). */
const SYMBOL_SCAN_FRAMES = 2000;

/**
 * Builds a header for a file without one (every capture under ../shared/fixtures): venue per
 * connection from URLs or message text (VENUE_REGISTRY[v].sniff), symbols, time span.
 */
export class HeaderInferrer {
  private readonly conns = new Map<string, VenueId | undefined>();
  private readonly tries = new Map<string, number>();
  private readonly symbols = new Set<string>();
  private scanned = 0;
  private startUs = Infinity;
  private endUs = -Infinity;

  observe(f: RawFrame): void {
    if (f.tUs < this.startUs) this.startUs = f.tUs;
    if (f.tUs > this.endUs) this.endUs = f.tUs;
    let venue = this.conns.get(f.conn);
    if (venue === undefined) {
      const n = this.tries.get(f.conn) ?? 0;
      if (n < SNIFF_FRAMES_PER_CONN) {
        this.tries.set(f.conn, n + 1);
        venue = sniff(f);
        this.conns.set(f.conn, venue);
      }
    }
    if (venue === undefined) return;
    const market = f.kind === 'ws';
    if (market && this.scanned >= SYMBOL_SCAN_FRAMES) return;
    if (market) this.scanned++;
    if (market || f.kind === 'ws_open' || f.kind === 'rest') {
      for (const s of VENUE_REGISTRY[venue].symbolsOf(f.url, f.text)) this.symbols.add(s);
    }
  }

  header(name: string): SessionHeader {
    const known = [...new Set([...this.conns.values()].filter((v): v is VenueId => v !== undefined))];
    const conns: Record<string, VenueId> = {};
    for (const [conn, v] of this.conns) {
      // A connection that never named its venue belongs to the only venue of the file, if one.
      const venue = v ?? (known.length === 1 ? known[0] : undefined);
      if (venue !== undefined) conns[conn] = venue;
    }
    return {
      format: SESSION_FORMAT,
      version: SESSION_VERSION,
      app: 'unknown',
      name,
      venues: known,
      symbols: [...this.symbols].sort(),
      conns,
      startUs: Number.isFinite(this.startUs) ? this.startUs : 0,
      endUs: Number.isFinite(this.endUs) ? this.endUs : 0,
      config: { inferred: true },
    };
  }
}

function sniff(f: RawFrame): VenueId | undefined {
  const probe = f.url ?? (f.text.length > 300 ? f.text.slice(0, 300) : f.text);
  if (probe === '') return undefined;
  for (const v of VENUE_IDS) if (VENUE_REGISTRY[v].sniff(probe) || (f.url !== undefined && VENUE_REGISTRY[v].sniff(f.text.slice(0, 300)))) return v;
  return undefined;
}
