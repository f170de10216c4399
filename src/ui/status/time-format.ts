/** Wall-clock time of a µs-since-epoch timestamp, HH:MM:SS (UTC: sessions replay across zones). */
export function clockUtc(tUs: number): string {
  if (!(tUs > 0)) return '—';
  return new Date(tUs / 1000).toISOString().slice(11, 19);
}

/** A duration in seconds as "850 ms", "12.3 s", "4 m 05 s", "2 h 03 m". */
export function durationText(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '—';
  if (sec < 1) return `${Math.round(sec * 1000)} ms`;
  if (sec < 60) return `${sec.toFixed(1)} s`;
  if (sec < 3600) return `${Math.floor(sec / 60)} m ${String(Math.floor(sec % 60)).padStart(2, '0')} s`;
  return `${Math.floor(sec / 3600)} h ${String(Math.floor((sec % 3600) / 60)).padStart(2, '0')} m`;
}
