/** Decimal places of a venue number string ("61234.50000000" → 8), for derived numbers
 * (spread) shown next to venue strings at the same precision. */
export function decimalsOf(venueStr: string): number {
  const dot = venueStr.indexOf('.');
  return dot < 0 ? 0 : venueStr.length - dot - 1;
}

/** Venue strings carry trailing zeros (Binance pads to 8 places): drop them for display but
 * keep at least `minDecimals`, so the column still lines up. The text stays the venue's digits. */
export function trimVenueNumber(venueStr: string, minDecimals: number): string {
  const dot = venueStr.indexOf('.');
  if (dot < 0) return venueStr;
  let end = venueStr.length;
  while (end > dot + 1 + minDecimals && venueStr.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (end === dot + 1) end = dot;
  return venueStr.slice(0, end);
}
