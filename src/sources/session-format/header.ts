import { z } from 'zod';
import { VENUE_IDS } from '../../core/types';

export const SESSION_FORMAT = 'bookscope-session';
export const SESSION_VERSION = 1;

/** Line 1 of a session file (docs/TEAM-NOTES.md "Frame record / session file format"). */
export const SessionHeaderSchema = z.object({
  format: z.literal(SESSION_FORMAT),
  version: z.literal(SESSION_VERSION),
  app: z.string(),
  name: z.string(),
  venues: z.array(z.enum(VENUE_IDS)),
  symbols: z.array(z.string()),
  /** Connection label → venue: how a replay routes each frame to its adapter. */
  conns: z.record(z.string(), z.enum(VENUE_IDS)),
  startUs: z.number(),
  endUs: z.number(),
  config: z.record(z.string(), z.unknown()),
});
export type SessionHeader = z.infer<typeof SessionHeaderSchema>;

export const headerToLine = (header: SessionHeader): string => JSON.stringify(header);

/** A header line is recognised by its `format` field before it is validated. */
export const looksLikeHeader = (obj: Record<string, unknown>): boolean => obj.format === SESSION_FORMAT;
