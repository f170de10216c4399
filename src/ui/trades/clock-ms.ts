/** HH:MM:SS.mmm (UTC) of a ms-since-epoch time; the tape's trades are ms apart. */
export function clockUtcMs(ms: number): string {
  if (!(ms > 0)) return '—';
  return new Date(ms).toISOString().slice(11, 23);
}
