/**
 * Which venue-native symbols are "the same thing" across venues: grouped by base asset.
 * Pure string rules, no venue imports (core sees only the ES lib). Each rule cites the symbol
 * format it reads (../shared/docs/venues.md, and the captures under ../shared/fixtures).
 */

export const INSTRUMENT_KINDS = ['spot', 'perp', 'future', 'unknown'] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];

export interface Instrument {
  /** Normalised base asset (`XBT` → `BTC`), the cross-venue group key. */
  readonly base: string;
  readonly quote: string;
  readonly kind: InstrumentKind;
  /** Sizes are in contracts, not base units (OKX SWAP/FUTURES: `sz` counts contracts of
   * `ctVal`, venues.md §5) — such books cannot be summed with base-unit books. */
  readonly contractSized: boolean;
}

/** Kraken still calls bitcoin XBT and dogecoin XDG (v1 `XBT/USD`, REST `XXBTZUSD`). */
const ALIASES: Readonly<Record<string, string>> = { XBT: 'BTC', XDG: 'DOGE' };
/** Quote assets stripped from concatenated symbols (Binance/Bybit `BTCUSDT`), longest first. */
const QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'USD', 'EUR', 'GBP', 'TRY', 'BRL', 'JPY', 'BTC', 'ETH', 'BNB'] as const;

const norm = (asset: string): string => ALIASES[asset] ?? asset;

/**
 * Parse a venue-native symbol. `venueKind` is what the venue id alone says (`binance-usdm` is
 * perpetuals only); `unknown` when the symbol decides (OKX lists spot and swaps on one socket).
 */
export function parseInstrument(symbol: string, venueKind: InstrumentKind = 'unknown'): Instrument {
  const s = symbol.trim().toUpperCase();
  if (s.includes('/')) {
    // Kraken `BTC/USD` (v2), `XBT/USD` (v1).
    const [b = s, q = ''] = s.split('/');
    return { base: norm(b), quote: norm(q), kind: venueKind === 'unknown' ? 'spot' : venueKind, contractSized: false };
  }
  if (s.includes('-')) {
    // OKX `BTC-USDT` spot, `BTC-USDT-SWAP` perpetual, `BTC-USD-220527` dated future; Coinbase `BTC-USD`.
    const [b = s, q = '', suffix] = s.split('-');
    let kind: InstrumentKind = venueKind === 'unknown' ? 'spot' : venueKind;
    if (suffix === 'SWAP') kind = 'perp';
    else if (suffix !== undefined && /^\d{6}$/.test(suffix)) kind = 'future';
    return { base: norm(b), quote: norm(q), kind, contractSized: suffix !== undefined };
  }
  // Binance / Bybit `BTCUSDT`; USD-M dated futures `BTCUSDT_240628`.
  const [body = s, expiry] = s.split('_');
  const quote = QUOTES.find((q) => body.length > q.length && body.endsWith(q));
  const base = quote === undefined ? body : body.slice(0, -quote.length);
  const kind: InstrumentKind = expiry !== undefined ? 'future' : venueKind === 'unknown' ? 'spot' : venueKind;
  return { base: norm(base), quote: quote ?? '', kind, contractSized: false };
}

export interface Grouped<T> {
  readonly base: string;
  readonly members: readonly T[];
}

/** Group items by base asset; groups with more members first, then alphabetical. */
export function groupByBase<T>(items: readonly T[], instrumentOf: (item: T) => Instrument): Grouped<T>[] {
  const by = new Map<string, T[]>();
  for (const it of items) {
    const base = instrumentOf(it).base;
    const list = by.get(base);
    if (list === undefined) by.set(base, [it]);
    else list.push(it);
  }
  return [...by.entries()]
    .map(([base, members]) => ({ base, members }))
    .sort((a, b) => b.members.length - a.members.length || a.base.localeCompare(b.base));
}
