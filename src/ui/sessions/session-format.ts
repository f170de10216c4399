import type { SessionSummary } from '../../shared/engine-api';
import { durationText } from '../status/time-format';

export const bytesText = (b: number): string =>
  b >= 1 << 30 ? `${(b / (1 << 30)).toFixed(2)} GB` : b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(b / 1024))} kB`;

/** "2024-08-08 23:54 UTC" */
export const startText = (s: SessionSummary): string =>
  s.startUs > 0 ? `${new Date(s.startUs / 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—';

export const lengthText = (s: SessionSummary): string => durationText((s.endUs - s.startUs) / 1e6);

/** A safe download name: `<name>.jsonl.gz`. */
export const exportFileName = (name: string): string => `${name.replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^_+|_+$/g, '') || 'session'}.jsonl.gz`;
