/**
 * A venue number string shown exactly as sent (DESIGN.md principle 7; the e2e tests read the
 * text), with Binance's padding zeros beyond `keep` decimals ("60079.92000000") dimmed so the significant digits read.
 */
export function VenueNum({ s, keep = 0 }: { readonly s: string; readonly keep?: number }) {
  const dot = s.indexOf('.');
  if (dot < 0) return <>{s}</>;
  let end = s.length;
  while (end > dot + 1 + keep && s.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (end === s.length) return <>{s}</>;
  return (
    <>
      {s.slice(0, end)}
      <span className="tz">{s.slice(end)}</span>
    </>
  );
}
