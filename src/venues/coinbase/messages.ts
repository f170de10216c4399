import { isObj, levelsOk, type Obj } from '../common/json-guards';

export { isObj, type Obj };

/**
 * Coinbase message shapes and cheap guards (venues.md §5). Two APIs share the venue:
 * - Advanced Trade (§5.2): envelope `{channel, sequence_num, timestamp, events[]}`;
 * - Exchange feed (§5.1, the 2021 capture's format): flat `{type, product_id, …}`.
 */

/** Advanced Trade `level2` update: `new_quantity` is the new absolute size, "0" removes. */
export interface L2Update {
  readonly side: string;
  readonly price_level: string;
  readonly new_quantity: string;
}

/** Every element has a `bid`/`offer` side and string price/quantity. Checked before applying. */
export function l2UpdatesOk(x: unknown): x is readonly L2Update[] {
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) {
    const u: unknown = x[i];
    if (!isObj(u) || (u.side !== 'bid' && u.side !== 'offer') || typeof u.price_level !== 'string' || typeof u.new_quantity !== 'string') return false;
  }
  return true;
}

/** Exchange `snapshot` bids/asks: `[px, size]` strings (the shared guard). */
export { levelsOk };

/** Exchange `l2update` changes: `[side "buy"|"sell", px, size]` strings. */
export function changesOk(x: unknown): x is readonly (readonly [string, string, string])[] {
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) {
    const c: unknown = x[i];
    if (!Array.isArray(c) || c.length < 3 || (c[0] !== 'buy' && c[0] !== 'sell') || typeof c[1] !== 'string' || typeof c[2] !== 'string') return false;
  }
  return true;
}

/** One Advanced Trade `market_trades` entry (venues.md §5.2). */
export interface AdvTrade {
  readonly product_id: string;
  readonly trade_id?: string;
  readonly price: string;
  readonly size: string;
  readonly side: string;
  readonly time?: string;
}

export function isAdvTrade(t: unknown): t is AdvTrade {
  return isObj(t) && typeof t.product_id === 'string' && typeof t.price === 'string' && typeof t.size === 'string' && typeof t.side === 'string';
}

/** ISO time (`…T21:05:48.483587501Z`, nanosecond digits allowed by V8) → epoch ms, NaN if none.
 * Coinbase's own shape `YYYY-MM-DDTHH:MM:SS[.fraction]Z` is read digit by digit (Date.parse costs
 * as much as parsing a small frame, and every l2update carries a time); anything else goes to
 * Date.parse. Same result as Date.parse: fraction truncated to whole ms (tested on the captures). */
export const isoMs = (x: unknown): number => (typeof x === 'string' ? fastIsoMs(x) : NaN);

const d2 = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
};

function fastIsoMs(s: string): number {
  return isoMsIn(s, 0, s.length);
}

/** `isoMs(text.slice(start, end))` without the slice (scan.ts reads `time` where it stands). */
export function isoMsIn(t: string, start: number, end: number): number {
  const n = end - start;
  const o = start;
  if (n < 20 || t.charCodeAt(end - 1) !== 90 /* Z */ || t.charCodeAt(o + 4) !== 45 || t.charCodeAt(o + 7) !== 45 || t.charCodeAt(o + 10) !== 84 || t.charCodeAt(o + 13) !== 58 || t.charCodeAt(o + 16) !== 58) {
    return Date.parse(t.slice(start, end));
  }
  const year = d2(t, o) * 100 + d2(t, o + 2);
  const month = d2(t, o + 5);
  const day = d2(t, o + 8);
  const hh = d2(t, o + 11);
  const mm = d2(t, o + 14);
  const ss = d2(t, o + 17);
  let ms = 0;
  if (n > 20) {
    if (t.charCodeAt(o + 19) !== 46 || n === 21) return Date.parse(t.slice(start, end)); // only `.digits` before the Z
    // milliseconds = the first three fraction digits (missing ones count 0); the rest must be
    // digits too, and are truncated (integer arithmetic: no per-digit division)
    for (let i = 20; i < n - 1; i++) {
      const c = t.charCodeAt(o + i) - 48;
      if (!(c >= 0 && c <= 9)) return Date.parse(t.slice(start, end));
      if (i < 23) ms = ms * 10 + c;
    }
    if (n < 24) ms *= n === 22 ? 100 : 10; // one or two fraction digits
  }
  if (!(year >= 100 && month >= 1 && month <= 12 && day >= 1 && hh <= 23 && mm <= 59 && ss <= 59)) return Date.parse(t.slice(start, end));
  // the day number of the date seen last is reused (a feed's timestamps share their date for hours)
  const ymd = (year * 16 + month) * 32 + day;
  if (ymd !== lastYmd) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (day > (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]!)) return Date.parse(t.slice(start, end)); // no such day: as Date.parse
    lastDayMs = daysFromCivil(year, month, day) * 86_400_000;
    lastYmd = ymd;
  }
  return lastDayMs + hh * 3_600_000 + mm * 60_000 + ss * 1000 + ms;
}

/** fastIsoMs's cache: the valid date (year, month, day packed) seen last and its epoch ms. */
let lastYmd = -1;
let lastDayMs = 0;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible
 * low-level date algorithms", days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
